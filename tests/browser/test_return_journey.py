"""A month's return from the district's first keystroke to the city's dashboard, in a real browser."""

import re

import pytest

from actions.models import Indicator
from reports.models import Figure, MonthlyReturn, ReturnStatus

pytestmark = pytest.mark.browser

REASON = "乡村公益性岗位数偏高，请核实后重新报送。"


def _indicator_label(code: str) -> str:
    indicator = Indicator.objects.get(code=code)
    return f"{indicator.name}（{indicator.unit}）"


def _canvas_painted_pixels(page) -> int:
    """How many pixels of the first chart canvas are not transparent: 0 means ECharts drew nothing."""
    return page.locator(".chart canvas").first.evaluate(
        """canvas => {
          const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
          return painted;
        }"""
    )


def test_a_return_goes_from_draft_through_send_back_to_the_dashboard(open_session, people):
    rural_jobs = _indicator_label("I1.2.2")
    cooperation = _indicator_label("I1.3.1")

    # The district user fills June, types a letter for a digit, is told so, corrects it and saves a draft.
    district = open_session("district")
    page = district.page
    district.login("hc")
    district.shot("home")
    page.get_by_role("link", name="月报").first.click()
    page.wait_for_url("**/returns/")
    district.shot("return-list")
    page.locator("form:has(input[name='month'][value='6']) button").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    assert "环翠区 · 2023年6月" in page.locator(".sticky-head h1").inner_text()
    district.shot("return-form-empty", full_page=False)

    page.get_by_label(rural_jobs, exact=True).fill("2,34o")
    page.get_by_label(cooperation, exact=True).fill("１２０")  # full-width digits, as a Chinese IME types them
    page.get_by_label("举措1.2进展状态").select_option(label="推进中")
    page.get_by_label("举措1.2工作进展").fill("新开发乡村公益性岗位，已完成岗位摸底。")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "未保存：有1处需要更正" in page.get_by_role("alert").first.inner_text()  # the summary at the top
    field_error = page.locator(".field.has-error .error")
    assert field_error.count() == 1 and "请输入数字" in field_error.inner_text()
    page.locator(".field.has-error").scroll_into_view_if_needed()
    district.shot("validation-error", full_page=False)

    page.get_by_label(rural_jobs, exact=True).fill("2,345")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "草稿已保存" in page.locator(".messages").inner_text()
    assert page.get_by_label(rural_jobs, exact=True).input_value() == "2345"
    assert page.get_by_label(cooperation, exact=True).input_value() == "120"
    district.shot("draft-saved", full_page=False)

    # The month and the unit stay in sight however far down the form the user is.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    head = page.locator(".sticky-head h1").bounding_box()
    assert head is not None and 0 <= head["y"] < 100, head
    assert page.get_by_role("button", name="保存并报送").is_visible()
    district.shot("form-bottom-head-still-visible", full_page=False)

    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/$"))
    assert "月报已保存并报送审核" in page.locator(".messages").inner_text()
    district.shot("submitted")
    monthly_return = MonthlyReturn.objects.get(unit__code="HC", month=6)
    assert monthly_return.status == ReturnStatus.SUBMITTED

    # The coordinator finds it awaiting review and sends it back with a reason.
    coordinator = open_session("coordinator")
    review = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto("/returns/")
    coordinator.shot("return-list")
    review.get_by_role("link", name="环翠区 · 2023年6月").click()
    review.wait_for_url(f"**/returns/{monthly_return.pk}/")
    review.get_by_label("理由").fill(REASON)
    coordinator.shot("review")
    review.get_by_role("button", name="退回修改").click()
    review.wait_for_load_state()
    assert "退回修改" in review.locator(".return-head").inner_text()
    coordinator.shot("sent-back")

    # The district user sees the reason, fixes the figure and submits again.
    district.goto("/returns/")
    page.locator(f"a[href$='/returns/{monthly_return.pk}/']").first.click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/")
    assert REASON in page.get_by_role("alert").inner_text()
    district.shot("sees-reason")
    page.locator(".actions-bar").get_by_role("link", name="填报").click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/edit/")
    assert REASON in page.locator(".sticky-head").inner_text()
    page.get_by_label(rural_jobs, exact=True).fill("2,400")
    district.shot("fixing", full_page=False)
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url(f"**/returns/{monthly_return.pk}/")
    district.shot("resubmitted")

    # Before approval the city's dashboard does not count it; after approval it does, and the trend chart draws.
    coordinator.goto("/dashboards/?year=2023&month=6")
    value = review.locator("#indicator-I1\\.2\\.2 [data-field='value']")
    assert "2,400" not in value.inner_text()
    coordinator.goto(f"/returns/{monthly_return.pk}/")
    review.get_by_role("button", name="审核通过").click()
    review.wait_for_load_state()
    assert "已审核" in review.locator(".return-head").inner_text()
    coordinator.shot("approved")
    figure = Figure.objects.get(monthly_return=monthly_return, indicator__code="I1.2.2")
    assert figure.value == 2400

    coordinator.goto("/dashboards/?year=2023&month=6")
    # The figure, then what it counts: only 环翠区's June is in (纳入统计, issue 23).
    assert value.inner_text().strip().splitlines()[0] == "2,400个"
    coordinator.shot("dashboard")
    review.locator("#indicator-I1\\.2\\.2").get_by_role("link", name="趋势").click()
    review.wait_for_url("**/dashboards/indicators/I1.2.2/trend/**")
    canvas = review.locator(".chart canvas").first
    canvas.wait_for()
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100, box
    review.wait_for_timeout(1200)  # let the chart's entry animation finish before the screenshot
    assert _canvas_painted_pixels(review) > 1000
    assert "2,400" in review.locator("table.trend-data").first.inner_text()
    coordinator.shot("trend-chart")
