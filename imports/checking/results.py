"""What a dry run found: per row new, changed, unchanged, blank or refused, with every refusal at its sheet, row and
column; and per unit and month what a clean file writes."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts.models import ReportingUnit
from reports.services import FigureInput, ProgressInput

NEW, CHANGED, UNCHANGED, EMPTY, REFUSED = "new", "changed", "unchanged", "empty", "refused"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    CHANGED: gettext_lazy("changed"),
    UNCHANGED: gettext_lazy("unchanged"),
    EMPTY: gettext_lazy("blank, skipped"),
    REFUSED: gettext_lazy("refused"),
}


@dataclass(slots=True)
class CellError:
    sheet: str
    row: int | None
    column: str
    header: str
    message: str

    @property
    def text(self) -> str:
        """The whole refusal in one sentence, as the preview and the messages show it."""
        if self.row is None and self.column:
            return _("Sheet “%(sheet)s”, column %(column)s (%(header)s): %(message)s") % {
                "sheet": self.sheet,
                "column": self.column,
                "header": self.header,
                "message": self.message,
            }
        if self.row is None:
            return _("Sheet “%(sheet)s”: %(message)s") % {"sheet": self.sheet, "message": self.message}
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s (%(header)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


@dataclass(slots=True)
class RowResult:
    sheet: str
    row: int
    kind: str
    unit: str = ""
    month: int | None = None
    item: str = ""
    status: str = EMPTY
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # Accepted, but worth a look: a figure far outside the unit's history, confirmed by the file's comment.
    flags: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Group:
    """What a clean file writes to one unit's return for one month, and the return's version the check read."""

    unit: ReportingUnit
    month: int
    version: int | None = None
    figures: dict[int, FigureInput] = field(default_factory=dict)
    progress: dict[int, ProgressInput] = field(default_factory=dict)


@dataclass
class ImportCheck:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[CellError] = field(default_factory=list)
    # What was read but left out on purpose (a sign-off row below the table), said in the preview.
    notes: list[str] = field(default_factory=list)
    groups: dict[tuple[int, int], Group] = field(default_factory=dict)

    @property
    def errors(self) -> list[CellError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def has_changes(self) -> bool:
        return any(group.figures or group.progress for group in self.groups.values())


def number_text(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), ",f") if isinstance(value, Decimal) else str(value)
