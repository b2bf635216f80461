"""How every .xlsx the app hands out prints: A4 landscape, one page wide, the table's header on every page.

One helper for every writer (the dashboards' tables, the bulletin, the returns grid, the return template, the
exports), so that no download prints its last columns on a page of their own or its rows without their headings.
Excel shrinks a sheet to the page only when the sheet says so (``fitToPage``); a page count tall of 0 leaves the
height free, as many pages as the rows need.
"""

from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet


def sheet_print_setup(ws: Worksheet, *, header_rows: tuple[int, int] | None) -> None:
    """Print ``ws`` on A4 landscape, one page wide, repeating rows ``header_rows`` (first, last) on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    if header_rows is not None:
        first, last = header_rows
        ws.print_title_rows = f"{first}:{last}"
