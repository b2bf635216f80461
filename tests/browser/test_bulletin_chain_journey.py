"""A bulletin from 拟稿 to 印发 in a real browser, by four people, with a return still awaiting review; then the
issued .docx and .xlsx downloaded in Chinese and in English come back byte for byte the same."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.roles import COORDINATOR
from bulletins.models import BulletinFile, IssuedBulletin
from bulletins.roles import BULLETIN_CHECKER, BULLETIN_SIGNER, bulletin_roles_ensure
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

REASON = "文登区6月数据待审核，未纳入本期统计"


@pytest.fixture
def chain_people(people, make_user):
    groups = bulletin_roles_ensure()
    users = {
        "checker": make_user("checker", None, full_name="就业促进与失业保险科科长"),
        "signer": make_user("signer", None, full_name="分管副局长"),
        "coordinator-2": make_user("coordinator-2", None, full_name="另一位统筹人员"),
    }
    for user, group in zip(users.values(), (BULLETIN_CHECKER, BULLETIN_SIGNER, COORDINATOR), strict=True):
        user.groups.add(groups[group])
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return {**people, **users}


@pytest.fixture
def june(plan):
    """环翠区's June is approved, 文登区's awaits review; the other units have not filed."""
    at = timezone.make_aware(datetime.datetime(2023, 7, 3, 10))
    for code, status in (("HC", ReturnStatus.APPROVED), ("WD", ReturnStatus.SUBMITTED)):
        MonthlyReturn.objects.create(
            plan=plan,
            unit=ReportingUnit.objects.get(code=code),
            month=6,
            status=status,
            first_submitted_at=at,
            submitted_at=at,
            approved_at=at if status == ReturnStatus.APPROVED else None,
        )


def _stage(page) -> str:
    return page.locator("[data-field='stage']").inner_text()


def _download(page, link: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).first.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_a_bulletin_is_drafted_checked_signed_and_issued_then_downloads_the_same_in_both_languages(
    open_session, chain_people, june
):
    # 拟稿: the coordinator sees which returns are missing, is refused without a reason, and gives one.
    coordinator = open_session("coordinator")
    page = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto("/bulletins/new/?year=2023&month=6")
    missing = page.locator(".completeness")
    assert "文登区：待审核" in missing.inner_text() and "南海新区：未报送" in missing.inner_text()
    coordinator.shot("draft-form")
    page.get_by_role("button", name="拟稿本期通报").click()
    page.wait_for_load_state()
    assert "尚未审核通过" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("在上列报表未审核的情况下仍继续的理由").fill(REASON)
    page.get_by_role("button", name="拟稿本期通报").click()
    page.wait_for_url(re.compile(r".*/bulletins/\d+/$"))
    bulletin_url = page.url
    assert _stage(page) == "拟稿（待审核）"
    assert page.get_by_role("button", name="审核通过").count() == 0  # the drafter does not check their own draft
    coordinator.shot("drafted")

    # 审核: the checker finds it in the archive among those on their way and checks it.
    checker = open_session("checker")
    checker.login("checker")
    checker.goto("/bulletins/")
    checker.page.locator("table.in-progress a").first.click()
    checker.page.wait_for_url(bulletin_url)
    assert REASON in checker.page.locator(".completeness").first.inner_text()
    checker.page.get_by_role("button", name="审核通过").click()
    checker.page.wait_for_load_state()
    assert _stage(checker.page) == "已审核（待签发）"
    checker.shot("checked")

    # Another coordinator may not sign: the page offers no button (the service refuses it too, tests/bulletins).
    other = open_session("coordinator-2")
    other.login("coordinator-2")
    other.goto(bulletin_url)
    assert other.page.get_by_role("button", name="签发").count() == 0

    # 签发: the signer the admin allowed signs it.
    signer = open_session("signer")
    signer.login("signer")
    signer.goto(bulletin_url)
    signer.page.get_by_role("button", name="签发").click()
    signer.page.wait_for_load_state()
    assert _stage(signer.page) == "已签发（待印发）"
    signer.shot("signed")

    # 印发: a 文号 in square brackets is refused, saying what to type; the right one issues it.
    coordinator.goto(bulletin_url)
    page.get_by_label("文号").fill("威人社字[2023]45号")
    page.get_by_label("印发日期").fill("2023-07-08")
    page.get_by_role("button", name="印发").click()
    page.wait_for_load_state()
    assert "请填写：威人社字〔2023〕45号" in page.locator(".step-form.issue").inner_text()
    page.get_by_label("文号").fill("威人社字〔2023〕45号")
    page.get_by_role("button", name="印发").click()
    page.wait_for_load_state()
    assert _stage(page) == "已印发"
    assert f"{REASON}。" in page.locator("article.bulletin").inner_text()  # printed in its 说明
    history = page.locator("table.history").inner_text()
    for name in ("就业促进与失业保险科科长", "分管副局长", "市人社局就业促进与失业保险科"):
        assert name in history
    coordinator.shot("issued")

    # Downloads in Chinese, then the interface in English, then downloads again: the same bytes.
    docx_zh, xlsx_zh = _download(page, "下载 .docx"), _download(page, "下载 .xlsx")
    page.get_by_label("语言").select_option("en")
    page.locator("html[lang='en']").wait_for(state="attached")
    docx_en, xlsx_en = _download(page, "Download .docx"), _download(page, "Download .xlsx")
    coordinator.shot("issued-english")
    assert docx_en == docx_zh and xlsx_en == xlsx_zh
    bulletin = IssuedBulletin.objects.get()
    stored = {f.kind: bytes(f.content) for f in BulletinFile.objects.filter(bulletin=bulletin)}
    assert stored == {"docx": docx_zh, "xlsx": xlsx_zh}
    (coordinator.shots.folder / "bulletin.docx").write_bytes(docx_zh)
