import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def year_month(month: int | None, year: int) -> str:
    """A preview row's month as the rest of the app writes one (2023年6月): rows keep only the month number, the plan
    year is the upload's."""
    if not month:
        return ""
    return date_format(datetime.date(int(year), int(month), 1), "YEAR_MONTH_FORMAT")
