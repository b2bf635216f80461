"""Any table of the app as an .xlsx: a title row, the filters it was read with, then the header and the rows.

The dashboards and the returns grid both write through here, so every export reads the same way: what it is, for
which year, month, level and counting rule, and when it was exported, above the numbers.
"""

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from weihai_newcitizen.spreadsheets import workbook_bytes

from .print_setup import sheet_print_setup

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None:
        return "—"
    return value if isinstance(value, int | float) else str(value)


def table_workbook(
    *, sheets: list[tuple[str, list[str], list[list]]], title: str, filters: list[tuple[str, str]]
) -> bytes:
    """``sheets``: (sheet name, headers, rows). The title and one "label: value" row per filter head every sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    exported = date_format(timezone.localtime(), "DATETIME_FORMAT")
    for name, headers, rows in sheets:
        ws = workbook.create_sheet(title=name[:31])
        width = max(len(headers), 1)
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        line = 2
        for label, value in [*filters, (_("Exported"), exported)]:
            ws.cell(row=line, column=1, value=f"{label}：{value}")
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
            line += 1
        header_row = line + 1
        for col, text in enumerate(headers, start=1):
            cell = ws.cell(row=header_row, column=col, value=str(text))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEF1F5")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for offset, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                ws.cell(row=header_row + offset, column=col, value=_cell_value(value))
        for col in range(1, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = 36 if col == 1 else 14
        ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
        sheet_print_setup(ws, header_rows=(header_row, header_row))
    return workbook_bytes(workbook)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
