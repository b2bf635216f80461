"""Find the tables in a sheet: which row is the header, which column holds what, and the unit and month that a
template writes once above its header rather than on every row.

Two layouts are read the same way: the template (unit and month in a block above the header) and the long layout
(unit and month on every row). A title row, notes or blank rows above the header do not matter.
"""

import functools
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl.utils import get_column_letter

from .cleaning import header_key, is_blank
from .reading import Cell, Sheet

# The columns our templates and exports write; their Chinese and English headers are both recognised on import.
LABELS = {
    "unit_code": _("Unit code"),
    "unit_name": _("Unit name"),
    "month": _("Month"),
    "action": pgettext_lazy("plan", "Action"),
    "measure_code": _("Measure no."),
    "measure_text": _("Measure"),
    "indicator_code": _("Indicator code"),
    "indicator_name": _("Indicator name"),
    "unit_of_measure": _("Unit of measure"),
    "kind": _("Kind"),
    "value": _("Value this month"),
    "numerator": _("Numerator"),
    "denominator": _("Denominator"),
    "rate": _("Rate (%)"),
    "comment": _("Comment"),
    "status": _("Progress status"),
    "note": _("Progress made"),
    "return_status": _("Return status"),
    # Written by our exports and templates (the return's sign-off), recognised and never read.
    "filed_by": _("Filed by"),
    "checked_by": _("Checked by"),
}

# Other headers people write for the same columns.
SYNONYMS = {
    "unit_code": ["区市代码", "单位代码", "区划代码", "unitcode"],
    "unit_name": ["区市", "区市名称", "区县", "县市区", "单位", "单位名称", "填报单位", "unit"],
    "month": ["月份", "月", "统计月份", "报告期", "期别", "month"],
    "indicator_code": ["指标代码", "指标编码", "指标编号", "编码", "代码", "code"],
    "indicator_name": ["指标名称", "指标", "name"],
    "value": ["本月数值", "数值", "本月数", "本月", "值", "数量", "填报数", "填报数值", "当月数", "期末数", "value"],
    "numerator": ["分子"],
    "denominator": ["分母"],
    "rate": ["比率", "比例", "百分比", "占比", "rate"],
    "comment": ["备注", "说明"],
    "measure_code": ["举措编号", "举措代码", "举措序号", "measurecode"],
    "status": ["进展状态", "状态", "status"],
    "note": ["工作进展", "进展情况", "进展", "工作进展情况", "note"],
}

READ_KEYS = set(SYNONYMS)
BLOCK_KEYS = ("unit_code", "unit_name", "month")
FIGURE_CONTENT = ("value", "numerator", "denominator", "rate", "comment")
PROGRESS_CONTENT = ("status", "note")
HEADER_SEARCH_ROWS = 20


@functools.cache
def label(key: str) -> str:
    """A column's header as our files write it: always Chinese, whatever the reader's language (so one per key)."""
    with translation.override("zh-hans"):
        return str(LABELS[key])


# Columns our files write for the reader only (the measure's text, the kind …), and others people add for themselves:
# recognised, so that they are not refused as unplaceable, but never read.
IGNORED = ["序号", "行动", "举措", "计量单位", "类型", "指标类型", "累计", "本年累计", "上月数", "目标", "年度目标"]
# A sign-off below the table (填报人：张三  联系电话：…) is not data.
SIGN_OFF = re.compile(
    r"^\s*(填报人|填表人|制表人|联系人|联系电话|电话|审核人|审核|负责人|单位负责人|分管领导|填报日期|填报时间|报送日期|日期)\s*[:：]"
)


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for key, names in SYNONYMS.items():
        for name in names:
            lookup.setdefault(header_key(name), key)
    for key in LABELS:
        lookup.setdefault(header_key(label(key)), key)
        with translation.override("en"):
            lookup.setdefault(header_key(str(LABELS[key])), key)
    for name in IGNORED:
        lookup.setdefault(header_key(name), "")
    return lookup


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to build, and there are ~75,000
class Located:
    """A value with where it came from, so an error can name sheet, row and column. Never changed once built."""

    value: object
    row: int
    column: int
    header: str
    number_format: str = "General"

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column)


@dataclass(slots=True)
class TableRow:
    """A row of a table; a cell is looked up by its column's key, and located (for errors) only when asked for."""

    sheet: str
    row: int
    kind: str  # "figure" or "progress"
    cells: list[Cell]  # from column A on
    columns: dict[str, tuple[int, str]]  # the table's: key -> (column number, header as written)
    _located: dict[str, Located] = field(default_factory=dict)

    def cell(self, key: str) -> Cell | None:
        """The cell under the column of ``key`` (None when the table has no such column or the row stops short)."""
        place = self.columns.get(key)
        if place is None or place[0] > len(self.cells):
            return None
        return self.cells[place[0] - 1]

    def value(self, key: str):
        cell = self.cell(key)
        return None if cell is None else cell.value

    def get(self, key: str) -> Located | None:
        located = self._located.get(key)
        if located is None:
            place = self.columns.get(key)
            if place is None:
                return None
            column, header = place
            cell = self.cells[column - 1] if column <= len(self.cells) else _EMPTY
            located = self._located[key] = Located(cell.value, self.row, column, header, cell.number_format)
        return located

    def has_content(self, keys) -> bool:
        # A loop, not any() over a generator: run for every row of a file, twice per import.
        columns, cells = self.columns, self.cells
        for key in keys:
            place = columns.get(key)
            if place is not None and place[0] <= len(cells) and not is_blank(cells[place[0] - 1].value):
                return True
        return False

    def is_empty(self) -> bool:
        return not self.has_content(self.columns)


_EMPTY = Cell(None)


@dataclass
class Table:
    sheet: str
    kind: str
    header_row: int
    columns: dict[str, tuple[int, str]]  # key -> (column number, header as written)
    block: dict[str, Located]
    rows: list[TableRow]
    # Headers the app cannot place whose column holds values: (column number, header as written).
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    # Rows left out as a sign-off (填报人：…): (row number, its text).
    sign_offs: list[tuple[int, str]] = field(default_factory=list)


def tables_find(sheets: list[Sheet]) -> list[Table]:
    """Every figures or progress table in the sheets; sheets without one (instructions, notes) are skipped."""
    lookup = _header_lookup()
    tables = []
    for sheet in sheets:
        table = _table_find(sheet, lookup)
        if table is not None:
            tables.append(table)
    return tables


def _table_find(sheet: Sheet, lookup: dict[str, str]) -> Table | None:
    for index, (number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, tuple[int, str]] = {}
        unknown: list[tuple[int, str]] = []
        for column, cell in enumerate(cells, start=1):
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            key = lookup.get(header_key(cell.value))
            if key is None:
                unknown.append((column, cell.value.strip()))
            elif key in READ_KEYS and key not in columns:
                columns[key] = (column, str(cell.value).strip())
        if "indicator_code" in columns or (
            "indicator_name" in columns and {"value", "numerator", "denominator"} & set(columns)
        ):
            kind = "figure"
        elif "measure_code" in columns and {"status", "note"} & set(columns):
            kind = "progress"
        else:
            continue
        block = _block_read(sheet.rows[:index], lookup)
        table = Table(sheet=sheet.name, kind=kind, header_row=number, columns=columns, block=block, rows=[])
        # Only a column whose header is unknown is looked through for values: the rest are read by their key.
        unknown_columns = {column for column, _header in unknown}
        used: set[int] = set()
        for n, row_cells in sheet.rows[index + 1 :]:
            first = None
            for cell in row_cells:  # a loop, not next() over a generator: this runs for every row of a file
                if isinstance(cell.value, str) and cell.value.strip():
                    first = cell.value
                    break
            if first is not None and SIGN_OFF.match(first):
                texts = [str(c.value).strip() for c in row_cells if isinstance(c.value, str) and c.value.strip()]
                table.sign_offs.append((n, "  ".join(texts)))
                continue
            if unknown_columns:
                used.update(
                    column
                    for column in unknown_columns
                    if column <= len(row_cells) and not is_blank(row_cells[column - 1].value)
                )
            table.rows.append(TableRow(sheet=sheet.name, row=n, kind=kind, cells=row_cells, columns=columns))
        table.unplaced = [(column, header) for column, header in unknown if column in used]
        return table
    return None


def _block_read(rows: list[tuple[int, list[Cell]]], lookup: dict[str, str]) -> dict[str, Located]:
    """Unit and month written as label–value pairs above the header (区市代码 | HC | 月份 | 2023-06)."""
    block: dict[str, Located] = {}
    for number, cells in rows:
        for column, cell in enumerate(cells, start=1):
            key = lookup.get(header_key(cell.value)) if isinstance(cell.value, str) else None
            if key not in BLOCK_KEYS or key in block:
                continue
            for offset, neighbour in enumerate(cells[column:], start=column + 1):
                if not is_blank(neighbour.value):
                    if not (isinstance(neighbour.value, str) and header_key(neighbour.value) in lookup):
                        block[key] = Located(neighbour.value, number, offset, str(cell.value).strip())
                    break
    return block
