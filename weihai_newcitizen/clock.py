"""What day it is for the app: today, or the demo's day when ``settings.NEWCITIZEN_TODAY`` is set.

Every "what is today" that decides what a page shows (the reporting month in progress, days overdue, the default
plan year and month, whether a return is due yet) asks here; timestamps of what people do (saved, submitted,
approved at) stay ``timezone.now()``. A module of its own, importing only Django, so that every app may use it.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def demo_today() -> datetime.date | None:
    """The demo's fixed day, or None when the app runs on the real date (always, in production)."""
    return getattr(settings, "NEWCITIZEN_TODAY", None)


def today() -> datetime.date:
    """The local date the app reasons with: the demo's day when one is set, else today in TIME_ZONE."""
    return demo_today() or timezone.localdate()
