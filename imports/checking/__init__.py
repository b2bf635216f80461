"""The dry run: read every row of a file against the plan and the database, and say for each row whether it is
new, changed, unchanged or refused — with every refusal at its sheet, row and column. Nothing is written here;
``services.import_apply`` writes what a clean check found, through the returns services.

- ``results``: what the check says (rows, errors, the groups a clean file writes);
- ``where``: the database as it stands, and a row's unit, month, permission, duplicate and lock;
- ``figures``: figure rows, with the form's rules (``reports.figure_rules``);
- ``progress``: progress rows.
"""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from actions.models import PlanYear
from reports.models import MonthlyReturn

from ..layout import tables_find
from ..reading import Sheet
from .figures import FigureRows
from .progress import ProgressRows
from .results import CHANGED, EMPTY, NEW, REFUSED, STATUS_LABELS, UNCHANGED, CellError, Group, ImportCheck, RowResult
from .where import Where

__all__ = [
    "CHANGED",
    "EMPTY",
    "NEW",
    "REFUSED",
    "STATUS_LABELS",
    "UNCHANGED",
    "CellError",
    "Group",
    "ImportCheck",
    "RowResult",
    "import_check",
]


class _Checker(FigureRows, ProgressRows, Where):
    pass


def import_check(*, user, plan: PlanYear, sheets: list[Sheet], only_return: MonthlyReturn | None = None) -> ImportCheck:
    """Check every row of the file without writing anything.

    ``only_return`` limits the file to one return (a district's upload from its return page): rows for another
    unit or month are refused. A row that would change a locked (submitted or approved) return is refused; a row
    equal to what a locked return holds is merely unchanged, so a whole year's export imports back cleanly.
    A column whose header the app cannot place, but which holds values, refuses the file: nothing is dropped silently.
    """
    checker = _Checker(user=user, plan=plan, only_return=only_return)
    check = checker.check
    tables = tables_find(sheets)
    if not tables:
        check.file_errors.append(
            CellError(
                sheets[0].name if sheets else "—",
                None,
                "",
                "",
                _(
                    "no table found: the header row needs an “指标代码” column (figures) or a “举措编号” column (progress)"
                ),
            )
        )
        return check
    for table in tables:
        for column, header in table.unplaced:
            check.file_errors.append(
                CellError(
                    table.sheet,
                    None,
                    get_column_letter(column),
                    header,
                    _(
                        "this column holds values, but its header is not one the import knows, so they would be lost; "
                        "rename it (for example 本月数值, 分子, 分母, 备注) or delete the column"
                    ),
                )
            )
        for number, text in table.sign_offs:
            check.notes.append(
                _("Sheet “%(sheet)s”, row %(row)s: a sign-off (%(text)s), not data; left out.")
                % {"sheet": table.sheet, "row": number, "text": text[:80]}
            )
    if check.file_errors:
        return check
    checker.load_existing(tables)
    for table in tables:
        for row in table.rows:
            if row.is_empty():
                continue
            if table.kind == "figure":
                checker.figure_row(table, row)
            else:
                checker.progress_row(table, row)
    return check
