"""Turn an accepted .xlsx or .csv file into plain sheets of cell values, the same shape for both.

The file is parsed once, at upload, with python-calamine (the Rust calamine reader, about ten times faster than
openpyxl), and the sheets are kept with the import (``ImportLog.sheets``, see :func:`sheets_dump`): the preview, a
reload of it and the confirm read them from the database, on whichever app server they run, and never parse the
file again. Values come back as openpyxl gave them, which the cleaning relies on: whole numbers as ``int``, dates
as ``datetime``, error cells as their text (#DIV/0!). What calamine does not give (number formats, error values,
formulas without a value) and the check that a sheet is not a memory bomb come from :mod:`imports.xlsx`.

Formulas are read as their values. A formula that was never calculated — a file written by a program rather than
saved by Excel or WPS — has no stored value; such cells come back as ``UNCOMPUTED`` so the import can say so
instead of treating them as blank. Rows with no value at all (formatted but empty, e.g. borders drawn down to row
25,000) are dropped and do not count towards the row limit. A block merged down several rows (区市 or 月份 written
once beside a block of rows) gives its value to every row it covers.
"""

import bisect
import csv
import datetime
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import apart, conf, xlsx
from .collector import collector_paused
from .packing import json_pack, json_unpack
from .safety import CSV, XLSX, csv_decode, password_protected

# Cells laid out, empty ones included (every sheet from A1 to its last cell): beyond this a file is refused rather
# than read into memory (the heaviest sheet the zip-bomb guard lets through holds about 46 MB of XML, some 2 million
# cells). A 20,000-row table of 10 columns is 200,000 cells.
MAX_CELLS_VISITED = 1_000_000


class _Uncomputed:
    def __repr__(self) -> str:
        return "UNCOMPUTED"

    def __bool__(self) -> bool:
        return False


UNCOMPUTED = _Uncomputed()


@dataclass(slots=True)
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
    with collector_paused():
        if kind == XLSX:
            return _xlsx_read(data)
        # Opened from a file named for its kind: calamine then reads it as that kind and says why it cannot (a
        # password), where from bytes it tries every kind in turn and says only that none fits.
        return sheets_load(apart.run_apart(_book_dump, data, suffix=f".{kind}"))


def _book_dump(path: str) -> list[dict]:
    return sheets_dump(_book_read(path))


def _book_read(path: str) -> list[Sheet]:
    """An .xls, .xlsb or .ods as calamine reads it, through the same cell and row limits as an .xlsx.

    These formats have no XML to bound before calamine lays a sheet out (an .xls is read whole when it is opened),
    so :mod:`imports.apart` runs this in a child process under a memory limit. calamine gives values only: the
    percent formats of an .xls and an .ods are read from the file itself (:mod:`imports.biff`,
    :mod:`imports.ods`), so that 90% reads as a percentage as in an .xlsx; an .xlsb's are not read (0.9).
    """
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

    try:
        with _unreadable_on_failure():
            try:
                book = CalamineWorkbook.from_path(path)
            except PasswordError:
                raise password_protected() from None
            except CalamineError as error:
                # An .ods whose repeated rows and columns spread over more cells than calamine lays out.
                if str(error).startswith("Cell limit exceeded"):
                    raise _too_many_cells() from None
                raise
            names = [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
        formats, merges = _from_the_file(path)
        counter = {"rows": 0, "cells": 0}
        sheets = []
        for name in names:
            with _unreadable_on_failure():
                source = book.get_sheet_by_name(name)
            found = xlsx.SheetXml(formats=formats.get(name, {}))
            sheets.append(_sheet_read(source, found, counter, merged=merges.get(name)))
            del source
    except xlsx.TooManyCells:
        raise _too_many_cells() from None
    return sheets


def _from_the_file(path: str) -> tuple[dict[str, dict[xlsx.Position, str]], dict[str, list]]:
    """What calamine does not give about an .xls or .ods: its percent formats, and an .ods's merged blocks."""
    from . import biff, ods

    if path.endswith(".xls"):
        with open(path, "rb") as file:
            return biff.percent_formats(file.read()), {}
    if path.endswith(".ods"):
        return ods.ods_read(path)
    return {}, {}


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


_EXACT = 2**53  # beyond this a float no longer stands for one integer


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The workbook could not be read: open it in Excel or WPS and save it as .xlsx again."), code="unreadable"
    )


def _too_many_cells() -> ValidationError:
    return ValidationError(
        _("The file has too many cells to read; keep only the table and save it again."), code="cells"
    )


@contextmanager
def _unreadable_on_failure():
    """A broken file makes calamine or the XML parts raise many kinds of errors: all mean "cannot be read"."""
    try:
        yield
    except (ValidationError, xlsx.TooManyCells):
        raise
    except Exception:
        raise _unreadable() from None
    except BaseException as error:
        # A Rust panic comes up as pyo3's PanicException, which derives from BaseException.
        if type(error).__name__ == "PanicException":
            raise _unreadable() from None
        raise


def _xlsx_read(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with _unreadable_on_failure():
        archive = zipfile.ZipFile(io.BytesIO(data))
        folder = xlsx.workbook_folder(archive)
        paths = xlsx.sheet_paths(archive, folder)
        percent = xlsx.percent_styles(xlsx.member(archive, xlsx.styles_path(folder)))
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        # openpyxl's workbook.worksheets, which this replaces, left chartsheets out and kept hidden sheets.
        names = [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]
    try:
        with _unreadable_on_failure():
            # Every sheet is bounded before calamine reads any: it allocates the whole block from a sheet's first
            # cell to its last. (Scanning them all first is also quicker than taking turns with calamine.)
            scans = {}
            for name in xlsx.worksheet_members(archive, paths.values()):
                scans[name] = xlsx.sheet_scan(archive.read(name), percent=percent, limit=MAX_CELLS_VISITED)
            found = {name: scans.get(xlsx.named(archive, paths.get(name))) for name in names}
            if any(scan is None for scan in found.values()):
                raise xlsx.Unreadable
        counter = {"rows": 0, "cells": 0}
        sheets = []
        for name in names:
            # One sheet at a time: calamine's block for a sheet is freed before the next is laid out.
            with _unreadable_on_failure():
                source = book.get_sheet_by_name(name)
            sheets.append(_sheet_read(source, found[name], counter))
            del source
    except xlsx.TooManyCells:
        raise _too_many_cells() from None
    finally:
        book.close()
    return sheets


def _sheet_read(source, found: xlsx.SheetXml, counter: dict, merged=None) -> Sheet:
    sheet = Sheet(name=source.name)
    end = source.end
    # calamine leaves a formula without a value out of its block, even past the last value: it is placed here.
    missing = [place for place in found.formulas if end is None or place[0] > end[0] or place[1] > end[1]]
    height = max([end[0] + 1 if end else 0, *(row + 1 for row, _column in missing)])
    width = max([end[1] + 1 if end else 0, *(column + 1 for _row, column in missing)])
    # Every cell from A1 to the last one, as to_python builds them; checked before it builds them.
    counter["cells"] += height * width
    if counter["cells"] > MAX_CELLS_VISITED:
        raise xlsx.TooManyCells
    if not height:
        return sheet
    with _unreadable_on_failure():
        grid = source.to_python(skip_empty_area=False) if end else []
        merged = source.merged_cell_ranges or merged
    for row, column in missing:
        grid.extend([] for _ in range(row + 1 - len(grid)))
        grid[row].extend("" for _ in range(column + 1 - len(grid[row])))
    # calamine gives an error value or a formula never calculated as an empty cell.
    for (row, column), text in found.errors.items():
        if row < len(grid) and column < len(grid[row]) and grid[row][column] == "":
            grid[row][column] = text
    for row, column in found.formulas:
        if row < len(grid) and column < len(grid[row]) and grid[row][column] == "":
            grid[row][column] = UNCOMPUTED
    formats: dict[int, dict[int, str]] = {}
    for (row, column), code in found.formats.items():
        formats.setdefault(row, {})[column] = code
    rows, used, max_rows = sheet.rows, counter["rows"], conf.max_rows()
    for index, values in enumerate(grid):
        last = len(values)
        while last and (value := values[last - 1]).__class__ is str and not value.strip():
            last -= 1
        if not last:
            continue
        used += 1
        if used > max_rows:
            raise _too_many_rows()
        cells = [Cell(value or None) if value.__class__ is str else Cell(_value(value)) for value in values[:last]]
        if index in formats:
            for column, code in formats[index].items():
                if column < last:
                    cells[column].number_format = code
        rows.append((index + 1, cells))
    counter["rows"] = used
    _merged_fill(sheet, merged)
    return sheet


def _value(value):
    """A value as openpyxl read it, which the cleaning and its tests expect."""
    kind = value.__class__
    if kind is float:
        # openpyxl read <v>48092</v> as an int; calamine gives every number as a float.
        return int(value) if value.is_integer() and -_EXACT < value < _EXACT else value
    if kind is datetime.date:
        # openpyxl read any date-formatted number as a datetime (midnight for a date alone).
        return datetime.datetime(value.year, value.month, value.day)
    return value


def _merged_fill(sheet: Sheet, merged) -> None:
    """Give a block merged down several rows its value on every row it covers (first column of the block)."""
    if not merged:
        return
    rows = dict(sheet.rows)
    numbers = list(rows)  # ascending, as read
    for (first_row, first_column), (last_row, _last_column) in merged:
        first_row, first_column, last_row = first_row + 1, first_column + 1, last_row + 1
        top = rows.get(first_row)
        if last_row <= first_row or top is None or len(top) < first_column:
            continue
        source = top[first_column - 1]
        # Only the rows read: a block merged down to row 1,048,576 costs no more than the rows there are.
        for number in numbers[bisect.bisect_right(numbers, first_row) : bisect.bisect_right(numbers, last_row)]:
            cells = rows[number]
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


_PLAIN = frozenset({str, int, float, type(None)})  # stored as they are: no type dispatch for them


def sheets_dump(sheets: list[Sheet]) -> list[dict]:
    """The sheets as JSON-ready data: per row its number, its values, and the number formats that are not General."""
    return [
        {
            "name": sheet.name,
            "rows": [
                [
                    number,
                    [value if (value := cell.value).__class__ in _PLAIN else _value_dump(value) for cell in cells],
                    {str(i): code for i, cell in enumerate(cells) if (code := cell.number_format) != "General"},
                ]
                for number, cells in sheet.rows
            ],
        }
        for sheet in sheets
    ]


def sheets_load(data: list[dict]) -> list[Sheet]:
    """The sheets kept by :func:`sheets_dump`, as :func:`sheets_read` returned them."""
    sheets = []
    with collector_paused():
        for item in data:
            sheet = Sheet(name=item["name"])
            for number, values, formats in item["rows"]:
                cells = [Cell(value) if value.__class__ is not dict else Cell(_value_load(value)) for value in values]
                for key, code in formats.items():
                    if int(key) < len(cells):
                        cells[int(key)].number_format = code
                sheet.rows.append((number, cells))
            sheets.append(sheet)
    return sheets


def sheets_pack(sheets: list[Sheet]) -> bytes:
    """The sheets as kept on the import log: :func:`sheets_dump` as compressed JSON, a tenth of its size."""
    return json_pack(sheets_dump(sheets))


def sheets_unpack(data: bytes) -> list[Sheet]:
    """The sheets kept by :func:`sheets_pack` (nothing kept: no sheets)."""
    return sheets_load(json_unpack(data, default=[]))


def years_named(sheets: list[Sheet]) -> set[int]:
    """The years the file's months name (2023-06, 2023年6月, a date cell): the plan year an upload belongs to.

    Only text and date cells are read, so a figure such as 30000 is never taken for an Excel date.
    """
    import datetime

    from .cleaning import month_read

    years = set()
    # Each distinct value once: a province's file repeats the same names and codes in every unit's sheet.
    for value in {cell.value for sheet in sheets for _number, cells in sheet.rows for cell in cells}:
        if value.__class__ is datetime.datetime or value.__class__ is datetime.date:
            years.add(value.year)
        # Any digit (full-width ones too): a name or a note of that length is not tried as a month.
        elif value.__class__ is str and 6 <= len(value.strip()) <= 12 and any(c.isdigit() for c in value):
            found = month_read(value)
            if found is not None and found[0] is not None:
                years.add(found[0])
    return years
