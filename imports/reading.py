"""Turn an accepted .xlsx or .csv file into plain sheets of cell values, the same shape for both.

Formulas are read as their values (openpyxl ``data_only=True``). A formula that was never calculated — a file
written by a program rather than saved by Excel or WPS — has no stored value; such cells come back as
``UNCOMPUTED`` so the import can say so instead of treating them as blank.
"""

import csv
import io
import warnings
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf
from .safety import CSV, csv_decode


class _Uncomputed:
    def __repr__(self) -> str:
        return "UNCOMPUTED"

    def __bool__(self) -> bool:
        return False


UNCOMPUTED = _Uncomputed()


@dataclass
class Cell:
    value: object
    number_format: str = "General"


@dataclass
class Sheet:
    name: str
    # (row number as the spreadsheet shows it, cells from column A on)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def sheets_read(*, data: bytes, kind: str, name: str) -> list[Sheet]:
    """The sheets of a file whose kind :func:`safety.file_kind_check` already established."""
    if kind == CSV:
        return [_csv_read(data, name)]
    return _xlsx_read(data)


def _csv_read(data: bytes, name: str) -> Sheet:
    text = csv_decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(name=name.rsplit("/", 1)[-1])
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > conf.max_rows():
            raise ValidationError(_("The file has more than %(rows)s rows.") % {"rows": conf.max_rows()}, code="rows")
        sheet.rows.append((number, [Cell(value) for value in row]))
    return sheet


def _xlsx_read(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation and styles it cannot keep; they do not matter for reading.
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on broken files
        raise ValidationError(
            _("The workbook could not be read: open it in Excel or WPS and save it as .xlsx again."), code="unreadable"
        ) from None
    sheets, total = [], 0
    try:
        for ws in values.worksheets:
            # The stored dimensions may be wrong (files written by other programs); read every row there is.
            ws.reset_dimensions()
            uncomputed = _uncomputed_cells(formulas[ws.title])
            sheet = Sheet(name=ws.title)
            for number, row in enumerate(ws.iter_rows(), start=1):
                total += 1
                if total > conf.max_rows():
                    raise ValidationError(
                        _("The file has more than %(rows)s rows.") % {"rows": conf.max_rows()}, code="rows"
                    )
                cells = []
                for column, cell in enumerate(row, start=1):
                    value = getattr(cell, "value", None)
                    if value is None and (number, column) in uncomputed:
                        value = UNCOMPUTED
                    cells.append(Cell(value, getattr(cell, "number_format", None) or "General"))
                sheet.rows.append((number, cells))
            sheets.append(sheet)
    finally:
        values.close()
        formulas.close()
    return sheets


def _uncomputed_cells(ws) -> set[tuple[int, int]]:
    """Where the sheet holds formulas; only those whose value is missing matter, and the caller checks that."""
    found = set()
    ws.reset_dimensions()
    for number, row in enumerate(ws.iter_rows(), start=1):
        for column, cell in enumerate(row, start=1):
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(getattr(cell, "value", None), str) and cell.value.startswith("=")
            ):
                found.add((number, column))
    return found


def years_named(sheets: list[Sheet]) -> set[int]:
    """The years the file's months name (2023-06, 2023年6月, a date cell): the plan year an upload belongs to.

    Only text and date cells are read, so a figure such as 30000 is never taken for an Excel date.
    """
    import datetime

    from .cleaning import CellProblem, month_parse

    years = set()
    for sheet in sheets:
        for _number, cells in sheet.rows:
            for cell in cells:
                value = cell.value
                if isinstance(value, datetime.date):
                    years.add(value.year)
                elif isinstance(value, str) and 6 <= len(value.strip()) <= 12:
                    try:
                        year, _month = month_parse(value)
                    except CellProblem:
                        continue
                    if year is not None:
                        years.add(year)
    return years
