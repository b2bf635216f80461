"""Reads of the plan that feed pages."""

from django.db.models import Prefetch

from .models import Action, Indicator, Measure, MeasureResponsibility, PlanYear


def plan_current() -> PlanYear | None:
    """The latest plan year, which pages show unless asked for another."""
    return PlanYear.objects.order_by("-year").first()


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
