"""What python-calamine does not say about an .xlsx, read from the XML itself: used by :mod:`imports.reading`.

calamine gives cell values only. It has no number formats (a figure typed as 90% must still read as a
percentage), gives error values (#DIV/0!) and formulas never calculated as empty cells, and lays each sheet out as
one block from its first to its last cell: two cells at A1 and XFD1048576, in a file of a few kilobytes, make it
allocate half a terabyte, which aborts the process. So before calamine reads a sheet, :func:`sheet_scan` bounds the
sheet's extent from the cell references in its XML, and picks out the few cells calamine cannot describe.

The XML is never parsed as a document here except the small workbook, relationship and style parts, through
defusedxml. Sheets are scanned with regular expressions over the bytes: quick on the usual file (every cell
written ``<c r="B7" …>``, as Excel, WPS and openpyxl write them), and a slower walk that follows calamine's own
placement for anything else (no ``r``, prefixed tags, single quotes, repeated attributes).
"""

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

Position = tuple[int, int]  # (row, column), from 0 as calamine counts

_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
_RELS = "_rels/.rels"


class TooManyCells(Exception):
    """The sheet spans more cells than the reader accepts."""


class Unreadable(Exception):
    """A part the reader needs is missing or is not XML it accepts."""


def member(archive: zipfile.ZipFile, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return archive.read(path)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None


def _document(xml: bytes | None):
    if xml is None:
        return None
    try:
        # defusedxml refuses entity declarations and external references (billion laughs, XXE).
        return ElementTree.fromstring(xml)
    except Exception:
        raise Unreadable from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target path in the archive) of a part's relationships."""
    folder, name = posixpath.split(part)
    root = _document(member(archive, posixpath.join(folder, "_rels", name + ".rels") if name else _RELS))
    found = []
    for rel in root.iter() if root is not None else ():
        target = rel.get("Target")
        if _local(rel.tag) != "Relationship" or not target or rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), path))
    return found


@dataclass
class Parts:
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> path of its XML
    styles: str | None = None


def parts(archive: zipfile.ZipFile) -> Parts:
    """Where the workbook keeps each sheet and its styles."""
    book = next((path for _id, kind, path in _relationships(archive, "") if kind.endswith("/officeDocument")), None)
    book = book or "xl/workbook.xml"
    rels = _relationships(archive, book)
    targets = {rel_id: path for rel_id, _kind, path in rels}
    found = Parts(styles=next((path for _id, kind, path in rels if kind.endswith("/styles")), None))
    root = _document(member(archive, book))
    for sheet in root.iter() if root is not None else ():
        if _local(sheet.tag) == "sheet":
            rel_id = next((value for key, value in sheet.attrib.items() if _local(key) == "id"), None)
            if sheet.get("name") is not None and rel_id in targets:
                found.sheets[sheet.get("name")] = targets[rel_id]
    return found


def percent_styles(xml: bytes | None) -> dict[int, str]:
    """Cell style index -> number format, for the styles that show a number as a percentage."""
    # Most workbooks have none: a look at the bytes saves parsing the styles.
    if xml is None or not (b"%" in xml or re.search(rb'numFmtId\s*=\s*["\']\s*(?:9|10)\s*["\']', xml)):
        return {}
    root = _document(xml)
    codes: dict[int, str] = dict(_BUILTIN_PERCENT)
    for element in root.iter():
        if _local(element.tag) == "numFmt" and (element.get("numFmtId") or "").strip().isdigit():
            codes[int(element.get("numFmtId"))] = element.get("formatCode") or ""
    styles = {}
    for element in root.iter():
        if _local(element.tag) == "cellXfs":
            for index, xf in enumerate(child for child in element if _local(child.tag) == "xf"):
                number = (xf.get("numFmtId") or "0").strip()
                code = codes.get(int(number), "") if number.isdigit() else ""
                if "%" in code:
                    styles[index] = code
            break
    return styles


@dataclass
class SheetXml:
    """What calamine does not give about one sheet's cells."""

    formulas: set[Position] = field(default_factory=set)  # cells holding a formula (a value or not)
    errors: dict[Position, str] = field(default_factory=dict)  # #DIV/0!, #N/A… as stored
    formats: dict[Position, str] = field(default_factory=dict)  # percent number formats


# calamine places a cell by its last attribute named r, or one column right of the cell before when it has none.
# The usual sheet (Excel, WPS, openpyxl) writes `<c r="B7"` first in every cell tag: then only the r values bound
# the sheet, and a cell without r or a prefixed cell tag sends the sheet to the slow walk.
# (Two patterns: one with an alternation would lose the literal prefix that makes each a fast scan.)
_UNUSUAL = re.compile(rb'<c(?! r="[A-Z]{1,3}[0-9]{1,7}")[\s>/]')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
# Any attribute ending in r (a repeated r included) whose value lies beyond column Z or row 9,999: only then are
# the values read one by one; below that a sheet spans at most 26 x 9,999 cells.
_FAR_REF = re.compile(rb'r\s*=\s*["\'](?:[A-Za-z]{2,}[0-9]|[A-Za-z]+[0-9]{5})')
_ANY_REF = re.compile(rb'r\s*=\s*["\']([A-Za-z]+)([0-9]+)')
_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+[\w.:-]+="[^"<]*")*?\s+t="e"')
_ERROR_TYPE = re.compile(rb't="e"')
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)<")
_NEAR_BOUND = 26 * 9_999


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number - 1


def sheet_scan(xml: bytes, *, percent: dict[int, str], limit: int) -> SheetXml:
    """The cells of a sheet calamine cannot describe; :class:`TooManyCells` if it spans more than ``limit``."""
    if _UNUSUAL.search(xml) or _PREFIXED_CELL.search(xml):
        return _walk(xml, percent=percent, limit=limit)
    if _FAR_REF.search(xml) or limit < _NEAR_BOUND:
        rows = columns = 0
        for match in _ANY_REF.finditer(xml):
            rows, columns = max(rows, int(match[2])), max(columns, _column(match[1]) + 1)
            if rows * columns > limit:
                raise TooManyCells
    found = SheetXml()
    if _FORMULA.search(xml):
        for match in _FORMULA.finditer(xml):
            ref = _REF.match(xml, xml.rfind(b'<c r="', 0, match.start()))
            if ref:
                found.formulas.add((int(ref[2]) - 1, _column(ref[1])))
    if _ERROR_TYPE.search(xml):
        for match in _ERROR_CELL.finditer(xml):
            end = xml.find(b"</c>", match.end())
            value = _VALUE.search(xml, match.end(), end if end >= 0 else len(xml))
            if value:
                found.errors[(int(match[2]) - 1, _column(match[1]))] = html.unescape(
                    value[1].decode("utf-8", "replace")
                )
    if percent:
        styles = b"|".join(str(index).encode() for index in percent)
        styled = re.compile(
            rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s+[\w.:-]+="[^"<]*")*?\s+s="(' + styles + rb')"(?=[\s/>])'
        )
        for match in styled.finditer(xml):
            found.formats[(int(match[2]) - 1, _column(match[1]))] = percent[int(match[3])]
    return found


# -- the slow walk: any tag form, placed as calamine places it -------------------------------------------------

_TAG_START = re.compile(rb"<(?:[^\s<>/:]+:)?(row|c)(?=[\s>/])")
# Attribute values never hold "<" in XML; stopping there keeps a file of unclosed tags from costing quadratic time.
_TAG_REST = re.compile(rb"((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTRIBUTES = re.compile(rb"([^\s=<>/\"']+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_A1 = re.compile(r"([A-Za-z]+)([0-9]+)")
_ANY_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def _attributes(text: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, double, single in _ATTRIBUTES.findall(text):
        local = name.rsplit(b":", 1)[-1].decode("ascii", "replace")
        value = (double if double or not single else single).decode("utf-8", "replace")
        found.setdefault(local, []).append((html.unescape(value) if "&" in value else value).strip())
    return found


@dataclass(frozen=True)
class _Tag:
    row: int | None  # a row tag's r, from 0
    places: tuple[Position, ...]  # a cell tag's r values, placed
    kind: str  # t
    style: str  # s
    closed: bool  # <c …/>: nothing inside


def _tag(name: bytes, text: bytes) -> _Tag:
    attributes = _attributes(text)
    refs = attributes.get("r", [])
    rows = [int(ref) - 1 for ref in refs if ref.isdigit()]
    places = tuple((int(ref[2]) - 1, _column(ref[1].encode())) for ref in map(_A1.fullmatch, refs) if ref)
    return _Tag(
        row=(rows[-1] if rows else None) if name == b"row" else None,
        places=places,
        kind=attributes.get("t", [""])[-1],
        style=attributes.get("s", [""])[-1],
        closed=text.rstrip().endswith(b"/"),
    )


def _walk(xml: bytes, *, percent: dict[int, str], limit: int) -> SheetXml:
    found = SheetXml()
    row, column, rows, columns, cells = -1, -1, 0, 0, 0
    # Tags without r repeat the same few attribute texts: each is parsed once.
    parsed: dict[tuple[bytes, bytes], _Tag] = {}
    previous = None
    for start in _TAG_START.finditer(xml):
        if previous is not None:
            _cell_content(found, xml, previous, start.start(), percent)
            previous = None
        match = _TAG_REST.match(xml, start.end())
        if match is None:
            # A tag this walk cannot read could still place a cell anywhere for calamine.
            raise Unreadable
        key = (start[1], match[1])
        tag = parsed.get(key)
        if tag is None:
            tag = _tag(*key)
            if len(parsed) < 10_000:
                parsed[key] = tag
        if start[1] == b"row":
            row, column = (tag.row if tag.row is not None else row + 1), -1
            continue
        # A sheet holds one tag per cell: more tags than the limit are refused even when they pile on one cell.
        cells += 1
        # calamine takes the last r of a tag; the largest of them bounds the sheet whichever it takes.
        place = tag.places[-1] if tag.places else (max(row, 0), column + 1)
        column = place[1]
        for r, c in tag.places or (place,):
            rows, columns = max(rows, r + 1), max(columns, c + 1)
        if rows * columns > limit or cells > limit:
            raise TooManyCells
        if not tag.closed:
            previous = (place, tag, match.end())
    if previous is not None:
        _cell_content(found, xml, previous, len(xml), percent)
    return found


def _cell_content(found: SheetXml, xml: bytes, cell, end: int, percent: dict[int, str]) -> None:
    place, tag, start = cell
    if _ANY_FORMULA.search(xml, start, end):
        found.formulas.add(place)
    if tag.kind == "e":
        value = _VALUE.search(xml, start, end)
        if value:
            found.errors[place] = html.unescape(value[1].decode("utf-8", "replace"))
    if percent and tag.style.isdigit() and int(tag.style) in percent:
        found.formats[place] = percent[int(tag.style)]
