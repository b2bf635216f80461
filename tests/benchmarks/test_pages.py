"""The benchmark's page kinds run as their people (every one answers, nothing they write is kept)."""

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
