"""Roll the counted returns up against the targets and the elapsed year (序时进度).

The database does the adding up, from the year-to-date summary (``models.UnitYearToDate``, kept on every write by
``summary.py``): one grouped query gives the group's totals per indicator, one the units' own. Python then only
compares them with the targets, so the number of queries does not grow with units, indicators or months, and the
rows read grow with units × indicators, not with the months of the year.

Rules (DOMAIN.md; the judging is in ``rules.py``):
- flow: year-to-date = sum of months; a group of units = sum of units;
- stock: year-to-date = the unit's latest reported month up to the chosen month; a group = sum of those levels;
- ratio: the unit's latest month up to the chosen month that has both parts; a group = Σ latest numerators ÷
  Σ latest denominators. Never summed over months, never an average of percentages.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum

from actions.models import Indicator, PlanYear, Target, TargetAllocation
from districts.models import ReportingUnit
from reports.models import MonthlyReturn

from .counted import Counted, counted_units
from .models import UnitYearToDate
from .rules import (  # noqa: F401 (the rules were here first; pages and tests import them from the roll-up)
    HUNDRED,
    ONE_DECIMAL,
    Cell,
    Status,
    Totals,
    about_tolerance,
    display,
    judge,
    judge_every_unit,
    schedule_share,
    status_for_gap,
    status_thresholds,
)


@dataclass
class IndicatorRollup:
    indicator: Indicator
    target: Target | None
    total: Cell
    units: dict[int, Cell]  # unit pk → that unit's cell
    # How many units' figure for this indicator is of the chosen month itself (a flow counted that month, a level
    # or a rate reported then); the other units, in their order, when the units were read (None when only the
    # group was).
    counted_units: int = 0
    missing_units: list[ReportingUnit] | None = None


@dataclass
class Rollup:
    plan: PlanYear
    month: int
    include_submitted: bool
    node: ReportingUnit | None  # None: the whole city, the top of the tree
    units: list[ReportingUnit]  # the units that file, under ``node``
    rows: list[IndicatorRollup]
    counted: Counted  # whose return of ``month`` is in the figures, and why the others are not

    @property
    def schedule_share(self) -> Decimal:
        return schedule_share(self.month)

    def by_action(self) -> list[tuple]:
        """The rows grouped under their action, in the plan's order."""
        groups: dict[int, tuple] = {}
        for row in self.rows:
            groups.setdefault(row.indicator.action_id, (row.indicator.action, []))[1].append(row)
        return list(groups.values())

    def exact_unit_completion_scores(self) -> dict[int, Decimal | None]:
        """Each unit's mean capped completion against its own targets (cells with no target left out), unrounded."""
        cap = Decimal(str(settings.NEWCITIZEN.get("SCORE_CAP", 120)))
        scores = {}
        for unit in self.units:
            parts = [row.units[unit.pk].score(cap) for row in self.rows]
            parts = [p for p in parts if p is not None]
            scores[unit.pk] = sum(parts) / len(parts) if parts else None
        return scores

    def unit_completion_scores(self) -> dict[int, Decimal | None]:
        """The same scores rounded once, half up, for display."""
        return {pk: display(score) for pk, score in self.exact_unit_completion_scores().items()}


def counted_returns(*, plan: PlanYear, month: int, units, include_submitted: bool):
    """The returns whose figures count: approved (and submitted, when asked) up to ``month`` for ``units``."""
    return MonthlyReturn.objects.counted(include_submitted=include_submitted).filter(
        plan=plan, month__lte=month, unit__in=units
    )


def _ytd_columns(include_submitted: bool) -> dict[str, str]:
    """The summary's columns under the counting rule asked for."""
    prefix = "all_" if include_submitted else ""
    return {"t_" + name: prefix + name for name in ("value_sum", "value_last", "numerator", "denominator")}


def _month_columns(include_submitted: bool) -> tuple[str, str]:
    prefix = "all_" if include_submitted else ""
    return prefix + "value_month", prefix + "ratio_month"


def _totals(kind: str, row: dict) -> Totals:
    month = row.get("t_ratio_month") if kind == Indicator.Kind.RATIO else row.get("t_value_month")
    if kind == Indicator.Kind.STOCK:
        return Totals(value=row["t_value_last"], month=month)
    return Totals(value=row["t_value_sum"], numerator=row["t_numerator"], denominator=row["t_denominator"], month=month)


def _year_to_date(*, plan: PlanYear, month: int, units, indicators: list[Indicator] | None):
    """The summary's rows at the end of ``month`` for ``units`` (and ``indicators``, when given)."""
    rows = UnitYearToDate.objects.filter(plan=plan, month=month, unit__in=units)
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    return rows


def group_totals(
    *, plan: PlanYear, month: int, units, include_submitted: bool, kinds: dict[int, str], indicators=None
) -> dict[int, tuple[Totals, int]]:
    """{indicator pk: (Totals, units current)} for all ``units`` together, added up by the database in one query.

    ``kinds`` maps indicator pk to kind: stocks add up the units' latest levels, ratios their latest parts (both
    kept per unit by the summary), flows their running sums. "Units current" counts the units whose figure is of
    ``month`` itself (a level or a rate reported then, a flow counted then), in the same query.
    """
    columns = _ytd_columns(include_submitted)
    value_month, ratio_month = _month_columns(include_submitted)
    rows = (
        _year_to_date(plan=plan, month=month, units=units, indicators=indicators)
        .values("indicator_id")
        .annotate(
            **{name: Sum(column) for name, column in columns.items()},
            n_value=Count("unit_id", filter=Q(**{value_month: month})),
            n_ratio=Count("unit_id", filter=Q(**{ratio_month: month})),
        )
        .order_by()
    )
    return {
        r["indicator_id"]: (
            _totals(kinds[r["indicator_id"]], r),
            r["n_ratio"] if kinds[r["indicator_id"]] == Indicator.Kind.RATIO else r["n_value"],
        )
        for r in rows
        if r["indicator_id"] in kinds
    }


def unit_totals(
    *, plan: PlanYear, month: int, units, include_submitted: bool, kinds: dict[int, str], indicators=None
) -> dict:
    """{(unit pk, indicator pk): Totals} for every unit that has counted something, in one query, each with the
    month its figure comes from."""
    columns = _ytd_columns(include_submitted)
    value_month, ratio_month = _month_columns(include_submitted)
    rows = (
        _year_to_date(plan=plan, month=month, units=units, indicators=indicators)
        .order_by()
        .values(
            "unit_id",
            "indicator_id",
            t_value_month=F(value_month),
            t_ratio_month=F(ratio_month),
            **{name: F(column) for name, column in columns.items()},
        )
    )
    return {
        (r["unit_id"], r["indicator_id"]): _totals(kinds[r["indicator_id"]], r)
        for r in rows
        if r["indicator_id"] in kinds
    }


def _unit_target(target: Target, indicator: Indicator, allocation: Decimal | None) -> Decimal | None:
    """A unit's own target: its allocated share, or the per-unit value; rates are not split among units."""
    if target.comparator == Target.Comparator.INCREASE:
        # The baseline is a city figure; an allocation, when an admin entered one, is the unit's own baseline.
        return allocation
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

    Five queries whatever the size: indicators with targets, allocations, the group's totals, the units' totals
    (these two read from the year-to-date summary at the end of ``month``), and the units' returns of ``month``
    (whose are counted, and why the others are not). With ``unit_cells`` False (a page that shows
    only the group's row) units are judged only where a per-unit target needs them (the laggards), so a page for
    thousands of units does not judge every unit on every indicator.
    """
    indicator_qs = (
        Indicator.objects.for_plan(plan).active().of_districts().select_related("target", "action", "measure__action")
    )
    if indicators is not None:
        indicator_qs = indicator_qs.filter(pk__in=[i.pk for i in indicators])
    indicator_list = list(indicator_qs)
    kinds = {i.pk: i.kind for i in indicator_list}
    allocations = {
        (a["target_id"], a["unit_id"]): a["value"]
        # No ordering: the models' default one joins the indicator and the unit for nothing.
        for a in TargetAllocation.objects.filter(target__indicator__plan=plan)
        .order_by()
        .values("target_id", "unit_id", "value")
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
    counted = counted_units(plan=plan, month=month, units=units, include_submitted=include_submitted)

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
        group, current = groups.get(indicator.pk, (Totals(), 0))
        if target is None:
            total = Cell(totals=group, kind=indicator.kind)
        elif target.scope == Target.Scope.PER_DISTRICT:
            total = judge_every_unit(
                indicator=indicator, target=target, totals=group, units=units, unit_cells=unit_cells_here
            )
        else:
            group_target = _group_target(target, indicator, node, units, allocations)
            total = judge(indicator=indicator, target=target, totals=group, target_value=group_target, month=month)
        missing = None
        if indicator.pk in judged_pks:
            missing = [u for u in units if unit_cells_here[u.pk].month != month]
        rows.append(
            IndicatorRollup(
                indicator=indicator,
                target=target,
                total=total,
                units=unit_cells_here,
                counted_units=current,
                missing_units=missing,
            )
        )
    return Rollup(
        plan=plan,
        month=month,
        include_submitted=include_submitted,
        node=node,
        units=list(units),
        rows=rows,
        counted=counted,
    )


def _per_unit(indicator: Indicator) -> bool:
    """Whether the group's cell needs every unit judged: a per-unit target names the units not reaching it."""
    target = getattr(indicator, "target", None)
    return target is not None and target.scope == Target.Scope.PER_DISTRICT
