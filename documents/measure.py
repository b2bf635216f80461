"""How wide a piece of Chinese text is and how many lines it takes, as Word, WPS and LibreOffice set it; where a
title may break. Widths are in characters of the body font: a Chinese character or full-width mark is one."""

import re

_NARROW = {".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, " ": 0.25, "%": 0.84, "(": 0.34, ")": 0.34, "-": 0.34}


def cells(text: str) -> float:
    """Width in characters of the grid: a Chinese character or full-width mark is one, a digit half, as Times sets
    them (a Latin letter counted as a digit)."""
    return sum(_NARROW.get(ch, 0.5) if ord(ch) < 0x2000 else 1.0 for ch in text)


_HANGING = "，。、；：！？”’）》"  # may hang past the right edge, never start a line
AUTOSPACE = 0.25


def line_count(text: str, *, available: float, first: float = 0.0) -> int:
    """How many lines ``text`` takes, ``available`` characters wide, the first line ``first`` characters in (less
    than zero: hanging). A run of digits and Latin letters is one word and goes over whole; a closing mark at the
    end of a full line hangs past the edge, as LibreOffice and Word set Chinese."""
    lines, x = 1, first
    tokens = re.findall(r"[\x00-\u1fff]+|.", text)
    for i, token in enumerate(tokens):
        width = cells(token)
        if token.isascii():
            # Word and LibreOffice set a quarter of a character between Chinese and a run of digits or letters.
            width += AUTOSPACE * sum(1 for j in (i - 1, i + 1) if 0 <= j < len(tokens) and not tokens[j].isascii())
        if x + width <= available + 1e-6 or (token in _HANGING and x <= available + 1e-6):
            x += width
        else:
            lines, x = lines + 1, width
    return lines


# Places a title may break: after 关于, after a date (年, 月 following a digit), after a pause mark, and before the
# words a title is built of, so no word is cut in two (词意完整).
_BREAK_BEFORE = ("的", "工作", "进展", "情况", "通报", "通知", "报告", "意见", "方案", "办法", "决定", "请示", "批复")
_BREAK_AFTER_MARKS = "、，；》）”"


def title_break_points(text: str) -> list[int]:
    points = set()
    if text.startswith("关于"):
        points.add(2)
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if before in _BREAK_AFTER_MARKS:
            points.add(i)
        if before in "年月" and i >= 2 and text[i - 2].isdigit() and not here.isdigit():
            points.add(i)
        if any(text.startswith(word, i) for word in _BREAK_BEFORE):
            points.add(i)
    # Never inside a number or between a number and what it counts.
    return sorted(p for p in points if not (text[p - 1].isdigit() and text[p].isascii()))


def _set_width(text: str) -> float:
    """The width a line takes as the suites set it: its characters and the quarter character they put between
    Chinese and each run of digits or letters (2023年1—6月 is wider than its characters)."""
    tokens = re.findall(r"[\x00-\u1fff]+|.", text)
    runs = sum(
        1
        for i, token in enumerate(tokens)
        if token.isascii()
        for j in (i - 1, i + 1)
        if 0 <= j < len(tokens) and not tokens[j].isascii()
    )
    return cells(text) + AUTOSPACE * runs


def balanced_lines(text: str, *, per_line: float) -> tuple[str, ...]:
    """``text`` in as few lines of ``per_line`` characters as fit, each break where the words allow (a title's
    breaks), the lines as even as possible."""
    if _set_width(text) <= per_line:
        return (text,)
    best = None
    for point in title_break_points(text):
        head, tail = text[:point], text[point:]
        if _set_width(head) > per_line:
            continue
        rest = balanced_lines(tail, per_line=per_line)
        lines = (head, *rest)
        score = (len(lines), max(cells(x) for x in lines) - min(cells(x) for x in lines))
        if best is None or score < best[0]:
            best = (score, lines)
    if best is not None:
        return best[1]
    cut = 1  # no allowed break fits: cut at the width, as a last resort
    while cut < len(text) and _set_width(text[: cut + 1]) <= per_line:
        cut += 1
    return (text[:cut], *balanced_lines(text[cut:], per_line=per_line))
