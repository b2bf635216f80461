from decimal import Decimal

from django import template
from django.utils.formats import number_format

from actions.models import format_quantity

from ..rollup import Status

register = template.Library()


@register.filter
def pct(value) -> str:
    """A percentage with one decimal, or a dash."""
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=1, force_grouping=True)}%"


@register.filter
def points(value) -> str:
    """A gap in points, signed: +3.0 / −12.5."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number_format(abs(Decimal(value)), decimal_pos=1)}"


@register.simple_tag
def cell_value(cell, indicator) -> str:
    """A year-to-date figure in the indicator's unit; a rate for ratios."""
    return format_quantity(cell.value, indicator.unit)


@register.simple_tag
def cell_target(cell, indicator) -> str:
    return format_quantity(cell.target, indicator.unit) if cell.target is not None else "—"


@register.filter
def status_label(status) -> str:
    return Status(status).label if status else ""


@register.simple_tag
def qs(selection, **changes) -> str:
    """The selection's query string with ``changes`` (for links between the dashboard pages)."""
    return selection.query(**changes)
