"""What python-calamine does not say about an .xlsx, read from the XML itself: used by :mod:`imports.reading`.

calamine gives cell values only. It has no number formats (a figure typed as 90% must still read as a
percentage), gives error values (#DIV/0!) and formulas never calculated as empty cells, and lays each sheet out as
one block from its first to its last cell: two cells at A1 and XFD1048576, in a file of a few kilobytes, make it
allocate half a terabyte, which aborts the process. So before calamine reads a sheet, :func:`sheet_scan` bounds the
sheet's extent from the references of the cells in its XML that hold something (a format left on an empty cell far
down bounds nothing: calamine places no value there), and picks out the few cells calamine cannot describe.

The XML is never parsed as a document here except the small workbook, relationship and style parts, through
defusedxml. Sheets are scanned with regular expressions over the bytes: quick on the usual file (every cell
written ``<c r="B7" …>``, as Excel, WPS and openpyxl write them), and a slower walk that follows calamine's own
placement for anything else (no ``r``, prefixed tags, single quotes or spaces around ``=``, repeated attributes).
"""

import html
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

Position = tuple[int, int]  # (row, column), from 0 as calamine counts

_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
_RELATIONSHIPS_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


class TooManyCells(Exception):
    """The sheet spans more cells than the reader accepts."""


class Unreadable(Exception):
    """A part the reader needs is missing or is not XML it accepts."""


def named(archive: zipfile.ZipFile, path: str | None) -> str | None:
    """The member calamine opens for a path: it compares names without regard to case, "\\" read as "/", and of
    two such names takes the later."""
    if not path:
        return None
    index = getattr(archive, "_calamine_names", None)
    if index is None:
        index = archive._calamine_names = {info.filename.replace("\\", "/").lower(): info.filename for info in archive.infolist()}
    return index.get(path.lower(), path if path in archive.NameToInfo else None)


def member(archive: zipfile.ZipFile, path: str | None) -> bytes | None:
    name = named(archive, path)
    return archive.read(name) if name else None


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


def workbook_folder(archive: zipfile.ZipFile) -> str:
    """The folder of the workbook part, as calamine finds it: from the package relationship to the office document
    (the last one), not always xl/. A valid package may keep its workbook at /workbook.xml, and LibreOffice reads
    it there too. The workbook, its relationships, styles and shared strings are then read from that folder."""
    rels = _document(member(archive, "_rels/.rels"))
    if rels is None:
        raise Unreadable
    target = None
    for rel in rels.iter():
        if _local(rel.tag) == "Relationship" and (rel.get("Type") or "").endswith("/relationships/officeDocument"):
            target = rel.get("Target") if rel.get("Target") is not None else target
    if target is None:
        raise Unreadable
    folder = target[: target.rfind("/") + 1] if "/" in target else ""
    return folder[1:] if folder.startswith("/") else folder


def styles_path(folder: str) -> str:
    return folder + "styles.xml"


def sheet_paths(archive: zipfile.ZipFile, folder: str) -> dict[str, str]:
    """Sheet name -> the path calamine reads it from (the first sheet of a name, as calamine looks them up)."""
    targets = {}
    rels = _document(member(archive, folder + "_rels/workbook.xml.rels"))
    for rel in rels.iter() if rels is not None else ():
        if _local(rel.tag) == "Relationship":
            targets[rel.get("Id", "")] = rel.get("Target", "")
    paths: dict[str, str] = {}
    book = _document(member(archive, folder + "workbook.xml"))
    for sheet in book.iter() if book is not None else ():
        if _local(sheet.tag) != "sheet":
            continue
        ids = [value for key, value in sheet.attrib.items() if key.endswith("}id") and key[1:-3] in _RELATIONSHIPS_NS]
        target = targets.get(ids[-1]) if ids else None
        if target is not None:
            # calamine's own rule: an absolute target from the package root, any other from the workbook's folder,
            # with no normalisation of ".." or "./".
            paths.setdefault(sheet.get("name", ""), target[1:] if target.startswith("/") else folder + target)
    return paths


def worksheet_members(archive: zipfile.ZipFile, paths) -> list[str]:
    """Every part calamine could read as a worksheet: those the workbook names, and every part in a worksheets
    folder, compared without regard to case. Bounding all of them, not only those the workbook names as this code
    reads it, leaves no way round the check through a quirk of calamine's lookup."""
    wanted = {path.lower() for path in paths}
    return [
        info.filename
        for info in archive.infolist()
        if (name := info.filename.replace("\\", "/").lower()) in wanted or "worksheets/" in name
    ]


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
# An attribute of a cell tag in single quotes or with spaces around "=" (s='3', t = "e"): the quick patterns below
# would miss its style or type.
_ODD_ATTRIBUTE = re.compile(rb"<c\s[^>]*?(?:='|\s=|=\s)")
# Any attribute ending in r (a repeated r included) whose value lies beyond column Z or row 9,999: only then are
# the values read one by one; below that a sheet spans at most 26 x 9,999 cells.
_FAR_REF = re.compile(rb'r\s*=\s*["\'](?:[A-Za-z]{2,}[0-9]|[A-Za-z]+[0-9]{5})')
_ANY_REF = re.compile(rb'r\s*=\s*["\']([A-Za-z]+)([0-9]+)')
_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# A cell tag with nothing inside (<c r="J100001" s="3"/>, or openpyxl's <c …></c>): a format Excel leaves behind on
# a cell once used. calamine places no value there, so it bounds nothing; left in, one such cell at row 100,001
# would make a ten-column table "too many cells". Attribute values holding no "<", ">" or quote: "/>" inside one
# never passes for the end of the tag.
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?:\s+[\w.:-]+="[^"<>]*")*\s*(?:/>|>\s*</c>)')
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


def _odd_attribute(xml: bytes) -> bool:
    # Plain substring tests first (some 15 ms over a province's 136 sheets, where the pattern alone takes 40): an
    # attribute in single quotes holds "='", one with a space around "=" holds "= " or " =". (Tabs or line breaks
    # around "=" are legal XML too, but no spreadsheet program writes them.)
    if b"='" not in xml and b" =" not in xml and b"= " not in xml:
        return False
    return bool(_ODD_ATTRIBUTE.search(xml))


def sheet_scan(xml: bytes, *, percent: dict[int, str], limit: int) -> SheetXml:
    """The cells of a sheet calamine cannot describe; :class:`TooManyCells` if it spans more than ``limit``."""
    # An oddly written style or type matters only where it could hide a percent format or an error value (every
    # error value starts with "#"); most sheets have neither, and skip that search.
    if _UNUSUAL.search(xml) or _PREFIXED_CELL.search(xml) or ((percent or b"#" in xml) and _odd_attribute(xml)):
        return _walk(xml, percent=percent, limit=limit)
    if _FAR_REF.search(xml) or limit < _NEAR_BOUND:
        rows = columns = 0
        # Only the cells that hold something bound the sheet (the quick path: every cell placed by its own r).
        for match in _ANY_REF.finditer(_EMPTY_CELL.sub(b"", xml)):
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

_TAG_START = re.compile(rb"<(/?)(?:[^\s<>/:]+:)?(row|c)(?=[\s>/])")
# Attribute values never hold "<" in XML; stopping there keeps a file of unclosed tags from costing quadratic time.
_TAG_REST = re.compile(rb"((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*)>")
_ATTRIBUTES = re.compile(rb"([^\s=<>/\"']+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_A1 = re.compile(r"([A-Za-z]*)([0-9]+)")
_ANY_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


@dataclass(frozen=True)
class _Tag:
    refs: tuple[Position, ...]  # the r values calamine reads (exactly "r"), placed
    bound: tuple[Position, ...]  # every r, prefixed ones too: what bounds the sheet
    kind: str  # t
    style: str  # s
    closed: bool  # <c …/>: nothing inside


def _tag(text: bytes) -> _Tag:
    attributes: list[tuple[bytes, str]] = []
    for name, double, single in _ATTRIBUTES.findall(text):
        value = (double if double or not single else single).decode("utf-8", "replace")
        attributes.append((name, html.unescape(value) if "&" in value else value))

    def places(names) -> tuple[Position, ...]:
        found = [_A1.fullmatch(value.strip()) for name, value in attributes if name in names]
        return tuple((int(ref[2]) - 1, _column(ref[1].encode()) if ref[1] else -1) for ref in found if ref)

    last = {name: value for name, value in attributes}
    return _Tag(
        refs=places({b"r"}),
        bound=places({name for name, _value in attributes if name.rsplit(b":", 1)[-1] == b"r"}),
        kind=last.get(b"t", ""),
        style=last.get(b"s", "").strip(),
        closed=text.rstrip().endswith(b"/"),
    )


def _walk(xml: bytes, *, percent: dict[int, str], limit: int) -> SheetXml:
    """calamine's placement: a row's first r sets the row, its end moves to the next; a cell's last r places it,
    a cell without r goes one column right of the cell before, from column A on each row."""
    found = SheetXml()
    row = column = tags = 0
    extent = [0, 0, 0]  # rows, columns, cells holding something
    # Tags without r repeat the same few attribute texts: each is parsed once.
    parsed: dict[bytes, _Tag] = {}
    previous = None
    for start in _TAG_START.finditer(xml):
        if previous is not None:
            _cell_content(found, xml, previous, start.start(), percent, extent, limit)
            previous = None
        if start[1]:
            if start[2] == b"row":
                row, column = row + 1, 0
            continue
        match = _TAG_REST.match(xml, start.end())
        if match is None:
            # A tag this walk cannot read could still place a cell anywhere for calamine.
            raise Unreadable
        tag = parsed.get(match[1])
        if tag is None:
            tag = _tag(match[1])
            if len(parsed) < 10_000:
                parsed[match[1]] = tag
        if start[2] == b"row":
            row = tag.refs[0][0] if tag.refs else row
            if tag.closed:
                row, column = row + 1, 0
            continue
        # An empty cell tag places nothing, but moves the next cell without r: it is walked, and counted apart so
        # that a walk stays as short as the XML (a few empty tags per cell that holds a value).
        tags += 1
        if tags > 8 * limit:
            raise TooManyCells
        place = tag.refs[-1] if tag.refs else (row, column)
        column = place[1] + 1
        if not tag.closed:
            previous = (place, tag, match.end())
    if previous is not None:
        _cell_content(found, xml, previous, len(xml), percent, extent, limit)
    return found


def _cell_content(found: SheetXml, xml: bytes, cell, end: int, percent: dict[int, str], extent, limit: int) -> None:
    place, tag, start = cell
    if xml.find(b"<", start, end) < 0:
        return  # <c …></c>: nothing in it, only a format
    # A sheet holds one tag per cell: more cells than the limit are refused even when they pile on one cell.
    extent[2] += 1
    for r, c in (*tag.bound, place):
        extent[0], extent[1] = max(extent[0], r + 1), max(extent[1], c + 1)
    if extent[0] * extent[1] > limit or extent[2] > limit:
        raise TooManyCells
    if _ANY_FORMULA.search(xml, start, end):
        found.formulas.add(place)
    if tag.kind == "e":
        value = _VALUE.search(xml, start, end)
        if value:
            found.errors[place] = html.unescape(value[1].decode("utf-8", "replace"))
    if percent and tag.style.isdigit() and int(tag.style) in percent:
        found.formats[place] = percent[int(tag.style)]
