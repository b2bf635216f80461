"""What every page's header needs from the project: the demo's day, when the app runs as of one."""

from . import clock


def demo_day(request):
    """``demo_today``: the day the demo data are shown as of (settings.NEWCITIZEN_TODAY), or None."""
    return {"demo_today": clock.demo_today()}
