"""Approving several clean returns from the review list, each under its own version check."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports.bulk_review import monthly_returns_approve
from reports.models import MonthlyReturn, ReturnStatus
from reports.services import monthly_return_approve as approve_one
from reports.services import monthly_return_reopen, monthly_return_submit


@pytest.fixture
def submitted(plan, unit_hc, unit_wd, staff_hc, staff_wd):
    """环翠区's May and June and 文登区's June, submitted."""
    returns = [
        MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5),
        MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=6),
        MonthlyReturn.objects.create(plan=plan, unit=unit_wd, month=6),
    ]
    for monthly_return, user in zip(returns, [staff_hc, staff_hc, staff_wd], strict=True):
        monthly_return_submit(monthly_return=monthly_return, user=user)
    return [MonthlyReturn.objects.get(pk=r.pk) for r in returns]


def test_it_approves_every_return_still_as_the_list_showed_it(submitted, coordinator):
    result = monthly_returns_approve(user=coordinator, versions={r.pk: r.version for r in submitted})
    assert {r.pk for r in result.approved} == {r.pk for r in submitted} and result.skipped == []
    assert set(MonthlyReturn.objects.values_list("status", flat=True)) == {ReturnStatus.APPROVED}


def test_a_return_changed_since_the_list_was_shown_is_skipped(submitted, coordinator, staff_hc):
    shown = {r.pk: r.version for r in submitted}
    changed = submitted[1]
    # Meanwhile another coordinator approved it and reopened it, and the unit submitted it again: still
    # "submitted", but not the version the list showed.
    approve_one(monthly_return=changed, user=coordinator)
    monthly_return_reopen(monthly_return=changed, user=coordinator, reason="更正")
    monthly_return_submit(monthly_return=MonthlyReturn.objects.get(pk=changed.pk), user=staff_hc)
    result = monthly_returns_approve(user=coordinator, versions=shown)
    assert [r.pk for r in result.skipped] == [changed.pk]
    assert {r.pk for r in result.approved} == {submitted[0].pk, submitted[2].pk}
    assert MonthlyReturn.objects.get(pk=changed.pk).status == ReturnStatus.SUBMITTED


def test_only_coordinators_approve_in_bulk(submitted, staff_hc):
    with pytest.raises(PermissionDenied):
        monthly_returns_approve(user=staff_hc, versions={r.pk: r.version for r in submitted})


def test_the_review_list_posts_each_version_and_names_the_skipped(client, submitted, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("reports:return-list") + "?year=2023").content.decode()
    for r in submitted:
        assert f'name="version_{r.pk}" value="{r.version}"' in page
    stale = submitted[2]
    MonthlyReturn.objects.filter(pk=stale.pk).update(version=stale.version + 1)
    data = {"return": [r.pk for r in submitted], **{f"version_{r.pk}": r.version for r in submitted}}
    response = client.post(reverse("reports:returns-approve"), data, follow=True)
    text = response.content.decode()
    assert "已审核通过2份月报" in text
    assert "文登区 2023年6月" in text and "未审核通过" in text
    assert MonthlyReturn.objects.get(pk=stale.pk).status == ReturnStatus.SUBMITTED


def test_a_return_of_another_unit_is_ignored_for_staff_and_nothing_is_approved(client, submitted, staff_hc):
    client.force_login(staff_hc)
    response = client.post(reverse("reports:returns-approve"), {"return": [submitted[2].pk]})
    assert response.status_code == 403
    assert MonthlyReturn.objects.get(pk=submitted[2].pk).status == ReturnStatus.SUBMITTED
