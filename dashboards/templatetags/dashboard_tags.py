from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from actions.models import Target, describe_target, format_quantity, format_rate

from ..rules import HUNDRED, Status, about_tolerance, display

register = template.Library()


def _one_decimal(value) -> Decimal:
    # number_format cuts digits off; round half up first, once, so 0.75 reads 0.8 as the rules say.
    return display(Decimal(str(value)))


@register.filter
def pct(value) -> str:
    """A percentage with one decimal (rounded half up), or a dash."""
    if value is None:
        return "—"
    return f"{number_format(_one_decimal(value), decimal_pos=1, force_grouping=True)}%"


@register.filter
def points(value) -> str:
    """A gap in points, signed, rounded half up: +3.0 / −12.5 / +0.8 for 0.75."""
    if value is None:
        return "—"
    shown = _one_decimal(value)
    sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
    return f"{sign}{number_format(abs(shown), decimal_pos=1)}"


@register.filter
def as_entered(value) -> str:
    """A figure with the decimals it was entered with (654.99 stays 654.99, 655.00 reads 655), thousands grouped."""
    if value in (None, ""):
        return "—"
    value = Decimal(str(value))
    places = max(0, -value.normalize().as_tuple().exponent) if value != value.to_integral_value() else 0
    return number_format(value, decimal_pos=places, force_grouping=True)


@register.simple_tag
def row_target_text(row, node) -> str:
    """The target beside a figure: the plan's for the city, the unit's own share (任务分解) on a unit's page."""
    target = row.target
    if target is None:
        return "—"
    if node is None or target.scope == Target.Scope.PER_DISTRICT or target.comparator == Target.Comparator.FULL:
        return describe_target(target)
    own = row.total.target
    if own is None:
        return gettext("no share allocated to this unit")
    unit = row.indicator.unit
    if target.comparator == Target.Comparator.INCREASE:
        return gettext("increase over the baseline") + gettext(" (baseline %(value)s)") % {
            "value": format_quantity(own, unit)
        }
    if target.comparator == Target.Comparator.ABOUT:
        return gettext("about %(value)s") % {"value": format_quantity(own, unit)}
    return gettext("at least %(value)s") % {"value": format_quantity(own, unit)}


@register.simple_tag
def units_reaching(cell) -> str:
    """A per-district target's group row: "6 of 8 units reach it" rather than a sum of levels."""
    return gettext("%(met)s of %(units)s units reach it") % {"met": cell.units_met, "units": cell.units_judged}


@register.simple_tag
def cell_value(cell, indicator) -> str:
    """A year-to-date figure in the indicator's unit; a rate for ratios, from its exact parts."""
    if indicator.is_ratio:
        return format_rate(cell.totals.numerator, cell.totals.denominator)
    return format_quantity(cell.value, indicator.unit)


@register.simple_tag
def cell_target(cell, indicator) -> str:
    return format_quantity(cell.target, indicator.unit) if cell.target is not None else "—"


@register.simple_tag
def status_note(target, cell) -> str:
    """Why the same completion is met under one target and not under another: 左右 is met at 95 % of it (the
    tolerance from settings), 以上 only at the whole of it. Empty where the status says it plainly."""
    if target is None or cell.exact_completion is None or cell.met is None:
        return ""
    share = f"{number_format(display(about_tolerance() * HUNDRED, Decimal(1)), decimal_pos=0)}%"
    if target.comparator == Target.Comparator.ABOUT and cell.met and cell.exact_completion < HUNDRED:
        return gettext("about (左右): met from %(share)s of the target") % {"share": share}
    if (
        target.comparator == Target.Comparator.AT_LEAST
        and not cell.reaches
        and cell.exact_completion >= about_tolerance() * HUNDRED
    ):
        return gettext("at least (以上): met only at the whole target")
    return ""


@register.filter
def status_label(status) -> str:
    return Status(status).label if status else ""


@register.simple_tag
def qs(selection, **changes) -> str:
    """The selection's query string with ``changes`` (for links between the dashboard pages)."""
    return selection.query(**changes)
