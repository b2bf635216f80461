"""Reads that feed the dashboards: who sees which units, timeliness, trends, drill-down and the bulletin.

The roll-up itself is in ``rollup.py``; everything here reaches units only through ``reports.scoping``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, Sum
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actions.models import Indicator, PlanYear
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn, ReturnStatus, due_date_for
from reports.scoping import units_for_user
from weihai_newcitizen import clock

from .rollup import HUNDRED, Rollup, Totals, counted_returns, progress_rollup
from .rules import display, exact_schedule_share


def default_month(plan: PlanYear, today: datetime.date | None = None) -> int:
    """The last month whose return is already due: the month people ask about by default."""
    today = today or clock.today()
    if today.year > plan.year:
        return 12
    if today.year < plan.year:
        return 1
    return max(1, today.month - 1)


class UnitTree:
    """The units a user may see, as a tree (county → city → province); today eight units under no parent."""

    def __init__(self, units: list[ReportingUnit]):
        self.units = units
        self.by_pk = {u.pk: u for u in units}
        self.by_code = {u.code: u for u in units}
        self._children: dict[int | None, list[ReportingUnit]] = {}
        for unit in units:
            parent = unit.parent_id if unit.parent_id in self.by_pk else None
            self._children.setdefault(parent, []).append(unit)

    def children(self, node: ReportingUnit | None) -> list[ReportingUnit]:
        return self._children.get(node.pk if node else None, [])

    def leaves(self, node: ReportingUnit | None = None) -> list[ReportingUnit]:
        """The filing units under ``node`` (itself when it has no children), in sort order."""
        stack, found = list(self.children(node)) if node is None else [node], []
        while stack:
            unit = stack.pop()
            kids = self.children(unit)
            if kids:
                stack.extend(kids)
            else:
                found.append(unit)
        return sorted(found, key=lambda u: (u.sort_order, u.code))

    def ancestors(self, node: ReportingUnit | None) -> list[ReportingUnit]:
        """From the top down to ``node``'s parent."""
        chain = []
        while node is not None and node.parent_id in self.by_pk:
            node = self.by_pk[node.parent_id]
            chain.append(node)
        return list(reversed(chain))


@dataclass
class Scope:
    """Which part of the tree a page shows: the whole city (node None) or one unit and those under it."""

    node: ReportingUnit | None
    units: list[ReportingUnit]
    tree: UnitTree
    city_wide: bool

    @property
    def levels_below(self) -> list[ReportingUnit]:
        return self.tree.children(self.node)

    @property
    def path(self) -> list[ReportingUnit]:
        return self.tree.ancestors(self.node)


def scope_for_user(*, user, code: str | None = None) -> Scope:
    """The units ``user`` may see at the level named by ``code``: 404 for a unit outside their sight.

    Coordinators, department viewers and admins start at the city; district staff only ever see their own unit.
    """
    visible = list(units_for_user(user))
    if not visible:
        raise PermissionDenied(_("Your account is not attached to a reporting unit."))
    tree = UnitTree(visible)
    city_wide = user.has_perm("reports.view_all_returns")
    if code:
        node = tree.by_code.get(code)
        if node is None:
            raise Http404(_("No such reporting unit."))
    elif city_wide:
        node = None
    else:
        node = tree.leaves()[0]
    return Scope(node=node, units=tree.leaves(node), tree=tree, city_wide=city_wide)


# --- timeliness -------------------------------------------------------------------------------------------------


class Punctuality(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Not filed")
    PENDING = "pending", _("Not yet due")


FILED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


@dataclass
class TimelinessRow:
    unit: ReportingUnit
    months: list[tuple[int, str, int | None]]  # (month, Punctuality, return pk)
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def exact_on_time_rate(self) -> Decimal | None:
        if not self.due:
            return None
        return Decimal(self.on_time) * HUNDRED / self.due

    @property
    def on_time_rate(self) -> Decimal | None:
        return display(self.exact_on_time_rate)


def timeliness_table(
    *, plan: PlanYear, month: int, units: list[ReportingUnit], today: datetime.date | None = None
) -> list[TimelinessRow]:
    """Per unit and month up to ``month``: filed on time, late, not filed, or not yet due; one query.

    A return is filed while it stands submitted or approved, as the 催报 box counts it; whether it was late is
    recorded at its first submission (``MonthlyReturn.is_late``). A draft, or a return sent back (or reopened) and
    not yet resubmitted, is not filed: missing once due, not 逾期 (which says a return came in late).
    """
    today = today or clock.today()
    filed = {
        (r["unit_id"], r["month"]): r
        for r in MonthlyReturn.objects.filter(
            plan=plan, unit__in=units, month__lte=month, first_submitted_at__isnull=False
        ).values("id", "unit_id", "month", "is_late", "status")
    }
    rows = []
    for unit in units:
        row = TimelinessRow(unit=unit, months=[])
        for m in range(1, month + 1):
            record = filed.get((unit.pk, m))
            if record is None or record["status"] not in FILED_STATUSES:
                due = due_date_for(year=plan.year, month=m, due_day=plan.due_day)
                state = Punctuality.PENDING if today <= due else Punctuality.MISSING
            else:
                state = Punctuality.LATE if record["is_late"] else Punctuality.ON_TIME
            if state == Punctuality.ON_TIME:
                row.on_time += 1
            elif state == Punctuality.LATE:
                row.late += 1
            elif state == Punctuality.MISSING:
                row.missing += 1
            row.months.append((m, state, record["id"] if record else None))
        rows.append(row)
    return rows


# --- trends -----------------------------------------------------------------------------------------------------


@dataclass
class TrendSeries:
    """Cumulative year-to-date per month, beside the straight schedule line to the target."""

    label: str
    unit: ReportingUnit | None
    values: list[Decimal | None]
    schedule: list[Decimal | None]

    @property
    def points(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        return [(m, v, s) for m, (v, s) in enumerate(zip(self.values, self.schedule, strict=True), start=1)]

    def chart_data(self, *, year: int, unit_label: str) -> dict:
        """What the chart script needs, as plain JSON-able data."""

        def num(v):
            return None if v is None else float(v)

        return {
            "title": self.label,
            "unit": unit_label,
            "months": [
                date_format(datetime.date(year, m, 1), "YEAR_MONTH_FORMAT") for m in range(1, len(self.values) + 1)
            ],
            "values": [num(v) for v in self.values],
            "schedule": [num(s) for s in self.schedule],
        }


CENT = Decimal("0.01")


def _schedule_line(indicator: Indicator, target_value: Decimal | None, month: int, comparator: str | None) -> list:
    """What is due each month, in the indicator's unit: the target × the table's requirement (序时进度 for flows,
    左右 included; the whole target for a level or a rate; the baseline for an increase)."""
    if target_value is None:
        return [None] * month
    if indicator.kind == Indicator.Kind.FLOW and comparator != "increase":
        return [display(target_value * exact_schedule_share(m) / HUNDRED, CENT) for m in range(1, month + 1)]
    return [target_value] * month  # a level or a rate is held to its target all year


def indicator_trend(
    *, plan: PlanYear, indicator: Indicator, month: int, scope: Scope, include_submitted: bool = False
) -> tuple[TrendSeries, list[TrendSeries], Rollup]:
    """The group's and each unit's cumulative line for one indicator; the month's sums come from one grouped query."""
    rollup = progress_rollup(
        plan=plan,
        month=month,
        units=scope.units,
        node=scope.node,
        include_submitted=include_submitted,
        indicators=[indicator],
    )
    row = rollup.rows[0]
    monthly = (
        Figure.objects.filter(
            monthly_return__in=counted_returns(
                plan=plan, month=month, units=scope.units, include_submitted=include_submitted
            ),
            indicator=indicator,
        )
        .values("monthly_return__unit_id", "monthly_return__month")
        .annotate(
            value_sum=Sum("value"),
            numerator_sum=Sum("numerator", filter=Q(numerator__isnull=False, denominator__isnull=False)),
            denominator_sum=Sum("denominator", filter=Q(numerator__isnull=False, denominator__isnull=False)),
        )
        .order_by()
    )
    by_unit_month = {
        (r["monthly_return__unit_id"], r["monthly_return__month"]): Totals(
            value=r["value_sum"], numerator=r["numerator_sum"], denominator=r["denominator_sum"]
        )
        for r in monthly
    }
    comparator = row.target.comparator if row.target else None

    def running(unit) -> list[Totals]:
        out, acc = [], Totals()
        for m in range(1, month + 1):
            this = by_unit_month.get((unit.pk, m))
            if indicator.kind == Indicator.Kind.STOCK:
                if this is not None and this.value is not None:
                    acc = Totals(value=this.value)  # the latest level carries forward
            elif indicator.is_ratio:
                if this is not None and this.numerator is not None and this.denominator is not None:
                    acc = Totals(numerator=this.numerator, denominator=this.denominator)  # so does the latest rate
            elif this is not None:
                acc = acc + this
            out.append(acc)
        return out

    def shown(t: Totals) -> Decimal | None:
        return t.rate if indicator.is_ratio else t.value

    per_unit = {u.pk: running(u) for u in scope.units}
    group = []
    for i in range(month):
        total = Totals()
        for unit in scope.units:
            total = total + per_unit[unit.pk][i]
        group.append(shown(total))
    group_label = scope.node.display_name if scope.node else str(_("Whole city"))
    city = TrendSeries(
        label=group_label,
        unit=scope.node,
        values=group,
        schedule=_schedule_line(indicator, row.total.target, month, comparator),
    )
    units = [
        TrendSeries(
            label=u.display_name,
            unit=u,
            values=[shown(t) for t in per_unit[u.pk]],
            schedule=_schedule_line(indicator, row.units[u.pk].target, month, comparator),
        )
        for u in scope.units
    ]
    return city, units, rollup


# --- drill-down -------------------------------------------------------------------------------------------------


def indicator_figures(
    *, plan: PlanYear, indicator: Indicator, month: int, units: list[ReportingUnit], include_submitted: bool = False
) -> dict[int, list[Figure]]:
    """The figures behind a year-to-date number, per unit, with the return each comes from; one query.

    For a stock (a ratio) only the latest month with a value (with both parts) counts; it is marked ``counts`` so
    the page can say which one.
    """
    figures = (
        Figure.objects.filter(
            monthly_return__in=counted_returns(
                plan=plan, month=month, units=units, include_submitted=include_submitted
            ),
            indicator=indicator,
        )
        .select_related("monthly_return__plan")
        .order_by("monthly_return__month")
    )
    by_unit: dict[int, list[Figure]] = {u.pk: [] for u in units}
    point_in_time = indicator.kind != Indicator.Kind.FLOW
    for figure in figures:
        figure.counts = not point_in_time
        by_unit[figure.monthly_return.unit_id].append(figure)
    if point_in_time:
        for unit_figures in by_unit.values():
            if indicator.is_ratio:
                reported = [f for f in unit_figures if f.numerator is not None and f.denominator is not None]
            else:
                reported = [f for f in unit_figures if f.value is not None]
            if reported:
                reported[-1].counts = True
    return by_unit


# --- bulletin ---------------------------------------------------------------------------------------------------


def bulletin_weights() -> tuple[Decimal, Decimal]:
    """Weights of completion and timeliness in the bulletin's composite (settings.NEWCITIZEN["BULLETIN_WEIGHTS"])."""
    weights = settings.NEWCITIZEN.get("BULLETIN_WEIGHTS", {"completion": 70, "timeliness": 30})
    return Decimal(str(weights["completion"])), Decimal(str(weights["timeliness"]))


@dataclass
class BulletinEntry:
    unit: ReportingUnit
    completion_score: Decimal | None
    on_time_rate: Decimal | None
    composite: Decimal | None
    scored: int  # how many of the unit's figures had a target and counted
    far_behind: list[Indicator] = field(default_factory=list)
    rank: int = 0
    # The unrounded scores: the ranking and the composite are made from these, the columns above round them once.
    exact_completion_score: Decimal | None = None
    exact_on_time_rate: Decimal | None = None
    exact_composite: Decimal | None = None


@dataclass
class Bulletin:
    plan: PlanYear
    month: int
    include_submitted: bool
    entries: list[BulletinEntry]
    rollup: Rollup
    timeliness: list[TimelinessRow]
    named: int

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.plan.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.plan.year, self.month, 1)

    @property
    def ranked(self) -> list[BulletinEntry]:
        return [e for e in self.entries if e.composite is not None]

    @property
    def top(self) -> list[BulletinEntry]:
        return self.ranked[: self.named]

    @property
    def bottom(self) -> list[BulletinEntry]:
        return self.ranked[-self.named :] if self.named else []

    @property
    def weights(self) -> tuple[Decimal, Decimal]:
        return bulletin_weights()


def _composite(completion: Decimal | None, timeliness: Decimal | None) -> Decimal | None:
    """The weighted composite of the exact parts, unrounded (round it once, for display)."""
    w_completion, w_timeliness = bulletin_weights()
    parts = [(completion, w_completion), (timeliness, w_timeliness)]
    parts = [(v, w) for v, w in parts if v is not None]
    if not parts:
        return None
    # A unit with no target yet is judged on timeliness alone rather than given a zero it did not earn.
    return sum(v * w for v, w in parts) / sum(w for _v, w in parts)


def bulletin_for(
    *,
    plan: PlanYear,
    month: int,
    units: list[ReportingUnit],
    include_submitted: bool = False,
    today: datetime.date | None = None,
    rollup: Rollup | None = None,
) -> Bulletin:
    """Units ranked by a composite of completion against their own targets and the timeliness of their returns.

    Completion: the mean, over the unit's figures that have a target, of completion ÷ what is due by now (capped).
    Timeliness: the share of the unit's due returns filed on time. Every score is computed from the exact parts and
    rounded once for display; units are ranked on the exact composite, and only exactly equal ones share a rank.
    """
    if rollup is None:
        rollup = progress_rollup(plan=plan, month=month, units=units, include_submitted=include_submitted)
    timeliness = timeliness_table(plan=plan, month=month, units=units, today=today)
    on_time = {row.unit.pk: row.exact_on_time_rate for row in timeliness}
    scores = rollup.exact_unit_completion_scores()
    entries = []
    for unit in units:
        cells = [(row.indicator, row.units[unit.pk]) for row in rollup.rows]
        composite = _composite(scores[unit.pk], on_time[unit.pk])
        entries.append(
            BulletinEntry(
                unit=unit,
                completion_score=display(scores[unit.pk]),
                on_time_rate=display(on_time[unit.pk]),
                composite=display(composite),
                scored=sum(1 for _i, c in cells if c.is_scored),
                far_behind=[i for i, c in cells if c.is_far_behind],
                exact_completion_score=scores[unit.pk],
                exact_on_time_rate=on_time[unit.pk],
                exact_composite=composite,
            )
        )
    entries.sort(key=lambda e: (e.exact_composite is None, -(e.exact_composite or 0), e.unit.sort_order, e.unit.code))
    previous, rank = None, 0
    for position, entry in enumerate(entries, start=1):
        if entry.exact_composite != previous:
            rank, previous = position, entry.exact_composite
        entry.rank = rank if entry.exact_composite is not None else 0
    named = min(
        int(settings.NEWCITIZEN.get("BULLETIN_NAMED", 3)), len([e for e in entries if e.composite is not None]) // 2
    )
    return Bulletin(
        plan=plan,
        month=month,
        include_submitted=include_submitted,
        entries=entries,
        rollup=rollup,
        timeliness=timeliness,
        named=named,
    )
