"""``manage.py benchmark --scenario deadline-day``: the deadline day at province scale, with Locust driving the
README's deployment (gunicorn, 3 workers each, PostgreSQL, Redis) for a few minutes, once per number of servers.

Prints p50/p95/p99 per page kind, the failures and the throughput, and what the run left (every return submitted
and reviewed); returns what was missed, so that the command exits non-zero.
"""

import csv
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings

from dashboards.summary import summary_rebuild

from .deadline import PASSWORD, deadline_outcome, deadline_prepare
from .load import gunicorn

P95_MS = 500  # issue 28: every page kind's p95 on the deadline day
WORKERS = 3  # as README's deployment
USERS = 136 + 16 + 4


def deadline_day(*, plan, servers: int, minutes: float, port: int, write) -> list[str]:
    """One run with ``servers`` gunicorns; returns the targets missed (empty: all met)."""
    people = deadline_prepare(plan=plan)
    summary_rebuild()
    redis = os.environ.get("DEADLINE_CACHE_URL", "redis://127.0.0.1:6379/6")
    env = {"CACHE_URL": redis, "EMAIL_URL": "consolemail://", "NEWCITIZEN_DASHBOARD_CACHE_SECONDS": "300"}
    _flush(redis)
    ports = [port + i for i in range(servers)]
    folder = Path(settings.BASE_DIR) / "artifacts" / "deadline"
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        for each in ports:
            stack.enter_context(gunicorn(port=each, workers=WORKERS, env=env))
        hosts = ",".join(f"http://127.0.0.1:{each}" for each in ports)
        prefix = str(folder / f"servers-{servers}")  # Locust's CSVs stay there: stats, failures, history
        locust_env = {
            **os.environ,
            "DEADLINE_HOSTS": hosts,
            "DEADLINE_PASSWORD": PASSWORD,
            "DEADLINE_FILERS": ",".join(people.filers),
            "DEADLINE_REVIEWERS": ",".join(people.reviewers),
            "DEADLINE_READERS": ",".join(people.readers),
            "DEADLINE_YEAR": str(plan.year),
        }
        command = [
            sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")),
            "--headless", "--users", str(USERS), "--spawn-rate", "1", "--run-time", f"{int(minutes * 60)}s",
            "--csv", prefix, "--only-summary", "--host", hosts.split(",")[0], "--loglevel", "WARNING",
        ]  # fmt: skip
        subprocess.run(command, cwd=settings.BASE_DIR, env=locust_env, check=False, stdout=subprocess.DEVNULL)
        rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    return _report(rows, outcome=deadline_outcome(plan=plan), servers=servers, minutes=minutes, write=write)


def _flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _report(rows, *, outcome, servers: int, minutes: float, write) -> list[str]:
    write(f"\n== deadline day: {servers} gunicorn(s) × {WORKERS} workers, {USERS} people, {minutes:g} min")
    write(f"   {'page kind':<30} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    missed = []
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        p50, p95, p99 = (int(float(row[k] or 0)) for k in ("50%", "95%", "99%"))
        write(
            f"   {row['Type'] + ' ' + row['Name']:<30} {row['Request Count']:>8} {row['Failure Count']:>5} "
            f"{p50:>6} {p95:>6} {p99:>6}"
        )
        if p95 > P95_MS:
            missed.append(f"{row['Name']} p95 {p95} ms > {P95_MS} ms ({servers} server(s))")
    if total is not None:
        write(
            f"   all: {total['Request Count']} requests, {total['Failure Count']} failures, "
            f"{float(total['Requests/s']):.1f} requests/s on average"
        )
        if int(total["Failure Count"]):
            missed.append(f"{total['Failure Count']} failed requests ({servers} server(s))")
    write(
        f"   returns: {outcome.units} counties, {outcome.submitted} submitted, {outcome.reviewed} approved "
        f"({', '.join(f'{k} {v}' for k, v in sorted(outcome.by_status.items()))})"
    )
    if outcome.submitted < outcome.units or outcome.reviewed < outcome.units:
        missed.append(f"not every return submitted and reviewed ({servers} server(s))")
    return missed
