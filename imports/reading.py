"""Turn an accepted .xlsx or .csv file into plain sheets of cell values, the same shape for both.

The file is parsed once, at upload, in openpyxl's streaming (read-only) mode, and the sheets are kept with the
import (``ImportLog.sheets``, see :func:`sheets_dump`): the preview, a reload of it and the confirm read them from
the database, on whichever app server they run, and never parse the file again.

Formulas are read as their values (``data_only=True``). A formula that was never calculated — a file written by a
program rather than saved by Excel or WPS — has no stored value; such cells come back as ``UNCOMPUTED`` so the
import can say so instead of treating them as blank. Rows with no value at all (formatted but empty, e.g. borders
drawn down to row 25,000) are dropped and do not count towards the row limit. A block merged down several rows
(区市 or 月份 written once beside a block of rows) gives its value to every row it covers.
"""

import csv
import datetime
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.cell import range_boundaries

from . import conf
from .safety import CSV, csv_decode

# Cells visited, empty ones included: beyond this a file is refused rather than read for minutes (the heaviest
# sheet the zip-bomb guard lets through holds about 46 MB of XML, some 2 million cells). A 20,000-row table of 10
# columns is 200,000 cells.
MAX_CELLS_VISITED = 1_000_000


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
    # (row number as the spreadsheet shows it, cells from column A on); rows without any value are left out
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def _too_many_rows() -> ValidationError:
    return ValidationError(_("The file has more than %(rows)s rows.") % {"rows": conf.max_rows()}, code="rows")


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
        if not any(value.strip() for value in row):
            continue
        if len(sheet.rows) >= conf.max_rows():
            raise _too_many_rows()
        sheet.rows.append((number, [Cell(value) for value in row]))
    return sheet


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _xlsx_read(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    def open_workbook(*, data_only: bool):
        try:
            with warnings.catch_warnings():
                # openpyxl warns about data validation and styles it cannot keep; they do not matter for reading.
                warnings.simplefilter("ignore")
                return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
        except Exception:  # openpyxl raises many kinds of errors on broken files
            raise ValidationError(
                _("The workbook could not be read: open it in Excel or WPS and save it as .xlsx again."),
                code="unreadable",
            ) from None

    values = open_workbook(data_only=True)
    # Number formats matter only to read a number formatted as a percentage; a workbook without such a format is
    # read as bare values, without building a cell object for each (as fast as openpyxl reads).
    percent = _has_percent_format(values)
    archive = zipfile.ZipFile(io.BytesIO(data))
    formulas = None
    sheets, counter = [], {"rows": 0, "cells": 0}
    try:
        for ws in values.worksheets:
            xml = _member(archive, getattr(ws, "_worksheet_path", ""))
            uncomputed: set[tuple[int, int]] = set()
            # Most files hold no formula at all: only a sheet that does is read a second time to find them.
            if xml is None or _FORMULA.search(xml):
                formulas = formulas or open_workbook(data_only=False)
                uncomputed = _uncomputed_cells(formulas[ws.title])
            sheet = _sheet_read(ws, uncomputed, counter, formats=percent)
            if xml is not None:
                _merged_fill(sheet, xml)
            sheets.append(sheet)
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
    return sheets


def _member(archive: zipfile.ZipFile, path: str) -> bytes | None:
    path = path.lstrip("/")
    try:
        return archive.read(path) if path else None
    except KeyError:
        return None


def _has_percent_format(workbook) -> bool:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    used = {style.numFmtId for style in getattr(workbook, "_cell_styles", [])}
    custom = getattr(workbook, "_number_formats", [])
    return any("%" in BUILTIN_FORMATS.get(i, "") for i in used) or any("%" in str(f) for f in custom)


def _sheet_read(ws, uncomputed: set[tuple[int, int]], counter: dict, *, formats: bool) -> Sheet:
    # The stored dimensions may be wrong (files written by other programs); read every row there is.
    ws.reset_dimensions()
    sheet = Sheet(name=ws.title)
    for number, row in enumerate(ws.iter_rows(values_only=not formats), start=1):
        counter["cells"] += len(row)
        if counter["cells"] > MAX_CELLS_VISITED:
            raise ValidationError(
                _("The file has too many cells to read; keep only the table and save it again."), code="cells"
            )
        cells, last = [], 0
        for column, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None) if formats else cell
            if value is None and (number, column) in uncomputed:
                value = UNCOMPUTED
            if value is not None and not (isinstance(value, str) and not value.strip()):
                last = column
            cells.append(Cell(value, (getattr(cell, "number_format", None) or "General") if formats else "General"))
        if not last:
            continue
        counter["rows"] += 1
        if counter["rows"] > conf.max_rows():
            raise _too_many_rows()
        sheet.rows.append((number, cells[:last]))
    return sheet


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


def _merged_fill(sheet: Sheet, xml: bytes) -> None:
    """Give a block merged down several rows its value on every row it covers (first column of the block)."""
    # The merged ranges are listed after the cells: look there only.
    start = max(0, xml.rfind(b"sheetData>"))
    if xml.find(b"mergeCell", start) < 0:
        return
    rows = dict(sheet.rows)
    for match in _MERGE.finditer(xml, start):
        first_column, first_row, _last_column, last_row = range_boundaries(match.group(1).decode())
        top = rows.get(first_row)
        if last_row <= first_row or top is None or len(top) < first_column:
            continue
        source = top[first_column - 1]
        for number in range(first_row + 1, last_row + 1):
            cells = rows.get(number)
            if cells is None:
                continue
            while len(cells) < first_column:
                cells.append(Cell(None))
            if cells[first_column - 1].value is None:
                cells[first_column - 1] = Cell(source.value, source.number_format)


# -- kept with the import: the sheets as JSON, so that preview and confirm never parse the file again ----------


def _value_dump(value):
    if value is UNCOMPUTED:
        return {"u": 1}
    if isinstance(value, bool):
        return {"b": value}
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"s": value.total_seconds()}
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def _value_load(value):
    if not isinstance(value, dict):
        return value
    if "u" in value:
        return UNCOMPUTED
    if "b" in value:
        return value["b"]
    if "dt" in value:
        return datetime.datetime.fromisoformat(value["dt"])
    if "d" in value:
        return datetime.date.fromisoformat(value["d"])
    if "t" in value:
        return datetime.time.fromisoformat(value["t"])
    return datetime.timedelta(seconds=value["s"])


def sheets_dump(sheets: list[Sheet]) -> list[dict]:
    """The sheets as JSON-ready data: per row its number, its values, and the number formats that are not General."""
    return [
        {
            "name": sheet.name,
            "rows": [
                [
                    number,
                    [_value_dump(cell.value) for cell in cells],
                    {str(i): cell.number_format for i, cell in enumerate(cells) if cell.number_format != "General"},
                ]
                for number, cells in sheet.rows
            ],
        }
        for sheet in sheets
    ]


def sheets_load(data: list[dict]) -> list[Sheet]:
    """The sheets kept by :func:`sheets_dump`, as :func:`sheets_read` returned them."""
    sheets = []
    for item in data:
        sheet = Sheet(name=item["name"])
        for number, values, formats in item["rows"]:
            cells = [Cell(_value_load(value), formats.get(str(i), "General")) for i, value in enumerate(values)]
            sheet.rows.append((number, cells))
        sheets.append(sheet)
    return sheets


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
