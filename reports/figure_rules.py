"""What a figure may be: the one set of rules the return form, the Excel import and the services all apply.

- no larger than the column holds on both databases, with at most two decimals;
- a count (people, posts, events, firms, cases …) is a whole number;
- a ratio has both parts or neither, a denominator above zero and a numerator not above it;
- what is typed as a number is written with digits people type: ASCII or full-width 0–9 (no ², ٣ or 1_000, which
  Python would read as 2, 3 and 1000);
- a figure far outside the unit's own history needs a confirming comment (DHIS2 calls this an outlier check):
  a flow above three times the unit's largest earlier month, a stock below half of last month's level.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from actions.models import format_quantity

from .models import MAX_FIGURE
from .selectors import IndicatorHistory

DECIMAL_PLACES = 2
# Units of measure that count things: a figure in one of them is a whole number (12.5 people is a slip).
COUNT_UNITS = frozenset("人 个 场 家 户 次 件 笔 人次 户次 名 所 项 期 处 批 座 间 套".split())
FLOW_OUTLIER_FACTOR = Decimal(3)
STOCK_DROP_SHARE = Decimal("0.5")


@dataclass(frozen=True)
class FigureProblem:
    """One broken rule: which part of the figure (value, numerator, denominator, comment), why, and a code."""

    part: str
    message: str
    code: str


FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")


def typed_number_problem(text: str) -> str | None:
    """Why ``text``, as typed into a form or a cell, is not a number a person means, or None.

    Only ASCII and full-width digits are digits here; any other character Unicode counts as a number (², ½, ٣, ①)
    and the underscore Python allows inside numbers are refused, so that nothing is read as other than it looks.
    The separators and units the form and the import accept are theirs to strip.
    """
    for char in text:
        if char == "_" or (
            not char.isascii() and char not in FULL_WIDTH_DIGITS and unicodedata.category(char).startswith("N")
        ):
            return _("“%(value)s” is not a number: use the digits 0–9 (full-width ones too), such as 1200 or 35.5.") % {
                "value": text
            }
    return None


def is_count(indicator) -> bool:
    """Whether the indicator counts things, so that its figures are whole numbers."""
    return (indicator.unit or "").strip() in COUNT_UNITS


def number_problem(number: Decimal | None, *, whole: bool = False) -> tuple[str, str] | None:
    """What is wrong with one number on its own, as ``(code, message)``, or None."""
    if number is None:
        return None
    if not number.is_finite():
        return "invalid", _("Enter a number, such as 1200 or 35.5.")
    if number < 0:
        return "negative", _("Figures cannot be negative.")
    if number > MAX_FIGURE:
        return "too_large", _("This number is too large: figures go up to %(max)s.") % {
            "max": format_quantity(MAX_FIGURE)
        }
    if number != number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
        return "decimals", _("Use at most %(max)s decimal places.") % {"max": DECIMAL_PLACES}
    if whole and number != number.to_integral_value():
        return "whole", _("This indicator counts things: enter a whole number.")
    return None


def figure_problems(*, indicator, value=None, numerator=None, denominator=None, comment: str = "", history=None):
    """Every rule a figure breaks, as a list of :class:`FigureProblem` (empty when the figure is fine).

    ``history`` is the unit's :class:`~reports.selectors.IndicatorHistory` for the indicator before this month;
    without it the outlier check is skipped (the services check what holds whatever the history).
    """
    problems: list[FigureProblem] = []
    whole = is_count(indicator) and not indicator.is_ratio
    for part, number in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        found = None if number is None else number_problem(number, whole=whole and part == "value")
        if found:
            problems.append(FigureProblem(part, found[1], found[0]))
    if problems:
        return problems
    if indicator.is_ratio:
        if (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            problems.append(
                FigureProblem(missing, _("Enter both the numerator and the denominator, or neither."), "ratio_part")
            )
        elif denominator is not None and denominator == 0:
            problems.append(FigureProblem("denominator", _("The denominator must be above zero."), "denominator"))
        elif numerator is not None and numerator > denominator:
            problems.append(
                FigureProblem("numerator", _("The numerator cannot be above the denominator."), "numerator")
            )
        return problems
    outlier = _outlier_message(indicator, value, history)
    if outlier and not (comment or "").strip():
        problems.append(FigureProblem("value", outlier, "outlier"))
        problems.append(FigureProblem("comment", _("A comment is needed to confirm this figure."), "outlier"))
    return problems


def outlier_message(indicator, value: Decimal | None, history: IndicatorHistory | None) -> str | None:
    """Why the figure is far outside the unit's history, or None: what the review page flags, comment or not."""
    return _outlier_message(indicator, value, history)


def _outlier_message(indicator, value: Decimal | None, history: IndicatorHistory | None) -> str | None:
    if value is None or history is None:
        return None
    if indicator.kind == "flow" and history.max_month and value > history.max_month * FLOW_OUTLIER_FACTOR:
        return _(
            "%(value)s is more than three times this unit's largest earlier month (%(peak)s). "
            "If it is right, say why in the comment."
        ) % {"value": format_quantity(value), "peak": format_quantity(history.max_month)}
    if indicator.kind == "stock" and history.previous and value < history.previous * STOCK_DROP_SHARE:
        return _(
            "%(value)s is less than half of last month's %(previous)s. If it is right, say why in the comment."
        ) % {
            "value": format_quantity(value),
            "previous": format_quantity(history.previous),
        }
    return None
