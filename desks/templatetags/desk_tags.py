from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rank_arrow(change) -> str:
    """↑2 moved up two places, ↓1 down one, — unchanged; a dash when there is nothing to compare with."""
    if change is None or change == 0:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


@register.filter
def signed(value) -> str:
    """A change in a figure, with its sign and separators: +1,200 / −35.5."""
    if value is None:
        return "—"
    value = Decimal(value).normalize()
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    places = max(0, -value.as_tuple().exponent)
    return f"{sign}{number_format(abs(value), decimal_pos=places, force_grouping=True)}"
