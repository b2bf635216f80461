"""The unit's own check before 报送: 填报人 → 单位审核人 → the city, and one step for a unit without it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import DISTRICT_STAFF, UNIT_CHECKER
from dashboards.counted import UnitState, counted_units
from desks.selectors import awaiting_review
from reports.models import MonthlyReturn, ReturnStatus, ReturnTransition
from reports.scoping import next_awaiting_review
from reports.services import FigureInput, monthly_return_save, monthly_return_send_back, monthly_return_submit
from reports.unit_check import (
    awaiting_unit_check,
    monthly_return_check_back,
    monthly_return_hand_in,
    sign_off_for,
)


@pytest.fixture
def checking_hc(unit_hc):
    unit_hc.requires_unit_check = True
    unit_hc.save(update_fields=["requires_unit_check"])
    return unit_hc


@pytest.fixture
def make_checker(make_user):
    def make(username, unit):
        user = make_user(username, DISTRICT_STAFF, reporting_unit=unit, full_name=f"{username}审核人")
        user.groups.add(Group.objects.get(name=UNIT_CHECKER))
        return user

    return make


@pytest.fixture
def checker_hc(make_checker, checking_hc):
    return make_checker("hc_check", checking_hc)


def _fresh(monthly_return):
    return MonthlyReturn.objects.select_related("plan", "unit").get(pk=monthly_return.pk)


def test_a_unit_without_the_check_files_in_one_step(hc_return, staff_hc):
    step = monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    assert step.kind == ReturnTransition.Kind.SUBMIT
    assert _fresh(hc_return).status == ReturnStatus.SUBMITTED
    signed = sign_off_for(hc_return)
    assert signed.filer == staff_hc and signed.checker is None


def test_with_the_check_the_return_needs_the_checker_before_the_coordinator_sees_it(
    hc_return, staff_hc, checker_hc, coordinator, plan, unit_hc
):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    handed = _fresh(hc_return)
    assert handed.status == ReturnStatus.UNIT_CHECK and handed.submitted_at is None
    # The coordinators see nothing to review, and the roll-up counts it nowhere, not even with submitted returns.
    assert list(awaiting_review(coordinator)) == []
    assert next_awaiting_review(coordinator) is None
    counted = counted_units(plan=plan, month=6, units=[unit_hc], include_submitted=True)
    assert counted.states[unit_hc.pk] == UnitState.DRAFT
    assert not MonthlyReturn.objects.counted(include_submitted=True).exists()
    # The checker sees it waiting, and sends it on: the 报送 is the checker's.
    assert list(awaiting_unit_check(checker_hc)) == [handed]
    assert list(awaiting_unit_check(staff_hc)) == []
    step = monthly_return_hand_in(monthly_return=handed, user=checker_hc)
    assert step.kind == ReturnTransition.Kind.SUBMIT and step.user == checker_hc
    submitted = _fresh(hc_return)
    assert submitted.status == ReturnStatus.SUBMITTED and submitted.first_submitted_at is not None
    assert list(awaiting_review(coordinator)) == [submitted]
    signed = sign_off_for(hc_return)
    assert (signed.filer, signed.checker) == (staff_hc, checker_hc)
    assert signed.filed_at <= signed.checked_at


def test_the_filer_cannot_send_it_past_the_check(hc_return, staff_hc, checker_hc):
    with pytest.raises(PermissionDenied):
        monthly_return_submit(monthly_return=_fresh(hc_return), user=staff_hc)
    # Nor may the checker skip the unit's check of a draft.
    with pytest.raises(ValidationError) as refused:
        monthly_return_submit(monthly_return=_fresh(hc_return), user=checker_hc)
    assert refused.value.code == "unit_check_required"
    assert _fresh(hc_return).status == ReturnStatus.DRAFT


def test_the_checker_cannot_check_a_return_they_filed(hc_return, checker_hc, make_checker, checking_hc):
    # Alone in the role, a checker cannot even hand it in: nobody else could check it.
    with pytest.raises(ValidationError) as refused:
        monthly_return_hand_in(monthly_return=_fresh(hc_return), user=checker_hc)
    assert refused.value.code == "no_checker"
    second = make_checker("hc_check2", checking_hc)
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=checker_hc)
    with pytest.raises(ValidationError) as refused:
        monthly_return_hand_in(monthly_return=_fresh(hc_return), user=checker_hc)
    assert refused.value.code == "checker_is_filer"
    assert _fresh(hc_return).status == ReturnStatus.UNIT_CHECK
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=second)
    assert _fresh(hc_return).status == ReturnStatus.SUBMITTED


def test_a_unit_requiring_the_check_without_a_checker_is_told_so(hc_return, staff_hc, checking_hc):
    with pytest.raises(ValidationError) as refused:
        monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    assert refused.value.code == "no_checker"
    assert _fresh(hc_return).status == ReturnStatus.DRAFT


def test_the_checker_sends_it_back_inside_the_unit_with_a_reason(hc_return, staff_hc, checker_hc, flow):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    with pytest.raises(ValidationError):
        monthly_return_check_back(monthly_return=_fresh(hc_return), user=checker_hc, reason=" ")
    with pytest.raises(PermissionDenied):
        monthly_return_check_back(monthly_return=_fresh(hc_return), user=staff_hc, reason="请核实")
    step = monthly_return_check_back(monthly_return=_fresh(hc_return), user=checker_hc, reason="公益岗位数请核实")
    assert step.kind == ReturnTransition.Kind.CHECK_BACK and step.reason == "公益岗位数请核实"
    back = _fresh(hc_return)
    assert back.status == ReturnStatus.DRAFT and back.is_editable
    # The filer corrects it and hands it in again.
    monthly_return_save(
        monthly_return=back, user=staff_hc, version=back.version, figures={flow.pk: FigureInput(value=Decimal(3))}
    )
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    assert _fresh(hc_return).status == ReturnStatus.UNIT_CHECK


def test_a_return_sent_back_by_the_city_stays_sent_back_while_the_unit_rechecks_it(
    hc_return, staff_hc, checker_hc, coordinator
):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=checker_hc)
    monthly_return_send_back(monthly_return=_fresh(hc_return), user=coordinator, reason="请补充说明")
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    monthly_return_check_back(monthly_return=_fresh(hc_return), user=checker_hc, reason="再核实")
    assert _fresh(hc_return).status == ReturnStatus.RETURNED


# -- pages ---------------------------------------------------------------------------------------------------


def test_the_return_page_and_history_show_filer_and_checker(client, hc_return, staff_hc, checker_hc):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=checker_hc)
    client.force_login(staff_hc)
    for name in ("reports:return-detail", "reports:return-history"):
        page = client.get(reverse(name, args=[hc_return.pk])).content.decode()
        assert 'data-role="filer"' in page and 'data-role="checker"' in page
        assert "hc_check审核人" in page


def test_the_checker_checks_from_the_return_page(client, hc_return, staff_hc, checker_hc):
    client.force_login(staff_hc)
    response = client.post(reverse("reports:return-submit", args=[hc_return.pk]))
    assert response.status_code == 302 and _fresh(hc_return).status == ReturnStatus.UNIT_CHECK
    # The filer gets no check box; the checker does.
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert reverse("reports:return-check", args=[hc_return.pk]) not in page
    client.force_login(checker_hc)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert reverse("reports:return-check", args=[hc_return.pk]) in page
    # Sending back without a reason is refused and changes nothing.
    client.post(reverse("reports:return-check", args=[hc_return.pk]), {"decision": "check_back", "reason": ""})
    assert _fresh(hc_return).status == ReturnStatus.UNIT_CHECK
    client.post(reverse("reports:return-check", args=[hc_return.pk]), {"decision": "submit"})
    assert _fresh(hc_return).status == ReturnStatus.SUBMITTED


def test_another_units_checker_gets_404(client, hc_return, staff_hc, checker_hc, make_checker, unit_wd):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    client.force_login(make_checker("wd_check", unit_wd))
    response = client.post(reverse("reports:return-check", args=[hc_return.pk]), {"decision": "submit"})
    assert response.status_code == 404
    assert _fresh(hc_return).status == ReturnStatus.UNIT_CHECK


def test_the_district_desk_shows_the_checker_what_awaits_it(client, hc_return, staff_hc, checker_hc):
    monthly_return_hand_in(monthly_return=_fresh(hc_return), user=staff_hc)
    client.force_login(checker_hc)
    page = client.get(reverse("desks:desk")).content.decode()
    assert 'class="to-check-returns"' in page and f'data-return="{hc_return.pk}"' in page
    client.force_login(staff_hc)
    assert 'class="to-check-returns"' not in client.get(reverse("desks:desk")).content.decode()
