"""Plausible returns at city, province and nation scale, loaded in bulk, for the benchmark.

- city: the eight real units of Weihai;
- province: a province unit, 16 cities under it (Weihai is one, holding the eight real units), 136 county units;
- nation: 31 provinces (the first is the province above) with their cities, 2,850 county units.

Every county unit files a return a month for each plan year, with every active indicator: flows follow the season,
stocks grow slowly, ratios have a numerator and a denominator. About 3 % of returns are missing and the rest are in
mixed workflow states. The same seed gives the same data. PostgreSQL is loaded with COPY, SQLite with bulk_create.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import connection, transaction

from accounts.models import User
from accounts.roles import COORDINATOR, roles_ensure
from actions.models import Indicator, PlanYear
from actions.services import plan_copy_to_year, plan_load
from dashboards.summary import summary_rebuild
from demo.returns import CITY_MONTHLY, CITY_STOCK, SEASON
from districts.models import ReportingUnit
from reports.models import (
    ChangeEntry,
    Figure,
    MeasureProgress,
    MonthlyReturn,
    ReturnStatus,
    ReturnTransition,
    due_date_for,
)

SCALES = ("city", "province", "nation")
PROVINCE_LEAVES = 136
PROVINCE_CITIES = 16
NATION_LEAVES = 2850
NATION_PROVINCES = 31
MISSING_SHARE = 0.03
# Of the returns that exist: approved, submitted, returned for revision, draft (cumulative shares).
STATUS_MIX = [(0.82, ReturnStatus.APPROVED), (0.91, ReturnStatus.SUBMITTED), (0.95, ReturnStatus.RETURNED)]
LATE_SHARE = 0.1
GENERATED_PREFIX = "P"  # codes of the units made here; the eight real units keep theirs
WEIHAI_CITY = "P01C01"
TZ = ZoneInfo("Asia/Shanghai")
REAL_UNITS_IN_CITY = 8


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None
    sort_order: int


@dataclass
class GenerateResult:
    scale: str
    plans: list[PlanYear]
    units: int  # all units, groups included
    leaves: int
    returns: int
    figures: int
    missing: int
    by_status: dict[str, int] = field(default_factory=dict)


def _split(total: int, parts: int, rng: random.Random, spread: float = 0.25) -> list[int]:
    """``total`` split into ``parts`` positive counts near the mean, summing exactly to ``total``."""
    mean = total / parts
    counts = [max(1, round(mean * rng.uniform(1 - spread, 1 + spread))) for _ in range(parts)]
    step = 0
    while sum(counts) != total:
        i = step % parts
        if sum(counts) > total and counts[i] > 1:
            counts[i] -= 1
        elif sum(counts) < total:
            counts[i] += 1
        step += 1
    return counts


def unit_tree_specs(*, scale: str, seed: int) -> list[UnitSpec]:
    """The group and county units a scale adds to the eight real ones (none at city scale)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if scale == "city":
        return []
    rng = random.Random(f"tree-{seed}")
    provinces = 1 if scale == "province" else NATION_PROVINCES
    leaves_per_province = [PROVINCE_LEAVES]
    if provinces > 1:
        leaves_per_province += _split(NATION_LEAVES - PROVINCE_LEAVES, provinces - 1, rng)
    specs, order = [], 100
    for p, province_leaves in enumerate(leaves_per_province, start=1):
        province = f"{GENERATED_PREFIX}{p:02d}"
        order += 1
        specs.append(UnitSpec(province, f"第{p}省", ReportingUnit.Kind.PROVINCE, None, order))
        if p == 1:
            cities = PROVINCE_CITIES
            # Weihai (the first city) holds the eight real units; the other cities share the rest.
            counties = [0, *_split(province_leaves - REAL_UNITS_IN_CITY, cities - 1, rng)]
        else:
            cities = max(2, round(province_leaves / 8.5))
            counties = _split(province_leaves, cities, rng)
        for c, county_count in enumerate(counties, start=1):
            city = f"{province}C{c:02d}"
            order += 1
            name = "威海市" if city == WEIHAI_CITY else f"第{p}省第{c}市"
            specs.append(UnitSpec(city, name, ReportingUnit.Kind.CITY, province, order))
            for k in range(1, county_count + 1):
                order += 1
                specs.append(
                    UnitSpec(f"{city}K{k:02d}", f"第{p}省第{c}市第{k}县", ReportingUnit.Kind.COUNTY, city, order)
                )
    return specs


def data_clear() -> None:
    """Remove every return and every generated unit; the eight real units go back to the top of the tree."""
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Figure, MeasureProgress, ReturnTransition, ChangeEntry, MonthlyReturn)]
        connection.check_constraints()  # TRUNCATE needs this transaction's deferred foreign-key checks done
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    else:
        # Raw deletes: no per-row signals (the summary is rebuilt after the load anyway).
        with connection.cursor() as cursor:
            for model in (Figure, MeasureProgress, ReturnTransition, ChangeEntry, MonthlyReturn):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
    generated = ReportingUnit.objects.filter(code__startswith=GENERATED_PREFIX)
    User.objects.filter(reporting_unit__in=generated).delete()  # the generated cities' reviewers
    ReportingUnit.objects.filter(parent__in=generated).update(parent=None)
    generated.update(parent=None)
    generated.delete()


def city_reviewer_name(city: ReportingUnit) -> str:
    """The login of a generated city's reviewer (no password: the benchmark logs in with force_login)."""
    return f"reviewer-{city.code.lower()}"


def _units_create(specs: list[UnitSpec]) -> None:
    ReportingUnit.objects.bulk_create(
        [ReportingUnit(code=s.code, name=s.name, kind=s.kind, sort_order=s.sort_order) for s in specs], batch_size=500
    )
    created = {u.code: u for u in ReportingUnit.objects.filter(code__startswith=GENERATED_PREFIX)}
    by_parent: dict[str, list[int]] = {}
    for spec in specs:
        if spec.parent:
            by_parent.setdefault(spec.parent, []).append(created[spec.code].pk)
    for parent, ids in by_parent.items():
        ReportingUnit.objects.filter(pk__in=ids).update(parent=created[parent])
    # Each generated city has its reviewer, a coordinator of that city's subtree (reports.scoping).
    coordinators = Group.objects.filter(name=COORDINATOR).first() or roles_ensure()[COORDINATOR]
    for city in ReportingUnit.objects.filter(code__startswith=GENERATED_PREFIX, kind=ReportingUnit.Kind.CITY):
        reviewer = User.objects.create_user(username=city_reviewer_name(city), reporting_unit=city)
        reviewer.groups.add(coordinators)
    if any(s.code == WEIHAI_CITY for s in specs):
        ReportingUnit.objects.roots().exclude(code__startswith=GENERATED_PREFIX).update(parent=created[WEIHAI_CITY])


def _plans(years: int) -> list[PlanYear]:
    first = plan_load().plan
    plans = [first]
    for offset in range(1, years):
        year = first.year + offset
        plans.append(PlanYear.objects.filter(year=year).first() or plan_copy_to_year(source=first, year=year))
    return plans


class _Values:
    """The figures of one unit: its size against a real Weihai unit, seasons, growth and noise."""

    def __init__(self, rng: random.Random, indicators: list[Indicator]):
        self.rng = rng
        self.indicators = indicators
        self.size = rng.uniform(0.5, 1.5) / REAL_UNITS_IN_CITY

    def figure(self, indicator: Indicator, month: int, year_index: int) -> tuple[str, str, str]:
        """(value, numerator, denominator) as COPY text, ``\\N`` for none."""
        rng, none = self.rng, r"\N"
        growth = 1.03**year_index
        if indicator.kind == Indicator.Kind.RATIO:
            denominator = round(40000 * self.size * rng.uniform(0.95, 1.05) * growth)
            rate = min(1.0, 0.86 + 0.004 * month + 0.01 * year_index + rng.uniform(-0.01, 0.01))
            return none, str(round(denominator * rate)), str(max(denominator, 1))
        if indicator.kind == Indicator.Kind.STOCK:
            if indicator.code == "I2.4.1":  # 零工市场: a unit has none, one or two
                return str(min(2, int(rng.random() * 2.2 + month / 24))), none, none
            level = CITY_STOCK.get(indicator.code, 10) * self.size * (0.97 + 0.006 * month) * growth
            return str(round(level)), none, none
        target = getattr(indicator, "target", None)
        yearly = (
            float(target.value) if target is not None and target.value else CITY_MONTHLY.get(indicator.code, 5) * 12
        )
        monthly = yearly / 12 * self.size * SEASON[month - 1] * rng.uniform(0.85, 1.15) * growth
        if indicator.unit == "万元":
            return f"{monthly:.1f}", none, none
        return str(max(0, round(monthly))), none, none


def _status(rng: random.Random) -> str:
    draw = rng.random()
    for share, status in STATUS_MIX:
        if draw < share:
            return status
    return ReturnStatus.DRAFT


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


@transaction.atomic
def data_generate(*, scale: str, years: int = 1, seed: int = 1) -> GenerateResult:
    """Replace every return (and the generated units) with ``scale``'s data for ``years`` plan years from 2023."""
    if years < 1:
        raise ValueError("years must be at least 1")
    plans = _plans(years)
    data_clear()
    _units_create(unit_tree_specs(scale=scale, seed=seed))
    leaves = list(ReportingUnit.objects.leaves().order_by("sort_order", "code"))
    result = GenerateResult(
        scale=scale,
        plans=plans,
        units=ReportingUnit.objects.districts().count(),
        leaves=len(leaves),
        returns=0,
        figures=0,
        missing=0,
    )
    writer = _CopyWriter() if connection.vendor == "postgresql" else _OrmWriter()
    next_id = (MonthlyReturn.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = _at(datetime.date.today()).isoformat()
    plan_indicators = {
        plan.pk: list(Indicator.objects.for_plan(plan).active().of_districts().select_related("target"))
        for plan in plans
    }
    for unit in leaves:
        rng = random.Random(f"{seed}-{unit.code}")
        for year_index, plan in enumerate(plans):
            values = _Values(rng, plan_indicators[plan.pk])
            for month in range(1, 13):
                if rng.random() < MISSING_SHARE:
                    result.missing += 1
                    continue
                status = _status(rng)
                filed = status != ReturnStatus.DRAFT
                late = filed and rng.random() < LATE_SHARE
                due = due_date_for(year=plan.year, month=month, due_day=plan.due_day)
                submitted = _at(due + datetime.timedelta(days=rng.randint(2, 6) if late else -rng.randint(0, 3)))
                approved = submitted + datetime.timedelta(days=2) if status == ReturnStatus.APPROVED else None
                writer.monthly_return(
                    next_id, plan.pk, unit.pk, month, status, late, submitted if filed else None, approved, now
                )
                for indicator in values.indicators:
                    writer.figure(next_id, indicator.pk, *values.figure(indicator, month, year_index))
                    result.figures += 1
                result.by_status[status] = result.by_status.get(status, 0) + 1
                result.returns += 1
                next_id += 1
            if writer.pending > 200_000:
                writer.flush()
    writer.flush()
    writer.finish()
    # The bulk load bypassed the services: bring the dashboards' year-to-date summary up to date in one go.
    summary_rebuild()
    return result


class _CopyWriter:
    """Buffers rows as COPY text and streams them to PostgreSQL; returns before their figures (foreign keys)."""

    RETURN_COLUMNS = (
        "id, plan_id, unit_id, month, status, version, is_late, first_submitted_at, submitted_at, approved_at, "
        "created_at, updated_at"
    )
    FIGURE_COLUMNS = "monthly_return_id, indicator_id, value, numerator, denominator, comment"

    def __init__(self):
        self.returns, self.figures = io.StringIO(), io.StringIO()
        self.pending = 0

    def monthly_return(self, pk, plan_id, unit_id, month, status, late, submitted, approved, now) -> None:
        none = r"\N"
        sub = submitted.isoformat() if submitted else none
        self.returns.write(
            f"{pk}\t{plan_id}\t{unit_id}\t{month}\t{status}\t1\t{'t' if late else 'f'}\t{sub}\t{sub}\t"
            f"{approved.isoformat() if approved else none}\t{now}\t{now}\n"
        )

    def figure(self, return_id, indicator_id, value, numerator, denominator) -> None:
        self.figures.write(f"{return_id}\t{indicator_id}\t{value}\t{numerator}\t{denominator}\t\n")
        self.pending += 1

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for table, columns, buffer in (
                (MonthlyReturn._meta.db_table, self.RETURN_COLUMNS, self.returns),
                (Figure._meta.db_table, self.FIGURE_COLUMNS, self.figures),
            ):
                data = buffer.getvalue()
                if data:
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        copy.write(data)
        self.returns, self.figures = io.StringIO(), io.StringIO()
        self.pending = 0

    def finish(self) -> None:
        table = MonthlyReturn._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"ANALYZE {Figure._meta.db_table}")


class _OrmWriter:
    """The same rows through bulk_create, for SQLite."""

    def __init__(self):
        self.returns, self.figures = [], []
        self.pending = 0

    def monthly_return(self, pk, plan_id, unit_id, month, status, late, submitted, approved, now) -> None:
        self.returns.append(
            MonthlyReturn(
                pk=pk,
                plan_id=plan_id,
                unit_id=unit_id,
                month=month,
                status=status,
                is_late=late,
                first_submitted_at=submitted,
                submitted_at=submitted,
                approved_at=approved,
            )
        )

    def figure(self, return_id, indicator_id, value, numerator, denominator) -> None:
        def number(text):
            return None if text == r"\N" else Decimal(text)

        self.figures.append(
            Figure(
                monthly_return_id=return_id,
                indicator_id=indicator_id,
                value=number(value),
                numerator=number(numerator),
                denominator=number(denominator),
            )
        )
        self.pending += 1

    def flush(self) -> None:
        MonthlyReturn.objects.bulk_create(self.returns, batch_size=500)
        Figure.objects.bulk_create(self.figures, batch_size=2000)
        self.returns, self.figures = [], []
        self.pending = 0

    def finish(self) -> None:
        pass


def vacuum_analyze() -> None:
    """After a bulk load on PostgreSQL: fresh statistics and a visibility map, as autovacuum would leave them.

    Outside any transaction (VACUUM cannot run in one); does nothing on SQLite.
    """
    if connection.vendor != "postgresql" or not connection.get_autocommit():
        return
    from dashboards.models import UnitYearToDate  # noqa: PLC0415

    with connection.cursor() as cursor:
        for model in (MonthlyReturn, Figure, UnitYearToDate):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
