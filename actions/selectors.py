"""Reads of the plan that feed pages."""

import datetime

from django.db.models import Prefetch

from weihai_newcitizen import clock

from .models import Action, Indicator, Measure, MeasureResponsibility, PlanYear


def plan_current() -> PlanYear | None:
    """The latest plan year, which pages show unless asked for another."""
    return PlanYear.objects.order_by("-year").first()


def reporting_period(today: datetime.date | None = None) -> tuple[int, int]:
    """(year, month) of the reporting month in progress: the last month that has ended, whose returns are due now.

    In January it is December of the year before: December's returns are filed in January.
    """
    today = today or clock.today()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def plan_in_progress(today: datetime.date | None = None) -> PlanYear | None:
    """The plan year shown by default: that of the reporting month in progress, so starting the next plan year in
    December does not hide the returns still being filed and reviewed for the old one. Without a plan for that year,
    the latest one before it (or, failing that, the latest of all)."""
    year, _month = reporting_period(today)
    return PlanYear.objects.filter(year__lte=year).order_by("-year").first() or plan_current()


def month_in_progress(plan: PlanYear, today: datetime.date | None = None) -> int:
    """The month of ``plan`` people work on by default: the reporting month in progress when it belongs to this
    plan year, December of a year gone by, January of one still to come."""
    year, month = reporting_period(today)
    if plan.year == year:
        return month
    return 12 if plan.year < year else 1


def plan_actions_for_overview(*, plan: PlanYear) -> list[Action]:
    """The plan's actions with measures, responsible units (lead first) and active indicators with targets.

    Four queries whatever the plan's size: actions, measures, responsibilities with units, indicators with targets.
    """
    indicators = Indicator.objects.active().select_related("target").order_by("sort_order", "code")
    measures = Measure.objects.order_by("number").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=MeasureResponsibility.objects.select_related("unit").order_by("order"),
        ),
    )
    return list(
        plan.actions.order_by("number").prefetch_related(
            Prefetch("measures", queryset=measures),
            Prefetch("indicators", queryset=indicators),
        )
    )


def plan_copy_summary(*, source: PlanYear) -> dict:
    """What starting the year after ``source`` creates (and leaves out), for the admin to read before confirming."""
    from .models import Target, TargetAllocation

    indicators = Indicator.objects.filter(plan=source, is_active=True)
    return {
        "year": source.year + 1,
        "exists": PlanYear.objects.filter(year=source.year + 1).exists(),
        "actions": source.actions.count(),
        "measures": Measure.objects.filter(action__plan=source).count(),
        "indicators": indicators.count(),
        "targets": Target.objects.filter(indicator__in=indicators).count(),
        "allocations": TargetAllocation.objects.filter(target__indicator__plan=source).count(),
        "open_returns": source.returns.exclude(status="approved").count(),
    }
