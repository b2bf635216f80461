"""What a report is drafted from and how it reads: good practice featured, assessments of the period, the problems
and next steps the units wrote (department returns bring them), the period's name."""

import datetime

import pytest
from django.utils import timezone, translation

from filings.models import Assessment, GoodPractice
from progressreports.selectors import period_label, sentences
from progressreports.services import report_start
from progressreports.writing import draft_content, report_text

from .conftest import TODAY


@pytest.mark.parametrize(
    ("months", "label"), [((1, 6), "上半年"), ((1, 12), "全年"), ((1, 9), "1—9月"), ((7, 7), "7月")]
)
def test_the_period_is_named_the_chinese_way(months, label):
    with translation.override("zh-hans"):
        assert period_label(month_from=months[0], month_to=months[1]) == label


def test_a_note_is_cut_into_its_sentences():
    assert sentences("开发岗位120个。组织招聘会3场；\n培训500人次") == [
        "开发岗位120个。",
        "组织招聘会3场；",
        "培训500人次",
    ]


def test_problems_and_next_steps_are_prefilled_from_the_notes_that_carry_them():
    snapshot = {
        "measures": [
            {
                "code": "5.2",
                "action": 5,
                "text": "财政转移支付",
                "notes": [
                    {
                        "unit": "市财政局",
                        "note": "资金已下达。",
                        "problems": "资金到位慢。",
                        "next_steps": "加快拨付。",
                    },
                    {"unit": "环翠区", "note": "已申报。"},
                ],
            }
        ],
        "practices": [],
        "assessments": [],
    }
    with translation.override("zh-hans"):
        content = draft_content(snapshot)
    assert content["problems"] == "市财政局：资金到位慢。"
    assert content["next_steps"] == "市财政局：加快拨付。"
    assert [s["unit"] for s in content["measures"][0]["sentences"]] == ["市财政局", "环翠区"]


def test_featured_practice_and_the_periods_assessments_go_into_the_report(plan, coordinator, staff, units, half_year):
    measure = plan.actions.get(number=2).measures.get(number=4)
    GoodPractice.objects.create(
        unit=units["HC"],
        measure=measure,
        title="“一县一家”零工市场",
        body="环翠区建成零工市场，日均撮合用工200人次。",
        submitted_by=staff,
        is_featured=True,
        featured_at=timezone.now(),
    )
    GoodPractice.objects.create(unit=units["WD"], measure=measure, title="未推荐", body="不入报告", submitted_by=staff)
    Assessment.objects.create(
        plan=plan,
        unit=units["HC"],
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        overall_grade="excellent",
        assessed_by=coordinator,
    )
    Assessment.objects.create(  # of another period: left out
        plan=plan,
        unit=units["WD"],
        period_start=datetime.date(2023, 7, 1),
        period_end=datetime.date(2023, 9, 30),
        overall_grade="good",
        assessed_by=coordinator,
    )
    report = report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=TODAY)
    with translation.override("zh-hans"):
        text = report_text(snapshot=report.snapshot, content=report.content, title=report.title)
    headings = [s.heading for s in text.sections]
    assert headings == ["一、工作进展情况", "二、典型经验", "三、督导评估"]
    assert text.sections[1].paragraphs == ["环翠区：“一县一家”零工市场。环翠区建成零工市场，日均撮合用工200人次。"]
    assert text.sections[2].paragraphs == ["本期共开展督导评估1次，评估结果：环翠区优秀。"]
    assert [h for h, _ in text.sections[0].parts][0] == "（一）新市民转移就业质量提升行动"
