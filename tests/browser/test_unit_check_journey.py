"""A return checked inside its unit before 报送, in a real browser: the filer hands it in, the unit's checker sends
it back with a reason, the filer corrects it, the checker submits it, and the coordinator approves it from the list."""

import re

import pytest
from django.contrib.auth.models import Group

from accounts.roles import UNIT_CHECKER
from actions.models import Indicator
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

REASON = "城镇公益性岗位数请与台账核对。"


@pytest.fixture
def checker(people, make_user):
    """环翠区 requires its own check; 环翠区审核人 holds the role."""
    unit = ReportingUnit.objects.get(code="HC")
    unit.requires_unit_check = True
    unit.save(update_fields=["requires_unit_check"])
    user = make_user("hc_check", "区市经办人", reporting_unit=unit, full_name="环翠区审核人")
    user.groups.add(Group.objects.get(name=UNIT_CHECKER))
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_the_filer_the_units_checker_and_the_coordinator_each_take_their_step(open_session, people, checker):
    indicator = Indicator.objects.get(code="I1.2.1")
    label = f"{indicator.name}（{indicator.unit}）"

    filer = open_session("filer")
    page = filer.page
    filer.login("hc")
    filer.goto("/returns/")
    page.locator("form:has(input[name='month'][value='6']) button").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    page.get_by_label(label, exact=True).fill("150")
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/$"))
    assert "已保存并送单位审核" in page.locator(".messages").inner_text()
    assert "待单位审核" in page.locator(".return-head").inner_text()
    filer.shot("handed-in")
    monthly_return = MonthlyReturn.objects.get(unit__code="HC", month=6)
    assert monthly_return.status == ReturnStatus.UNIT_CHECK

    # The checker finds it on the desk and sends it back inside the unit with a reason.
    check = open_session("checker")
    review = check.page
    check.login("hc_check")
    check.goto("/desk/")
    review.locator(f".to-check-returns li[data-return='{monthly_return.pk}'] a").click()
    review.wait_for_url(f"**/returns/{monthly_return.pk}/")
    assert "环翠区经办人" in review.locator(".unit-check").inner_text()
    review.locator("#id_check_reason").fill(REASON)
    check.shot("checking")
    review.get_by_role("button", name="退回填报人修改").click()
    review.wait_for_load_state()
    assert "已退回本单位填报人修改" in review.locator(".messages").inner_text()

    # The filer reads the reason, corrects the figure and hands it in again.
    filer.goto(f"/returns/{monthly_return.pk}/")
    assert REASON in page.get_by_role("alert").inner_text()
    filer.goto(f"/returns/{monthly_return.pk}/edit/")
    page.get_by_label(label, exact=True).fill("140")
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/")

    # The checker submits it to the city: the 报送 is the checker's.
    check.goto(f"/returns/{monthly_return.pk}/")
    review.get_by_role("button", name="审核无误，报送市级").click()
    review.wait_for_load_state()
    assert "已审核并报送市级" in review.locator(".messages").inner_text()
    head = review.locator(".return-head").inner_text()
    assert "填报人" in head and "审核人" in head and "环翠区审核人" in head
    check.shot("submitted")

    # The coordinator approves it from the review list, with the version the list showed.
    coordinator = open_session("coordinator")
    city = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto("/returns/")
    city.get_by_label("审核通过 环翠区 · 2023年6月").check()
    coordinator.shot("review-list")
    city.get_by_role("button", name="审核通过勾选的月报").click()
    city.wait_for_load_state()
    assert "已审核通过1份月报" in city.locator(".messages").inner_text()
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.APPROVED
    coordinator.goto(f"/returns/{monthly_return.pk}/")
    assert "环翠区经办人" in city.locator(".return-head").inner_text()
    coordinator.shot("approved")
