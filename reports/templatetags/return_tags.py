from decimal import Decimal

from django import template

from actions.models import format_quantity

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def figure_text(figure, indicator) -> str:
    """A reported figure as read on the page: the value with its unit, or for a ratio n / d = rate."""
    if figure is None:
        return "—"
    if indicator.is_ratio:
        if figure.numerator is None or figure.denominator is None:
            return "—"
        rate = figure.rate
        rate_text = format_quantity(rate.quantize(Decimal("0.1")), "%") if rate is not None else "—"
        return f"{format_quantity(figure.numerator)} / {format_quantity(figure.denominator)} = {rate_text}"
    return format_quantity(figure.value, indicator.unit)


@register.simple_tag
def context_text(history, figure, indicator) -> str:
    """Beside a figure: the year-to-date for a flow, last month's level for a stock."""
    if indicator.kind == "flow":
        before = history.ytd_before if history and history.ytd_before is not None else Decimal(0)
        this = figure.value if figure is not None and figure.value is not None else Decimal(0)
        return format_quantity(before + this, indicator.unit)
    if indicator.kind == "stock":
        return format_quantity(history.previous, indicator.unit) if history and history.previous is not None else "—"
    return ""
