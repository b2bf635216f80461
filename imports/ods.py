"""The percent cells and merged blocks of an .ods, which calamine does not give: read from content.xml itself.

An OpenDocument cell says its kind (``office:value-type="percentage"``); its place follows from the rows and cells
before it, each repeated as ``table:number-rows-repeated`` and ``table:number-columns-repeated`` say, as calamine
places them. Like :mod:`imports.biff` it runs in the child process that reads the file, and a file it cannot follow
gives no formats rather than a refusal.
"""

import html
import re
import zipfile

Position = tuple[int, int]

PERCENT = "0%"
# Attribute values may hold ">" (a formula such as of:=[.A1]>0): a quoted value is taken whole.
_TAG = re.compile(rb'<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s>/])((?:[^>"]|"[^"]*")*)>')
_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')
_ROWS = re.compile(rb'table:number-rows-repeated\s*=\s*"([0-9]+)"')
_COLUMNS = re.compile(rb'table:number-columns-repeated\s*=\s*"([0-9]+)"')
_PERCENTAGE = re.compile(rb'office:value-type\s*=\s*"percentage"')
_ROWS_SPANNED = re.compile(rb'table:number-rows-spanned\s*=\s*"([0-9]+)"')
_COLUMNS_SPANNED = re.compile(rb'table:number-columns-spanned\s*=\s*"([0-9]+)"')
_MOST = 100_000  # percent cells kept; the reader's own cell limit refuses a sheet long before


def ods_read(path: str) -> tuple[dict[str, dict[Position, str]], dict[str, list]]:
    """Sheet name -> {(row, column): "0%"} for the cells that hold a percentage, and sheet name -> the merged blocks
    ((first row, first column), (last row, last column)), as calamine gives an .xlsx's."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _ods_read(archive.read("content.xml"))
    except Exception:
        return {}, {}


def _repeat(pattern: re.Pattern, attributes: bytes) -> int:
    match = pattern.search(attributes)
    return int(match[1]) if match else 1


def _ods_read(xml: bytes) -> tuple[dict[str, dict[Position, str]], dict[str, list]]:
    percent, spanned = bool(_PERCENTAGE.search(xml)), b"-spanned" in xml
    if not percent and not spanned:
        return {}, {}
    found: dict[str, dict[Position, str]] = {}
    merges: dict[str, list] = {}
    cells: dict[Position, str] | None = None
    blocks: list = []
    row = column = repeats = kept = 0
    for closing, kind, attributes in _TAG.findall(xml):
        if kind == b"table":
            if closing:
                cells = None
            else:
                name = _NAME.search(attributes)
                name = html.unescape(name[1].decode()) if name else ""
                cells, blocks = found.setdefault(name, {}), merges.setdefault(name, [])
                row = 0
        elif cells is None:
            continue
        elif kind == b"table-row":
            if closing:
                row += repeats
            else:
                column, repeats = 0, _repeat(_ROWS, attributes)
                if attributes.rstrip().endswith(b"/"):
                    row += repeats
        else:
            if closing:
                continue
            width = _repeat(_COLUMNS, attributes)
            if spanned and (_ROWS_SPANNED.search(attributes) or _COLUMNS_SPANNED.search(attributes)):
                down, across = _repeat(_ROWS_SPANNED, attributes), _repeat(_COLUMNS_SPANNED, attributes)
                if len(blocks) < _MOST:
                    blocks.append(((row, column), (row + down - 1, column + across - 1)))
            if percent and _PERCENTAGE.search(attributes):
                for r in range(row, row + min(repeats, _MOST)):
                    for c in range(column, column + min(width, _MOST)):
                        cells[(r, c)] = PERCENT
                        kept += 1
                        if kept > _MOST:
                            return {}, {}
            column += width
    return {name: cells for name, cells in found.items() if cells}, {name: b for name, b in merges.items() if b}
