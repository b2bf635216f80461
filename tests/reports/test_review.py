"""The review page shows what to look at (issue 25): the changes since the last submission, the flagged figures,
the notes as last month, and the decision box reachable at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Measure
from reports.models import MonthlyReturn, ProgressStatus
from reports.review import changes_since_last_submission, figure_flags
from reports.selectors import figures_by_indicator, plan_structure_for_form, unit_history
from reports.services import (
    FigureInput,
    ProgressInput,
    monthly_return_save,
    monthly_return_send_back,
    monthly_return_submit,
)


@pytest.fixture
def measure(plan):
    return Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()


def _save(monthly_return, user, figures, progress=None):
    monthly_return.refresh_from_db()
    monthly_return_save(
        monthly_return=monthly_return, user=user, version=monthly_return.version, figures=figures, progress=progress
    )


def _resubmitted(hc_return, staff_hc, coordinator, flow, stock, measure):
    """Submitted once (flow 10, stock 100, a note), sent back, then: flow 10 → 12, stock 100 → 150 → 100 (back
    where it was), the note rewritten; and submitted again."""
    _save(
        hc_return,
        staff_hc,
        {flow.pk: FigureInput(value=Decimal(10)), stock.pk: FigureInput(value=Decimal(100))},
        {measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="已摸底")},
    )
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    monthly_return_send_back(monthly_return=hc_return, user=coordinator, reason="请核实")
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(12)), stock.pk: FigureInput(value=Decimal(150))})
    _save(hc_return, staff_hc, {stock.pk: FigureInput(value=Decimal(100))})
    _save(
        hc_return,
        staff_hc,
        {},
        {measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="已摸底，新开发岗位12个")},
    )
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    hc_return.refresh_from_db()


def test_the_diff_lists_exactly_the_fields_changed_since_the_last_submission(
    staff_hc, coordinator, hc_return, flow, stock, measure
):
    _resubmitted(hc_return, staff_hc, coordinator, flow, stock, measure)
    baseline, changes = changes_since_last_submission(monthly_return=hc_return)
    assert baseline is not None
    found = {
        (c.indicator.code if c.indicator else c.measure.code, c.field): (c.old_value, c.new_value, c.users)
        for c in changes
    }
    assert found == {
        (flow.code, "value"): ("10", "12", [staff_hc]),
        (measure.code, "note"): ("已摸底", "已摸底，新开发岗位12个", [staff_hc]),
    }


def test_a_first_submission_has_nothing_to_compare_with(staff_hc, hc_return, flow):
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(10))})
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    hc_return.refresh_from_db()
    assert changes_since_last_submission(monthly_return=hc_return) == (None, [])


def test_the_review_page_shows_the_changes_with_who_made_them(
    client, staff_hc, coordinator, hc_return, flow, stock, measure
):
    _resubmitted(hc_return, staff_hc, coordinator, flow, stock, measure)
    client.force_login(coordinator)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert f'data-change="{flow.code}:value"' in page
    assert f'data-change="{stock.code}:value"' not in page  # changed and changed back: no change
    assert f'data-change="{measure.action.number}.{measure.number}:note"' in page
    assert "自" in page and "报送以来的修改" in page and str(staff_hc) in page


def test_figures_are_flagged_by_the_outlier_rule_and_by_a_swing_above_the_plans_threshold(
    plan, unit_hc, staff_hc, hc_return, flow, stock
):
    plan.swing_alert_percent = 20
    plan.save()
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    _save(may, staff_hc, {flow.pk: FigureInput(value=Decimal(10)), stock.pk: FigureInput(value=Decimal(100))})
    _save(
        hc_return,
        staff_hc,
        {flow.pk: FigureInput(value=Decimal(40), comment="集中招聘"), stock.pk: FigureInput(value=Decimal(115))},
    )
    hc_return.refresh_from_db()
    structure = plan_structure_for_form(plan=plan)
    flags = figure_flags(
        monthly_return=hc_return,
        structure=structure,
        figures=figures_by_indicator(monthly_return=hc_return),
        history=unit_history(monthly_return=hc_return),
    )
    assert set(flags) == {flow.pk}  # the stock moved 15%, within 20%
    assert any("三倍" in message for message in flags[flow.pk])  # flagged even with its confirming comment
    assert any("上升300%" in message and "20%" in message for message in flags[flow.pk])

    plan.swing_alert_percent = 10
    plan.save()
    hc_return.plan.refresh_from_db()
    flags = figure_flags(
        monthly_return=hc_return,
        structure=structure,
        figures=figures_by_indicator(monthly_return=hc_return),
        history=unit_history(monthly_return=hc_return),
    )
    assert any("上升15%" in message for message in flags[stock.pk])


def test_the_decision_box_comes_first_with_a_keyboard_path(client, staff_hc, coordinator, hc_return, flow):
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(10))})
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    client.force_login(coordinator)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    skip, box, data = page.index('href="#review-decision"'), page.index('id="review-decision"'), page.index(flow.code)
    assert skip < box < data
    assert 'accesskey="r"' in page and "Alt+R" in page


def test_a_note_word_for_word_last_months_is_marked_on_the_review_page(
    client, plan, unit_hc, staff_hc, coordinator, hc_return, measure
):
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    note = {measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="持续推进")}
    _save(may, staff_hc, {}, note)
    _save(hc_return, staff_hc, {}, note)
    client.force_login(coordinator)
    response = client.get(reverse("reports:return-detail", args=[hc_return.pk]))
    assert response.context["as_last_month"] == {measure.pk}
    assert "与上月相同" in response.content.decode()


def test_the_review_page_runs_a_fixed_number_of_queries(
    client, staff_hc, coordinator, hc_return, flow, stock, measure, django_assert_num_queries
):
    _resubmitted(hc_return, staff_hc, coordinator, flow, stock, measure)
    client.force_login(coordinator)
    client.get(reverse("reports:return-detail", args=[hc_return.pk]))  # the session and permissions into the cache
    # user, return (+plan, unit), actions, measures, indicators, figures, progress, transitions, the questions of
    # the latest send-back, two history queries, the header bell, the next return awaiting review; what to look
    # at: the last two submissions, the changes since (+user, indicator, measure), last month's notes
    with django_assert_num_queries(16):
        response = client.get(reverse("reports:return-detail", args=[hc_return.pk]))
    assert response.status_code == 200


def test_the_swing_threshold_is_set_in_the_plan_years_admin(client, admin_user, plan):
    client.force_login(admin_user)
    page = client.get(reverse("admin:actions_planyear_change", args=[plan.pk])).content.decode()
    assert 'name="swing_alert_percent"' in page and 'value="50"' in page
