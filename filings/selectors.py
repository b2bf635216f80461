"""Reads that feed the filing, breakdown, assessment and good-practice pages, and the dashboard partials."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery, Sum

from actions.models import PlanYear, Target, TargetAllocation
from actions.scoping import indicators_for_user, sees_every_measure

from .models import Assessment, AssessmentItem, FilingStatus, GoodPractice, PlanFiling
from .services import allocatable_targets


@dataclass
class UnitFiling:
    """Where one unit stands with its implementation plan for a plan year."""

    unit: object
    versions: int
    first_filed_at: object
    filed_late: bool | None
    latest: PlanFiling | None

    @property
    def state(self) -> str:
        """``missing``, ``late`` or ``on_time``: judged by the unit's first filing."""
        if not self.versions:
            return "missing"
        return "late" if self.filed_late else "on_time"


def filing_overview(*, plan: PlanYear, units) -> list[UnitFiling]:
    """Each of ``units`` with its number of versions, first filing date, lateness and latest version.

    Two queries: the units annotated in the database, then their latest versions.
    """
    of_plan = PlanFiling.objects.filter(plan=plan, unit=OuterRef("pk"))
    rows = list(
        units.annotate(
            versions=Count("filings", filter=Q(filings__plan=plan)),
            first_filed_at=Min("filings__filed_at", filter=Q(filings__plan=plan)),
            first_late=Subquery(of_plan.order_by("version").values("is_late")[:1]),
            latest_id=Subquery(of_plan.order_by("-version").values("pk")[:1]),
        )
    )
    latest = PlanFiling.objects.in_bulk([u.latest_id for u in rows if u.latest_id])
    return [
        UnitFiling(
            unit=u,
            versions=u.versions,
            first_filed_at=u.first_filed_at,
            filed_late=u.first_late,
            latest=latest.get(u.latest_id),
        )
        for u in rows
    ]


def filing_counts(rows: list[UnitFiling]) -> dict[str, int]:
    """How many units filed on time, late, not at all, and how many latest versions await review."""
    counts = {"on_time": 0, "late": 0, "missing": 0, "awaiting_review": 0, "accepted": 0}
    for row in rows:
        counts[row.state] += 1
        if row.latest is not None and row.latest.status == FilingStatus.SUBMITTED:
            counts["awaiting_review"] += 1
        if row.latest is not None and row.latest.status == FilingStatus.ACCEPTED:
            counts["accepted"] += 1
    return counts


def unit_filing_history(*, plan: PlanYear, unit) -> list[PlanFiling]:
    """Every version the unit filed for the plan year, newest first, with who filed and reviewed it."""
    return list(
        PlanFiling.objects.filter(plan=plan, unit=unit).select_related("filed_by", "reviewed_by").order_by("-version")
    )


@dataclass
class BreakdownRow:
    """One city target with its shares by unit and whether they add up."""

    target: Target
    shares: list[Decimal | None] = field(default_factory=list)
    total: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.total is None:
            return None
        return self.total - self.target.value

    @property
    def gap(self) -> Decimal | None:
        """How far the sum is from the city target, whichever way."""
        return None if self.difference is None else abs(self.difference)

    @property
    def state(self) -> str:
        """``unallocated`` (no shares yet), ``balanced``, ``under`` or ``over`` the city target."""
        if self.total is None:
            return "unallocated"
        if self.total == self.target.value:
            return "balanced"
        return "under" if self.total < self.target.value else "over"


def _targets_for(user, plan: PlanYear):
    """The plan's city targets on the indicators ``user`` may see (a department viewer: its own measures')."""
    targets = allocatable_targets(plan=plan)
    if user is not None and not sees_every_measure(user):
        targets = targets.filter(indicator__in=indicators_for_user(user, plan=plan).values("pk"))
    return targets


def breakdown_for_plan(*, plan: PlanYear, units: list, user=None) -> list[BreakdownRow]:
    """Each city target of the plan year with the shares of ``units`` and the sum of all units' shares.

    Two queries: the targets with their sums (computed in the database), then the shares of the given units.
    """
    targets = list(
        _targets_for(user, plan)
        .select_related("indicator")
        .annotate(allocated=Sum("allocations__value"), share_count=Count("allocations"))
        .order_by("indicator__sort_order", "indicator__code")
    )
    shares = {
        (a.target_id, a.unit_id): a.value
        for a in TargetAllocation.objects.filter(target__in=[t.pk for t in targets], unit__in=[u.pk for u in units])
    }
    return [
        BreakdownRow(
            target=t,
            shares=[shares.get((t.pk, u.pk)) for u in units],
            total=t.allocated if t.share_count else None,
        )
        for t in targets
    ]


def unit_allocations(*, plan: PlanYear, unit, user=None) -> list[Target]:
    """The plan's city targets, each with ``share`` set to the unit's share or None. Two queries."""
    targets = list(_targets_for(user, plan).select_related("indicator").order_by("indicator__sort_order"))
    shares = dict(
        TargetAllocation.objects.filter(unit=unit, target__in=[t.pk for t in targets]).values_list("target_id", "value")
    )
    for target in targets:
        target.share = shares.get(target.pk)
    return targets


def _with_items(assessments, items=None):
    items = items if items is not None else AssessmentItem.objects.select_related("action").order_by("action__number")
    return assessments.select_related("unit", "plan", "assessed_by").prefetch_related(Prefetch("items", queryset=items))


def latest_assessments(*, plan: PlanYear, units=None) -> list[Assessment]:
    """Each unit's latest assessment in the plan year (latest period, then latest recorded), in the units' order.

    For the city dashboard and the bulletin; ``units`` narrows to the units a page may show. Two queries.
    """
    latest_of_unit = Assessment.objects.filter(plan=plan, unit=OuterRef("unit")).latest_first().values("pk")[:1]
    assessments = Assessment.objects.filter(plan=plan, pk=Subquery(latest_of_unit))
    if units is not None:
        assessments = assessments.filter(unit__in=units)
    return list(_with_items(assessments).order_by("unit__sort_order", "unit__code"))


def assessments_for_list(assessments, *, items=None) -> list[Assessment]:
    """Assessments with their unit, plan, assessor and items (of ``items`` if given: what a person may read), latest
    period first. Two queries."""
    return list(_with_items(assessments, items).order_by("-period_end", "unit__sort_order", "-created_at"))


def featured_practices(*, plan: PlanYear | None = None, limit: int = 6) -> list[GoodPractice]:
    """Good practice coordinators chose for the home page, of one plan year if given. One query."""
    practices = GoodPractice.objects.featured().select_related("unit", "measure__action")
    if plan is not None:
        practices = practices.filter(measure__action__plan=plan)
    return list(practices[:limit])
