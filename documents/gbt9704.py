"""An official document (党政机关公文) laid out after GB/T 9704-2012, written as a .docx.

Every measure the standard prescribes lives here: A4 with a 156 mm × 225 mm 版心 (天头 37 mm, 订口 28 mm), 22 lines of
28 characters of 仿宋_GB2312 三号 on a document grid, the 版头 (发文机关标志 35 mm below the top of the 版心, 文号 two
lines below it, the red rule 4 mm below the 文号), a title in 方正小标宋简体 二号 broken where the words allow, 主送,
the body, 落款, and the 版记 at the foot of the last page, which is an even page; page numbers "— 1 —" in 四号半角宋体,
odd pages right and even pages left, one character in, 7 mm below the 版心.

The fixed words (签发人, 抄送, 印发, 附件) are part of the format the standard prescribes, not interface text, so they
are written as the standard writes them whatever the interface language.
"""

import datetime
import math
from collections.abc import Sequence

from . import ooxml
from .flow import Flow, border_twips, with_changes
from .measure import balanced_lines, cells, line_count
from .model import Attachment, AttachmentNote, Block, Heading, Imprint, OfficialDocument, Paragraph, Signature, Table
from .ooxml import Border, Font, ParagraphFormat

# --- The standard's measures, in twips (1/20 pt) --------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
TEXT_WIDTH, TEXT_HEIGHT = round(156 * TWIPS_PER_MM), round(225 * TWIPS_PER_MM)  # 版心
MARGIN_TOP, MARGIN_LEFT = round(37 * TWIPS_PER_MM), round(28 * TWIPS_PER_MM)
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# One line of the grid: 22 of them fill the 版心 to 18 twips. Every line of text, blank line and table row is a whole
# number of them (a table's last row gives back its borders), so a page ends where the writer counts it to end.
LINE = TEXT_HEIGHT // LINES_PER_PAGE
CELL = TEXT_WIDTH / CHARS_PER_LINE  # one character of the grid
BODY_SIZE = 32  # half-points: 三号, 16 pt
# The grid's character pitch is the default font size plus charSpace/4096 pt; rounded down so 28 always fit.
CHAR_SPACE = math.floor((CELL / 20 - BODY_SIZE / 2) * 4096)

RED = "FF0000"
# 28 characters of 16 pt are 448 pt, a little more than the 442 pt of the 版心: Word and WPS squeeze them onto the
# grid, LibreOffice gives a character wider than a grid cell two cells (14 a line). Set 98 % wide, each fits one.
GRID_SCALE = 98
ADVANCE = BODY_SIZE * 10 * GRID_SCALE / 100  # twips a body character takes
BODY = Font("仿宋_GB2312", BODY_SIZE, scale=GRID_SCALE)
HEADING_1 = Font("黑体", BODY_SIZE, scale=GRID_SCALE)
HEADING_2 = Font("楷体_GB2312", BODY_SIZE, scale=GRID_SCALE)
SIGNER_NAME = Font("楷体_GB2312", BODY_SIZE, scale=GRID_SCALE)
TITLE = Font("方正小标宋简体", 44)  # 二号
TITLE_LINE = 700  # 35 pt between the lines of a title
TABLE = Font("仿宋_GB2312", 24)  # 小四
TABLE_LINE = 300
IMPRINT = Font("仿宋_GB2312", 28)  # 四号
PAGE_NUMBER = Font("宋体", 28, latin="宋体")  # 四号半角宋体
PAGE_NUMBER_EM = 280
ORGAN_MARK_TOP = round(35 * TWIPS_PER_MM)  # from the top of the 版心 to the top of the 发文机关标志
ORGAN_MARK_MAX = 84  # half-points: 初号 at most; a long name is set smaller to stay inside the 版心
PAGE_NUMBER_BELOW_TEXT = 7  # mm, from the bottom of the 版心 to the 一字线
THICK_RULE, THIN_RULE = 8, 6  # eighths of a point: 0.35 mm and 0.25 mm, the 版记's outer and inner rules

# Tuned against LibreOffice's rendering (tests/documents/test_gbt9704_office.py measures them): where a glyph's top
# sits in an exact line, and where the footer's 一字线 sits above the footer distance.
ORGAN_MARK_LEADING = 0.07  # of the font size, above the glyphs in the organ mark's line
FOOTER_DASH_ABOVE_BOTTOM = 140  # twips from the footer paragraph's bottom to the middle of its dash
RED_RULE_SPACE = 11  # points below the 文号's line: 4 mm below the characters' bottom edge


__all__ = [
    "Attachment",
    "AttachmentNote",
    "Block",
    "Heading",
    "Imprint",
    "OfficialDocument",
    "Paragraph",
    "Signature",
    "Table",
    "chinese_date",
    "render_docx",
    "title_lines",
]


def chinese_date(day: datetime.date) -> str:
    """2023年6月30日: Arabic numerals, the year in full, no leading zeros (the standard's 成文日期 and 印发日期)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- Measuring text -------------------------------------------------------------------------------------------------


def title_lines(text: str, *, per_line: float | None = None) -> tuple[str, ...]:
    """The title in as few lines as fit, each break where the words allow, the lines as even as possible."""
    per_line = per_line if per_line is not None else TEXT_WIDTH / (TITLE.size_half_points * 10)
    return balanced_lines(text, per_line=per_line)


# --- Writing it -----------------------------------------------------------------------------------------------------


# LibreOffice computes the grid's cell in hundredths of a millimetre, a little narrower than Word's, and rounds an
# indent up to whole cells: an indent of two cells is written a hair under two of its cells.
LIBREOFFICE_CELL = CELL - 2


def _ind(*, left: float = 0, right: float = 0, first: float = 0, hanging: float = 0) -> dict:
    """Indents in grid characters, in twips for LibreOffice and in characters for Word and WPS."""
    twips = {k: math.floor(v * LIBREOFFICE_CELL) for k, v in (("l", left), ("r", right), ("f", first), ("h", hanging))}
    return {
        "left_twips": twips["l"],
        "right_twips": twips["r"],
        "first_line_twips": twips["f"],
        "hanging_twips": twips["h"],
        "left_chars": round(left * 100),
        "right_chars": round(right * 100),
        "first_line_chars": round(first * 100),
        "hanging_chars": round(hanging * 100),
    }


def _head(flow: Flow, document: OfficialDocument) -> None:
    """版头: the 发文机关标志 in red, two lines, the 文号 (and 签发人), the red rule 4 mm below, two lines."""
    size = min(ORGAN_MARK_MAX, int(TEXT_WIDTH * 0.95 / 10 / cells(document.organ_mark)) // 2 * 2)
    line = size * 10 * 5 // 4
    mark = ParagraphFormat(
        align="center",
        line_twips=line,
        before_twips=max(0, ORGAN_MARK_TOP - round(size * 10 * ORGAN_MARK_LEADING)),
        snap_to_grid=False,
    )
    flow.text(document.organ_mark, Font(TITLE.east_asia, size, color=RED), mark, lines=1)
    flow.blank(2)
    # The rule is the 文号 line's bottom border, RED_RULE_SPACE below the line's box.
    rule = Border(12, RED, RED_RULE_SPACE)
    number = document.number or document.draft_mark
    if document.signer:
        fmt = ParagraphFormat(
            **_ind(left=1, right=1), right_tab_twips=TEXT_WIDTH - math.floor(LIBREOFFICE_CELL), bottom=rule
        )
        paragraph = ooxml.paragraph(flow.container, with_changes(fmt, line_twips=LINE, snap_to_grid=False))
        ooxml.add_run(paragraph, f"{number}\t签发人：", BODY)
        ooxml.add_run(paragraph, document.signer, SIGNER_NAME)
        flow.advance(LINE)
        flow.used += border_twips(fmt)
    else:
        flow.text(number, BODY, ParagraphFormat(align="center", bottom=rule), lines=1)
    flow.blank(2)


def _title(flow: Flow, document: OfficialDocument) -> None:
    lines = document.title if isinstance(document.title, tuple) else title_lines(document.title)
    fmt = ParagraphFormat(align="center", line_twips=TITLE_LINE, snap_to_grid=False)
    for text in lines:
        flow.text(text, TITLE, fmt, lines=1)
    flow.blank()
    flow.text(f"{document.recipients}：", BODY, ParagraphFormat())


def _column_widths(table: Table) -> list[int]:
    """Twips per column: as asked, or each as wide as its longest cell, headers on one line when that fits and on
    two when it does not; a body cell (a unit's name) never wraps unless the columns cannot fit at all."""
    em = TABLE.size_half_points * 10
    padding = 2 * 57 + em  # the cell margins and half a character either side
    if table.widths:
        weights = list(table.widths)
    else:
        body = [max([0.0] + [cells(str(row[i])) for row in table.rows]) for i in range(len(table.header))]
        weights = [max(cells(h), b) * em + padding for h, b in zip(table.header, body, strict=True)]
        if sum(weights) > TEXT_WIDTH:
            weights = [max(math.ceil(cells(h) / 2), b) * em + padding for h, b in zip(table.header, body, strict=True)]
        if sum(weights) > TEXT_WIDTH:
            # Still too wide: the widest column (a long name) wraps, not every column down to a character a line.
            widest = weights.index(max(weights))
            rest = sum(weights) - weights[widest]
            if TEXT_WIDTH - rest >= 6 * em + padding:
                weights[widest] = TEXT_WIDTH - rest
    scale = TEXT_WIDTH / sum(weights)
    return [int(w * scale) for w in weights]


def _table_rows(table: Table, *, new_page: bool = False) -> tuple[list[int], tuple, list[tuple]]:
    """Column widths, the header row and the body rows (height, repeated, cell paragraphs). ``new_page`` starts
    the table on a new page, by its first paragraph (Word and LibreOffice move the whole table)."""
    widths = _column_widths(table)
    em = TABLE.size_half_points * 10

    def row(texts: Sequence[str], font: Font, header: bool) -> tuple[int, bool, list[ooxml.Cell]]:
        available = [max(1.0, (w - 2 * 57) / em) for w in widths]
        lines = max(line_count(str(t), available=a) for t, a in zip(texts, available, strict=True))
        height = LINE * math.ceil((lines * TABLE_LINE + 120) / LINE)
        fmt = ParagraphFormat(align="center", line_twips=TABLE_LINE, snap_to_grid=False)
        paragraphs = [
            (str(t), font, with_changes(fmt, page_break_before=header and new_page and i == 0))
            for i, t in enumerate(texts)
        ]
        return height, header, paragraphs

    head = row(table.header, Font(HEADING_1.east_asia, TABLE.size_half_points), True)
    body = [row(r, TABLE, False) for r in table.rows]
    if body:
        # The last row gives back what the table's borders take, so the table ends on a line of the grid.
        height, header, cells_ = body[-1]
        body[-1] = (height - TABLE_BORDERS, header, cells_)
    return widths, head, body


# LibreOffice sets the text after a table 12 twips lower than its rows' exact heights add up to (its borders), and
# with the document grid on, the text after it then starts on the next line of the grid: a line lost on the page.
TABLE_BORDERS = 12


def _table_height(table: Table) -> int:
    _, head, body = _table_rows(table)
    return head[0] + sum(r[0] for r in body) + TABLE_BORDERS


def _table(flow: Flow, table: Table) -> None:
    """A table, kept on one page when it fits on one (its heading, kept with it, moves along); a longer one runs
    on with its header row repeated."""
    height = _table_height(table)
    new_page = bool(flow.used) and flow.used + height > TEXT_HEIGHT and height <= TEXT_HEIGHT
    widths, head, body = _table_rows(table, new_page=new_page)
    if new_page:
        flow.new_page()
    ooxml.table(flow.container, widths_twips=widths, rows=[head, *body])
    flow.advance(head[0])
    for row_height, _, _ in body:
        if flow.used + row_height > TEXT_HEIGHT:
            flow.new_page()
            flow.advance(head[0])  # the header row repeats on the new page
        flow.advance(row_height)
    flow.used += TABLE_BORDERS


def _block(flow: Flow, block: Block, following: Block | None) -> None:
    match block:
        case Heading(text=text, level=level):
            font = HEADING_1 if level == 1 else HEADING_2
            # A heading goes with two lines of the paragraph after it (LibreOffice keeps it with no fewer), or with
            # a whole table that fits on a page.
            if isinstance(following, Table):
                keep = _table_height(following)
                keep = keep if keep <= TEXT_HEIGHT - 2 * LINE else 2 * LINE
            else:
                keep = min(2, _closing_height(following) // LINE or 1) * LINE
            flow.text(text, font, ParagraphFormat(**_ind(first=2), keep_next=True), keep_with=keep)
        case Paragraph(text=text):
            flow.text(text, BODY, ParagraphFormat(**_ind(first=2)))
        case Table():
            _table(flow, block)
        case AttachmentNote(names=names):
            # 附件：1.… and each further name under the first one's first character, a line below the text (but not
            # at the top of a page).
            if not flow.break_before_next:
                flow.blank()
            numbered = len(names) > 1
            for i, name in enumerate(names, start=1):
                label = f"{i}." if numbered else ""
                if i == 1:
                    fmt = ParagraphFormat(**_ind(left=5, hanging=3))
                    flow.text(f"附件：{label}{name}", BODY, fmt)
                else:
                    flow.text(f"{label}{name}", BODY, ParagraphFormat(**_ind(left=5)))


def _closing_height(block: Block) -> int:
    """The height of a paragraph or attachment note that closes the text (0 for anything else)."""
    match block:
        case Paragraph(text=text):
            return line_count(text, available=TEXT_WIDTH / ADVANCE, first=2) * LINE
        case AttachmentNote(names=names):
            available = TEXT_WIDTH / ADVANCE - 5
            return (1 + sum(line_count(f"附件：{n}", available=available, first=-3) for n in names)) * LINE
    return 0


SIGNATURE_HEIGHT = 3 * LINE  # a blank line, the 署名, the date


def _signature(flow: Flow, signature: Signature) -> None:
    """落款: the 署名 右空二字 one line below the text, the 成文日期 under it 右空四字."""
    flow.text("", BODY, ParagraphFormat(keep_next=True), lines=1)
    flow.text(signature.organ, BODY, ParagraphFormat(align="right", **_ind(right=2), keep_next=True))
    flow.text(chinese_date(signature.date), BODY, ParagraphFormat(align="right", **_ind(right=4)))


def _imprint_lines(imprint: Imprint) -> int:
    em = IMPRINT.size_half_points * 10
    if not imprint.copied_to:
        return 0
    return line_count(f"抄送：{imprint.copied_to}", available=(TEXT_WIDTH - 5 * em) / em, first=-3)


def _imprint_height(imprint: Imprint) -> int:
    rules = (2 * THICK_RULE + (THIN_RULE if imprint.copied_to else 0)) * 20 // 8
    return (_imprint_lines(imprint) + 1) * LINE + rules


def _imprint_paragraphs(container, imprint: Imprint) -> None:
    """版记 at the bottom of the 版心: 抄送, then 印发机关 左空一字 and 印发日期 右空一字, between rules.

    Each line is a frame of its own, placed by its distance from the top of the 版心: LibreOffice makes one frame
    of consecutive framed paragraphs only when their borders are the same, and the rule under 抄送 is thinner.
    The frames let text run through them: the writer has left the room already, and a frame pushing text away would
    push the last lines of an earlier page on while LibreOffice is still laying the pages out.
    """
    em = IMPRINT.size_half_points * 10
    thick, thin = Border(THICK_RULE), Border(THIN_RULE)

    def framed(y: int, **fmt) -> ParagraphFormat:
        frame = ooxml.frame_attrs(w=TEXT_WIDTH, wrap="through", vAnchor="margin", hAnchor="margin", x=0, y=y)
        return ParagraphFormat(line_twips=LINE, snap_to_grid=False, frame=frame, right_twips=em, align="left", **fmt)

    printed_height = LINE + (2 if not imprint.copied_to else 1) * THICK_RULE * 20 // 8
    printed_y = TEXT_HEIGHT - printed_height
    if imprint.copied_to:
        # A 抄送 running onto a second line starts under the first name, after the colon.
        height = _imprint_lines(imprint) * LINE + (THICK_RULE + THIN_RULE) * 20 // 8
        fmt = framed(printed_y - height, left_twips=4 * em, hanging_twips=3 * em, top=thick, bottom=thin)
        ooxml.add_run(ooxml.paragraph(container, fmt), f"抄送：{imprint.copied_to}", IMPRINT)
    fmt = framed(
        printed_y,
        left_twips=em,
        right_tab_twips=TEXT_WIDTH - em,
        top=None if imprint.copied_to else thick,
        bottom=thick,
    )
    text = f"{imprint.printed_by}\t{chinese_date(imprint.printed_on)}印发"
    ooxml.add_run(ooxml.paragraph(container, fmt), text, IMPRINT)


def _footer(paragraph, *, odd: bool) -> None:
    """— N —, one character in from the right on odd pages and from the left on even ones."""
    side = {"right_twips": PAGE_NUMBER_EM} if odd else {"left_twips": PAGE_NUMBER_EM}
    fmt = ParagraphFormat(align="right" if odd else "left", line_twips=PAGE_NUMBER_EM, snap_to_grid=False, **side)
    ooxml.format_paragraph(paragraph, fmt)
    ooxml.add_run(paragraph, "— ", PAGE_NUMBER)
    ooxml.add_page_field(paragraph, PAGE_NUMBER)
    ooxml.add_run(paragraph, " —", PAGE_NUMBER)


def _attachment(flow: Flow, attachment: Attachment, label: str) -> None:
    """附件 on a new page: "附件1" in 黑体 顶格 on the first line, the title centred on the third, then its text."""
    flow.break_before_next = True
    flow.text(label, HEADING_1, ParagraphFormat())
    flow.blank()
    fmt = ParagraphFormat(align="center", line_twips=TITLE_LINE, snap_to_grid=False)
    for text in title_lines(attachment.title):
        flow.text(text, TITLE, fmt, lines=1)
    flow.blank()
    for block, following in zip(attachment.body, (*attachment.body[1:], None), strict=True):
        _block(flow, block, following)


def render_docx(document: OfficialDocument) -> bytes:
    """The document as .docx bytes; the same document always gives the same bytes."""
    footer_distance = MARGIN_BOTTOM - round(PAGE_NUMBER_BELOW_TEXT * TWIPS_PER_MM) - FOOTER_DASH_ABOVE_BOTTOM
    section = ooxml.Section(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        top=MARGIN_TOP,
        bottom=MARGIN_BOTTOM,
        left=MARGIN_LEFT,
        right=MARGIN_RIGHT,
        footer=footer_distance,
        line_pitch=LINE,
        char_space=CHAR_SPACE,
    )
    title = "".join(document.title) if isinstance(document.title, tuple) else document.title
    docx_document = ooxml.new_document(
        section=section, default_font=BODY, title=title, author=document.signature.organ, date=document.signature.date
    )
    odd, even = ooxml.footers(docx_document)
    _footer(odd, odd=True)
    _footer(even, odd=False)
    flow = Flow(docx_document, width=TEXT_WIDTH, height=TEXT_HEIGHT, line=LINE, advance=ADVANCE)
    _head(flow, document)
    _title(flow, document)
    for block, following in zip(document.body, (*document.body[1:], None), strict=True):
        if following is None:
            # The 落款 never stands alone on a page: when it would not fit under the text, the closing paragraph
            # goes over with it.
            closing = _closing_height(block)
            if closing and flow.used + closing + SIGNATURE_HEIGHT > TEXT_HEIGHT >= closing + SIGNATURE_HEIGHT:
                flow.break_before_next = True
        _block(flow, block, following)
    _signature(flow, document.signature)
    numbered = len(document.attachments) > 1
    for i, attachment in enumerate(document.attachments, start=1):
        _attachment(flow, attachment, f"附件{i}" if numbered else "附件")

    # The 版记 goes at the foot of an even page: this one if it is even and the 版记 fits under the text (with a
    # line to spare, in case an office suite sets a line differently), else the next even page.
    fits = flow.used + _imprint_height(document.imprint) + LINE <= TEXT_HEIGHT
    breaks = 0 if flow.page % 2 == 0 and fits else (1 if flow.page % 2 else 2)
    marker = ParagraphFormat(line_twips=20, snap_to_grid=False)
    for _ in range(breaks):
        ooxml.paragraph(flow.container, with_changes(marker, page_break_before=True))
    _imprint_paragraphs(flow.container, document.imprint)
    ooxml.paragraph(flow.container, marker)  # the frame's anchor
    return ooxml.to_bytes(docx_document)
