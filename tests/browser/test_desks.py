"""Each person's desk in a real browser over the demo year (1366×768): the coordinator's month from the desk,
a district's returns, a department's measures. Any console error on any page, the admin included, fails the test."""

import re

import pytest
from openpyxl import load_workbook

from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_year(plan):
    demo_users_load()
    assert demo_returns_load() > 0


def test_the_coordinator_runs_the_month_from_the_desk(open_session, demo_year, tmp_path):
    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator", DEMO_PASSWORD)
    page.wait_for_url("**/desk/")
    assert page.get_by_role("heading", name="我的工作台").is_visible()
    assert page.locator("table.glance tbody tr").count() == 8
    page.locator("#desk-chart canvas").wait_for()
    coordinator.shot("desk")

    # The queue, oldest first: open the oldest, move on to the next, approve it.
    queue = page.locator("ol.queue li")
    waiting = queue.count()
    assert waiting >= 2
    second = queue.nth(1).get_attribute("data-return")
    page.get_by_role("link", name="审核最早报送的一份").click()
    page.wait_for_url("**/returns/*/")
    coordinator.shot("oldest")
    page.locator(".next-review a").click()
    page.wait_for_url(f"**/returns/{second}/")
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_url(f"**/returns/{second}/")
    assert "审核通过" in page.locator(".messages").inner_text()
    coordinator.shot("approved")
    page.get_by_role("link", name="我的工作台").click()
    page.wait_for_url("**/desk/")
    assert page.locator("ol.queue li").count() == waiting - 1

    # Draft the bulletin from the desk (test_bulletin_chain_journey takes it through 审核, 签发 and 印发); the live
    # bulletin downloads as .xlsx.
    page.get_by_role("link", name="拟稿通报", exact=True).click()
    page.wait_for_url("**/bulletins/new/**")
    assert "截至12月底" in page.locator("main").inner_text()
    coordinator.shot("draft-preview")
    coordinator.goto("/dashboards/bulletin/?year=2023&month=12")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 .xlsx").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    cells = [c.value for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None]
    assert "环翠区" in cells

    # The exported tables carry their filters in their title rows.
    for page_path, name in [
        ("/dashboards/?year=2023&month=12", "progress"),
        ("/dashboards/matrix/?year=2023&month=12", "matrix"),
        ("/dashboards/timeliness/?year=2023&month=12", "timeliness"),
        ("/returns/?year=2023", "returns"),
    ]:
        coordinator.goto(page_path)
        with page.expect_download() as download_info:
            page.locator(".export").get_by_role("link", name="下载 .xlsx").click()
        path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(path)
        head = [c.value for row in load_workbook(path).active.iter_rows(max_row=5) for c in row if c.value]
        assert "计划年度：2023" in head, (name, head)
    coordinator.shot("returns-grid")


def test_a_district_files_from_its_desk_with_carried_over_notes(open_session, demo_year):
    from actions.models import Indicator

    flow = Indicator.objects.get(plan__year=2023, code="I1.2.1")
    staff = open_session("rc")
    page = staff.page
    staff.login("rc", DEMO_PASSWORD)  # 荣成市: November sent back, December not started in the demo
    page.wait_for_url("**/desk/")
    assert "理由" in page.locator(".open-returns").inner_text()  # the send-back's reason is on the desk
    staff.shot("desk")

    # December, from the desk: the form starts from November's status and notes, marked to be confirmed.
    page.locator("table.due tr[data-month='12'] button").click()
    page.wait_for_url("**/returns/*/edit/")
    assert page.locator(".carried-note").is_visible()
    assert page.locator(".status-carried").count() >= 20
    assert page.locator("textarea").first.input_value() != ""
    staff.shot("form-carried")
    # Carried-over notes are confirmed, not assumed (issue 25): each one ticked as still true before submitting.
    for box in page.locator("input[name^='confirm_']").all():
        box.check()

    # A slip: the summary at the top counts it, takes the focus, and its link leads to the field.
    page.locator(f"#id_val_{flow.pk}").fill("abc")
    # The demo units check their returns inside the unit (单位审核人) before 报送.
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "有1处需要更正" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement")
    staff.shot("error-summary")
    summary.locator("a").first.click()
    assert page.locator(f"#id_val_{flow.pk}").evaluate("el => el === document.activeElement")
    page.locator(f"#id_val_{flow.pk}").fill("12")
    page.get_by_role("button", name="保存并送单位审核").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/(#.*)?$"))
    assert "已保存并送单位审核" in page.locator(".messages").inner_text()
    assert "本年累计（不含本月）" in page.locator("main").inner_text()
    staff.shot("handed-in")

    # 荣成市's checker finds it on the desk and submits it to the city.
    checker = open_session("rc_check")
    check = checker.page
    checker.login("rc_check", DEMO_PASSWORD)
    check.wait_for_url("**/desk/")
    check.locator(".to-check-returns a").first.click()
    check.get_by_role("button", name="审核无误，报送市级").click()
    check.wait_for_load_state()
    assert "已审核并报送市级" in check.locator(".messages").inner_text()
    checker.shot("submitted")


def test_the_department_viewer_sees_its_measures(open_session, demo_year):
    viewer = open_session("edu")
    page = viewer.page
    viewer.login("edu", DEMO_PASSWORD)
    page.wait_for_url("**/desk/")
    sections = page.locator("section[data-measure]")
    assert sections.count() >= 1
    assert page.locator("ul.notes li").count() >= 8
    viewer.shot("desk")
    viewer.goto("/dashboards/")
    viewer.shot("dashboards")


def test_a_new_plan_year_started_while_december_awaits_review_hides_nothing(open_session, demo_year):
    from actions.models import PlanYear
    from reports.models import MonthlyReturn, ReturnStatus

    december = MonthlyReturn.objects.filter(plan__year=2023, month=12, status=ReturnStatus.SUBMITTED)
    assert december.exists()  # the demo's 环翠区 December return awaits review

    admin = open_session("admin")
    page = admin.page
    admin.login("admin", DEMO_PASSWORD)
    admin.goto("/admin/actions/planyear/")
    page.locator("input[name='_selected_action']").first.check()
    page.locator("select[name='action']").select_option("copy_to_next_year")
    page.locator("button[name='index']").click()
    page.wait_for_load_state()
    assert "2024方案年度（复制自2023年度）" in page.locator("#content").inner_text()
    assert not PlanYear.objects.filter(year=2024).exists()  # nothing before the confirmation
    admin.shot("confirm")
    page.get_by_role("button", name="是的，开始下一方案年度").click()
    page.wait_for_load_state()
    assert PlanYear.objects.filter(year=2024).exists()
    admin.shot("created")

    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator", DEMO_PASSWORD)
    page.wait_for_url("**/desk/")
    queue = page.locator("ol.queue").inner_text()
    assert "2023年12月" in queue
    coordinator.shot("desk")
    coordinator.goto(f"/returns/{december.first().pk}/")
    coordinator.shot("december")
