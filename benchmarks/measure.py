"""The benchmark's measurements: each compares the app with the floor under it, side by side, in one run.

R: the top-level roll-up through the app ÷ one hand-written SQL query for the same numbers (and whether they agree);
Q: queries per dashboard page; I: an import of a province-size file (upload and parse + dry run + confirm) ÷ a bare
openpyxl read of it; T: dashboard requests/s ÷ a bare Django view's requests/s under gunicorn.
"""

import io
import statistics
import time
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.signals import request_started
from django.db import close_old_connections, connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from accounts.roles import COORDINATOR, PLAN_ADMIN, roles_ensure
from actions.models import PlanYear
from dashboards.cache import data_version_bump
from dashboards.rollup import progress_rollup
from dashboards.selectors.scope import UnitTree
from districts.models import ReportingUnit
from imports.models import ImportLog
from imports.selectors import template_rows
from imports.services import import_apply, import_log_check, import_upload_create
from imports.workbooks import template_build
from reports.models import ChangeEntry, Figure, MeasureProgress, MonthlyReturn, ReturnStatus

from .floor import floor_totals
from .load import gunicorn, requests_per_second

MONTH = 12


def median_seconds(fn, *, repeat: int) -> tuple[float, object]:
    """The median wall time of ``repeat`` calls after one warm-up call, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_user(username: str, role: str) -> User:
    roles_ensure()
    user, _created = User.objects.get_or_create(username=username)
    user.groups.set([Group.objects.get(name=role)])
    if role == PLAN_ADMIN:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@dataclass
class RollupFigures:
    app_seconds: float
    floor_seconds: float
    same_numbers: bool
    indicators: int
    units: int

    @property
    def ratio(self) -> float:
        return self.app_seconds / self.floor_seconds


def rollup_compare(*, plan: PlanYear, repeat: int) -> RollupFigures:
    """R: the progress page's data step (as a coordinator sees the whole tree) against the hand-written query."""
    units = UnitTree(list(ReportingUnit.objects.active().districts())).leaves()

    def app():
        return progress_rollup(plan=plan, month=MONTH, units=units, unit_cells=False)

    app_seconds, rollup = median_seconds(app, repeat=repeat)
    floor_seconds, floor = median_seconds(lambda: floor_totals(plan=plan, month=MONTH), repeat=repeat)
    none = (None, None, None)
    same = all(
        (row.total.totals.value, row.total.totals.numerator, row.total.totals.denominator)
        == floor.get(row.indicator.pk, none)
        for row in rollup.rows
    ) and len(floor) <= len(rollup.rows)
    return RollupFigures(app_seconds, floor_seconds, same, len(rollup.rows), len(units))


@dataclass
class PageFigures:
    queries: int
    median_ms: float
    size_kb: float
    cached_queries: int
    cached_median_ms: float


def _dashboard_cache_on():
    from django.conf import settings

    return override_settings(NEWCITIZEN={**settings.NEWCITIZEN, "DASHBOARD_CACHE_SECONDS": 300})


def dashboard_page(*, plan: PlanYear, repeat: int) -> PageFigures:
    """Q and the page's time: the top-level progress page for a coordinator, through the whole Django stack, cold
    (the first request after a change: the data version moved, nothing kept) and from the cache."""
    client = Client()
    client.force_login(bench_user("bench-coordinator", COORDINATOR))
    url = reverse("dashboards:progress")
    params = {"year": plan.year, "month": MONTH}
    # Count every statement the request sends; keep the connection across the request, as Django's tests do.
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    def cold():
        data_version_bump()
        return client.get(url, params)

    def queries(fn) -> int:
        executed.clear()
        request_started.disconnect(close_old_connections)
        try:
            with connection.execute_wrapper(count):
                response = fn()
        finally:
            request_started.connect(close_old_connections)
        if response.status_code != 200:
            raise RuntimeError(f"the dashboard answered {response.status_code}")
        return len(executed)

    with _dashboard_cache_on():
        cold_queries = queries(cold)
        cached_queries = queries(lambda: client.get(url, params))
        seconds, response = median_seconds(cold, repeat=repeat)
        cached_seconds, _response = median_seconds(lambda: client.get(url, params), repeat=repeat)
    return PageFigures(
        cold_queries, seconds * 1000, len(response.content) / 1024, cached_queries, cached_seconds * 1000
    )


@dataclass
class ImportFigures:
    values: int
    units: int
    file_kb: float
    upload_seconds: float
    check_seconds: float
    apply_seconds: float
    bare_seconds: float
    peak_mib: float
    written: int

    @property
    def import_seconds(self) -> float:
        return self.upload_seconds + self.check_seconds + self.apply_seconds

    @property
    def values_per_second(self) -> float:
        return self.values / self.import_seconds

    @property
    def ratio(self) -> float:
        return self.import_seconds / self.bare_seconds


def _province_file(*, plan: PlanYear, units: list[ReportingUnit]) -> tuple[bytes, int]:
    """A filled template for ``units`` and the month: every figure changed from what is stored (+1).

    Where the month has no figure yet, the one before it is the base, so that no stock seems to halve: a plausible
    file passes the import's outlier check, as a district's would.
    """
    indicators, measures = template_rows(plan=plan)
    stored = {}
    for f in (
        Figure.objects.filter(
            monthly_return__plan=plan, monthly_return__month__in=[MONTH - 1, MONTH], monthly_return__unit__in=units
        )
        .select_related("monthly_return")
        .order_by("monthly_return__month")
    ):
        if f.value is not None or f.numerator is not None:
            stored[(f.monthly_return.unit_id, f.indicator_id)] = f
    figures, values = {}, 0
    for unit in units:
        for indicator in indicators:
            old = stored.get((unit.pk, indicator.pk))
            if indicator.is_ratio:
                denominator = (old.denominator if old and old.denominator else Decimal(1000)) + 1
                numerator = min(denominator, (old.numerator if old and old.numerator else Decimal(900)) + 1)
                figures[(unit.pk, indicator.pk)] = SimpleNamespace(
                    value=None, numerator=numerator, denominator=denominator, comment=""
                )
                values += 2
            else:
                value = (old.value if old and old.value is not None else Decimal(0)) + 1
                figures[(unit.pk, indicator.pk)] = SimpleNamespace(
                    value=value, numerator=None, denominator=None, comment=""
                )
                values += 1
    data = template_build(
        plan=plan, units=units, month=MONTH, indicators=indicators, measures=measures, figures=figures, progress={}
    )
    return data, values


def _bare_parse(data: bytes) -> int:
    """The floor: openpyxl in read-only mode, every cell's value read once."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for v in row if isinstance(v, int | float | Decimal))
    workbook.close()
    return count


def _dead_rows_clear() -> None:
    """VACUUM what a rolled-back import leaves behind (some 15,000 dead rows), as autovacuum would between two
    imports: each timed run then starts from the same database, not from the dead rows of the runs before it.
    PostgreSQL only, outside a transaction (VACUUM cannot run in one)."""
    if connection.vendor != "postgresql" or not connection.get_autocommit():
        return
    with connection.cursor() as cursor:
        for model in (MonthlyReturn, Figure, MeasureProgress, ChangeEntry, ImportLog):
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")


def import_compare(*, plan: PlanYear, province: ReportingUnit, repeat: int) -> ImportFigures:
    """I: a province's month (every county unit, every indicator) through the import services, rolled back after."""
    tree = UnitTree(list(ReportingUnit.objects.active().districts()))
    units = tree.leaves(province)
    admin = bench_user("bench-admin", PLAN_ADMIN)
    data, values = _province_file(plan=plan, units=units)
    bare_seconds, _cells = median_seconds(lambda: _bare_parse(data), repeat=repeat)

    def run(*, traced: bool) -> tuple[float, float, float, int, int]:
        """Upload, dry run and confirm once, rolled back: the seconds of each step, the fields written and the
        peak memory when ``traced`` (tracing slows Python several times over, so the timed run is not traced)."""
        try:
            with transaction.atomic():
                # The stored month is approved (locked); reopen it so that the file can change it, as a coordinator
                # would.
                MonthlyReturn.objects.filter(plan=plan, month=MONTH, unit__in=units).update(
                    status=ReturnStatus.RETURNED
                )
                if traced:
                    tracemalloc.start()
                started = time.perf_counter()
                # The upload parses the file, once, and keeps its sheets with the import log.
                log = import_upload_create(user=admin, plan=plan, name="province.xlsx", data=data)
                upload_seconds = time.perf_counter() - started
                started = time.perf_counter()
                check = import_log_check(log=log, user=admin)
                check_seconds = time.perf_counter() - started
                if not check.is_clean:
                    raise RuntimeError(f"the generated province file did not pass the dry run: {check.errors[0].text}")
                started = time.perf_counter()
                applied = import_apply(log=log, user=admin)
                apply_seconds = time.perf_counter() - started
                peak = tracemalloc.get_traced_memory()[1] if traced else 0
                transaction.set_rollback(True)  # the benchmark's data stays as generated
        finally:
            if tracemalloc.is_tracing():
                tracemalloc.stop()
        _dead_rows_clear()
        return upload_seconds, check_seconds, apply_seconds, applied.changes_count, peak

    # The median of ``repeat`` runs, as for every other figure (the bare read included): one run alone swings
    # with whatever else the host is doing.
    runs = sorted((run(traced=False) for _ in range(repeat)), key=lambda r: r[0] + r[1] + r[2])
    upload_seconds, check_seconds, apply_seconds, written, _peak = runs[len(runs) // 2]
    peak = run(traced=True)[4]
    return ImportFigures(
        values=values,
        units=len(units),
        file_kb=len(data) / 1024,
        upload_seconds=upload_seconds,
        check_seconds=check_seconds,
        apply_seconds=apply_seconds,
        bare_seconds=bare_seconds,
        peak_mib=peak / 2**20,
        written=written,
    )


@dataclass
class ThroughputFigures:
    dashboard_rps: float
    bare_rps: float
    dashboard_requests: int
    bare_requests: int
    cold_rps: float
    cold_requests: int

    @property
    def ratio(self) -> float:
        return self.dashboard_rps / self.bare_rps

    @property
    def cold_ratio(self) -> float:
        return self.cold_rps / self.bare_rps


def throughput_compare(*, plan: PlanYear, port: int, seconds: float, threads: int) -> ThroughputFigures:
    """T: the top-level dashboard's requests/s against a bare view's, both under gunicorn (2 workers) on loopback.

    With the dashboard cache on (CACHE_URL if set, else each worker's memory: nothing changes during the run), and
    cold, with it off, so that every request costs what the first one after a change does.
    """
    from django.conf import settings

    client = Client()
    client.force_login(bench_user("bench-coordinator", COORDINATOR))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    dashboard = f"{reverse('dashboards:progress')}?year={plan.year}&month={MONTH}"
    with gunicorn(port=port):
        dashboard_rps, dashboard_n = requests_per_second(
            port=port, path=dashboard, headers={"Cookie": cookie}, threads=threads, seconds=seconds
        )
        bare_rps, bare_n = requests_per_second(
            port=port, path="/bench/bare/", headers={}, threads=threads, seconds=seconds
        )
    with gunicorn(port=port, env={"NEWCITIZEN_DASHBOARD_CACHE_SECONDS": "0"}):
        cold_rps, cold_n = requests_per_second(
            port=port, path=dashboard, headers={"Cookie": cookie}, threads=threads, seconds=seconds
        )
    return ThroughputFigures(dashboard_rps, bare_rps, dashboard_n, bare_n, cold_rps, cold_n)
