"""The one door every .xlsx and .csv the app hands out leaves by: no text cell in them is ever run as a formula.

A text beginning with = + - @ (or a tab or carriage return) would be taken by Excel or WPS for a formula: an indicator
an admin named ``=HYPERLINK("http://…")`` would become a live link in every export. ``workbook_bytes`` escapes every
cell of every sheet at save, whoever wrote it (names, titles, headers, filters in title rows, notes), and
``csv_bytes`` every field; the import takes the apostrophe off again (``imports.cleaning``).
"""

import csv
import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_escape(value):
    """A text made safe to open: a leading =, +, -, @, tab or carriage return gets an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook_bytes(workbook) -> bytes:
    """``workbook`` saved as .xlsx bytes, every text cell escaped first (openpyxl stores "=…" as a formula)."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    cell.value = "'" + cell.value  # a string again: openpyxl types a leading apostrophe as text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows) -> bytes:
    """``rows`` (header first) as a .csv Excel opens in Chinese (UTF-8 with BOM), every field escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if value is None else cell_escape(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
