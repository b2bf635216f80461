"""The bulletin's words: one sentence per finding, the month said once, the year's result in December, units and signs
in the tables, full-width punctuation, and what was counted in 说明 when the snapshot says it."""

import copy
import re

import pytest
from django.urls import reverse
from django.utils import translation

from actions.models import TargetAllocation
from bulletins.snapshot import bulletin_snapshot
from bulletins.writing import BulletinText, bulletin_text, signed

MINUS = "\u2212"


@pytest.fixture
def december(plan, units, indicators, make_return):
    """环翠区 and 文登区 file every month of the year, 1,000 and 345 village posts (target 13,000 左右: met), 文登 late
    in April; 环翠区 also reports one recruiting event a month, 文登区 none (30 each of 60: both far short)."""
    for code in ("HC", "WD"):
        TargetAllocation.objects.create(target=indicators["I1.5.1"].target, unit=units[code], value=30)
    for month in range(1, 13):
        make_return(units["HC"], month, {"I1.2.2": 1000, "I1.5.1": 1})
        make_return(units["WD"], month, {"I1.2.2": 345}, late=month == 4)


def _snapshot(plan, units, month: int) -> dict:
    return bulletin_snapshot(plan=plan, month=month, units=list(units.values()))


def _text(snapshot: dict) -> BulletinText:
    with translation.override("zh-hans"):
        return bulletin_text(snapshot)


def _paragraphs(text: BulletinText) -> list[str]:
    """Every paragraph of the document, in order, as the .docx prints them."""
    return [*text.overall, *(f"{line.sentence}。" for line in text.lines), *text.named, *text.method]


def _line(text: BulletinText, code: str):
    return next(line for line in text.lines if line.code == code)


COUNTED = {
    "month": 12,
    "units_total": 8,
    "units_counted": 5,
    "awaiting_review": 2,
    "sent_back": 0,
    "not_filed": 1,
    "missing_units": [
        {"code": "RC", "name": "荣成市", "state": "awaiting_review"},
        {"code": "NH", "name": "南海新区", "state": "awaiting_review"},
        {"code": "LG", "name": "威海临港经济技术开发区", "state": "not_filed"},
    ],
}


def test_the_month_is_said_once_and_no_paragraph_repeats_another(plan, units, half_year):
    text = _text(_snapshot(plan, units, 6))
    paragraphs = _paragraphs(text)
    assert sum(p.count("截至6月底") for p in paragraphs) == 1
    assert text.overall[0].startswith("截至6月底，序时进度为50.0%。")
    assert len(paragraphs) == len(set(paragraphs))
    # The overall section counts and names, but leaves each indicator's figure to its own sentence.
    village = _line(text, "I1.2.2")
    assert village.value not in "".join(text.overall)
    assert village.sentence.startswith("新创设乡村公益性岗位8,070个，完成年度目标的62.1%，超序时进度12.1个百分点")


def test_units_behind_on_one_indicator_are_named_together_in_one_sentence(plan, units, december):
    text = _text(_snapshot(plan, units, 12))
    far = [p for p in text.named if "线上线下招聘活动" in p]
    assert far == ["线上线下招聘活动与年度目标差距较大的有：环翠区、文登区。"]


def test_units_far_behind_mid_year_are_said_behind_the_schedule(plan, units, half_year):
    snapshot = _snapshot(plan, units, 6)
    for unit in snapshot["units"]:
        unit["far_behind"] = ["线上线下招聘活动"] if unit["code"] in ("HC", "WD") else []
    assert "线上线下招聘活动严重滞后于序时进度的有：环翠区、文登区。" in _text(snapshot).named


def test_in_december_the_years_result_is_stated_with_the_figure_against_the_target(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    assert snapshot["schedule_share"] == 100
    text = _text(snapshot)
    village = _line(text, "I1.2.2")
    assert village.sentence == "新创设乡村公益性岗位16,140个，为年度目标13,000个左右的124.2%，完成年度目标"
    recruiting = _line(text, "I1.5.1")
    # 文登区 reported no recruiting in December, so the sentence names who it leaves out besides the month's missing
    assert recruiting.sentence.startswith("线上线下招聘活动12场，为年度目标60场以上的20.0%，未完成年度目标（未含")
    assert "文登区" in recruiting.sentence
    everything = "".join(_paragraphs(text))
    assert "低于序时进度" not in everything and "超序时进度" not in everything
    assert "序时进度为100" not in everything
    assert text.overall[0].startswith("截至12月底，有目标的")
    assert "未完成年度目标（" in text.overall[0] and "线上线下招聘活动" in text.overall[0]
    assert text.indicator_table.headers[5] == "与年度目标差（百分点）"


def test_every_gap_carries_its_sign_with_the_real_minus(plan, units, december):
    assert (signed(3.25), signed(-12.9), signed(0), signed(-0.04), signed(None)) == (
        "+3.3",
        f"{MINUS}12.9",
        "0.0",
        "0.0",
        "—",
    )
    text = _text(_snapshot(plan, units, 12))
    assert _line(text, "I1.2.2").gap == "+24.2"
    assert _line(text, "I1.5.1").gap == f"{MINUS}80.0"
    gaps = [line.gap for line in text.lines if line.gap != "—"]
    assert gaps and all(g[0] in "+\u2212" or g == "0.0" for g in gaps)
    assert "-" not in "".join(gaps)


def test_every_table_says_its_units(plan, units, half_year):
    text = _text(_snapshot(plan, units, 6))
    headers, rows = text.indicator_table.headers, text.indicator_table.rows
    assert headers[1] == "计量单位"
    by_code = {line.code: row for line, row in zip(text.lines, rows, strict=True)}
    assert by_code["I1.2.2"][1] == "个" and by_code["I1.5.1"][1] == "场"
    assert _line(text, "I5.4.1").unit == "%"  # a rate
    assert all("（" in h for h in text.indicator_table.headers[4:6])  # （%）, （百分点）
    ranking = text.ranking_table.headers
    assert ranking[2:5] == ["任务完成得分（分）", "按时报送率（%）", "综合得分（分）"]


def test_the_ranking_table_prints_the_short_name(plan, units, half_year):
    text = _text(_snapshot(plan, units, 6))
    names = {row[1] for row in text.ranking_table.rows}
    assert "高区" in names and "威海火炬高技术产业开发区" not in names
    assert any("环翠区" in p for p in text.named)  # the sentences keep the full names


def test_the_words_use_full_width_punctuation(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    snapshot["counted"] = COUNTED
    for text in (_text(snapshot), _text(_snapshot(plan, units, 6))):
        for paragraph in [*_paragraphs(text), text.title]:
            assert not re.search(r"[;:()?!]|,(?!\d{3})|\.(?!\d)", paragraph), paragraph


def test_the_counted_line_is_written_into_the_method_when_the_snapshot_has_it(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    snapshot["counted"] = COUNTED
    text = _text(snapshot)
    assert text.counted == "纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报。"
    assert text.counted in text.method
    assert text.indicator_table.headers[-1] == "纳入区市"


def test_the_counted_line_lists_only_what_is_outstanding(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    snapshot["counted"] = {**COUNTED, "units_counted": 7, "awaiting_review": 0, "not_filed": 0, "sent_back": 1}
    snapshot["counted_returns"] = "approved+submitted"
    assert _text(snapshot).counted == "纳入统计：8个区市中7个（12月已审核或已报送），另有1份退回修改。"
    snapshot["counted"] = {**COUNTED, "units_counted": 8, "awaiting_review": 0, "not_filed": 0, "missing_units": []}
    assert _text(snapshot).counted == "纳入统计：8个区市中8个（12月已审核或已报送）。"


def test_a_snapshot_without_the_counting_reads_as_before(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    for key in ("counted", "completeness"):
        snapshot.pop(key, None)
    for item in snapshot["indicators"]:
        item.pop("counted_units", None)
        item.pop("missing_units", None)
    text = _text(snapshot)
    assert text.counted == ""
    assert not any("纳入统计" in p for p in text.method)
    assert "纳入区市" not in text.indicator_table.headers
    assert all(line.counted == "" for line in text.lines)
    assert all(len(row) == len(text.indicator_table.headers) for row in text.indicator_table.rows)


def test_the_reason_for_issuing_with_returns_missing_is_printed_in_the_method(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    snapshot["completeness"] = {"missing": [{"code": "NH"}], "reason": "南海新区12月数据未审核，未纳入本期统计"}
    assert "南海新区12月数据未审核，未纳入本期统计。" in _text(snapshot).method
    snapshot["completeness"] = {"missing": [], "reason": ""}
    # the formula, the counting rule and what was counted: nothing empty
    assert len(_text(snapshot).method) == 3 and all(_text(snapshot).method)


def test_an_indicator_counted_on_fewer_units_says_which_are_left_out(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    snapshot["counted"] = COUNTED
    everywhere = [u["code"] for u in COUNTED["missing_units"]]
    for item in snapshot["indicators"]:
        item["counted_units"] = 5
        item["missing_units"] = list(everywhere)
    village = next(i for i in snapshot["indicators"] if i["code"] == "I1.2.2")
    village["counted_units"] = 4
    village["missing_units"] = [*everywhere, {"code": "WD", "name": "文登区", "state": "not_filed"}]
    text = _text(snapshot)
    assert _line(text, "I1.2.2").sentence.endswith("（未含荣成市、南海新区、威海临港经济技术开发区、文登区）")
    assert _line(text, "I1.2.2").counted == "4/8"
    assert "未含" not in _line(text, "I1.5.1").sentence  # the same units as the rest: 说明 already says so
    assert _line(text, "I1.5.1").counted == "5/8"


def test_the_issue_page_prints_the_sentences_and_the_unit_column(client, plan, coordinator, half_year):
    client.force_login(coordinator)
    page = client.get(reverse("bulletins:bulletin-draft"), {"year": 2023, "month": 6}).content.decode()
    assert 'data-sentence="I1.2.2">新创设乡村公益性岗位8,070个' in page
    row = page[page.index('data-indicator="I1.2.2"') :]
    assert 'data-field="unit">个<' in row and 'data-field="gap">+12.1<' in row
    assert page.count("截至6月底") == 1


def test_the_text_of_an_issued_snapshot_does_not_change_when_read_again(plan, units, december):
    snapshot = _snapshot(plan, units, 12)
    kept = copy.deepcopy(snapshot)
    assert _text(snapshot) == _text(kept)
    assert snapshot == kept  # writing never changes the stored snapshot


@pytest.mark.parametrize(
    ("month", "expected"), [(6, "截至6月底，序时进度为50.0%。"), (12, "截至12月底，有目标的指标暂无统计数据。")]
)
def test_a_month_with_nothing_filed_still_says_where_the_year_stands(plan, units, month, expected):
    assert _text(_snapshot(plan, units, month)).overall == [expected]
