"""An admin imports a district's return sent by e-mail: template download, upload, preview, confirm."""

import re

import pytest
from openpyxl import load_workbook

from reports.models import Figure

pytestmark = pytest.mark.browser


def _fill_template(path, values: dict[str, int]) -> None:
    """Type figures into the downloaded template as a district would in Excel (column G holds this month's value)."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=5):
        if row[0].value in values:
            row[6].value = values[row[0].value]
    workbook.save(path)


def test_an_admin_imports_an_xlsx_return_through_preview_and_confirm(open_session, people, tmp_path):
    admin = open_session("admin")
    page = admin.page
    admin.login("admin")
    page.get_by_role("link", name="Excel导入导出").click()
    page.wait_for_url("**/excel/")
    template_form = page.locator("form[action$='/excel/template/']")
    template_form.get_by_label("所属单位").select_option(label="文登区")
    template_form.get_by_label("月份").select_option(label="六月")
    admin.shot("excel-home")
    with page.expect_download() as download_info:
        template_form.get_by_role("button", name="下载模板").click()
    download = download_info.value
    assert download.suggested_filename == "return-WD-2023-06.xlsx"
    workbook_path = tmp_path / download.suggested_filename
    download.save_as(workbook_path)
    _fill_template(workbook_path, {"I1.2.2": 1500, "I1.3.1": 80})

    page.get_by_role("link", name="上传文件").click()
    page.wait_for_url("**/excel/upload/")
    page.get_by_label("填好的表格").set_input_files(workbook_path)
    admin.shot("upload")
    page.get_by_role("button", name="预览").click()
    page.wait_for_url(re.compile(r".*/excel/\d+/preview/$"))
    summary = page.locator("section.card").first.inner_text()
    assert "新增2行" in summary and "拒绝0行" in summary, summary
    confirm = page.get_by_role("button", name="确认导入")
    assert confirm.is_enabled()
    admin.shot("preview")

    # Hold the form back once it has been handled (a listener on window runs after the app's one on document),
    # to see what the user sees while the server works; then send it as the browser would have.
    page.evaluate("window.holdSubmit = e => e.preventDefault(); window.addEventListener('submit', window.holdSubmit)")
    confirm.click()
    busy = page.locator(".busy-note")
    assert busy.inner_text() == "正在导入…"
    assert busy.get_attribute("role") == "status"
    page.locator("form[data-busy] button:disabled").wait_for()
    admin.shot("importing", full_page=False)
    page.evaluate("window.removeEventListener('submit', window.holdSubmit)")
    refused_again = page.evaluate(
        """() => {
          const event = new Event("submit", {bubbles: true, cancelable: true});
          document.querySelector("form[data-busy]").dispatchEvent(event);
          return event.defaultPrevented;
        }"""
    )
    assert refused_again, "a busy form must not be sent a second time"
    page.evaluate("document.querySelector('form[data-busy]').submit()")
    page.wait_for_url(re.compile(r".*/excel/log/\d+/$"))
    assert "已导入 return-WD-2023-06.xlsx：变更2个字段" in page.locator(".messages").inner_text()
    admin.shot("imported")

    figures = Figure.objects.filter(monthly_return__unit__code="WD", monthly_return__month=6)
    assert {f.indicator.code: f.value for f in figures.select_related("indicator")} == {"I1.2.2": 1500, "I1.3.1": 80}
