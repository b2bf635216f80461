"""What each person's desk shows: reads only, from the returns, the roll-up and the bulletin, never recomputed here.

A desk is for the month in progress (the last month that has ended, whose returns are being filed and reviewed) of
the plan year it belongs to, and for anything left unfinished from any year.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone

from actions.models import Indicator, PlanYear
from actions.scoping import measures_for_user
from actions.selectors import plan_in_progress, reporting_period
from dashboards.cache import cached_for_month
from dashboards.rollup import Cell, Rollup, Status
from dashboards.selectors.bulletin import BulletinEntry, bulletin_for
from dashboards.selectors.scope import default_month
from districts.models import ReportingUnit
from imports.models import ImportLog
from reports.models import MeasureProgress, MonthlyReturn, ReturnStatus, ReturnTransition, due_date_for, due_day_for
from reports.scoping import returns_for_user
from reports.selectors import reporting_months
from weihai_newcitizen import clock

# Behind the schedule during the year; in December (or past a build target's deadline) the year's verdict: not met.
BEHIND = (Status.SLIGHTLY_BEHIND, Status.BEHIND, Status.FAR_BEHIND, Status.NOT_MET)


def desk_period(today: datetime.date | None = None) -> tuple[PlanYear | None, int]:
    """The plan year and month a desk shows by default: the reporting month in progress."""
    today = today or clock.today()
    plan = plan_in_progress(today)
    if plan is None:
        return None, 1
    year, month = reporting_period(today)
    return plan, month if plan.year == year else default_month(plan, today)


# --- the month at a glance --------------------------------------------------------------------------------------


@dataclass
class UnitMonth:
    """One unit's return for the month in progress: its state, and how many days late it is or was."""

    unit: ReportingUnit
    monthly_return: MonthlyReturn | None
    due_date: datetime.date
    days_late: int | None  # late and still not filed: days so far; filed late: days it was late

    @property
    def state(self) -> str:
        if self.monthly_return is None:
            return "not_started"
        return self.monthly_return.status

    @property
    def overdue(self) -> bool:
        unfiled = self.monthly_return is None or self.monthly_return.first_submitted_at is None
        return unfiled and self.days_late is not None


def month_at_a_glance(
    *, plan: PlanYear, month: int, units: list[ReportingUnit], today: datetime.date | None = None
) -> list[UnitMonth]:
    """Per unit: filed, awaiting review, sent back or overdue for ``month``, with days late. One query."""
    today = today or clock.today()
    due = due_date_for(year=plan.year, month=month, due_day=plan.due_day)
    returns = {
        r.unit_id: r
        for r in MonthlyReturn.objects.filter(plan=plan, month=month, unit__in=units).only(
            "pk", "unit_id", "status", "first_submitted_at", "is_late", "plan_id", "month"
        )
    }
    rows = []
    for unit in units:
        monthly_return = returns.get(unit.pk)
        filed_on = (
            timezone.localtime(monthly_return.first_submitted_at).date()
            if monthly_return and monthly_return.first_submitted_at
            else None
        )
        end = filed_on or today
        rows.append(
            UnitMonth(
                unit=unit,
                monthly_return=monthly_return,
                due_date=due,
                days_late=(end - due).days if end > due else None,
            )
        )
    return rows


def awaiting_review(user):
    """Submitted returns of every year, oldest submission first: the coordinator's queue. One query."""
    return (
        returns_for_user(user)
        .filter(status=ReturnStatus.SUBMITTED)
        .select_related("plan", "unit")
        .order_by("submitted_at", "pk")
    )


def unfinished_imports(user):
    """Uploads of any year this person previewed but has not yet imported."""
    return (
        ImportLog.objects.filter(user=user, status=ImportLog.Status.PREVIEWED)
        .select_related("plan")
        .order_by("created_at")
    )


# --- behind schedule, the chart, month on month --------------------------------------------------------------------


@dataclass
class BehindRow:
    indicator: Indicator
    total: Cell
    units: list[tuple[ReportingUnit, Cell]]
    counted_units: int = 0  # units whose figure is of the month itself (the roll-up's row)


def indicators_behind(rollup: Rollup) -> list[BehindRow]:
    """Indicators whose city figure is behind schedule, or that some unit is behind on, with those units."""
    rows = []
    for row in rollup.rows:
        units = [(u, row.units[u.pk]) for u in rollup.units if row.units[u.pk].status in BEHIND]
        if row.total.status in BEHIND or units:
            rows.append(
                BehindRow(indicator=row.indicator, total=row.total, units=units, counted_units=row.counted_units)
            )
    return rows


def unit_flow_completion(rollup: Rollup) -> dict[int, Decimal | None]:
    """Each unit's mean completion (% of its year's targets) over its flow indicators with a target of its own.

    Flows are what 序时进度 measures: on schedule, this mean is at or above the share of the year gone.
    """
    means = {}
    for unit in rollup.units:
        # Exact parts, rounded once for display (DOMAIN.md, "Time").
        parts = [
            row.units[unit.pk].exact_completion
            for row in rollup.rows
            if row.indicator.kind == Indicator.Kind.FLOW and row.units[unit.pk].exact_completion is not None
        ]
        means[unit.pk] = (sum(parts) / len(parts)).quantize(Decimal("0.1"), ROUND_HALF_UP) if parts else None
    return means


def completion_chart(rollup: Rollup, labels: dict) -> dict:
    """The chart's data: each unit's completion beside the schedule line; the table beside it has the same numbers."""
    means = unit_flow_completion(rollup)
    return {
        **labels,
        "units": [u.display_name for u in rollup.units],
        "values": [None if means[u.pk] is None else float(means[u.pk]) for u in rollup.units],
        "schedule": float(rollup.schedule_share),
    }


@dataclass
class UnitChange:
    """环比: a unit's standing now and at the end of the month before."""

    unit: ReportingUnit
    now: BulletinEntry
    before: "Standing | None"

    @property
    def rank_change(self) -> int | None:
        if self.before is None or not self.before.rank or not self.now.rank:
            return None
        return self.before.rank - self.now.rank

    @property
    def composite_change(self) -> Decimal | None:
        if self.before is None or self.before.composite is None or self.now.composite is None:
            return None
        return self.now.composite - self.before.composite


@dataclass
class IndicatorChange:
    indicator: Indicator
    now: Cell
    before: "Level | None"

    @property
    def value_change(self) -> Decimal | None:
        if self.before is None or self.before.value is None or self.now.value is None:
            return None
        return self.now.value - self.before.value

    @property
    def completion_change(self) -> Decimal | None:
        if self.before is None or self.before.completion is None or self.now.completion is None:
            return None
        return self.now.completion - self.before.completion


@dataclass
class MonthOnMonth:
    units: list[UnitChange] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)


@dataclass(frozen=True)
class Standing:
    """A unit's place at the end of the month before."""

    rank: int
    composite: Decimal | None


@dataclass(frozen=True)
class Level:
    """An indicator's year to date at the end of the month before."""

    value: Decimal | None
    completion: Decimal | None


def _month_before(
    *, plan: PlanYear, month: int, units: list[ReportingUnit]
) -> tuple[dict[int, Standing], dict[int, Level]]:
    """The standings and totals at the end of ``month``, from the cache while no return of it or before and nothing
    of the plan changed: on a deadline day every step is on the current month, and the month before is built once per
    scope and cache lifetime. The cache holds plain numbers only, never model instances."""

    def build():
        before = bulletin_for(plan=plan, month=month, units=units)
        return (
            {e.unit.pk: (e.rank, e.composite) for e in before.entries},
            {r.indicator.pk: (r.total.value, r.total.completion) for r in before.rollup.rows},
        )

    scope = hashlib.sha256(",".join(str(u.pk) for u in units).encode()).hexdigest()
    key = f"desks:month-before:v1:{plan.pk}:{month}:{clock.today().isoformat()}:{scope}"
    standings, levels = cached_for_month(key, build, plan_id=plan.pk, month=month)
    return (
        {pk: Standing(*numbers) for pk, numbers in standings.items()},
        {pk: Level(*numbers) for pk, numbers in levels.items()},
    )


def month_on_month(*, plan: PlanYear, month: int, units: list[ReportingUnit], rollup: Rollup) -> MonthOnMonth:
    """What changed since the month before: each unit's composite and rank, each indicator's value and completion."""
    now = bulletin_for(plan=plan, month=month, units=units, rollup=rollup)
    if month == 1:
        return MonthOnMonth(units=[UnitChange(unit=e.unit, now=e, before=None) for e in now.entries])
    earlier, earlier_rows = _month_before(plan=plan, month=month - 1, units=units)
    return MonthOnMonth(
        units=[UnitChange(unit=e.unit, now=e, before=earlier.get(e.unit.pk)) for e in now.entries],
        indicators=[
            IndicatorChange(indicator=r.indicator, now=r.total, before=earlier_rows.get(r.indicator.pk))
            for r in rollup.rows
            if r.total.value is not None
        ],
    )


# --- district staff ---------------------------------------------------------------------------------------------


def open_returns(*, user):
    """The unit's drafts, returns sent back and returns submitted (awaiting review), of any year, each with the
    reason of its latest send-back or reopen; one query and its prefetch, for the desk to split."""
    reasons = ReturnTransition.objects.filter(
        kind__in=[ReturnTransition.Kind.SEND_BACK, ReturnTransition.Kind.REOPEN]
    ).order_by("-at", "-pk")
    return (
        returns_for_user(user)
        .filter(unit_id=user.reporting_unit_id)
        .filter(status__in=[ReturnStatus.DRAFT, ReturnStatus.RETURNED, ReturnStatus.UNIT_CHECK, ReturnStatus.SUBMITTED])
        .select_related("plan", "unit")
        .prefetch_related(Prefetch("transitions", queryset=reasons, to_attr="send_backs"))
        .order_by("plan__year", "month")
    )


@dataclass
class DueReturn:
    plan: PlanYear
    month: int
    due_date: datetime.date
    monthly_return: MonthlyReturn | None
    days_left: int  # negative: days overdue

    @property
    def period(self) -> datetime.date:
        return datetime.date(self.plan.year, self.month, 1)

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def due_returns(*, user, plan: PlanYear, today: datetime.date | None = None, horizon: int = 10) -> list[DueReturn]:
    """Months of ``plan`` that have ended and are not yet filed: overdue ones, and those due within ``horizon`` days."""
    today = today or clock.today()
    unit_id = user.reporting_unit_id
    unit = user.reporting_unit
    months = reporting_months(plan=plan, unit=unit) if unit is not None else []
    filed = {
        r.month: r
        for r in returns_for_user(user)
        .filter(plan=plan, unit_id=unit_id)
        .only("pk", "month", "status", "first_submitted_at")
    }
    due = []
    last = 12 if today.year > plan.year else (today.month - 1 if today.year == plan.year else 0)
    for month in range(1, last + 1):
        monthly_return = filed.get(month)
        if month not in months or (monthly_return is not None and monthly_return.first_submitted_at is not None):
            continue
        date = due_date_for(year=plan.year, month=month, due_day=due_day_for(plan=plan, unit=unit))
        days_left = (date - today).days
        if days_left <= horizon:
            due.append(
                DueReturn(plan=plan, month=month, due_date=date, monthly_return=monthly_return, days_left=days_left)
            )
    return due


# --- department viewers -----------------------------------------------------------------------------------------


def measures_for_viewer(*, user, plan: PlanYear):
    """The measures of ``plan`` a department viewer's department is responsible for (lead or co-responsible)."""
    return measures_for_user(user, plan=plan).select_related("action").order_by("action__number", "number").distinct()


def latest_notes(*, plan: PlanYear, month: int, measures, units) -> dict[tuple[int, int], MeasureProgress]:
    """{(unit pk, measure pk): the latest progress note up to ``month``} from submitted or approved returns."""
    rows = (
        MeasureProgress.objects.filter(
            monthly_return__plan=plan,
            monthly_return__month__lte=month,
            monthly_return__unit__in=units,
            monthly_return__status__in=[ReturnStatus.SUBMITTED, ReturnStatus.APPROVED],
            measure__in=measures,
        )
        .exclude(note="")
        .select_related("monthly_return")
        .order_by("-monthly_return__month")
    )
    latest = {}
    for row in rows:
        latest.setdefault((row.monthly_return.unit_id, row.measure_id), row)
    return latest
