"""拟稿 → 审核 → 签发 → 印发 for a progress report: the bulletin's chain, its people, what it is drafted from."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bulletins.chain import Stage, Step
from progressreports.models import ProgressReport, ProgressReportFile
from progressreports.services import (
    report_check,
    report_edit,
    report_issue,
    report_send_back,
    report_sign,
    report_start,
)

from .conftest import NOTE_HC, NOTE_WD_DRAFT, TODAY


@pytest.fixture
def started(plan, coordinator, half_year):
    return report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=TODAY)


def test_a_half_year_report_is_drafted_from_approved_notes_only_each_units_latest(started):
    (measure,) = [m for m in started.snapshot["measures"] if m["code"] == "1.2"]
    assert [(n["unit"], n["month"], n["note"]) for n in measure["notes"]] == [("环翠区", 6, NOTE_HC)]
    (content,) = [m for m in started.content["measures"] if m["code"] == "1.2"]
    assert [s["text"] for s in content["sentences"]] == ["新开发城镇公益性岗位120个。", "组织专场招聘会3场。"]
    assert NOTE_WD_DRAFT not in str(started.snapshot)
    assert started.title == "关于2023年上半年新市民乐业行动工作进展情况的报告"
    assert started.recipients == "省人力资源社会保障厅"
    assert started.steps.get().step == Step.DRAFT


def test_the_figures_are_the_apis_for_the_periods_last_month(client, started, coordinator):
    client.force_login(coordinator)
    api = client.get("/api/v1/progress?year=2023&month=6").json()
    assert started.snapshot["progress"] == api


def test_a_period_not_over_or_already_started_is_refused(plan, coordinator, started):
    with pytest.raises(ValidationError) as error:
        report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=TODAY)
    assert error.value.code == "already_drafted"
    with pytest.raises(ValidationError) as error:
        report_start(plan=plan, month_from=1, month_to=12, user=coordinator, today=TODAY)
    assert error.value.code == "month_not_over"


def test_district_staff_and_checkers_do_not_start_reports(plan, staff, checker, half_year):
    for user in (staff, checker):
        with pytest.raises(PermissionDenied):
            report_start(plan=plan, month_from=1, month_to=6, user=user, today=TODAY)


def test_the_drafter_neither_checks_nor_signs_and_the_checker_does_not_sign(started, coordinator, checker, signer):
    with pytest.raises(PermissionDenied):
        report_check(report=started, user=coordinator, version=started.version)
    report = report_check(report=started, user=checker, version=started.version)
    with pytest.raises(PermissionDenied):
        report_sign(report=report, user=checker, version=report.version)
    report = report_sign(report=report, user=signer, version=report.version)
    assert (report.status, report.signer_name) == (Stage.SIGNED, "分管副局长")


def test_a_checker_who_drafted_may_not_check_their_own_draft(started, coordinator, checker, make_user, bulletin_roles):
    from accounts.roles import COORDINATOR
    from bulletins.roles import BULLETIN_CHECKER

    both = make_user("both", COORDINATOR)
    both.groups.add(bulletin_roles[BULLETIN_CHECKER])
    both = type(both).objects.get(pk=both.pk)
    report = report_edit(
        report=started, user=both, version=started.version, title=started.title, content=started.content
    )
    assert report.drafted_by == both
    with pytest.raises(PermissionDenied):
        report_check(report=report, user=both, version=report.version)


def test_sent_back_with_a_reason_edited_then_checked_again(started, coordinator, checker):
    with pytest.raises(ValidationError):
        report_send_back(report=started, user=checker, version=started.version, reason=" ")
    report = report_send_back(report=started, user=checker, version=started.version, reason="补充典型经验")
    assert report.status == Stage.RETURNED
    content = report.content
    content["problems"] = "部分区市进展不平衡。"
    report = report_edit(report=report, user=coordinator, version=report.version, title=report.title, content=content)
    assert (report.status, report.content["problems"]) == (Stage.DRAFT, "部分区市进展不平衡。")
    assert list(report.steps.values_list("step", flat=True)) == ["draft", "send_back", "redraft"]


def test_a_stale_page_is_refused(started, checker):
    with pytest.raises(ValidationError) as error:
        report_check(report=started, user=checker, version=started.version + 1)
    assert error.value.code == "stale"


def test_issue_keeps_the_docx_with_its_checksum_and_refuses_a_number_taken(plan, issue_report, coordinator, half_year):
    report = issue_report(plan)
    stored = ProgressReportFile.objects.get(report=report)
    assert stored.intact and stored.size == len(bytes(stored.content))
    assert (report.status, report.number, report.issued_by) == (Stage.ISSUED, "威人社字〔2023〕50号", coordinator)
    other = ProgressReport.objects.create(
        plan=plan,
        month_from=1,
        month_to=5,
        title="t",
        recipients="r",
        snapshot=report.snapshot,
        drafted_by=coordinator,
        status=Stage.SIGNED,
    )
    with pytest.raises(ValidationError) as error:
        report_issue(report=other, user=coordinator, version=other.version, number=report.number, issued_on=TODAY)
    assert error.value.code == "number_taken"
