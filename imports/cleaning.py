"""Read what people really type into a cell: full-width digits, thousands separators, numbers as text,
surrounding spaces, percent strings, months as 2023-06, 2023年6月 or an Excel date, units by code or name.

Each function returns the clean value or raises ``CellProblem`` with a message for the person who typed it.
"""

import datetime
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from reports.figure_rules import typed_number_problem
from reports.models import MAX_FIGURE
from weihai_newcitizen.spreadsheets import FORMULA_PREFIXES

from .reading import UNCOMPUTED

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
CENT = Decimal("0.01")


class CellProblem(Exception):
    """A cell that cannot be read; the message says what is wrong in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _text_unescaped(value) -> str:
    if value is None or value is UNCOMPUTED:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _apostrophe_drop(text: str) -> str:
    # Our exports put an apostrophe before =, +, -, @ to stop spreadsheets running the cell.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def text_clean(value) -> str:
    """A cell read as a code, a number, a month or a header: NFKC-normalised (full-width letters and digits become
    ASCII), spaces trimmed. Never for what people wrote in words: see :func:`text_keep`."""
    if isinstance(value, str) and value.isascii():
        # NFKC leaves ASCII as it is, and none of the extra spaces stripped below is ASCII: most cells of a file
        # (codes, numbers as text) are read once per check, twice per import.
        return _apostrophe_drop(value.strip())
    text = unicodedata.normalize("NFKC", _text_unescaped(value)).strip()
    text = text.strip("\u00a0\u3000\ufeff\u200b").strip()
    return _apostrophe_drop(text)


def text_keep(value) -> str:
    """A note or a comment as typed: Chinese punctuation and full-width characters kept, only the spaces around it
    trimmed (as the form trims them), and the apostrophe our exports put before a formula-like text removed."""
    return _apostrophe_drop(_text_unescaped(value).strip())


def is_blank(value) -> bool:
    if value is None:
        return True
    if value.__class__ is str and value.isascii():  # the usual cell: text_clean would only strip it
        return not value.strip()
    if isinstance(value, int | float | Decimal):  # a number is never blank (0 included)
        return False
    return value is not UNCOMPUTED and text_clean(value) == ""


_ANNOTATION = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_LEADING_BRACKETS = re.compile(r"^[(（\[【]([^)）\]】]*)[)）\]】]")


def header_key(value) -> str:
    """A header cell reduced to what matters for recognising it: no annotation in brackets (本月数值（12月）,
    分子（人）), no spaces, stars, colons or %; a header itself in brackets (【指标代码】, （举措编号）) is unwrapped."""
    return _remembered(_header_key, value)


# Every sheet of a file repeats the same headers and labels above its table: each distinct one is reduced once.
@functools.lru_cache(maxsize=4096, typed=True)
def _header_key(value) -> str:
    text = text_clean(value).lower()
    # A header written wholly in brackets (【指标代码】, （举措编号）) is the header itself, not an annotation on one.
    text = _ANNOTATION.sub("", _LEADING_BRACKETS.sub(r"\1", text))
    return re.sub(r"[\s*()（）%％:：\[\]【】]", "", text)


def number_parse(value, *, number_format: str = "General", unit: str = "") -> tuple[Decimal | None, bool]:
    """A cell as a non-negative number with at most two decimals, and whether it was written as a percentage.

    Blank gives ``(None, False)``. ``unit`` is the indicator's unit of measure: "120人" is read as 120 when the
    indicator counts 人.
    """
    if value is UNCOMPUTED:
        raise CellProblem(
            _(
                "the cell holds a formula without a calculated value; open the file in Excel or WPS, "
                "save it, and upload it again (or type the number)"
            )
        )
    if value is None:
        return None, False
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise CellProblem(_("“%(value)s” is not a number") % {"value": value})
    percent = False
    if value.__class__ is int and 0 <= value <= MAX_FIGURE and "%" not in (number_format or ""):
        # A whole number, as most figures are read: what the general path below gives it, without the rounding.
        return Decimal(value).normalize(), False
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if "%" in (number_format or ""):
            number, percent = number * 100, True
    else:
        text = text_clean(value)
        if not text:
            return None, False
        raw = text
        problem = typed_number_problem(text_keep(value))
        if problem:
            raise CellProblem(problem)
        text = _SPACES.sub("", text).replace("\u2212", "-").replace("'", "")
        if unit and unit != "%" and text.endswith(unit):
            text = text[: -len(unit)]
        if text.endswith("%"):
            text, percent = text[:-1], True
        if re.fullmatch(r"\(\d[\d,]*(\.\d+)?\)", text):  # accountants' (123) is a negative number
            text = "-" + text[1:-1]
        if not re.fullmatch(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[-+]?\.\d+", text):
            raise CellProblem(_("“%(value)s” is not a number") % {"value": raw})
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellProblem(_("“%(value)s” is not a number") % {"value": raw}) from None
    if not number.is_finite():
        raise CellProblem(_("“%(value)s” is not a number") % {"value": value})
    if number < 0:
        raise CellProblem(_("figures cannot be negative (“%(value)s”)") % {"value": value})
    rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    # Excel stores 0.1 + 0.2 as 0.30000000000000004: a difference that small is arithmetic noise, not data.
    if abs(rounded - number) > Decimal("0.000001"):
        raise CellProblem(_("“%(value)s” has more than two decimals") % {"value": value})
    if rounded > MAX_FIGURE:
        raise CellProblem(
            _("“%(value)s” is too large: figures go up to %(max)s") % {"value": value, "max": format(MAX_FIGURE, ",f")}
        )
    return rounded.normalize() if rounded == rounded.to_integral_value() else rounded, percent


_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:[-/._年]\s*(\d{1,2})|(\d{2}))\s*(?:月份?|月)?(?:[-/.]\s*\d{1,2}\s*日?)?")
_MONTH_ONLY = re.compile(r"(\d{1,2})\s*(?:月份?)?")


def month_parse(value) -> tuple[int | None, int]:
    """A month as ``(year, month)``; the year is None when only the month was written (6, 6月).

    Accepts 2023-06, 2023/6, 2023.6, 202306, 2023年6月, 2023-06-01, an Excel date, or an Excel date serial number.
    """
    if value is UNCOMPUTED:
        raise CellProblem(_("the month is a formula without a calculated value"))
    found = month_read(value)
    if found is None:
        raise CellProblem(
            _("“%(value)s” is not a month; write it as 2023-06 or 2023年6月") % {"value": text_clean(value)}
        )
    return found


def month_read(value) -> tuple[int | None, int] | None:
    """:func:`month_parse` without the message: None when ``value`` is not a month (a formula's missing value
    included). For scanning a whole file, where most cells are not months."""
    return _remembered(_month_read, value)


_SHORT = 64


def _remembered(cached, value):
    """``cached(value)``, remembered only for a short, hashable value: a cell may hold 32,767 characters, and a
    process-wide memory of such values would grow with every file uploaded."""
    # A Decimal is never remembered either: 1.2 and 1.20 are equal, and of one type, but read differently.
    if (isinstance(value, str) and len(value) > _SHORT) or isinstance(value, Decimal):
        return cached.__wrapped__(value)
    try:
        return cached(value)
    except TypeError:  # unhashable
        return cached.__wrapped__(value)


# A file names the same few months on every row (a month block above the table, a month column): each distinct
# value is read once. Typed, so that True is never taken for the 1 it equals.
@functools.lru_cache(maxsize=1024, typed=True)
def _month_read(value) -> tuple[int | None, int] | None:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.year, value.month
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= 12:
            return None, int(value)
        if 20000 < value < 80000:  # an Excel date serial that lost its date format
            day = _EXCEL_EPOCH + datetime.timedelta(days=float(value))
            return day.year, day.month
    text = _SPACES.sub("", text_clean(value))
    match = _YEAR_MONTH.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
        if 1 <= month <= 12:
            return year, month
    match = _MONTH_ONLY.fullmatch(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return None, int(match.group(1))
    return None


def measure_code_parse(value) -> tuple[int, int] | None:
    """A measure's number as ``(action, measure)`` from 1.2, 1-2 or 1．2; None when it is not one."""
    return _remembered(_measure_code_parse, value)


# A province's file names the same 22 measures in every unit's sheet: each distinct value is read once.
@functools.lru_cache(maxsize=1024, typed=True)
def _measure_code_parse(value) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{1,2})\s*[.\-_、．]\s*(\d{1,2})", text_clean(value))
    return (int(match.group(1)), int(match.group(2))) if match else None


def lookup_key(value) -> str:
    """A unit or indicator name or code reduced for matching: NFKC, no spaces, upper case."""
    return _remembered(_lookup_key, value)


# Every row of a sheet names the same unit and a handful of codes: each distinct value is reduced once.
@functools.lru_cache(maxsize=32768, typed=True)
def _lookup_key(value) -> str:
    return _SPACES.sub("", text_clean(value)).upper()
