"""Every figure says what it counts: a month with missing and unreviewed returns says so on every page and in the API.

December 2023: five units' returns approved, two awaiting review, 南海新区 (NH) last filed in October. NH's stock
(县域农村转移就业人员规模, I1.0.1) is its October level; its flow (招聘活动, I1.5.1) has no November or December.
"""

import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.counted import UnitState, counted_line, counted_units
from dashboards.rollup import progress_rollup
from reports.models import ReturnStatus

APPROVED = ("HC", "WD", "RC", "RS", "GQ")
SUBMITTED = ("JQ", "LG")
LINE = "纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报"
LINE_WITH_SUBMITTED = "纳入统计：8个区市中7个（12月已审核或已报送），另有1份未报"


def _month(units, make_return, month: int = 12) -> None:
    for code in APPROVED:
        make_return(units[code], month - 1, {"I1.5.1": 1, "I1.0.1": 1000})
        make_return(units[code], month, {"I1.5.1": 2, "I1.0.1": 1200})
    for code in SUBMITTED:
        make_return(units[code], month - 1, {"I1.5.1": 1, "I1.0.1": 900})
        make_return(units[code], month, {"I1.5.1": 3, "I1.0.1": 950}, status=ReturnStatus.SUBMITTED)
    make_return(units["NH"], month - 2, {"I1.5.1": 4, "I1.0.1": 700})


@pytest.fixture
def december(plan, units, make_return):
    _month(units, make_return)


def _page(client, user, name, *args, **params) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args), {"year": 2023, "month": 12, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_each_unit_is_counted_or_says_why(plan, units, december, make_return):
    make_return(units["NH"], 12, status=ReturnStatus.DRAFT)
    counted = counted_units(plan=plan, month=12, units=list(units.values()), include_submitted=False)
    assert counted.states[units["HC"].pk] == UnitState.COUNTED
    assert counted.states[units["JQ"].pk] == UnitState.AWAITING_REVIEW
    assert counted.states[units["NH"].pk] == UnitState.DRAFT
    # A draft is still with the unit: not filed, as far as the coordinator is concerned.
    assert (counted.units_counted, counted.awaiting_review, counted.not_filed) == (5, 2, 1)


def test_a_return_sent_back_is_named_as_such(plan, units, make_return):
    make_return(units["HC"], 3, status=ReturnStatus.RETURNED)
    make_return(units["WD"], 3)
    counted = counted_units(plan=plan, month=3, units=[units["HC"], units["WD"]], include_submitted=True)
    assert (counted.units_counted, counted.sent_back) == (1, 1)
    assert counted_line(counted) == "纳入统计：2个区市中1个（3月已审核或已报送），另有1份退回修改"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dashboards:progress", []),
        ("dashboards:matrix", []),
        ("dashboards:indicator-detail", ["I1.0.1"]),
        ("dashboards:indicator-trend", ["I1.5.1"]),
        ("dashboards:bulletin", []),
    ],
)
def test_every_dashboard_page_says_which_units_are_counted(client, coordinator, units, december, name, args):
    page = _page(client, coordinator, name, *args)
    assert LINE in page
    jq, lg = units["JQ"].display_name, units["LG"].display_name
    assert f"未纳入统计：{jq}（待审核）、{lg}（待审核）、南海新区（未报送）" in page


def test_counting_submitted_returns_changes_the_line(client, coordinator, december):
    page = _page(client, coordinator, "dashboards:progress", submitted=1)
    assert LINE_WITH_SUBMITTED in page


def test_the_matrix_marks_a_level_from_an_earlier_month_with_that_month(client, coordinator, units, december):
    page = _page(client, coordinator, "dashboards:matrix")
    row = page[page.index('<tr data-code="I1.0.1">') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r'<td class="number[^"]*"[^>]*>(.*?)</td>', row, re.S)
    assert len(cells) == 8
    # Units in sort order: the five approved (December's level, unmarked), the two awaiting review (November's
    # level, the last approved one), NH (October's).
    marks = [re.findall(r'data-field="as-of">([^<]*)<', cell) for cell in cells]
    assert marks == [[], [], [], [], [], ["11月"], ["11月"], ["10月"]]
    assert "700" in cells[7]  # the figure itself is as it was: NH's October level


def test_the_progress_page_says_how_many_units_each_figure_is_of_the_month(client, coordinator, december):
    page = _page(client, coordinator, "dashboards:progress")
    row = page[page.index('id="indicator-I1.0.1"') :]
    row = row[: row.index("</tr>")]
    assert "12月数据：8个区市中5个" in row


def test_the_figures_themselves_do_not_change(plan, units, december):
    rollup = progress_rollup(plan=plan, month=12, units=list(units.values()))
    stock = next(r for r in rollup.rows if r.indicator.code == "I1.0.1")
    events = next(r for r in rollup.rows if r.indicator.code == "I1.5.1")
    # Each unit's latest approved level, whatever its month: 5 × 1200 + 2 × 900 + 700; flows: every approved month.
    assert stock.total.value == 5 * 1200 + 2 * 900 + 700
    assert events.total.value == 5 * (1 + 2) + 2 * 1 + 4
    assert stock.counted_units == 5
    assert [u.code for u in stock.missing_units] == ["JQ", "LG", "NH"]


def test_the_trend_leaves_a_gap_for_a_month_not_reported(client, coordinator, units, december):
    page = _page(client, coordinator, "dashboards:indicator-trend", "I1.5.1")
    charts = dict(re.findall(r'<script id="(chart-\d+-data)" type="application/json">(.*?)</script>', page))
    nh = next(json.loads(data) for data in charts.values() if json.loads(data)["title"] == units["NH"].display_name)
    # NH's October 4, then nothing: November and December are null (a gap), not a flat 4.
    assert nh["values"][9:] == [4, None, None]
    assert nh["values"][:9] == [None] * 9
    city = json.loads(charts["chart-0-data"])
    assert None not in city["values"][9:]  # some unit reported each of the last three months
    # The unit's table says 未报 where the chart has its gap; the city's says how many units reported.
    section = page[page.index(f"<h2>{units['NH'].display_name}</h2>") :]
    section = section[: section.index("</table>")]
    assert re.findall(r'data-field="value">([^<]*)<', section)[9:] == ["4", "未报", "未报"]
    city_table = page[page.index('class="trend-data"') :]
    assert re.findall(r'data-field="reported">([^<]*)<', city_table[: city_table.index("</table>")])[9:] == [
        "1/8",
        "7/8",
        "5/8",
    ]


def test_the_drill_down_says_a_units_month_is_not_counted_and_marks_its_level(client, coordinator, units, december):
    page = _page(client, coordinator, "dashboards:indicator-detail", "I1.0.1")
    section = page[page.index('id="unit-NH"') :]
    section = section[: section.index("</section>")]
    assert "10月" in section
    assert "12月未纳入统计：未报送" in section
    jq = page[page.index('id="unit-JQ"') :]
    assert "12月未纳入统计：待审核" in jq[: jq.index("</section>")]


def test_the_bulletin_page_says_each_units_return_of_the_month(client, coordinator, december):
    page = _page(client, coordinator, "dashboards:bulletin")
    states = dict(re.findall(r'<tr data-unit="(\w+)">.*?data-field="state">([^<]*)<', page, re.S))
    assert states["HC"] == "已纳入" and states["JQ"] == "待审核" and states["NH"] == "未报送"


@pytest.mark.parametrize("name", ["dashboards:progress", "dashboards:matrix"])
def test_the_xlsx_title_rows_say_what_is_counted(client, coordinator, december, name):
    client.force_login(coordinator)
    response = client.get(reverse(name), {"year": 2023, "month": 12, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    titles = [sheet.cell(row=r, column=1).value for r in range(1, 10)]
    assert LINE in titles
    assert any(t and t.startswith("未纳入统计：") and "南海新区（未报送）" in t for t in titles)


def test_the_bulletin_xlsx_says_what_is_counted(client, coordinator, december):
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:bulletin-xlsx"), {"year": 2023, "month": 12})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=1).value.startswith(LINE)
    header = [c.value for c in sheet[4]]
    assert header[-1] == "12月报表"


def test_the_api_says_which_units_are_counted_and_the_month_of_each_level(client, coordinator, units, december):
    client.force_login(coordinator)
    data = client.get("/api/v1/progress", {"year": 2023, "month": 12}).json()
    assert data["counted"] == {
        "month": 12,
        "units_total": 8,
        "units_counted": 5,
        "awaiting_review": 2,
        "sent_back": 0,
        "not_filed": 1,
        "missing_units": [
            {"code": "JQ", "name": units["JQ"].name, "state": "awaiting_review"},
            {"code": "LG", "name": units["LG"].name, "state": "awaiting_review"},
            {"code": "NH", "name": "南海新区", "state": "not_filed"},
        ],
    }
    stock = next(i for i in data["indicators"] if i["code"] == "I1.0.1")
    assert (stock["counted_units"], stock["missing_units"]) == (5, ["JQ", "LG", "NH"])
    assert (stock["units"]["HC"]["month"], stock["units"]["JQ"]["month"], stock["units"]["NH"]["month"]) == (12, 11, 10)
    assert stock["units"]["NH"]["value"] == 700  # the figure is as it was
    events = next(i for i in data["indicators"] if i["code"] == "I1.5.1")
    assert events["units"]["NH"]["month"] == 10  # a flow: the last month counted
    with_submitted = client.get("/api/v1/progress", {"year": 2023, "month": 12, "submitted": 1}).json()
    assert (with_submitted["counted"]["units_counted"], with_submitted["counted"]["awaiting_review"]) == (7, 0)


@pytest.mark.parametrize("who", ["coordinator", "staff", "viewer"])
def test_every_desk_says_which_units_are_counted(request, client, plan, units, make_return, who):
    from desks.selectors import desk_period

    _plan, month = desk_period()
    _month(units, make_return, month)
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("desks:desk")).content.decode()
    if who == "staff":  # 环翠区's own desk: its own return
        assert f"纳入统计：1个区市中1个（{month}月已审核）" in page
    else:
        assert f"纳入统计：8个区市中5个（{month}月已审核），另有2份待审核、1份未报" in page
        assert "南海新区（未报送）" in page


def test_the_line_reads_in_english_too(plan, units, december):
    from django.utils import translation

    counted = counted_units(plan=plan, month=12, units=list(units.values()), include_submitted=False)
    with translation.override("en"):
        assert (
            counted_line(counted)
            == "Counted: 5 of 8 units (month 12 approved); besides, 2 awaiting review, 1 not filed"
        )
