from django import template

from actions.models import Target, describe_target, format_quantity

register = template.Library()


@register.simple_tag
def target_text(indicator) -> str:
    """The indicator's target in words, or a dash when the plan sets none."""
    try:
        target = indicator.target
    except Target.DoesNotExist:
        return "—"
    return describe_target(target)


@register.filter
def quantity(value, unit: str = "") -> str:
    """A figure with thousands grouped and its unit; a dash when there is none."""
    if value in (None, ""):
        return "—"
    return format_quantity(value, unit)
