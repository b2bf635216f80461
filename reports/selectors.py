"""Reads that feed the return pages."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Max, Prefetch, Q, Sum

from actions.models import Action, Indicator, Measure, PlanYear
from actions.scoping import indicators_for_user, measures_for_user, sees_every_measure
from weihai_newcitizen import clock

from .models import Figure, MeasureProgress, MonthlyReturn, due_date_for, due_day_for


@dataclass
class IndicatorHistory:
    """What a unit reported for one indicator before this month, for context and the outlier check."""

    ytd_before: Decimal | None = None  # flows: sum of earlier months
    max_month: Decimal | None = None  # flows: largest earlier monthly figure
    previous: Decimal | None = None  # stocks: the latest earlier month's level
    previous_month: int | None = None


def unit_history(*, monthly_return: MonthlyReturn) -> dict[int, IndicatorHistory]:
    """Per indicator, the unit's earlier months of the same plan year. Two queries."""
    earlier = Figure.objects.filter(
        monthly_return__plan_id=monthly_return.plan_id,
        monthly_return__unit_id=monthly_return.unit_id,
        monthly_return__month__lt=monthly_return.month,
    )
    history: dict[int, IndicatorHistory] = {}
    for row in earlier.values("indicator_id").annotate(total=Sum("value"), peak=Max("value")):
        history[row["indicator_id"]] = IndicatorHistory(ytd_before=row["total"], max_month=row["peak"])
    # The latest earlier month with a value, per indicator: rows come newest first, keep the first seen.
    for row in (
        earlier.exclude(value__isnull=True)
        .order_by("indicator_id", "-monthly_return__month")
        .values("indicator_id", "value", "monthly_return__month")
    ):
        entry = history.setdefault(row["indicator_id"], IndicatorHistory())
        if entry.previous_month is None:
            entry.previous = row["value"]
            entry.previous_month = row["monthly_return__month"]
    return history


def plan_structure_for_form(*, plan: PlanYear, user=None, unit=None) -> list[Action]:
    """Actions → measures → active indicators in the plan's order; for a department viewer only its measures.

    With ``unit``, what a return of that unit reports on: a district's measures and indicators, or a department's
    own. Three queries: actions, measures, indicators.
    """
    limited = user is not None and not sees_every_measure(user)
    measures = Measure.objects.order_by("number")
    indicators = Indicator.objects.active().order_by("sort_order", "code")
    if unit is not None:
        measures = measures.filter(pk__in=Measure.objects.reported_by(unit).values("pk"))
        indicators = indicators.reported_by(unit)
    if limited:
        measures = measures.filter(pk__in=measures_for_user(user).values("pk"))
        indicators = indicators.filter(pk__in=indicators_for_user(user).values("pk"))
    actions = list(
        plan.actions.order_by("number").prefetch_related(
            Prefetch("measures", queryset=measures, to_attr="measure_list"),
            Prefetch("indicators", queryset=indicators, to_attr="indicator_list"),
        )
    )
    for action in actions:
        by_measure: dict[int | None, list[Indicator]] = {}
        for indicator in action.indicator_list:
            by_measure.setdefault(indicator.measure_id, []).append(indicator)
        action.objective_indicators = by_measure.get(None, [])
        for measure in action.measure_list:
            measure.indicator_list = by_measure.get(measure.pk, [])
    if limited or (unit is not None and unit.is_department):
        actions = [a for a in actions if a.measure_list or a.objective_indicators]
    return actions


def return_changes(*, monthly_return: MonthlyReturn, user=None):
    """The return's audit trail, newest first, with what each change was about. One query.

    For a department viewer, only the changes to its own measures and their indicators.
    """
    changes = monthly_return.changes.select_related("user", "indicator", "measure__action").order_by("-at", "-pk")
    if user is not None and not sees_every_measure(user):
        changes = changes.filter(
            Q(measure__in=measures_for_user(user).values("pk"))
            | Q(indicator__in=indicators_for_user(user).values("pk"))
        )
    return changes


def return_transitions(*, monthly_return: MonthlyReturn):
    return monthly_return.transitions.select_related("user").order_by("at", "pk")


@dataclass
class MonthSlot:
    """A month of a unit's year: its return if one exists, and whether it is overdue."""

    month: int
    period: datetime.date
    due_date: datetime.date
    monthly_return: MonthlyReturn | None
    overdue: bool
    # False for a month that closes no reporting period of the unit (a department reporting quarterly).
    expected: bool = True


def reporting_months(*, plan: PlanYear, unit) -> list[int]:
    """The months a unit files a return for: every month for a district, the period ends for a department."""
    return plan.department_months() if unit.is_department else list(range(1, 13))


def open_months(*, plan: PlanYear, today: datetime.date) -> list[int]:
    """Months of the plan year that have ended by ``today`` (their returns can be filed)."""
    if today.year > plan.year:
        return list(range(1, 13))
    if today.year < plan.year:
        return []
    return list(range(1, today.month))


def return_slots(*, plan: PlanYear, units, returns, today: datetime.date | None = None) -> dict[int, list[MonthSlot]]:
    """Per unit, one slot per month that has ended: the return if any, overdue when not submitted by its due date."""
    today = today or clock.today()
    by_key = {(r.unit_id, r.month): r for r in returns}
    slots = {}
    for unit in units:
        row = []
        months = reporting_months(plan=plan, unit=unit)
        for month in open_months(plan=plan, today=today):
            monthly_return = by_key.get((unit.pk, month))
            due = due_date_for(year=plan.year, month=month, due_day=due_day_for(plan=plan, unit=unit))
            not_in = monthly_return is None or monthly_return.first_submitted_at is None
            expected = month in months
            row.append(
                MonthSlot(
                    month=month,
                    period=datetime.date(plan.year, month, 1),
                    due_date=due,
                    monthly_return=monthly_return,
                    overdue=expected and not_in and today > due,
                    expected=expected or monthly_return is not None,
                )
            )
        slots[unit.pk] = row
    return slots


def figures_by_indicator(*, monthly_return: MonthlyReturn) -> dict[int, Figure]:
    return {f.indicator_id: f for f in monthly_return.figures.all()}


def progress_by_measure(*, monthly_return: MonthlyReturn):
    return {p.measure_id: p for p in monthly_return.progress.all()}


def carried_progress(*, monthly_return: MonthlyReturn) -> tuple[int | None, dict[int, MeasureProgress]]:
    """The status and note of each measure in the unit's latest earlier month of the year, to start this month from.

    Returns (that month, {measure pk: its progress}); (None, {}) when no earlier month has any. One query.
    """
    rows = (
        MeasureProgress.objects.filter(
            monthly_return__plan_id=monthly_return.plan_id,
            monthly_return__unit_id=monthly_return.unit_id,
            monthly_return__month__lt=monthly_return.month,
        )
        .order_by("-monthly_return__month", "measure_id")
        .annotate(month=F("monthly_return__month"))
    )
    latest, carried = None, {}
    for row in rows:
        if latest is None:
            latest = row.month
        if row.month != latest:
            break
        carried[row.measure_id] = row
    return latest, carried
