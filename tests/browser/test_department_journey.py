"""A department's month (部门报送) from its desk, and the coordinator's task ledger, in a real browser."""

import pytest
from openpyxl import load_workbook

from actions.models import Measure
from demo.departments import demo_department_returns_load
from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load
from reports.models import MonthlyReturn, ReturnStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_year(plan):
    demo_users_load()
    assert demo_returns_load() > 0
    assert demo_department_returns_load() > 0


def test_a_department_files_its_month_and_the_coordinator_reads_it_in_the_ledger(open_session, demo_year, tmp_path):
    measure = Measure.objects.get(action__plan__year=2023, action__number=5, number=2)
    december = MonthlyReturn.objects.filter(unit__code="DEPT-EDU", month=12)
    assert not december.exists()  # 市教育局 has not filed December in the demo

    staff = open_session("edu")
    page = staff.page
    staff.login("edu", DEMO_PASSWORD)
    page.wait_for_url("**/desk/")
    assert page.locator("section[data-measure]").count() >= 1  # its measures' district figures, as a viewer's
    staff.shot("desk")
    page.locator("table.due tr[data-month='12'] button").click()
    page.wait_for_url("**/returns/*/edit/")
    texts = page.locator("main").inner_text()
    assert "存在问题" in texts and "下步打算" in texts
    assert "5.2" not in page.locator(".measure-block .code").all_inner_texts()  # 5.2 is 市财政局's, not 教育局's
    landing = Measure.objects.get(action__plan__year=2023, action__number=5, number=4)
    page.locator(f"#id_st_{landing.pk}").select_option("in_progress")
    page.locator(f"#id_note_{landing.pk}").fill("随迁子女在公办学校就读比例达到92%。")
    page.locator(f"#id_prob_{landing.pk}").fill("部分学校学位紧张。")
    page.locator(f"#id_next_{landing.pk}").fill("统筹调配学位资源。")
    staff.shot("form")
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url("**/returns/*/")
    assert "已保存并报送" in page.locator(".messages").inner_text()
    assert "部分学校学位紧张。" in page.locator("main").inner_text()
    staff.shot("submitted")
    assert december.get().status == ReturnStatus.SUBMITTED

    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator", DEMO_PASSWORD)
    page.wait_for_url("**/desk/")
    assert page.locator("#ledger").is_visible()
    coordinator.shot("desk-ledger")
    page.locator("#ledger").get_by_role("link", name="打开任务台账").click()
    page.wait_for_url("**/ledger/**")
    page.locator("select[name='department']").select_option("EDU")
    page.get_by_role("button", name="显示").click()
    page.wait_for_url("**department=EDU**")
    cell = page.locator("tr[data-measure='5.4'] td[data-unit='DEPT-EDU']")
    assert "推进中" in cell.inner_text() and "★" in cell.inner_text()
    assert page.locator("tr[data-measure='5.2']").count() == 0  # 教育局 answers for no 5.2
    coordinator.shot("ledger")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 .xlsx").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    cells = [c.value for row in load_workbook(path).active.iter_rows() for c in row if c.value]
    assert any(str(c).startswith("推进中 · 最近进展2023年12月") for c in cells)
    cell.locator("a").click()
    page.wait_for_url("**/ledger/2023/DEPT-EDU/5.4/")
    assert "随迁子女在公办学校就读比例" in page.locator("main").inner_text()
    coordinator.shot("unit-notes")
    page.locator("tr[data-month='12'] a").click()
    page.wait_for_url("**/returns/*/")
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_url("**/returns/*/")
    assert december.get().status == ReturnStatus.APPROVED
    assert measure.pk  # 5.2 stays 市财政局's
