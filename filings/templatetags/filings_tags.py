from django import template

from ..selectors import featured_practices as featured_practices_selector

register = template.Library()


@register.inclusion_tag("filings/includes/featured_practices.html", takes_context=True)
def featured_practices(context, limit: int = 6):
    """Good practice chosen by coordinators, for the page's plan year when the page has one (one query)."""
    return {"practices": featured_practices_selector(plan=context.get("plan"), limit=limit)}
