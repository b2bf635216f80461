"""Each person's desk after login: the coordinator's month, a district's returns, a department's measures."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from actions.models import Indicator
from actions.scoping import sees_every_measure
from bulletins.scoping import issued_bulletins_for_user
from dashboards.rollup import progress_rollup
from dashboards.selectors.scope import scope_for_user
from ledger.selectors import task_ledger
from reports.models import ReturnStatus
from reports.scoping import departments_for_user
from reports.unit_check import awaiting_unit_check
from weihai_newcitizen import clock

from .selectors import (
    awaiting_review,
    completion_chart,
    desk_period,
    due_returns,
    indicators_behind,
    latest_notes,
    measures_for_viewer,
    month_at_a_glance,
    month_on_month,
    open_returns,
    unfinished_imports,
    unit_flow_completion,
)


def desk_kind(user) -> str:
    """Which desk a person gets: reviewers the coordinator's, filers their unit's, departments theirs."""
    if user.has_perm("reports.review_return"):
        return "coordinator"
    if user.has_perm("reports.view_all_returns") and not sees_every_measure(user):
        # A department's measures only; without a department, none (actions.scoping), never the city's ranking.
        # A department's own staff also find their department's returns there (部门报送).
        return "viewer"
    if user.has_perm("reports.file_return") and user.reporting_unit_id:
        return "district"
    if user.has_perm("reports.view_all_returns"):
        return "coordinator"  # admins: the city at a glance, without the review buttons
    return ""


@login_required
def desk(request):
    kind = desk_kind(request.user)
    plan, month = desk_period()
    if not kind or plan is None:
        return redirect("home")  # nothing to work on: the plan text
    return {"coordinator": _coordinator, "district": _district, "viewer": _viewer}[kind](request, plan, month)


def _render(request, template: str, context: dict):
    context["period"] = datetime.date(context["plan"].year, context["month"], 1)
    return render(request, template, context)


def _coordinator(request, plan, month):
    today = clock.today()
    units = scope_for_user(user=request.user).units
    rollup = progress_rollup(plan=plan, month=month, units=units)
    means = unit_flow_completion(rollup)
    labels = {"completion_label": _("Completion of the year's targets (%)"), "schedule_label": _("Schedule progress")}
    context = {
        "plan": plan,
        "month": month,
        "glance": month_at_a_glance(plan=plan, month=month, units=units, today=today),
        **_queue(request.user),
        "imports": list(unfinished_imports(request.user)),
        "behind": indicators_behind(rollup),
        "chart": completion_chart(rollup, labels),
        "chart_rows": [(u.display_name, means[u.pk]) for u in units],
        "changes": month_on_month(plan=plan, month=month, units=units, rollup=rollup),
        "rollup": rollup,
        "latest_bulletin": issued_bulletins_for_user(request.user).first(),
        # 任务台账 at a glance: measures nobody reported on this period, departments whose return is overdue.
        "ledger": task_ledger(
            plan=plan,
            month=month,
            units=units,
            departments=departments_for_user(request.user),
            today=today,
            history=False,
        ),
        "can_review": request.user.has_perm("reports.review_return"),
    }
    return _render(request, "desks/coordinator.html", context)


# The desk shows the oldest returns awaiting review; a province's deadline day has hundreds (the returns list has all).
QUEUE_SHOWN = 20


def _queue(user) -> dict:
    waiting = awaiting_review(user)
    queue = list(waiting[: QUEUE_SHOWN + 1])
    total = waiting.count() if len(queue) > QUEUE_SHOWN else len(queue)
    return {"queue": queue[:QUEUE_SHOWN], "queue_total": total}


def _district(request, plan, month):
    unit = request.user.reporting_unit
    rollup = progress_rollup(plan=plan, month=month, units=[unit], node=unit)
    standing = [(row, row.units[unit.pk]) for row in rollup.rows if row.units[unit.pk].has_target]
    context = {
        "plan": plan,
        "month": month,
        "unit": unit,
        **_own_returns(request, plan),
        "standing": standing,
        "rollup": rollup,
    }
    return _render(request, "desks/district.html", context)


def _viewer(request, plan, month):
    units = scope_for_user(user=request.user).units
    measures = list(measures_for_viewer(user=request.user, plan=plan))
    indicators = list(Indicator.objects.for_plan(plan).active().of_districts().filter(measure__in=measures).only("pk"))
    rollup = progress_rollup(plan=plan, month=month, units=units, indicators=indicators)
    notes = latest_notes(plan=plan, month=month, measures=measures, units=units)
    by_measure = []
    for measure in measures:
        rows = [r for r in rollup.rows if r.indicator.measure_id == measure.pk]
        by_measure.append(
            {
                "measure": measure,
                "rows": [(r, [r.units[u.pk] for u in units]) for r in rows],
                "notes": [(u, notes.get((u.pk, measure.pk))) for u in units],
            }
        )
    context = {
        "plan": plan,
        "month": month,
        "department": request.user.responsible_unit,
        "units": units,
        "measures": by_measure,
        "rollup": rollup,
        **_own_returns(request, plan),
    }
    return _render(request, "desks/viewer.html", context)


def _own_returns(request, plan) -> dict:
    """A filer's returns on its desk: what is due, drafts and returns sent back, and what awaits review."""
    if not (request.user.has_perm("reports.file_return") and request.user.reporting_unit_id):
        return {"files_returns": False}
    returns = list(open_returns(user=request.user))
    return {
        "files_returns": True,
        "open": [r for r in returns if r.status in (ReturnStatus.DRAFT, ReturnStatus.RETURNED)],
        # After 报送 the return stays in sight until a coordinator approves it or sends it back; before it, while
        # the unit's checker has it.
        "awaiting": [r for r in returns if r.status in (ReturnStatus.UNIT_CHECK, ReturnStatus.SUBMITTED)],
        # The unit's checker: what waits for its check (reports.unit_check).
        "to_check": list(awaiting_unit_check(request.user)),
        "due": due_returns(user=request.user, plan=plan),
    }
