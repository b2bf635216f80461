"""Roll the counted returns up against the targets and the elapsed year (序时进度).

The database does the adding up, from the year-to-date summary (``models.UnitYearToDate``, kept on every write by
``summary.py``): one grouped query gives the group's totals per indicator, one the units' own. Python then only
compares them with the targets, so the number of queries does not grow with units, indicators or months, and the
rows read grow with units × indicators, not with the months of the year.

Rules (DOMAIN.md):
- flow: year-to-date = sum of months; a group of units = sum of units;
- stock: year-to-date = the unit's latest reported month up to the chosen month; a group = sum of those levels;
- ratio: sum of numerators / sum of denominators, over months and units, never an average of percentages.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from actions.models import Indicator, PlanYear, Target, TargetAllocation
from districts.models import ReportingUnit
from reports.models import MonthlyReturn

from .models import UnitYearToDate

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


class Status(models.TextChoices):
    ON_SCHEDULE = "on_schedule", _("On schedule")
    SLIGHTLY_BEHIND = "slightly_behind", _("Slightly behind")
    BEHIND = "behind", _("Behind")
    FAR_BEHIND = "far_behind", _("Far behind")
    NO_TARGET = "no_target", _("No target")
    NO_DATA = "no_data", _("No figures")


def about_tolerance() -> Decimal:
    """The share of a 左右 target that counts as met (settings.NEWCITIZEN["ABOUT_TOLERANCE"])."""
    return Decimal(str(settings.NEWCITIZEN.get("ABOUT_TOLERANCE", 0.95)))


def status_thresholds() -> tuple[Decimal, Decimal, Decimal]:
    """Gap (points) at or above which a figure is on schedule, slightly behind, behind; below the last: far behind."""
    values = settings.NEWCITIZEN.get("STATUS_THRESHOLDS", (0, -10, -30))
    return tuple(Decimal(str(v)) for v in values)


def status_for_gap(gap: Decimal) -> str:
    on, slightly, behind = status_thresholds()
    if gap >= on:
        return Status.ON_SCHEDULE
    if gap >= slightly:
        return Status.SLIGHTLY_BEHIND
    if gap >= behind:
        return Status.BEHIND
    return Status.FAR_BEHIND


def schedule_share(month: int) -> Decimal:
    """序时进度: the share of the year elapsed at the end of ``month``, in per cent."""
    return (Decimal(month) * HUNDRED / 12).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass
class Totals:
    """What one unit, or a group of units, counted for one indicator up to the chosen month."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def __add__(self, other: "Totals") -> "Totals":
        def add(a, b):
            if a is None:
                return b
            return a if b is None else a + b

        return Totals(
            value=add(self.value, other.value),
            numerator=add(self.numerator, other.numerator),
            denominator=add(self.denominator, other.denominator),
        )

    @property
    def exact_rate(self) -> Decimal | None:
        """The rate in %, unrounded: targets are judged on this, never on what the page shows."""
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator * HUNDRED / self.denominator

    @property
    def rate(self) -> Decimal | None:
        exact = self.exact_rate
        return None if exact is None else exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Cell:
    """A year-to-date figure judged against its target: one unit's, a group's or the city's."""

    totals: Totals
    kind: str
    target: Decimal | None = None  # in the indicator's unit (a rate in % for ratios); the baseline for `increase`
    completion: Decimal | None = None  # % of the target reached
    required: Decimal | None = None  # % of the target due by now (序时进度, or the level itself)
    gap: Decimal | None = None  # completion − required, in points
    status: str = Status.NO_TARGET
    met: bool | None = None
    laggards: list = field(default_factory=list)  # per-district targets: the units that do not reach it

    @property
    def value(self) -> Decimal | None:
        """The year-to-date figure: a sum, a level, or a rate in %."""
        return self.totals.rate if self.kind == Indicator.Kind.RATIO else self.totals.value

    @property
    def has_target(self) -> bool:
        return self.status != Status.NO_TARGET

    @property
    def is_scored(self) -> bool:
        """Cells without a target or without figures are left out of every score."""
        return self.completion is not None and bool(self.required)

    def score(self, cap: Decimal) -> Decimal | None:
        """Completion against what is due by now, in %, capped so that one overshoot cannot hide the rest."""
        if not self.is_scored:
            return None
        return min(self.completion * HUNDRED / self.required, cap)


def judge(*, indicator: Indicator, target: Target, totals: Totals, target_value: Decimal | None, month: int) -> Cell:
    """Compare ``totals`` with ``target_value`` under the target's comparator at the end of ``month``."""
    cell = Cell(totals=totals, kind=indicator.kind, target=target_value)
    if target_value is None:
        return cell
    # Judge on exact figures; the rounded ones are for display only (4,998 of 5,000 is not "met").
    value = totals.exact_rate if indicator.kind == Indicator.Kind.RATIO else totals.value
    if value is None:
        if indicator.kind == Indicator.Kind.RATIO:
            # No denominator reported: there is no rate to judge, and nothing to score.
            cell.status = Status.NO_DATA
            return cell
        value = Decimal(0)  # nothing counted is nothing done

    comparator = target.comparator
    if comparator == Target.Comparator.INCREASE:
        baseline = target_value
        cell.met = value > baseline
        cell.required = HUNDRED
        if baseline > 0:
            cell.completion = _pct(value, baseline)
            cell.gap = cell.completion - cell.required
        else:
            cell.gap = Decimal(0) if cell.met else Decimal(-100)
        # Standing at the baseline is not yet an increase: never "on schedule" until it is passed.
        cell.status = (
            Status.ON_SCHEDULE if cell.met else max(status_for_gap(cell.gap), Status.SLIGHTLY_BEHIND, key=_rank)
        )
        return cell

    is_flow = indicator.kind == Indicator.Kind.FLOW
    required = Decimal(month) * HUNDRED / 12 if is_flow else HUNDRED
    tolerance = about_tolerance() if comparator == Target.Comparator.ABOUT else Decimal(1)
    exact_required = required * tolerance
    exact_completion = value * HUNDRED / target_value if target_value > 0 else HUNDRED
    cell.required = exact_required.quantize(ONE_DECIMAL, ROUND_HALF_UP)
    cell.completion = exact_completion.quantize(ONE_DECIMAL, ROUND_HALF_UP)
    cell.gap = (exact_completion - exact_required).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    cell.status = status_for_gap(exact_completion - exact_required)
    cell.met = value >= target_value * tolerance
    return cell


_ORDER = [Status.ON_SCHEDULE, Status.SLIGHTLY_BEHIND, Status.BEHIND, Status.FAR_BEHIND]


def _rank(status: str) -> int:
    """Worse statuses rank higher, so ``max(..., key=_rank)`` is the worse of two."""
    return _ORDER.index(status)


@dataclass
class IndicatorRollup:
    indicator: Indicator
    target: Target | None
    total: Cell
    units: dict[int, Cell]  # unit pk → that unit's cell


@dataclass
class Rollup:
    plan: PlanYear
    month: int
    include_submitted: bool
    node: ReportingUnit | None  # None: the whole city, the top of the tree
    units: list[ReportingUnit]  # the units that file, under ``node``
    rows: list[IndicatorRollup]

    @property
    def schedule_share(self) -> Decimal:
        return schedule_share(self.month)

    def by_action(self) -> list[tuple]:
        """The rows grouped under their action, in the plan's order."""
        groups: dict[int, tuple] = {}
        for row in self.rows:
            groups.setdefault(row.indicator.action_id, (row.indicator.action, []))[1].append(row)
        return list(groups.values())

    def unit_completion_scores(self) -> dict[int, Decimal | None]:
        """Each unit's mean capped completion against its own targets (cells with no target left out)."""
        cap = Decimal(str(settings.NEWCITIZEN.get("SCORE_CAP", 120)))
        scores = {}
        for unit in self.units:
            parts = [row.units[unit.pk].score(cap) for row in self.rows]
            parts = [p for p in parts if p is not None]
            scores[unit.pk] = (sum(parts) / len(parts)).quantize(ONE_DECIMAL, ROUND_HALF_UP) if parts else None
        return scores


def counted_returns(*, plan: PlanYear, month: int, units, include_submitted: bool):
    """The returns whose figures count: approved (and submitted, when asked) up to ``month`` for ``units``."""
    return MonthlyReturn.objects.counted(include_submitted=include_submitted).filter(
        plan=plan, month__lte=month, unit__in=units
    )


def _ytd_columns(include_submitted: bool) -> dict[str, str]:
    """The summary's columns under the counting rule asked for."""
    prefix = "all_" if include_submitted else ""
    return {"t_" + name: prefix + name for name in ("value_sum", "value_last", "numerator", "denominator")}


def _totals(kind: str, row: dict) -> Totals:
    if kind == Indicator.Kind.STOCK:
        return Totals(value=row["t_value_last"])
    return Totals(value=row["t_value_sum"], numerator=row["t_numerator"], denominator=row["t_denominator"])


def _year_to_date(*, plan: PlanYear, month: int, units, indicators: list[Indicator] | None):
    """The summary's rows at the end of ``month`` for ``units`` (and ``indicators``, when given)."""
    rows = UnitYearToDate.objects.filter(plan=plan, month=month, unit__in=units)
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    return rows


def group_totals(
    *, plan: PlanYear, month: int, units, include_submitted: bool, kinds: dict[int, str], indicators=None
) -> dict[int, Totals]:
    """{indicator pk: Totals} for all ``units`` together, added up by the database in one query.

    ``kinds`` maps indicator pk to kind: stocks add up the units' latest levels, the others their running sums.
    """
    columns = _ytd_columns(include_submitted)
    rows = (
        _year_to_date(plan=plan, month=month, units=units, indicators=indicators)
        .values("indicator_id")
        .annotate(**{name: Sum(column) for name, column in columns.items()})
        .order_by()
    )
    return {r["indicator_id"]: _totals(kinds.get(r["indicator_id"]), r) for r in rows if r["indicator_id"] in kinds}


def unit_totals(
    *, plan: PlanYear, month: int, units, include_submitted: bool, kinds: dict[int, str], indicators=None
) -> dict:
    """{(unit pk, indicator pk): Totals} for every unit that has counted something, in one query."""
    columns = _ytd_columns(include_submitted)
    rows = _year_to_date(plan=plan, month=month, units=units, indicators=indicators).values(
        "unit_id", "indicator_id", **{name: F(column) for name, column in columns.items()}
    )
    return {
        (r["unit_id"], r["indicator_id"]): _totals(kinds[r["indicator_id"]], r)
        for r in rows
        if r["indicator_id"] in kinds
    }


def _unit_target(target: Target, indicator: Indicator, allocation: Decimal | None) -> Decimal | None:
    """A unit's own target: its allocated share, or the per-unit value; rates are not split among units."""
    if target.comparator == Target.Comparator.INCREASE:
        return None  # baselines are city figures; a unit has none of its own
    if target.comparator == Target.Comparator.FULL:
        return HUNDRED
    if allocation is not None:
        return allocation
    if target.scope == Target.Scope.PER_DISTRICT or indicator.is_ratio:
        return target.value
    return None


def _group_target(
    target: Target, indicator: Indicator, node: ReportingUnit | None, units, allocations: dict
) -> Decimal | None:
    """The target of the city (``node`` None) or of a unit with units under it."""
    if node is None:
        if target.comparator == Target.Comparator.INCREASE:
            return target.baseline
        if target.comparator == Target.Comparator.FULL:
            return HUNDRED
        return target.value
    own = allocations.get((target.pk, node.pk))
    if own is not None or target.comparator in (Target.Comparator.INCREASE, Target.Comparator.FULL):
        return _unit_target(target, indicator, own)
    if indicator.is_ratio:
        return target.value
    # A group's share is the sum of its units' shares, but only when every unit has one.
    shares = [allocations.get((target.pk, u.pk)) for u in units]
    if shares and all(s is not None for s in shares):
        return sum(shares)
    return None


def progress_rollup(
    *,
    plan: PlanYear,
    month: int,
    units: list[ReportingUnit],
    node: ReportingUnit | None = None,
    include_submitted: bool = False,
    indicators=None,
    unit_cells: bool = True,
) -> Rollup:
    """The year-to-date of every active indicator for ``units`` (the filing units under ``node``, or the city).

    Four queries whatever the size: indicators with targets, allocations, the group's totals, the units' totals,
    all read from the year-to-date summary at the end of ``month``. With ``unit_cells`` False (a page that shows
    only the group's row) units are judged only where a per-unit target needs them (the laggards), so a page for
    thousands of units does not judge every unit on every indicator.
    """
    indicator_qs = Indicator.objects.for_plan(plan).active().select_related("target", "action", "measure__action")
    if indicators is not None:
        indicator_qs = indicator_qs.filter(pk__in=[i.pk for i in indicators])
    indicator_list = list(indicator_qs)
    kinds = {i.pk: i.kind for i in indicator_list}
    allocations = {
        (a["target_id"], a["unit_id"]): a["value"]
        for a in TargetAllocation.objects.filter(target__indicator__plan=plan).values("target_id", "unit_id", "value")
    }
    groups = group_totals(
        plan=plan, month=month, units=units, include_submitted=include_submitted, kinds=kinds, indicators=indicators
    )
    judged = indicator_list if unit_cells else [i for i in indicator_list if _per_unit(i)]
    totals = (
        unit_totals(
            plan=plan, month=month, units=units, include_submitted=include_submitted, kinds=kinds, indicators=judged
        )
        if judged
        else {}
    )
    judged_pks = {i.pk for i in judged}

    rows = []
    for indicator in indicator_list:
        target = getattr(indicator, "target", None)
        unit_cells_here = {}
        if indicator.pk in judged_pks:
            for unit in units:
                unit_sum = totals.get((unit.pk, indicator.pk), Totals())
                if target is None:
                    unit_cells_here[unit.pk] = Cell(totals=unit_sum, kind=indicator.kind)
                else:
                    unit_target = _unit_target(target, indicator, allocations.get((target.pk, unit.pk)))
                    unit_cells_here[unit.pk] = judge(
                        indicator=indicator, target=target, totals=unit_sum, target_value=unit_target, month=month
                    )
        group = groups.get(indicator.pk, Totals())
        if target is None:
            total = Cell(totals=group, kind=indicator.kind)
        elif target.scope == Target.Scope.PER_DISTRICT:
            total = _every_unit(indicator, target, group, units, unit_cells_here)
        else:
            group_target = _group_target(target, indicator, node, units, allocations)
            total = judge(indicator=indicator, target=target, totals=group, target_value=group_target, month=month)
        rows.append(IndicatorRollup(indicator=indicator, target=target, total=total, units=unit_cells_here))
    return Rollup(plan=plan, month=month, include_submitted=include_submitted, node=node, units=list(units), rows=rows)


def _per_unit(indicator: Indicator) -> bool:
    """Whether the group's cell needs every unit judged: a per-unit target names the units not reaching it."""
    target = getattr(indicator, "target", None)
    return target is not None and target.scope == Target.Scope.PER_DISTRICT


def _every_unit(indicator, target, group_totals: Totals, units, unit_cells: dict) -> Cell:
    """A per-district target (每个区市): completion is the share of units on schedule; the others are named."""
    cell = Cell(totals=group_totals, kind=indicator.kind, target=target.value)
    judged = [u for u in units if unit_cells[u.pk].has_target]
    if not judged:
        return cell
    cell.laggards = [u for u in judged if unit_cells[u.pk].status != Status.ON_SCHEDULE]
    cell.completion = _pct(Decimal(len(judged) - len(cell.laggards)), Decimal(len(judged)))
    cell.required = HUNDRED
    cell.gap = cell.completion - cell.required
    cell.status = status_for_gap(cell.gap)
    cell.met = not cell.laggards
    return cell
