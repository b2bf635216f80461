"""Files we hand out: the return template (.xlsx) and exports (.xlsx, .csv).

Every file leaves through ``weihai_newcitizen.spreadsheets`` (``workbook_bytes``, ``cell_escape``), so that a note
beginning with = + - @ (or a tab or carriage return) is shown as text and never run as a formula when it is opened.
"""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from actions.models import Indicator
from reports.models import ProgressStatus
from reports.print_setup import sheet_print_setup
from reports.unit_check import signed_text
from weihai_newcitizen.spreadsheets import cell_escape, csv_bytes, workbook_bytes

from .layout import label

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
GREY_FILL = PatternFill("solid", fgColor="E5E5E5")
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

FIGURE_COLUMNS = [
    "indicator_code",
    "action",
    "measure_code",
    "indicator_name",
    "unit_of_measure",
    "kind",
    "value",
    "numerator",
    "denominator",
    "comment",
]
PROGRESS_COLUMNS = ["unit_code", "unit_name", "month", "measure_code", "measure_text", "status", "note"]
STATUS_WORDS = {
    ProgressStatus.NOT_STARTED: "未启动",
    ProgressStatus.IN_PROGRESS: "推进中",
    ProgressStatus.DONE: "已完成",
}


def _number_format(indicator: Indicator) -> str:
    return DECIMAL_FORMAT if indicator.unit in ("万元", "元") else INTEGER_FORMAT


def _widths(ws, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def template_build(
    *, plan, units, month: int, indicators, measures, figures: dict, progress: dict, sign_offs: dict | None = None
) -> bytes:
    """The return template for ``units`` and ``month``: one figures sheet per unit, one progress sheet, and
    instructions. Unit and month are written above each header; number cells accept only numbers ≥ 0. Below each
    figures table, the sign-off block (填报人, 审核人, with their times when the return has them: ``sign_offs``)."""
    with translation.override("zh-hans"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        period = f"{plan.year}-{month:02d}"
        for unit in units:
            _figures_sheet(workbook, plan, unit, month, period, indicators, figures)
            _sign_off_block(workbook.worksheets[-1], (sign_offs or {}).get(unit.pk))
        _progress_sheet(workbook, units, period, measures, progress)
        _instructions_sheet(workbook, plan)
        return workbook_bytes(workbook)


def _figures_sheet(workbook, plan, unit, month, period, indicators, figures) -> None:
    ws = workbook.create_sheet(f"{unit.code} {unit.display_name}"[:31])
    ws["A1"] = _("New Citizens at Work: monthly progress of %(unit)s, %(year)s-%(month)s") % {
        "year": plan.year,
        "month": month,
        "unit": unit.name,
    }
    ws["A1"].font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIGURE_COLUMNS))
    for column, text in enumerate([label("unit_code"), unit.code, label("unit_name"), unit.name, label("month")], 1):
        ws.cell(row=2, column=column, value=cell_escape(text)).font = BOLD if column % 2 else Font()
    month_cell = ws.cell(row=2, column=6, value=period)
    month_cell.number_format = "@"
    ws["A3"] = _(
        "Fill in the white cells only; a blank cell leaves the figure as it is; for a ratio give numerator and denominator."
    )
    header_row = 4
    for column, key in enumerate(FIGURE_COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=column, value=label(key))
        cell.font, cell.fill = BOLD, HEADER_FILL
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not a number"),
        error=_("Type a number of 0 or more."),
    )
    ws.add_data_validation(validation)
    for offset, indicator in enumerate(indicators, start=1):
        row = header_row + offset
        existing = figures.get((unit.pk, indicator.pk))
        values = [
            indicator.code,
            indicator.action.number,
            indicator.measure.code if indicator.measure_id else "",
            indicator.name,
            indicator.unit,
            str(indicator.get_kind_display()),
        ]
        # Names come from an admin: escaped like user text, so that "=…" is never a formula.
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=cell_escape(value))
        number_columns = (8, 9) if indicator.is_ratio else (7,)
        for column in (7, 8, 9):
            cell = ws.cell(row=row, column=column)
            if column in number_columns:
                name = {7: "value", 8: "numerator", 9: "denominator"}[column]
                cell.value = getattr(existing, name) if existing else None
                cell.number_format = _number_format(indicator)
                cell.fill = INPUT_FILL
                cell.protection = Protection(locked=False)
                validation.add(cell)
            else:
                cell.fill = GREY_FILL
        comment = ws.cell(row=row, column=10, value=cell_escape(existing.comment) if existing else None)
        comment.protection = Protection(locked=False)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    _protect(ws)
    _widths(ws, [10, 6, 7, 44, 9, 16, 14, 14, 14, 30])
    sheet_print_setup(ws, header_rows=(header_row, header_row))


def _sign_off_block(ws, signed) -> None:
    """填报人：… and 审核人：… two rows below the table; the import leaves such rows out (imports.layout.SIGN_OFF)."""
    row = ws.max_row + 2
    for offset, (key, person, at) in enumerate(
        [
            ("filed_by", signed.filer if signed else None, signed.filed_at if signed else None),
            ("checked_by", signed.checker if signed else None, signed.checked_at if signed else None),
        ]
    ):
        cell = ws.cell(row=row + offset, column=1, value=cell_escape(f"{label(key)}：{signed_text(person, at)}"))
        cell.font = BOLD
        cell.protection = Protection(locked=False)  # the sheet is protected; a unit may sign on paper-style here


def _protect(ws) -> None:
    """Lock what the instructions say not to change (unit code, month, indicator and measure codes): the sheet is
    protected with every input cell unlocked. No password: protection keeps a slip of the hand from changing a code,
    and a unit that must change the layout can still lift it (审阅 › 撤销工作表保护). Columns and rows may still be
    resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False


def _progress_sheet(workbook, units, period, measures, progress) -> None:
    ws = workbook.create_sheet(label("note"))
    for column, key in enumerate(PROGRESS_COLUMNS, start=1):
        cell = ws.cell(row=1, column=column, value=label(key))
        cell.font, cell.fill = BOLD, HEADER_FILL
    choices = DataValidation(type="list", formula1='"未启动,推进中,已完成"', allow_blank=True)
    ws.add_data_validation(choices)
    row = 1
    for unit in units:
        for measure in measures:
            row += 1
            existing = progress.get((unit.pk, measure.pk))
            values = [
                unit.code,
                unit.name,
                period,
                measure.code,
                measure.text[:80],
                STATUS_WORDS.get(existing.status) if existing else None,
                cell_escape(existing.note) if existing else None,
            ]
            for column, value in enumerate(values, start=1):
                ws.cell(row=row, column=column, value=cell_escape(value))
            ws.cell(row=row, column=3).number_format = "@"
            ws.cell(row=row, column=4).number_format = "@"
            choices.add(ws.cell(row=row, column=6))
            ws.cell(row=row, column=7).alignment = Alignment(wrap_text=True)
            for column in (6, 7):  # status and note: what a unit writes
                ws.cell(row=row, column=column).protection = Protection(locked=False)
    ws.freeze_panes = "A2"
    _protect(ws)
    _widths(ws, [10, 14, 10, 9, 50, 10, 60])
    sheet_print_setup(ws, header_rows=(1, 1))


def _instructions_sheet(workbook, plan) -> None:
    ws = workbook.create_sheet(_("Instructions"))
    lines = [
        _("Instructions"),
        _(
            "1. Each unit has its own figures sheet; its unit code and month are filled in above the header: do not change them. Fill in the white cells only."
        ),
        _(
            "2. For a flow indicator give what is new this month; for a stock indicator the level at month end; for a ratio its numerator and denominator (the rate is computed)."
        ),
        _(
            "3. Figures are numbers of 0 or more with at most two decimals; thousands separators (1,200) are fine, words are not. A blank cell leaves the figure already filed as it is."
        ),
        _(
            "4. On the progress sheet, write the status as 未启动, 推进中 or 已完成, and the month's main progress beside it."
        ),
        _(
            "5. A long table is accepted too: one row per unit, month and indicator code with its value (or numerator and denominator), under the headers 区市代码, 月份, 指标代码, 本月数值."
        ),
        _("6. Write months as 2023-06 or 2023年6月; units by code (HC) or name (环翠区)."),
        _(
            "7. A submitted or approved return cannot be changed by an import; to correct it, ask a municipal coordinator to return it."
        ),
        _(
            "8. An upload is previewed first and imported only when you confirm; if any row has an error, nothing in the file is imported."
        ),
        _("9. Cells with formulas are read as their results: save the file in Excel or WPS before uploading it."),
        _("Plan year: %(year)s") % {"year": plan.year},
    ]
    for row, line in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=line)
    ws["A1"].font = TITLE
    ws.column_dimensions["A"].width = 120
    sheet_print_setup(ws, header_rows=None)  # text, not a table: nothing to repeat


def export_xlsx(*, sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """Sheets of (title, headers, rows) as an .xlsx: numbers as number cells, text escaped."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        ws = workbook.create_sheet(title[:31])
        ws.append([cell_escape(h) for h in headers])
        for cell in ws[1]:
            cell.font, cell.fill = BOLD, HEADER_FILL
        for row in rows:
            ws.append([cell_escape(value) for value in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, Decimal | int | float):
                    cell.number_format = DECIMAL_FORMAT if cell.value != int(cell.value) else INTEGER_FORMAT
        ws.freeze_panes = "A2"
        _widths(ws, [12] * len(headers))
        sheet_print_setup(ws, header_rows=(1, 1))
    return workbook_bytes(workbook)


def export_csv(*, headers: list[str], rows: list[list]) -> bytes:
    """Rows as a .csv that Excel opens in Chinese (UTF-8 with BOM), text escaped."""
    return csv_bytes([headers, *([format(v, "f") if isinstance(v, Decimal) else v for v in row] for row in rows)])
