"""The issued 上行文 read back with python-docx: 签发人 in the 版头, 主送 the provincial department, the API's figures
in its 附件, the sentences the coordinator kept (as edited) and not those left out; its bytes kept as issued."""

import io

import pytest
from django.urls import reverse
from docx import Document

from bulletins.wording import figure
from progressreports.models import ProgressReportFile
from reports.models import Figure, MonthlyReturn
from reports.signals import return_changed

EDITED = "环翠区新开发城镇公益性岗位125个（经核实）。"


def _keep_only_the_first_sentence_edited(report):
    from progressreports.services import report_edit

    content = report.content
    for measure in content["measures"]:
        for sentence in measure["sentences"]:
            sentence["chosen"] = False
    (measure,) = [m for m in content["measures"] if m["code"] == "1.2"]
    measure["sentences"][0].update(chosen=True, text=EDITED)
    content["problems"] = "部分区市农民工培训进度偏慢。"
    return report_edit(
        report=report, user=report.drafted_by, version=report.version, title=report.title, content=content
    )


def _text(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, cells


@pytest.fixture
def issued(plan, issue_report, half_year):
    return issue_report(plan, edit=_keep_only_the_first_sentence_edited)


def test_the_docx_is_an_upward_document_to_the_provincial_department(issued):
    paragraphs, _cells = _text(bytes(issued.file.content))
    assert "威人社字〔2023〕50号\t签发人：分管副局长" in paragraphs
    assert "省人力资源社会保障厅：" in paragraphs
    assert "关于2023年上半年新市民乐业行动工作进展情况的报告" in "".join(paragraphs)
    assert "附件：2023年1—6月新市民乐业行动指标完成情况表" in paragraphs
    assert "附件" in paragraphs  # the attachment's own page starts with its label
    # No practice featured, no assessment made: the sections that have something to say, numbered in turn.
    assert [p for p in paragraphs if p[1:2] == "、"] == ["一、工作进展情况", "二、存在问题"]
    assert "特此报告。" in paragraphs


def test_the_docx_carries_the_apis_figures_for_the_last_month(client, issued, coordinator):
    client.force_login(coordinator)
    api = client.get("/api/v1/progress?year=2023&month=6").json()
    paragraphs, cells = _text(bytes(issued.file.content))
    rows = {row[0]: row for row in cells}
    counted = [i for i in api["indicators"] if i["value"] is not None]
    assert counted
    for item in counted:
        assert rows[item["name"]][2] == figure(item["value"]), item["code"]
    village = next(i for i in api["indicators"] if i["code"] == "I1.2.2")
    assert f"全市新创设乡村公益性岗位{figure(village['value'])}个" in "".join(paragraphs)
    assert "截至6月底（序时进度50.0%）" in "".join(paragraphs)


def test_the_docx_prints_the_kept_sentence_as_edited_and_leaves_the_others_out(issued):
    paragraphs, _cells = _text(bytes(issued.file.content))
    body = "".join(paragraphs)
    assert f"环翠区：{EDITED}" in body
    assert "组织专场招聘会3场" not in body
    assert "部分区市农民工培训进度偏慢。" in paragraphs


def test_the_issued_bytes_stay_the_same_after_the_data_changes(client, issued, coordinator, half_year):
    kept = bytes(issued.file.content)
    monthly_return = half_year["HC", 6]
    Figure.objects.filter(monthly_return=monthly_return, indicator__code="I1.2.2").update(value=5)
    return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)
    client.force_login(coordinator)
    response = client.get(reverse("progressreports:report-docx", args=[issued.pk]))
    assert response.status_code == 200
    assert response.content == kept
    assert response["ETag"] == f'"{ProgressReportFile.checksum(kept)}"'
    # In English too: the document is Chinese whoever downloads it.
    response = client.get(reverse("progressreports:report-docx", args=[issued.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.content == kept


def test_a_damaged_kept_file_is_not_served(client, issued, coordinator):
    ProgressReportFile.objects.filter(report=issued).update(content=b"not the issued file")
    client.force_login(coordinator)
    response = client.get(reverse("progressreports:report-docx", args=[issued.pk]))
    assert response.status_code == 500


def test_the_docx_carries_an_approved_department_note_with_its_problems(plan, issue_report, half_year):
    """A department's own return (部门报送) on its measure reaches the report under the department's name; its
    存在问题 prefill the report's problems; a department's draft does not."""
    from actions.models import Measure, ResponsibleUnit
    from reports.models import MeasureProgress, MonthlyReturn, ReturnStatus

    finance = ResponsibleUnit.objects.get(code="FIN").reporting_unit
    police = ResponsibleUnit.objects.get(code="PSB").reporting_unit
    fiscal = Measure.objects.get(action__plan=plan, action__number=5, number=2)
    landing = Measure.objects.get(action__plan=plan, action__number=5, number=5)
    june = MonthlyReturn.objects.create(plan=plan, unit=finance, month=6, status=ReturnStatus.APPROVED)
    MeasureProgress.objects.create(
        monthly_return=june,
        measure=fiscal,
        status="in_progress",
        note="下达农业转移人口市民化奖励资金1250万元。",
        problems="部分区市配套资金未到位。",
    )
    draft = MonthlyReturn.objects.create(plan=plan, unit=police, month=6, status=ReturnStatus.DRAFT)
    MeasureProgress.objects.create(monthly_return=draft, measure=landing, note="公安局草稿，不应出现。")

    issued = issue_report(plan)
    body = "".join(_text(bytes(issued.file.content))[0])
    assert "市财政局：下达农业转移人口市民化奖励资金1250万元。" in body
    assert "部分区市配套资金未到位。" in body
    assert "公安局草稿" not in body
