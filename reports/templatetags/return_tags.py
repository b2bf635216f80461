from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import format_quantity, format_rate

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
        rate_text = format_rate(figure.numerator, figure.denominator)
        return f"{format_quantity(figure.numerator)} / {format_quantity(figure.denominator)} = {rate_text}"
    return format_quantity(figure.value, indicator.unit)


@register.simple_tag
def context_text(history, indicator) -> str:
    """Beside a figure, in the same words on the form and the return page: 本年累计（不含本月） for a flow, the
    unit's year to date before this month; 上月 for a stock, its latest earlier level."""
    if indicator.kind == "flow":
        before = history.ytd_before if history and history.ytd_before is not None else Decimal(0)
        return f"{_('year to date before this month')}：{format_quantity(before, indicator.unit)}"
    if indicator.kind == "stock":
        level = history.previous if history and history.previous is not None else None
        return f"{_('last month')}：{format_quantity(level, indicator.unit) if level is not None else '—'}"
    return ""


CHANGE_FIELDS = {
    "value": gettext_lazy("figure"),
    "numerator": gettext_lazy("numerator"),
    "denominator": gettext_lazy("denominator"),
    "comment": gettext_lazy("comment"),
    "status": gettext_lazy("status"),
    "note": gettext_lazy("progress made"),
    "problems": gettext_lazy("problems"),
    "next_steps": gettext_lazy("next steps"),
}
NUMBER_FIELDS = {"value", "numerator", "denominator"}


@register.filter
def change_field(field: str) -> str:
    """The audit trail's field name in the reader's language."""
    return str(CHANGE_FIELDS.get(field, field))


@register.simple_tag
def change_value(change, value: str) -> str:
    """An old or new value as people read it: a status by its name, a number with separators."""
    from reports.models import ProgressStatus

    if not value:
        return "—"
    if change.field == "status":
        try:
            return str(ProgressStatus(value).label)
        except ValueError:
            return value
    if change.field in NUMBER_FIELDS:
        try:
            return format_quantity(Decimal(value))
        except InvalidOperation:
            return value
    return value
