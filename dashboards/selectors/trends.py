"""One indicator over the months (the trend, against the schedule line) and the figures behind it (drill-down)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from actions.models import Indicator, PlanYear
from districts.models import ReportingUnit
from reports.models import Figure

from ..rollup import Rollup, counted_returns, progress_rollup
from ..rules import HUNDRED, Totals, display, exact_schedule_share
from .scope import Scope


@dataclass
class TrendSeries:
    """Cumulative year-to-date per month, beside the straight schedule line to the target.

    A month no unit reported (no counted figure) is None, a gap in the chart and "未报" in the table, never the
    level carried from the month before: "not reported" must not read as "no progress".
    """

    label: str
    unit: ReportingUnit | None
    values: list[Decimal | None]
    schedule: list[Decimal | None]
    reported: list[int] = field(default_factory=list)  # per month: how many of the units have a counted figure
    units_total: int = 1

    @property
    def points(self) -> list[tuple[int, Decimal | None, Decimal | None]]:
        return [(m, v, s) for m, (v, s) in enumerate(zip(self.values, self.schedule, strict=True), start=1)]

    @property
    def rows(self) -> list[tuple[int, Decimal | None, Decimal | None, int]]:
        """The table's rows: month, year to date, schedule line, units that reported that month."""
        return [(m, v, s, self.reported[m - 1]) for m, v, s in self.points]

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

    def reported(this: Totals | None) -> bool:
        if this is None:
            return False
        if indicator.is_ratio:
            return this.numerator is not None and this.denominator is not None
        return this.value is not None

    reports = {u.pk: [reported(by_unit_month.get((u.pk, m))) for m in range(1, month + 1)] for u in scope.units}

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
    group, group_reported = [], []
    for i in range(month):
        total = Totals()
        for unit in scope.units:
            total = total + per_unit[unit.pk][i]
        count = sum(1 for u in scope.units if reports[u.pk][i])
        # The group's month is a point when some unit reported it (the table says how many of them did).
        group.append(shown(total) if count else None)
        group_reported.append(count)
    group_label = scope.node.display_name if scope.node else str(_("Whole city"))
    city = TrendSeries(
        label=group_label,
        unit=scope.node,
        values=group,
        schedule=_schedule_line(indicator, row.total.target, month, comparator),
        reported=group_reported,
        units_total=len(scope.units),
    )
    units = [
        TrendSeries(
            label=u.display_name,
            unit=u,
            values=[shown(t) if reports[u.pk][i] else None for i, t in enumerate(per_unit[u.pk])],
            schedule=_schedule_line(indicator, row.units[u.pk].target, month, comparator),
            reported=[int(r) for r in reports[u.pk]],
        )
        for u in scope.units
    ]
    return city, units, rollup


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
