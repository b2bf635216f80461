"""Reads for the Excel pages: what a user may export, template rows, and the import log they may see."""

from django.db.models import F, QuerySet
from django.http import Http404

from actions.models import Action, Indicator, Measure, PlanYear
from actions.scoping import indicators_for_user, measures_for_user, sees_every_measure
from districts.models import ReportingUnit
from reports.models import Figure, MeasureProgress, MonthlyReturn
from reports.scoping import can_import_for_unit, returns_for_user, units_for_user
from reports.unit_check import sign_offs_for

from .models import ImportLog


def figures_for_export(*, user, plan: PlanYear, unit: ReportingUnit | None = None, action: Action | None = None):
    """The figures of a plan year that ``user`` may see, optionally of one unit and one action, in report order."""
    returns = returns_for_user(user).for_plan(plan)
    if unit is not None:
        returns = returns.for_unit(unit)
    figures = Figure.objects.filter(monthly_return__in=returns)
    if not sees_every_measure(user):
        figures = figures.filter(indicator__in=indicators_for_user(user, plan=plan).values("pk"))
    if action is not None:
        figures = figures.filter(indicator__action=action)
    return figures.select_related("monthly_return__unit", "monthly_return__plan", "indicator").order_by(
        "monthly_return__unit__sort_order",
        "monthly_return__unit__code",
        "monthly_return__month",
        "indicator__action__number",
        F("indicator__measure__number").asc(nulls_first=True),
        "indicator__sort_order",
        "indicator__code",
    )


def progress_for_export(*, user, plan: PlanYear, unit: ReportingUnit | None = None, action: Action | None = None):
    """The progress notes of a plan year that ``user`` may see, in the same order as the figures."""
    returns = returns_for_user(user).for_plan(plan)
    if unit is not None:
        returns = returns.for_unit(unit)
    progress = MeasureProgress.objects.filter(monthly_return__in=returns)
    if not sees_every_measure(user):
        progress = progress.filter(measure__in=measures_for_user(user, plan=plan).values("pk"))
    if action is not None:
        progress = progress.filter(measure__action=action)
    return progress.select_related("monthly_return__unit", "monthly_return__plan", "measure__action").order_by(
        "monthly_return__unit__sort_order", "monthly_return__month", "measure__action__number", "measure__number"
    )


def units_for_template(user) -> QuerySet:
    """The units ``user`` may download (and so upload) a template for: admins any unit that files, staff their own."""
    units = units_for_user(user)
    if user.has_perm("reports.import_returns"):
        return units.leaves()
    return units.filter(pk__in=[u.pk for u in units if can_import_for_unit(user, u)])


def template_rows(*, plan: PlanYear, user=None) -> tuple[list[Indicator], list[Measure]]:
    """The active indicators and the measures of a plan year, in the plan's order; those ``user`` may see if given
    (a command without a person, such as the benchmark, gets them all)."""
    indicators = Indicator.objects.filter(plan=plan)
    measures = Measure.objects.filter(action__plan=plan)
    if user is not None:
        indicators, measures = indicators_for_user(user, plan=plan), measures_for_user(user, plan=plan)
    # Objective indicators (no measure) first in each action, on every database (PostgreSQL sorts NULL last).
    indicators = list(
        indicators.active()
        .of_districts()
        .select_related("action", "measure__action")
        .order_by("action__number", F("measure__number").asc(nulls_first=True), "sort_order", "code")
    )
    measures = list(measures.filter(reported_by_districts=True).select_related("action"))
    return indicators, measures


def template_existing(*, plan: PlanYear, units, month: int) -> tuple[dict, dict]:
    """What the units' returns for the month already hold, so a template comes pre-filled."""
    returns = MonthlyReturn.objects.filter(plan=plan, unit__in=units, month=month)
    figures = {
        (f.monthly_return.unit_id, f.indicator_id): f
        for f in Figure.objects.filter(monthly_return__in=returns).select_related("monthly_return")
    }
    progress = {
        (p.monthly_return.unit_id, p.measure_id): p
        for p in MeasureProgress.objects.filter(monthly_return__in=returns).select_related("monthly_return")
    }
    return figures, progress


def template_sign_offs(*, plan: PlanYear, units, month: int) -> dict:
    """Per unit pk, who filed and who checked its return for the month (reports.unit_check.SignOff). Two queries."""
    returns = dict(MonthlyReturn.objects.filter(plan=plan, unit__in=units, month=month).values_list("pk", "unit_id"))
    return {returns[pk]: signed for pk, signed in sign_offs_for(returns).items()} if returns else {}


def import_logs_for_user(user) -> QuerySet:
    """The imports ``user`` may see: admins every confirmed import, others their own."""
    logs = ImportLog.objects.applied().select_related("user", "plan", "monthly_return__unit")
    if user.has_perm("reports.import_returns"):
        return logs
    return logs.filter(user=user)


def import_log_for_user(user, pk) -> ImportLog:
    """A log ``user`` may see, or 404: admins any confirmed import; everyone their own uploads, previewed or not."""
    logs = ImportLog.objects.select_related("user", "plan", "monthly_return__unit", "monthly_return__plan")
    try:
        log = logs.get(pk=pk)
    except (ImportLog.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if log.user_id == user.pk or (log.status == ImportLog.Status.APPLIED and user.has_perm("reports.import_returns")):
        return log
    raise Http404
