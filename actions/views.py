from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import PlanYear
from .selectors import plan_actions_for_overview, plan_current


def plan_overview(request, year: int | None = None):
    """The plan as published: open to everyone, as the notice itself is (此件主动公开)."""
    plan = get_object_or_404(PlanYear, year=year) if year else plan_current()
    if plan is None:
        raise Http404("No plan loaded")
    actions = plan_actions_for_overview(plan=plan)
    for action in actions:
        # Indicators are shown under their measure; objective indicators under the action itself.
        by_measure: dict[int | None, list] = {}
        for indicator in action.indicators.all():
            by_measure.setdefault(indicator.measure_id, []).append(indicator)
        action.objective_indicators = by_measure.get(None, [])
        for measure in action.measures.all():
            measure.indicator_list = by_measure.get(measure.pk, [])
    years = PlanYear.objects.values_list("year", flat=True)
    return render(request, "actions/plan_overview.html", {"plan": plan, "actions": actions, "years": years})
