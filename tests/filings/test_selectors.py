from decimal import Decimal

from actions.models import Target
from districts.models import ReportingUnit
from filings.selectors import breakdown_for_plan, filing_counts, filing_overview, latest_assessments
from filings.services import AssessmentItemInput, allocation_set, assessment_record, plan_filing_submit

from .conftest import local, pdf_file


def test_the_overview_tells_on_time_late_and_missing_units(plan, hc, wd, staff_hc, staff_wd, django_assert_num_queries):
    kwargs = {"plan": plan, "file": pdf_file(), "targets": "t", "schedule": "s"}
    plan_filing_submit(unit=hc, user=staff_hc, now=local(2023, 4, 28, 9, 0), **kwargs)
    plan_filing_submit(unit=wd, user=staff_wd, now=local(2023, 5, 3, 9, 0), **kwargs | {"file": pdf_file()})
    # A later re-filing on time does not undo a late first filing, and vice versa.
    plan_filing_submit(unit=hc, user=staff_hc, now=local(2023, 5, 10, 9, 0), **kwargs | {"file": pdf_file()})

    # units annotated with counts, first filing and latest version; the latest versions
    with django_assert_num_queries(2):
        rows = filing_overview(plan=plan, units=ReportingUnit.objects.leaves())
    by_code = {row.unit.code: row for row in rows}
    assert len(rows) == 8
    assert (by_code["HC"].state, by_code["HC"].versions, by_code["HC"].latest.version) == ("on_time", 2, 2)
    assert by_code["WD"].state == "late"
    assert by_code["RC"].state == "missing" and by_code["RC"].latest is None
    assert filing_counts(rows) == {"on_time": 1, "late": 1, "missing": 6, "awaiting_review": 2, "accepted": 0}


def test_the_breakdown_shows_where_shares_do_not_add_up(plan, coordinator, django_assert_num_queries):
    units = list(ReportingUnit.objects.leaves())
    rural = Target.objects.select_related("indicator__plan").get(indicator__code="I1.2.2")  # about 13,000
    urban = Target.objects.select_related("indicator__plan").get(indicator__code="I1.2.1")  # about 1,800
    for unit in units:
        allocation_set(target=rural, unit=unit, value=Decimal(1625), user=coordinator)  # 8 × 1,625 = 13,000
    allocation_set(target=urban, unit=units[0], value=Decimal(1000), user=coordinator)

    # targets with sums; the units' shares
    with django_assert_num_queries(2):
        rows = {row.target.indicator.code: row for row in breakdown_for_plan(plan=plan, units=units)}
    assert rows["I1.2.2"].state == "balanced"
    assert rows["I1.2.2"].total == Decimal(13000)
    assert rows["I1.2.1"].state == "under"
    assert rows["I1.2.1"].difference == Decimal(-800)
    assert rows["I1.2.1"].shares == [Decimal(1000)] + [None] * 7
    assert rows["I1.3.1"].state == "unallocated"
    allocation_set(target=urban, unit=units[1], value=Decimal(900), user=coordinator)
    over = {row.target.indicator.code: row for row in breakdown_for_plan(plan=plan, units=units)}["I1.2.1"]
    assert (over.state, over.difference) == ("over", Decimal(100))
    # Targets without a city value (per unit, increase, full coverage) are not broken down.
    assert set(rows) == {"I1.0.1", "I1.2.1", "I1.2.2", "I1.3.1", "I1.5.1", "I3.0.1"}


def test_latest_assessments_gives_each_units_most_recent_one(plan, hc, wd, coordinator, django_assert_num_queries):
    action = plan.actions.get(number=1)

    def assess(unit, start, end, score):
        return assessment_record(
            plan=plan,
            unit=unit,
            user=coordinator,
            period_start=start,
            period_end=end,
            items={action.pk: AssessmentItemInput(score=Decimal(score))},
        )

    assess(hc, local(2023, 1, 1).date(), local(2023, 3, 31).date(), 70)
    latest_hc = assess(hc, local(2023, 4, 1).date(), local(2023, 6, 30).date(), 85)
    only_wd = assess(wd, local(2023, 1, 1).date(), local(2023, 6, 30).date(), 90)

    # assessments with units, plans and assessors; their items with actions
    with django_assert_num_queries(2):
        latest = latest_assessments(plan=plan)
        scores = [[i.score for i in a.items.all()] for a in latest]
    assert latest == [latest_hc, only_wd]
    assert scores == [[Decimal(85)], [Decimal(90)]]
    assert latest_assessments(plan=plan, units=[wd]) == [only_wd]
