"""The bulletin as a Word document laid out after GB/T 9704-2012 (党政机关公文格式).

版头 (issuing organ in red, 文号, red rule), title, 主送, body (全市总体情况, per-indicator results, ranking, units named,
method), 落款 with the date, and the 版记 (印发机关, 印发日期) between rules; A4 with the standard's margins, 仿宋
三号 body on a fixed 28-point line, 黑体 for first-level headings, page numbers as "— 1 —".
"""

import datetime
import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .writing import BulletinText

RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
BODY_SIZE = Pt(16)  # 三号
LINE = Pt(28)


def _font(run, name: str, size, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str = "", *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=True, bold=False, color=None):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _rule(paragraph, *, color: str = "C00000", size: int = 12, edges: tuple[str, ...] = ("bottom",)) -> None:
    """Horizontal rules drawn as the paragraph's borders (the red separator of the 版头, the lines of the 版记)."""
    borders = OxmlElement("w:pBdr")
    for where in edges:  # the schema wants top before bottom
        edge = OxmlElement(f"w:{where}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(section) -> None:
    """ "— 1 —" at the foot of every page, 宋体 四号, as the standard asks."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), "宋体", Pt(14))
    run = footer.add_run()
    _font(run, "宋体", Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run._r.append(field)
    _font(footer.add_run(" —"), "宋体", Pt(14))


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, Pt(12))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, Pt(12))


def bulletin_docx(
    *,
    text: BulletinText,
    number: str,
    recipients: str,
    issued_on: datetime.date,
    organ: str | None = None,
) -> bytes:
    """The .docx of a bulletin whose words are ``text``; ``number`` is its 文号 (empty for a draft)."""
    organ = organ or _("Weihai Municipal Human Resources and Social Security Bureau")
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section)

    # 版头: the issuing organ's mark in red, the 文号, and the red rule under them.
    head = _paragraph(
        doc, organ, font=TITLE_FONT, size=Pt(26), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED
    )
    head.paragraph_format.line_spacing = Pt(40)
    _paragraph(doc)
    numbered = _paragraph(doc, number or _("(draft, not issued)"), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _rule(numbered)
    _paragraph(doc)

    # Title, then the addressees (主送机关) flush left.
    title = _paragraph(doc, text.title, font=TITLE_FONT, size=Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title.paragraph_format.line_spacing = Pt(36)
    _paragraph(doc)
    _paragraph(doc, f"{recipients}：", indent=False)

    _paragraph(doc, _("1. Overall progress of the city"), font=HEADING_FONT)
    for paragraph in text.overall:
        _paragraph(doc, paragraph)

    _paragraph(doc, _("2. Results by indicator"), font=HEADING_FONT)
    for line in text.lines:
        _paragraph(doc, f"{line.sentence}。")

    _paragraph(doc, _("3. Ranking of the units"), font=HEADING_FONT)
    _table(
        doc,
        [
            _("Rank"),
            _("Reporting unit"),
            _("Completion score"),
            _("On-time rate (%)"),
            _("Composite score"),
            _("Change of rank"),
        ],
        [
            [
                u["rank"] or "—",
                u["name"],
                u["completion_text"],
                u["on_time_text"],
                u["composite_text"],
                u["change_text"] or "—",
            ]
            for u in text.ranking
        ],
    )
    for paragraph in text.named:
        _paragraph(doc, paragraph)

    _paragraph(doc, _("4. Method"), font=HEADING_FONT)
    for paragraph in text.method:
        _paragraph(doc, paragraph)

    # 落款: the organ and the date, right-aligned, the date in Arabic numerals.
    _paragraph(doc)
    _paragraph(doc, organ, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, date_format(issued_on, "DATE_FORMAT"), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    # 版记: 印发机关 and 印发日期 between two rules, 仿宋 四号.
    _paragraph(doc)
    imprint = _paragraph(doc, "", indent=False, size=Pt(14))
    _rule(imprint, color="000000", size=8, edges=("top", "bottom"))
    _font(
        imprint.add_run(
            _("%(organ)s office, printed and issued on %(date)s")
            % {"organ": organ, "date": date_format(issued_on, "DATE_FORMAT")}
        ),
        BODY_FONT,
        Pt(14),
    )

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
