"""A half-year progress report to the province from 拟稿 to 印发 in a real browser: the coordinator starts it, keeps
and edits the districts' sentences, a checker checks it, a signer signs it, the coordinator issues it; the .docx
downloaded is the 上行文 kept at issue, with 签发人 in its 版头 and the sentence as edited."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from docx import Document

from accounts.roles import COORDINATOR
from bulletins.roles import BULLETIN_CHECKER, BULLETIN_SIGNER, bulletin_roles_ensure
from districts.models import ReportingUnit
from progressreports.models import ProgressReport
from reports.models import MeasureProgress, MonthlyReturn, ReturnStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

EDITED = "新开发城镇公益性岗位125个。"


@pytest.fixture
def chain_people(people, make_user):
    groups = bulletin_roles_ensure()
    users = {
        "checker": make_user("checker", None, full_name="就业促进与失业保险科科长"),
        "signer": make_user("signer", None, full_name="分管副局长"),
    }
    for user, group in zip(users.values(), (BULLETIN_CHECKER, BULLETIN_SIGNER), strict=True):
        user.groups.add(groups[group])
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    assert people["coordinator"].groups.filter(name=COORDINATOR).exists()
    return {**people, **users}


@pytest.fixture
def june_note(plan):
    """环翠区's June is approved, with a note of two sentences on measure 1.2."""
    at = timezone.make_aware(datetime.datetime(2023, 7, 3, 10))
    monthly_return = MonthlyReturn.objects.create(
        plan=plan,
        unit=ReportingUnit.objects.get(code="HC"),
        month=6,
        status=ReturnStatus.APPROVED,
        first_submitted_at=at,
        submitted_at=at,
        approved_at=at,
    )
    measure = plan.actions.get(number=1).measures.get(number=2)
    MeasureProgress.objects.create(
        monthly_return=monthly_return,
        measure=measure,
        status="in_progress",
        note="新开发城镇公益性岗位120个。组织专场招聘会3场。",
    )


def _stage(page) -> str:
    return page.locator("[data-field='stage']").inner_text()


def test_a_half_year_report_goes_from_draft_to_issue_and_downloads_as_kept(open_session, chain_people, june_note):
    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto("/progress-reports/")
    page.get_by_role("link", name="起草工作进展情况报告").click()
    page.get_by_label("上半年（1—6月）").check()
    page.get_by_label("计划年度").select_option("2023")
    coordinator.shot("start")
    page.get_by_role("button", name="拟稿").click()
    page.wait_for_url(re.compile(r".*/progress-reports/\d+/$"))
    report_url = page.url
    assert _stage(page) == "拟稿（待审核）"
    article = page.locator("article.progress-report")
    assert "关于2023年上半年新市民乐业行动工作进展情况的报告" in article.inner_text()
    assert "环翠区：新开发城镇公益性岗位120个。组织专场招聘会3场。" in article.inner_text()

    # Keep the first sentence, edited; leave the second out; write the next steps.
    sentences = page.locator("fieldset[data-measure='1.2'] .sentence")
    sentences.nth(0).locator("textarea").fill(EDITED)
    sentences.nth(1).locator("input[type=checkbox]").uncheck()
    page.get_by_label("下步打算").fill("加快公益性岗位开发。")
    coordinator.shot("editing")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(report_url)
    text = article.inner_text()
    assert f"环翠区：{EDITED}" in text and "组织专场招聘会" not in text and "加快公益性岗位开发。" in text
    assert page.get_by_role("button", name="审核通过").count() == 0  # the drafter does not check
    coordinator.shot("drafted")

    checker = open_session("checker")
    checker.login("checker")
    checker.goto("/progress-reports/")
    checker.page.locator("table.in-progress a").first.click()
    checker.page.wait_for_url(report_url)
    checker.page.get_by_role("button", name="审核通过").click()
    checker.page.wait_for_load_state()
    assert _stage(checker.page) == "已审核（待签发）"
    assert checker.page.get_by_role("button", name="签发").count() == 0  # the checker does not sign
    checker.shot("checked")

    signer = open_session("signer")
    signer.login("signer")
    signer.goto(report_url)
    signer.page.get_by_role("button", name="签发").click()
    signer.page.wait_for_load_state()
    assert _stage(signer.page) == "已签发（待印发）"
    assert signer.page.locator("[data-field='signer']").inner_text() == "分管副局长"
    signer.shot("signed")

    coordinator.goto(report_url)
    page.get_by_label("文号").fill("威人社字〔2023〕50号")
    page.get_by_label("印发日期").fill("2023-07-10")
    page.get_by_role("button", name="印发").click()
    page.wait_for_load_state()
    assert _stage(page) == "已印发"
    coordinator.shot("issued")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 .docx").first.click()
    with open(info.value.path(), "rb") as handle:
        content = handle.read()
    report = ProgressReport.objects.get()
    assert content == bytes(report.file.content)
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "威人社字〔2023〕50号\t签发人：分管副局长" in paragraphs
    assert "省人力资源社会保障厅：" in paragraphs
    assert f"环翠区：{EDITED}" in paragraphs
    (coordinator.shots.folder / "progress-report.docx").write_bytes(content)
