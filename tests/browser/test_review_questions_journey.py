"""The coordinator asks about one figure when sending a return back; the district answers beside that field; the
coordinator reads the answer and approves (issue 25), in a real browser."""

import re

import pytest

from actions.models import Indicator
from reports.models import MonthlyReturn, ReturnQuestion, ReturnStatus

pytestmark = pytest.mark.browser

QUESTION = "乡村公益性岗位比上月多出很多，请说明来源。"
ANSWER = "六月集中开发护林员岗位，见区人社局6月文件。"


def test_a_question_on_one_figure_goes_to_the_district_and_its_answer_comes_back(open_session, people):
    indicator = Indicator.objects.get(code="I1.2.2")
    label = f"{indicator.name}（{indicator.unit}）"

    district = open_session("district")
    page = district.page
    district.login("hc")
    district.goto("/returns/")
    page.locator("form:has(input[name='month'][value='6']) button").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    page.get_by_label(label, exact=True).fill("230")
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/$"))
    monthly_return = MonthlyReturn.objects.get(unit__code="HC", month=6)
    assert monthly_return.status == ReturnStatus.SUBMITTED

    # The decision box is in the first screen; the question is typed beside the figure, far below it.
    coordinator = open_session("coordinator")
    review = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto(f"/returns/{monthly_return.pk}/")
    box = review.locator("#review-decision").bounding_box()
    assert box is not None and box["y"] < 768, box
    assert "Alt+R" in review.locator("#review-decision").inner_text()
    row = review.locator(f"#figure-{indicator.pk}")
    ask = review.locator(f"#figure-{indicator.pk} details.ask")
    ask.locator("summary").click()
    review.get_by_label(f"就“{indicator.name}”提问").fill(QUESTION)
    row.scroll_into_view_if_needed()
    coordinator.shot("question-beside-the-figure", full_page=False)
    # Back to the decision by the keyboard path the page documents.
    review.get_by_role("link", name="回到审核决定").first.focus()
    review.keyboard.press("Enter")
    review.get_by_label("理由").fill("请核实乡村公益性岗位数。")
    coordinator.shot("decision", full_page=False)
    review.get_by_role("button", name="退回修改").click()
    review.wait_for_load_state()
    assert "退回修改" in review.locator(".return-head").inner_text()
    question = ReturnQuestion.objects.get()
    assert question.indicator_id == indicator.pk and question.text == QUESTION

    # The district sees the question right under the figure it is about, answers it and submits again.
    district.goto(f"/returns/{monthly_return.pk}/edit/")
    beside = page.locator(f"tr:has(#id_val_{indicator.pk}) + tr.question-row")
    assert QUESTION in beside.inner_text()
    beside.scroll_into_view_if_needed()
    district.shot("question-on-the-form", full_page=False)
    page.get_by_label(f"对“{indicator.name}”的答复").fill(ANSWER)
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/")
    question.refresh_from_db()
    assert question.answer == ANSWER

    # The coordinator reads the answer at the top and beside the figure, then approves.
    coordinator.goto(f"/returns/{monthly_return.pk}/")
    assert ANSWER in review.locator("#questions").inner_text()
    assert ANSWER in review.locator(f"#figure-{indicator.pk} + tr.question-row").inner_text()
    coordinator.shot("answer-on-the-review")
    # The keyboard path to the decision: the skip link (Playwright's synthetic keys do not fire accesskeys).
    review.locator("a.skip-link").focus()
    review.keyboard.press("Enter")
    assert review.evaluate("() => [location.hash, document.activeElement.id]") == [
        "#review-decision",
        "review-decision",
    ]
    review.get_by_role("button", name="审核通过").click()
    review.wait_for_load_state()
    assert "已审核" in review.locator(".return-head").inner_text()
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.APPROVED
    coordinator.goto(f"/returns/{monthly_return.pk}/history/")
    assert QUESTION in review.locator("#questions").inner_text() and ANSWER in review.locator("#questions").inner_text()
    coordinator.shot("history")
