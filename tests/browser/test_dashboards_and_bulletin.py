"""The coordinator's dashboards over a demo year: every page renders, charts draw, the bulletin prints and downloads."""

import pytest
from openpyxl import load_workbook

from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_year(plan):
    demo_users_load()
    assert demo_returns_load() > 0


def _painted(page) -> int:
    """Non-transparent pixels on the first chart canvas: 0 means ECharts drew nothing."""
    return page.locator(".chart canvas").first.evaluate(
        """canvas => {
          const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
          return painted;
        }"""
    )


def test_the_coordinator_reads_the_dashboards_and_their_charts_draw(open_session, demo_year):
    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator", DEMO_PASSWORD)
    page.get_by_role("link", name="进展看板").click()
    page.wait_for_url("**/dashboards/")
    page.get_by_label("截至").select_option("9")
    page.get_by_role("button", name="显示").click()
    page.wait_for_url("**/dashboards/?year=2023&month=9**")
    assert "2023年1月至2023年9月" in page.locator("p.meta").first.inner_text()
    recruiting = page.locator("#indicator-I1\\.5\\.1 [data-field='value']").inner_text()
    assert recruiting.endswith("场") and recruiting != "—"
    coordinator.shot("progress")
    page.get_by_role("link", name="单位 × 指标").click()
    page.wait_for_load_state()
    coordinator.shot("matrix")
    page.get_by_role("link", name="报送及时性").click()
    page.wait_for_load_state()
    coordinator.shot("timeliness")

    # On paper: no header links, no selection form, no "more" column, and the whole table rather than a frame of it.
    page.get_by_role("link", name="总体进展").click()
    page.wait_for_load_state()
    page.emulate_media(media="print")
    assert not page.locator("form.selection").is_visible()
    assert not page.locator("table.progress th.no-print").first.is_visible()
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => getComputedStyle(el).overflowX") == "visible"
    coordinator.shot("progress-print")
    (coordinator.shots.folder / "progress.pdf").write_bytes(
        page.pdf(format="A4", landscape=True, print_background=True)
    )
    page.emulate_media(media="screen")

    coordinator.goto("/dashboards/indicators/I1.2.2/trend/?year=2023&month=9")
    charts = page.locator(".chart canvas")
    charts.first.wait_for()
    assert charts.count() == page.locator(".chart").count() == 9  # the city and its eight units
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, (index, box)
    page.wait_for_timeout(1200)  # the entry animation
    assert _painted(page) > 2000
    assert "13,000个左右" in page.locator("main").inner_text()
    coordinator.shot("trend")


def test_the_bulletin_prints_without_the_controls_and_downloads_as_xlsx(open_session, demo_year, tmp_path):
    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator", DEMO_PASSWORD)
    coordinator.goto("/dashboards/bulletin/?year=2023&month=9")
    ranking = page.locator("table.ranking tbody tr")
    assert ranking.count() == 8
    title = page.locator(".bulletin h1").inner_text()
    assert "2023年1月" in title and "2023年9月" in title
    coordinator.shot("bulletin")

    page.emulate_media(media="print")
    for control in [".site-header", "form.selection", ".dash-nav", ".site-footer", "main > h1"]:
        assert not page.locator(control).is_visible(), f"{control} shows on paper"
    assert page.locator("table.ranking").is_visible()
    coordinator.shot("bulletin-print")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (coordinator.shots.folder / "bulletin.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 .xlsx").click()
    download = download_info.value
    assert download.suggested_filename == "bulletin-202309.xlsx"
    download.save_as(tmp_path / download.suggested_filename)
    sheet = load_workbook(tmp_path / download.suggested_filename).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert title in cells
    assert {"环翠区", "文登区", "荣成市", "乳山市"} <= set(cells)
