from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext

from actions.models import Target, describe_target, format_quantity, format_rate

from .. import counted as counting
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
    """A gap in points, signed, rounded half up: +3.0 / −12.5 / +0.8 for 0.75; no gap reads 0.0, unsigned."""
    if value is None:
        return "—"
    shown = _one_decimal(value)
    sign = "+" if shown > 0 else ("\u2212" if shown < 0 else "")
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


@register.simple_tag
def counted_line(counted) -> str:
    """纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报."""
    return counting.counted_line(counted)


@register.simple_tag
def counted_missing(counted) -> str:
    return counting.missing_text(counted)


@register.simple_tag
def month_mark(cell, indicator, month) -> str:
    """A unit's figure not of the chosen month says so: "10月" beside a level, "截至10月" beside a flow, "未报"."""
    if cell is None:
        return ""
    mark = counting.month_mark(figure_month=cell.month, month=month, kind=indicator.kind)
    return format_html('<small class="as-of" data-field="as-of">{}</small>', mark) if mark else ""


@register.simple_tag
def indicator_counted(row, rollup) -> str:
    """Under a group's figure, when not every unit's figure is of the month: "12月数据：8个区市中5个"."""
    total = len(rollup.units)
    if row.counted_units >= total:
        return ""
    text = gettext("month %(month)s figures from %(counted)s of %(total)s units") % {
        "month": rollup.month,
        "counted": row.counted_units,
        "total": total,
    }
    return format_html('<small class="counted-units" data-field="indicator-counted">{}</small>', text)


@register.simple_tag
def unit_state(counted, unit) -> str:
    """On a unit's part of a page, when its return of the month is not counted: "12月未纳入统计：待审核"."""
    if counted is None or counted.is_counted(unit):
        return ""
    state = counted.states.get(unit.pk)
    return gettext("Month %(month)s not counted: %(state)s") % {
        "month": counted.month,
        "state": counting.UnitState(state).label,
    }
