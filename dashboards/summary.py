"""Keep ``UnitYearToDate`` in step with the returns: on every write, in the writer's transaction.

A write to a return (figures saved, submitted, approved, sent back, reopened, deleted) recomputes that unit's
year-to-date rows for the plan year: at most 12 months × the indicators, read from the unit's own figures. So a
return approved now is on the dashboard now, and the roll-up reads one month of year-to-date rows instead of
adding up a whole year of figures.

Bulk loaders that bypass the services (the benchmark data, a restore) call ``summary_rebuild`` at the end.
"""

import io
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction

from reports.models import Figure, MonthlyReturn, ReturnStatus

from .cache import data_version_bump
from .locks import summary_lock
from .models import UnitYearToDate

# Which returns count under each rule: the column prefix of the rule, and the statuses.
RULES = (("", {ReturnStatus.APPROVED}), ("all_", {ReturnStatus.APPROVED, ReturnStatus.SUBMITTED}))
# The last two: the month the latest value (a stock's level, a flow's last counted month) and the latest ratio parts
# come from, so a page can say "10月" beside a level that is not the chosen month's.
COLUMNS = ("value_sum", "value_last", "numerator", "denominator", "value_month", "ratio_month")
FIGURE_FIELDS = (
    "monthly_return__plan_id",
    "monthly_return__unit_id",
    "monthly_return__month",
    "monthly_return__status",
    "indicator_id",
    "value",
    "numerator",
    "denominator",
)


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    return a if b is None else a + b


def unit_year_rows(figures: Iterable[tuple]) -> list[dict]:
    """One unit's year-to-date rows for one plan year, from its figures.

    ``figures`` are (month, status, indicator pk, value, numerator, denominator). Rows come for months 1–12 of every
    indicator the unit has a figure for; under each rule a running sum of values, the latest value reported, and
    the latest ratio parts (of the latest month that gives both: a rate is a point in time, never summed over
    months), with the months those latest ones come from; None while nothing counted.
    """
    by_indicator: dict[int, dict[int, tuple]] = defaultdict(dict)
    for month, status, indicator_id, value, numerator, denominator in figures:
        by_indicator[indicator_id][month] = (status, value, numerator, denominator)
    rows = []
    for indicator_id, months in by_indicator.items():
        state = {prefix: [None] * len(COLUMNS) for prefix, _statuses in RULES}
        for month in range(1, 13):
            figure = months.get(month)
            row = {"indicator_id": indicator_id, "month": month}
            for prefix, statuses in RULES:
                acc = state[prefix]
                if figure is not None and figure[0] in statuses:
                    _status, value, numerator, denominator = figure
                    if value is not None:
                        acc[0] = _add(acc[0], value)
                        acc[1], acc[4] = value, month
                    if numerator is not None and denominator is not None:
                        acc[2], acc[3], acc[5] = numerator, denominator, month
                row.update({prefix + name: acc[i] for i, name in enumerate(COLUMNS)})
            rows.append(row)
    return rows


@transaction.atomic
def summary_refresh(*, plan_id: int, unit_id: int, month: int | None = None) -> int:
    """Recompute one unit's rows for one plan year from its returns; return how many rows it has now.

    ``month``: the month of the return that changed (the cache's month versions from it on move), None if unknown."""
    summary_lock(plan_id=plan_id, unit_id=unit_id)
    figures = Figure.objects.filter(monthly_return__plan_id=plan_id, monthly_return__unit_id=unit_id).values_list(
        *FIGURE_FIELDS[2:]
    )
    rows = unit_year_rows(figures)
    _rows_write(plan_id=plan_id, unit_id=unit_id, rows=rows)
    data_version_bump(plan_id=plan_id, month=month)
    return len(rows)


SUMMED = tuple(prefix + name for prefix, _statuses in RULES for name in COLUMNS)


def _rows_write(*, plan_id: int, unit_id: int, rows: list[dict]) -> None:
    """Replace only the rows that differ: a December step touches December's rows at most, a draft's save none
    (rewriting the unit's 400 rows on every step cost most of a submission's or an approval's time)."""
    kept = UnitYearToDate.objects.filter(plan_id=plan_id, unit_id=unit_id)
    existing = {(r["indicator_id"], r["month"]): r for r in kept.values("pk", "indicator_id", "month", *SUMMED)}
    wanted = {(r["indicator_id"], r["month"]): r for r in rows}
    stale = {
        key: row["pk"]
        for key, row in existing.items()
        if key not in wanted or any(row[name] != wanted[key][name] for name in SUMMED)
    }
    current = existing.keys() - stale.keys()
    if stale:
        kept.filter(pk__in=stale.values()).delete()
    UnitYearToDate.objects.bulk_create(
        UnitYearToDate(plan_id=plan_id, unit_id=unit_id, **row) for key, row in wanted.items() if key not in current
    )


def summary_refresh_for_return(*, monthly_return: MonthlyReturn) -> None:
    summary_refresh(plan_id=monthly_return.plan_id, unit_id=monthly_return.unit_id, month=monthly_return.month)


@transaction.atomic
def summary_rebuild() -> int:
    """Recompute every row from every figure (after a bulk load); return how many rows there are."""
    table = UnitYearToDate._meta.db_table
    if connection.vendor == "postgresql":
        # TRUNCATE leaves no dead rows behind for the roll-up's index scans to step over; it needs the deferred
        # foreign-key checks of earlier writes in this transaction done first.
        connection.check_constraints()
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
    figures = (
        Figure.objects.order_by("monthly_return__plan_id", "monthly_return__unit_id")
        .values_list(*FIGURE_FIELDS)
        .iterator(chunk_size=20_000)
    )
    writer = _CopyWriter(table) if connection.vendor == "postgresql" else _OrmWriter()
    current, batch, total = None, [], 0
    for plan_id, unit_id, *figure in figures:
        if (plan_id, unit_id) != current:
            if batch:
                total += writer.write(*current, unit_year_rows(batch))
            current, batch = (plan_id, unit_id), []
        batch.append(figure)
    if batch:
        total += writer.write(*current, unit_year_rows(batch))
    writer.flush()
    data_version_bump()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return total


class _CopyWriter:
    FIELDS = ("plan_id", "unit_id", "indicator_id", "month", *COLUMNS, *(f"all_{c}" for c in COLUMNS))

    def __init__(self, table: str):
        self.table, self.buffer, self.pending = table, io.StringIO(), 0

    def write(self, plan_id: int, unit_id: int, rows: list[dict]) -> int:
        for row in rows:
            row = {**row, "plan_id": plan_id, "unit_id": unit_id}
            self.buffer.write("\t".join(r"\N" if row[f] is None else str(row[f]) for f in self.FIELDS) + "\n")
        self.pending += len(rows)
        if self.pending > 200_000:
            self.flush()
        return len(rows)

    def flush(self) -> None:
        data = self.buffer.getvalue()
        if data:
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {self.table} ({', '.join(self.FIELDS)}) FROM STDIN") as copy:
                    copy.write(data)
        self.buffer, self.pending = io.StringIO(), 0


class _OrmWriter:
    def __init__(self):
        self.objects = []

    def write(self, plan_id: int, unit_id: int, rows: list[dict]) -> int:
        self.objects.extend(UnitYearToDate(plan_id=plan_id, unit_id=unit_id, **row) for row in rows)
        if len(self.objects) > 20_000:
            self.flush()
        return len(rows)

    def flush(self) -> None:
        UnitYearToDate.objects.bulk_create(self.objects, batch_size=2000)
        self.objects = []
