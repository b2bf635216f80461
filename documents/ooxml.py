"""Just enough of python-docx to write an official document: runs, paragraphs, tables and the package around them.

The package, styles, settings, section and footers come from python-docx (``docx.Document()``); paragraphs, runs and
tables are built with its API. What it has no API for is added with ``OxmlElement`` in the place the schema
(ECMA-376) gives it: the PAGE field as a ``w:fldSimple`` child of the paragraph (never nested in a run), the section's
``w:docGrid`` and ``w:pgNumType``, a paragraph's ``w:framePr``, ``w:pBdr`` and ``w:snapToGrid``, its indents in grid
characters, a run's horizontal scale (``w:w``), ``w:szCs`` and ``w:lang``, and a table's borders, cell margins, width,
``w:cantSplit`` and ``w:tblHeader``. Nothing here knows the standard; ``gbt9704`` does.
"""

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# The parts of the schema's sequences (CT_PPrBase, CT_RPr, CT_SectPr) an element added by hand is placed among.
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish "
    "webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath"
).split()
SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType "
    "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange"
).split()


def _element(tag: str, **attrs) -> OxmlElement:
    return OxmlElement(f"w:{tag}", {qn(f"w:{k}"): str(v) for k, v in attrs.items() if v is not None})


def _place(parent, child, order: Sequence[str]) -> None:
    """Insert ``child`` before the first child of ``parent`` that the schema's sequence puts after it."""
    later = order[order.index(child.tag.split("}")[1]) + 1 :]
    parent.insert_element_before(child, *(f"w:{tag}" for tag in later))


@dataclass(frozen=True)
class Font:
    """A run's look: the CJK face goes in the eastAsia slot, where Word and WPS pick it for Chinese text."""

    east_asia: str
    size_half_points: int
    latin: str = "Times New Roman"
    bold: bool = False
    color: str | None = None  # RRGGBB
    scale: int | None = None  # horizontal scale in per cent (w:w)


def _set_font(target, rpr, font: Font) -> None:
    """``target`` is python-docx's Font of a run or a style, ``rpr`` its w:rPr."""
    target.name = font.latin  # w:ascii and w:hAnsi
    fonts = rpr.rFonts
    fonts.set(qn("w:eastAsia"), font.east_asia)
    fonts.set(qn("w:cs"), font.latin)
    if font.bold:
        target.bold = True
    if font.color:
        target.color.rgb = RGBColor.from_string(font.color)
    if font.scale:
        _place(rpr, _element("w", val=font.scale), RPR_ORDER)
    target.size = Pt(font.size_half_points / 2)
    _place(rpr, _element("szCs", val=font.size_half_points), RPR_ORDER)
    # Chinese text marked as such, so a suite substituting the fonts picks a Simplified Chinese face.
    _place(rpr, _element("lang", val="en-US", eastAsia="zh-CN"), RPR_ORDER)


def add_run(paragraph: Paragraph, text: str, font: Font) -> None:
    """A run of text; python-docx turns tabs into ``w:tab`` (a literal tab in ``w:t`` is not a tab stop)."""
    _format_run(paragraph.add_run(text), font)


def _format_run(run: Run, font: Font) -> None:
    _set_font(run.font, run._r.get_or_add_rPr(), font)


def add_page_field(paragraph: Paragraph, font: Font) -> None:
    """The PAGE field at paragraph level, with a placeholder result a reader without fields still shows.

    python-docx has no fields; a ``w:fldSimple`` is paragraph content (CT_SimpleField), so it is appended to the
    paragraph and its result run is built with python-docx inside it.
    """
    field = _element("fldSimple", instr=" PAGE ")
    paragraph._p.append(field)
    result = Run(OxmlElement("w:r"), paragraph)
    result.text = "1"
    _format_run(result, font)
    field.append(result._r)


@dataclass(frozen=True)
class Border:
    size_eighth_points: int
    color: str = "000000"
    space_points: int = 0


@dataclass(frozen=True)
class ParagraphFormat:
    """Paragraph properties in twips (1/20 pt); ``None`` leaves the default."""

    align: str | None = None  # left, center, right, both
    line_twips: int | None = None  # exact line height
    before_twips: int = 0
    left_twips: int = 0
    right_twips: int = 0
    first_line_twips: int = 0
    hanging_twips: int = 0
    # The same indents in hundredths of a grid character, which Word and WPS prefer to the twips when given.
    left_chars: int = 0
    right_chars: int = 0
    first_line_chars: int = 0
    hanging_chars: int = 0
    snap_to_grid: bool = True
    keep_next: bool = False
    page_break_before: bool = False
    top: Border | None = None
    bottom: Border | None = None
    right_tab_twips: int | None = None
    frame: tuple | None = None  # the attributes of a w:framePr, as given by frame_attrs()


def frame_attrs(**values) -> tuple:
    return tuple(values.items())


def _border(edge: str, border: Border) -> OxmlElement:
    return _element(edge, val="single", sz=border.size_eighth_points, space=border.space_points, color=border.color)


def format_paragraph(paragraph: Paragraph, fmt: ParagraphFormat) -> None:
    pf = paragraph.paragraph_format
    ppr = paragraph._p.get_or_add_pPr()
    if fmt.keep_next:
        pf.keep_with_next = True
    if fmt.page_break_before:
        pf.page_break_before = True
    if fmt.frame:
        _place(ppr, _element("framePr", **dict(fmt.frame)), PPR_ORDER)
    pf.widow_control = False
    if fmt.top or fmt.bottom:
        borders = _element("pBdr")
        for edge in ("top", "bottom"):
            if getattr(fmt, edge):
                borders.append(_border(edge, getattr(fmt, edge)))
        _place(ppr, borders, PPR_ORDER)
    if fmt.right_tab_twips is not None:
        pf.tab_stops.add_tab_stop(Twips(fmt.right_tab_twips), WD_TAB_ALIGNMENT.RIGHT)
    if not fmt.snap_to_grid:
        _place(ppr, _element("snapToGrid", val=0), PPR_ORDER)
    pf.space_before, pf.space_after = Twips(fmt.before_twips), Twips(0)
    if fmt.line_twips is not None:
        pf.line_spacing = Twips(fmt.line_twips)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.left_indent, pf.right_indent = Twips(fmt.left_twips), Twips(fmt.right_twips)
    if fmt.hanging_twips:
        pf.first_line_indent = Twips(-fmt.hanging_twips)
    elif fmt.first_line_twips:
        pf.first_line_indent = Twips(fmt.first_line_twips)
    # python-docx has no indents in characters: they go on its w:ind as attributes.
    chars = {"leftChars": fmt.left_chars, "rightChars": fmt.right_chars}
    if fmt.hanging_twips:
        chars["hangingChars"] = fmt.hanging_chars
    elif fmt.first_line_twips:
        chars["firstLineChars"] = fmt.first_line_chars
    for name, value in chars.items():
        if value:
            ppr.ind.set(qn(f"w:{name}"), str(value))
    if fmt.align:
        pf.alignment = ALIGN[fmt.align]


def paragraph(container, fmt: ParagraphFormat) -> Paragraph:
    """A new paragraph at the end of ``container`` (the document, a footer, a cell)."""
    p = container.add_paragraph()
    format_paragraph(p, fmt)
    return p


Cell = tuple[str, Font, ParagraphFormat]


def table(container, *, widths_twips: list[int], rows: list[tuple[int, bool, list[Cell]]], border_size: int = 4):
    """A table as wide as its columns; each row is (exact height in twips, repeated as header, cells)."""
    t = container.add_table(rows=0, cols=len(widths_twips))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # w:tblLayout fixed
    tblpr = t._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    # No API for a table's borders and cell margins: added after w:jc, before w:tblLayout, as CT_TblPr orders them.
    borders = _element("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(edge, val="single", sz=border_size, space=0, color="000000"))
    margins = _element("tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(side, w=57, type="dxa"))
    layout = tblpr.find(qn("w:tblLayout"))
    layout.addprevious(borders)
    layout.addnext(margins)
    for column, w in zip(t.columns, widths_twips, strict=True):
        column.width = Twips(w)
    for height, header, cells in rows:
        row = t.add_row()
        trpr = row._tr.get_or_add_trPr()
        trpr.append(_element("cantSplit"))  # CT_TrPrBase is a choice: any order
        row.height, row.height_rule = Twips(height), WD_ROW_HEIGHT_RULE.EXACTLY
        if header:
            trpr.append(_element("tblHeader"))
        for cell, (text, font, fmt) in zip(row.cells, cells, strict=True):
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            (p,) = cell.paragraphs
            format_paragraph(p, fmt)
            add_run(p, text, font)
    return t


@dataclass(frozen=True)
class Section:
    """One section's page: size and margins in twips, the character grid, and the footers by page parity."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    footer: int  # distance of the footer from the bottom edge
    line_pitch: int
    char_space: int


def _setup_section(document, s: Section) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(s.width), Twips(s.height)
    section.top_margin, section.bottom_margin = Twips(s.top), Twips(s.bottom)
    section.left_margin, section.right_margin = Twips(s.left), Twips(s.right)
    section.header_distance, section.footer_distance, section.gutter = Twips(851), Twips(s.footer), Twips(0)
    sectpr = section._sectPr
    # The template's w:cols (one column, the default) dropped, so the section is what GB/T 9704 asks for alone.
    for cols in sectpr.findall(qn("w:cols")):
        sectpr.remove(cols)
    _place(sectpr, _element("pgNumType", fmt="decimal", start=1), SECTPR_ORDER)
    for grid in sectpr.findall(qn("w:docGrid")):
        sectpr.remove(grid)
    _place(
        sectpr, _element("docGrid", type="linesAndChars", linePitch=s.line_pitch, charSpace=s.char_space), SECTPR_ORDER
    )


def _setup_styles(document, default_font: Font) -> None:
    """The default run is the body font, which sizes the grid; the Normal style says the same."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    # docDefaults has no python-docx proxy: its w:rPr is taken from a run formatted through python-docx.
    scratch = Run(OxmlElement("w:r"), None)
    _set_font(scratch.font, scratch._r.get_or_add_rPr(), default_font)
    old = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    old.getparent().replace(old, scratch._r.rPr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for name in ("line", "lineRule"):
        spacing.attrib.pop(qn(f"w:{name}"), None)
    spacing.set(qn("w:after"), "0")
    normal = document.styles["Normal"]
    normal.paragraph_format.widow_control = False
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _set_font(normal.font, normal.element.get_or_add_rPr(), default_font)


def _setup_settings(document) -> None:
    """Only what the layout depends on, in CT_Settings' order: the template's own settings (Word 2010
    compatibility, a 720-twip default tab) would change how the suites set the text."""
    settings = document.settings.element
    for child in list(settings):
        settings.remove(child)
    settings.append(_element("defaultTabStop", val=420))
    settings.append(_element("characterSpacingControl", val="doNotCompress"))
    compat = _element("compat")
    compat.append(
        _element("compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15)
    )
    settings.append(compat)
    # Even pages take the even footer only when the settings say so.
    document.settings.odd_and_even_pages_header_footer = True


def new_document(*, section: Section, default_font: Font, title: str, author: str, date: datetime.date):
    """A python-docx Document set up for the page: section, grid, styles, settings, fixed core properties."""
    document = docx.Document()
    _setup_section(document, section)
    _setup_styles(document, default_font)
    _setup_settings(document)
    props = document.core_properties
    moment = datetime.datetime(date.year, date.month, date.day)
    props.title, props.author, props.last_modified_by = title, author, author
    props.comments, props.revision = "", 1
    props.created = props.modified = moment
    # The template's preview picture is python-docx's, not this document's: dropped, so no reader shows it.
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    # Its Word 2010 copy of the styles (stylesWithEffects) keeps the template's Calibri 11 pt defaults: dropped, so
    # no reader takes its defaults instead of styles.xml's.
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects":
            part.drop_rel(rid)
    return document


def footers(document):
    """The odd (default) and even footers' first paragraphs, unstyled (the template's Footer style has its own
    tab stops and line spacing)."""
    section = document.sections[0]
    out = []
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        (p,) = footer.paragraphs
        p.style = None
        out.append(p)
    return out


def to_bytes(document) -> bytes:
    """The .docx bytes. python-docx stamps each zip member with the time of saving; the members are copied with a
    fixed timestamp, so the same document gives the same bytes (an issued bulletin is kept by checksum)."""
    saved = io.BytesIO()
    document.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return fixed.getvalue()
