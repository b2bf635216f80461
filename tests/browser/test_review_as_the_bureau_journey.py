"""Issue 25's whole journey in a real browser: the filer hands the return in, the unit's checker sends it to the
city, the coordinator sends it back with a question on one figure, the district answers beside that field and the
checker sends it on again, and the coordinator reads the answer and approves."""

import re

import pytest

from actions.models import Indicator
from reports.models import MonthlyReturn, ReturnQuestion, ReturnStatus

from .test_unit_check_journey import checker  # noqa: F401 (the fixture: 环翠区 checks its returns, hc_check does)

pytestmark = pytest.mark.browser

QUESTION = "城镇公益性岗位比上月多出很多，请说明来源。"
ANSWER = "六月集中开发社区公益性岗位，见区人社局6月文件。"


def test_filer_checker_coordinator_with_a_question_district_answers_approved(open_session, people, checker):  # noqa: F811
    indicator = Indicator.objects.get(code="I1.2.1")
    label = f"{indicator.name}（{indicator.unit}）"

    filer = open_session("filer")
    page = filer.page
    filer.login("hc")
    filer.goto("/returns/")
    page.locator("form:has(input[name='month'][value='6']) button").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    page.get_by_label(label, exact=True).fill("260")
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/$"))
    monthly_return = MonthlyReturn.objects.get(unit__code="HC", month=6)
    assert monthly_return.status == ReturnStatus.UNIT_CHECK

    check = open_session("checker")
    unit = check.page
    check.login("hc_check")
    check.goto(f"/returns/{monthly_return.pk}/")
    unit.get_by_role("button", name="审核无误，报送市级").click()
    unit.wait_for_load_state()
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.SUBMITTED

    coordinator = open_session("coordinator")
    city = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto(f"/returns/{monthly_return.pk}/")
    city.locator(f"#figure-{indicator.pk} details.ask summary").click()
    city.get_by_label(f"就“{indicator.name}”提问").fill(QUESTION)
    city.get_by_label("理由").fill("请核实城镇公益性岗位数。")
    coordinator.shot("question")
    city.get_by_role("button", name="退回修改").click()
    city.wait_for_load_state()
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.RETURNED

    # The district answers beside the figure and hands the return in again: through its checker, as before.
    filer.goto(f"/returns/{monthly_return.pk}/edit/")
    assert QUESTION in page.locator(f"tr:has(#id_val_{indicator.pk}) + tr.question-row").inner_text()
    page.get_by_label(f"对“{indicator.name}”的答复").fill(ANSWER)
    filer.shot("answer")
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/")
    assert ReturnQuestion.objects.get().answer == ANSWER
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.UNIT_CHECK
    check.goto(f"/returns/{monthly_return.pk}/")
    unit.get_by_role("button", name="审核无误，报送市级").click()
    unit.wait_for_load_state()

    coordinator.goto(f"/returns/{monthly_return.pk}/")
    assert ANSWER in city.locator("#questions").inner_text()
    city.get_by_role("button", name="审核通过").click()
    city.wait_for_load_state()
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.APPROVED
    coordinator.goto(f"/returns/{monthly_return.pk}/history/")
    history = city.locator("main").inner_text()
    assert QUESTION in history and ANSWER in history and "环翠区审核人" in history
    coordinator.shot("history")
