"""The benchmark's page kinds run as their people (every one answers, nothing they write is kept)."""

from django.db import connection

from benchmarks.generator import data_generate
from benchmarks.pages import page_kinds
from reports.models import MonthlyReturn


def test_every_page_kind_answers_and_writes_nothing(db):
    plan = data_generate(scale="city", years=1, seed=2).plans[0]
    before = sorted(MonthlyReturn.objects.values_list("pk", "status", "version"))
    kinds = page_kinds(plan=plan, repeat=2)
    assert len(kinds) == 11
    assert {k.name: k.status for k in kinds if k.status not in (200, 302)} == {}
    assert all(k.queries > 0 and k.median_ms > 0 for k in kinds)
    assert sorted(MonthlyReturn.objects.values_list("pk", "status", "version")) == before


def test_every_page_kind_runs_a_pinned_number_of_queries(db):
    # The benchmark's own requests, as its people make them; a change in any count is a change to look at (issue 28).
    plan = data_generate(scale="city", years=1, seed=2).plans[0]
    counts = {k.name: k.queries for k in page_kinds(plan=plan, repeat=1)}
    assert counts == {
        "return form GET (filer)": 13,
        "return form POST, draft (filer)": 21,
        "desk (filer)": 12,
        "desk (city reviewer)": 19,
        "return page (city reviewer)": 14,
        "review list (city reviewer)": 6,
        # PostgreSQL takes the summary's advisory lock in a query of its own (dashboards/locks.py).
        "approve (city reviewer)": 18 if connection.vendor == "postgresql" else 17,
        "dashboard (city reviewer, cold)": 10,
        "matrix (city reviewer, cold)": 10,
        "timeliness (city reviewer, cold)": 8,
        "API (city reviewer, cold)": 9,
    }
