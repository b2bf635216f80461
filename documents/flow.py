"""The body as it is written: its paragraphs, and the page and height it has got to, so the writer knows where the text
ends before an office suite opens the file (that decides where the 版记 goes).

Every line has an exact height and the text's width is measured as the suites set it (``measure``), so counting lines
is laying the pages out.
"""

from dataclasses import replace

from . import ooxml
from .measure import line_count
from .ooxml import Font, ParagraphFormat


def with_changes(fmt: ParagraphFormat, **changes) -> ParagraphFormat:
    return replace(fmt, **changes)


def border_twips(fmt: ParagraphFormat) -> int:
    """The height a paragraph's top and bottom borders add to it."""
    return sum(b.space_points * 20 + b.size_eighth_points * 20 // 8 for b in (fmt.top, fmt.bottom) if b)


class Flow:
    def __init__(self, container, *, width: int, height: int, line: int, advance: float) -> None:
        self.width, self.height, self.line, self.advance_twips = width, height, line, advance
        self.container = container  # python-docx's Document: paragraphs and tables go at its end, in order
        self.page, self.used = 1, 0
        self.break_before_next = False  # set to start the next paragraph on a new page

    def advance(self, height: int) -> None:
        if self.used and self.used + height > self.height:
            self.page, self.used = self.page + 1, 0
        self.used += height

    def new_page(self) -> None:
        self.page, self.used = self.page + 1, 0

    def text(
        self, text: str, font: Font, fmt: ParagraphFormat, *, lines: int | None = None, keep_with: int | None = None
    ) -> None:
        """A paragraph; one kept with the next keeps ``keep_with`` twips of it (a line by default, or a table).

        Every line is one line of the grid by its exact height, and 28 characters by their width, without snapping
        to the grid's cells: LibreOffice widens each run of digits to whole cells, leaving a gap after every number
        ("6 月", "58.3%  ，").
        """
        keep_with = self.line if keep_with is None else keep_with
        fmt = with_changes(fmt, line_twips=fmt.line_twips or self.line, snap_to_grid=False)
        if lines is None:
            available = (self.width - fmt.left_twips - fmt.right_twips) / self.advance_twips
            first = (fmt.first_line_twips - fmt.hanging_twips) / self.advance_twips
            lines = line_count(text, available=available, first=first)
        overflows = fmt.keep_next and self.used + lines * fmt.line_twips + keep_with > self.height
        if self.break_before_next or overflows:
            self.new_page()
            fmt = with_changes(fmt, page_break_before=True)
            self.break_before_next = False
        paragraph = ooxml.paragraph(self.container, fmt)
        if text:
            ooxml.add_run(paragraph, text, font)
        for i in range(lines):
            self.advance(fmt.line_twips + (fmt.before_twips if i == 0 else 0))
        self.used += border_twips(fmt)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.text("", Font("", 0), ParagraphFormat(), lines=1)
