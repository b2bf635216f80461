"""Just enough WordprocessingML to write an official document: runs, paragraphs, tables and the package around them.

Written by hand rather than through python-docx so that every element sits where the schema (ECMA-376) puts it: a
page-number field is a ``w:fldSimple`` child of the paragraph, never nested in a run, and the section, grid and
even/odd footers are exactly what GB/T 9704 asks for. Nothing here knows the standard; ``gbt9704`` does.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@dataclass(frozen=True)
class Font:
    """A run's look: the CJK face goes in the eastAsia slot, where Word and WPS pick it for Chinese text."""

    east_asia: str
    size_half_points: int
    latin: str = "Times New Roman"
    bold: bool = False
    color: str | None = None  # RRGGBB
    scale: int | None = None  # horizontal scale in per cent (w:w)


def _attrs(**values) -> str:
    return "".join(f" w:{name}={quoteattr(str(value))}" for name, value in values.items() if value is not None)


def run_properties(font: Font) -> str:
    parts = [
        f"<w:rFonts{_attrs(ascii=font.latin, hAnsi=font.latin, eastAsia=font.east_asia, cs=font.latin)}/>",
    ]
    if font.bold:
        parts.append("<w:b/>")
    if font.color:
        parts.append(f"<w:color{_attrs(val=font.color)}/>")
    if font.scale:
        parts.append(f"<w:w{_attrs(val=font.scale)}/>")
    parts.append(f"<w:sz{_attrs(val=font.size_half_points)}/><w:szCs{_attrs(val=font.size_half_points)}/>")
    # Chinese text marked as such, so a suite substituting the fonts picks a Simplified Chinese face.
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def run(text: str, font: Font) -> str:
    """A run of text; tabs become ``w:tab`` (a literal tab in ``w:t`` is not a tab stop)."""
    pieces = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            pieces.append("<w:tab/>")
        if chunk:
            pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{run_properties(font)}{''.join(pieces)}</w:r>"


def page_field(font: Font) -> str:
    """The PAGE field at paragraph level, with a placeholder result a reader without fields still shows."""
    return f'<w:fldSimple w:instr=" PAGE "><w:r>{run_properties(font)}<w:t>1</w:t></w:r></w:fldSimple>'


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
    frame: str | None = None  # the attributes of a w:framePr, as written by frame_attrs()


def frame_attrs(**values) -> str:
    return _attrs(**values)


def _border(edge: str, border: Border) -> str:
    return f"<w:{edge}{_attrs(val='single', sz=border.size_eighth_points, space=border.space_points, color=border.color)}/>"


def paragraph_properties(fmt: ParagraphFormat) -> str:
    # Children in the order CT_PPrBase lists them.
    parts = []
    if fmt.keep_next:
        parts.append("<w:keepNext/>")
    if fmt.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if fmt.frame:
        parts.append(f"<w:framePr{fmt.frame}/>")
    parts.append('<w:widowControl w:val="0"/>')
    if fmt.top or fmt.bottom:
        edges = ([_border("top", fmt.top)] if fmt.top else []) + ([_border("bottom", fmt.bottom)] if fmt.bottom else [])
        parts.append("<w:pBdr>" + "".join(edges) + "</w:pBdr>")
    if fmt.right_tab_twips is not None:
        parts.append(f"<w:tabs><w:tab{_attrs(val='right', pos=fmt.right_tab_twips)}/></w:tabs>")
    if not fmt.snap_to_grid:
        parts.append('<w:snapToGrid w:val="0"/>')
    spacing = {"before": fmt.before_twips, "after": 0}
    if fmt.line_twips is not None:
        spacing |= {"line": fmt.line_twips, "lineRule": "exact"}
    parts.append(f"<w:spacing{_attrs(**spacing)}/>")
    indent = {"left": fmt.left_twips, "leftChars": fmt.left_chars or None, "right": fmt.right_twips}
    indent["rightChars"] = fmt.right_chars or None
    if fmt.hanging_twips:
        indent |= {"hanging": fmt.hanging_twips, "hangingChars": fmt.hanging_chars or None}
    elif fmt.first_line_twips:
        indent |= {"firstLine": fmt.first_line_twips, "firstLineChars": fmt.first_line_chars or None}
    parts.append(f"<w:ind{_attrs(**indent)}/>")
    if fmt.align:
        parts.append(f"<w:jc{_attrs(val=fmt.align)}/>")
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def paragraph(fmt: ParagraphFormat, content: str = "") -> str:
    return f"<w:p>{paragraph_properties(fmt)}{content}</w:p>"


def table(*, widths_twips: list[int], rows: list[tuple[int, bool, list[str]]], border_size: int = 4) -> str:
    """A table as wide as its columns; each row is (exact height in twips, repeated as header, cell paragraphs)."""
    edge = _attrs(val="single", sz=border_size, space=0, color="000000")
    borders = "".join(f"<w:{e}{edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f"<w:gridCol{_attrs(w=w)}/>" for w in widths_twips)
    out = [
        "<w:tbl><w:tblPr>",
        f"<w:tblW{_attrs(w=sum(widths_twips), type='dxa')}/>",
        '<w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>',
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
    ]
    for height, header, cells in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/>")
        out.append(f"<w:trHeight{_attrs(val=height, hRule='exact')}/>")
        out.append("<w:tblHeader/></w:trPr>" if header else "</w:trPr>")
        for width, cell in zip(widths_twips, cells, strict=True):
            out.append(
                f'<w:tc><w:tcPr><w:tcW{_attrs(w=width, type="dxa")}/><w:vAlign w:val="center"/></w:tcPr>{cell}</w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


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


def section_properties(section: Section) -> str:
    s = section
    return (
        "<w:sectPr>"
        f'<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        f'<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f"<w:pgSz{_attrs(w=s.width, h=s.height)}/>"
        f"<w:pgMar{_attrs(top=s.top, right=s.right, bottom=s.bottom, left=s.left, header=851, footer=s.footer, gutter=0)}/>"
        '<w:pgNumType w:fmt="decimal" w:start="1"/>'
        f"<w:docGrid{_attrs(type='linesAndChars', linePitch=s.line_pitch, charSpace=s.char_space)}/>"
        "</w:sectPr>"
    )


def _xml(root: str, body: str, extra_ns: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} xmlns:w="{W_NS}"{extra_ns}>{body}</w:{root}>'


def package(*, body: str, section: Section, default_font: Font, odd_footer: str, even_footer: str) -> bytes:
    """The .docx: document, styles (the default run is the body font, which sizes the grid), settings, footers."""
    document = _xml("document", f"<w:body>{body}{section_properties(section)}</w:body>", f' xmlns:r="{R_NS}"')
    styles = _xml(
        "styles",
        "<w:docDefaults><w:rPrDefault>"
        + run_properties(default_font)
        + '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>' + run_properties(default_font) + "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
    )
    # Even pages take the even footer only when the settings say so.
    settings = _xml(
        "settings",
        # In the order CT_Settings lists them.
        '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>',
    )
    footer_ns = f' xmlns:r="{R_NS}"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{WORD_CT}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{WORD_CT}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{WORD_CT}.settings+xml"/>'
            f'<Override PartName="/word/footer1.xml" ContentType="{WORD_CT}.footer+xml"/>'
            f'<Override PartName="/word/footer2.xml" ContentType="{WORD_CT}.footer+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{REL_NS}">'
            f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{REL_NS}">'
            f'<Relationship Id="rIdStyles" Type="{OFFICE_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdSettings" Type="{OFFICE_REL}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rIdFooterOdd" Type="{OFFICE_REL}/footer" Target="footer1.xml"/>'
            f'<Relationship Id="rIdFooterEven" Type="{OFFICE_REL}/footer" Target="footer2.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/settings.xml": settings,
        "word/footer1.xml": _xml("ftr", odd_footer, footer_ns),
        "word/footer2.xml": _xml("ftr", even_footer, footer_ns),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # A fixed timestamp: the same document gives the same bytes (an issued bulletin is kept by checksum).
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
