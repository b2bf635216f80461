"""The bulletin (通报): ranking by completion and timeliness; the page, the .xlsx and the JSON agree."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import TargetAllocation
from dashboards.selectors.bulletin import bulletin_for
from dashboards.selectors.timeliness import timeliness_table
from districts.models import ReportingUnit
from reports.models import ReturnStatus

D = Decimal


@pytest.fixture
def half_year(plan, units, indicators, make_return):
    """环翠区 and 文登区 each have a share of 12 recruitment events and file January to June; 文登 once late.

    HC: 6 events (50 % of 12, 50 % due → 100), one 零工市场 (100) → completion 100; on time 6/6 → composite 100.
    WD: 3 events (25 % → 50), one 零工市场 (100) → completion 75; on time 5/6 = 83.3 → 0.7×75 + 0.3×83.3 = 77.5.
    The six others: no market (0), nothing filed → 0.
    """
    target = indicators["I1.5.1"].target
    TargetAllocation.objects.create(target=target, unit=units["HC"], value=12)
    TargetAllocation.objects.create(target=target, unit=units["WD"], value=12)
    for month in range(1, 7):
        make_return(units["HC"], month, {"I1.5.1": 1, "I2.4.1": 1})
        make_return(units["WD"], month, {"I1.5.1": D("0.5"), "I2.4.1": 1}, late=month == 4)


def test_units_are_ranked_by_completion_and_timeliness(plan, half_year, units):
    bulletin = bulletin_for(plan=plan, month=6, units=list(ReportingUnit.objects.leaves()))
    hc, wd, rc = bulletin.entries[:3]
    assert (hc.unit.code, hc.rank, hc.completion_score, hc.on_time_rate, hc.composite) == (
        "HC",
        1,
        D("100.0"),
        D("100.0"),
        D("100.0"),
    )
    assert (wd.unit.code, wd.rank, wd.completion_score, wd.on_time_rate, wd.composite) == (
        "WD",
        2,
        D("75.0"),
        D("83.3"),
        D("77.5"),
    )
    assert (rc.rank, rc.composite) == (3, D("0.0"))
    assert [e.rank for e in bulletin.entries[2:]] == [3] * 6  # a tie shares its rank
    assert [e.unit.code for e in bulletin.top] == ["HC", "WD", "RC"]
    assert len(bulletin.bottom) == 3


def test_the_weights_come_from_settings(plan, half_year, settings):
    settings.NEWCITIZEN = {**settings.NEWCITIZEN, "BULLETIN_WEIGHTS": {"completion": 50, "timeliness": 50}}
    bulletin = bulletin_for(plan=plan, month=6, units=list(ReportingUnit.objects.leaves()))
    assert bulletin.entries[1].composite == D("79.2")  # (75 + 83.3) / 2 = 79.15


def test_timeliness_tells_on_time_late_missing_and_not_yet_due(plan, units, make_return):
    make_return(units["HC"], 1)
    make_return(units["HC"], 2, late=True)
    make_return(units["HC"], 3, status=ReturnStatus.DRAFT)  # started but never submitted: not filed
    # Seen on 2023-05-05: April's return is due that day, so it is not missing yet.
    (row,) = timeliness_table(plan=plan, month=4, units=[units["HC"]], today=datetime.date(2023, 5, 5))
    assert [state for _m, state, _pk in row.months] == ["on_time", "late", "missing", "pending"]
    assert (row.on_time, row.late, row.missing, row.on_time_rate) == (1, 1, 1, D("33.3"))


def test_a_return_sent_back_and_not_resubmitted_is_not_filed_not_late(client, plan, units, make_return, coordinator):
    # 乳山市 filed December late, and it was sent back: 未报送 in the grid, as in the 催报 box, never 逾期.
    make_return(units["RS"], 12, status=ReturnStatus.RETURNED, late=True)
    make_return(units["HC"], 12, late=True)
    rows = {
        row.unit.code: row
        for row in timeliness_table(
            plan=plan, month=12, units=[units["RS"], units["HC"]], today=datetime.date(2024, 1, 9)
        )
    }
    assert rows["RS"].months[-1][1] == "missing" and rows["RS"].months[-1][2] is not None  # still links the return
    assert rows["HC"].months[-1][1] == "late"
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 12}).content.decode()
    cell = page[page.index('data-unit="RS"') :]
    cell = cell[cell.index('data-month="12"') : cell.index("</td>", cell.index('data-month="12"'))]
    assert "未报送" in cell and "逾期" not in cell
    reminders = page[page.index('id="reminders-title"') :]
    assert "乳山市" in reminders[: reminders.index("</p>")]  # the 催报 box names it too
    assert "草稿及退回后尚未重新报送的月报算作未报送" in page
    assert "只统计审核通过的月报" not in page


def test_the_bulletin_page_is_laid_out_like_a_bulletin(client, half_year, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:bulletin"), {"year": 2023, "month": 6}).content.decode()
    assert '<article class="bulletin">' in page
    assert "2023年1月" in page and "2023年6月" in page
    assert page.index("环翠区") < page.index("文登区")
    assert reverse("dashboards:bulletin-xlsx") in page


def test_the_xlsx_has_a_title_a_period_a_ranked_table_and_notes(client, half_year, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:bulletin-xlsx"), {"year": 2023, "month": 6})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "2023年1月" in ws["A1"].value and "2023年6月" in ws["A1"].value
    assert "2023年1月" in ws["A2"].value
    assert [ws.cell(row=5, column=c).value for c in (1, 2, 3, 4, 5)] == [1, "环翠区", 100.0, 100.0, 100.0]
    assert [ws.cell(row=6, column=c).value for c in (1, 2, 3, 4, 5)] == [2, "文登区", 75.0, 83.3, 77.5]
    notes = [ws.cell(row=r, column=1).value for r in range(14, ws.max_row + 1)]
    assert any(n and "环翠区" in n for n in notes)  # the top named
    assert any(n and "南海新区" in n for n in notes)  # and the bottom


def test_the_page_the_json_and_the_bulletin_give_the_same_numbers(client, plan, half_year, units, coordinator):
    client.force_login(coordinator)
    query = {"year": 2023, "month": 6}
    data = client.get("/api/v1/progress", query).json()
    page = client.get(reverse("dashboards:progress"), query).content.decode()
    matrix = client.get(reverse("dashboards:matrix"), query).content.decode()
    bulletin_page = client.get(reverse("dashboards:bulletin"), query).content.decode()
    ws = load_workbook(io.BytesIO(client.get(reverse("dashboards:bulletin-xlsx"), query).content)).active

    # City figures: the dashboard shows what the JSON says, indicator by indicator.
    for item in data["indicators"]:
        row = page[page.index(f'id="indicator-{item["code"]}"') :]
        row = row[: row.index("</tr>")]
        shown = re.search(r'data-field="completion">([^<]*)<', row).group(1)
        assert shown == ("—" if item["completion"] is None else f"{item['completion']:.1f}%"), item["code"]
    events = next(i for i in data["indicators"] if i["code"] == "I1.5.1")
    assert events["value"] == 9  # 6 + 3
    assert 'data-field="value">9场<' in page

    # The trend chart's last point is the same year to date, and its schedule line is the table's requirement.
    trend = client.get(reverse("dashboards:indicator-trend", args=["I1.5.1"]), query).content.decode()
    chart = json.loads(re.search(r'id="chart-0-data" type="application/json">([^<]*)<', trend).group(1))
    assert chart["values"][-1] == events["value"]
    assert chart["schedule"][-1] == events["target"] * events["required"] / 100  # 60 × 50 % = 30
    trend_table = trend[trend.index('class="trend-data"') :]
    last_row = trend_table[: trend_table.index("</tbody>")].rsplit("<tr>", 1)[1]
    assert 'data-field="value">9<' in last_row and 'data-field="schedule">30<' in last_row

    # Units: the JSON's scores are the bulletin's, on the page and in the workbook, rank by rank.
    xlsx_rows = {
        ws.cell(row=r, column=2).value: [ws.cell(row=r, column=c).value for c in (1, 3, 4, 5)]
        for r in range(5, 5 + len(data["units"]))
    }
    for unit in data["units"]:
        assert xlsx_rows[unit["name"]] == [
            unit["rank"],
            unit["completion_score"],
            unit["on_time_rate"],
            unit["composite"],
        ]
        row = bulletin_page[bulletin_page.index(f'data-unit="{unit["code"]}"') :]
        row = row[: row.index("</tr>")]
        assert f'data-field="composite">{unit["composite"]:.1f}<' in row
    # And the matrix's per-unit completion scores are the bulletin's completion scores.
    footer = matrix[matrix.index("<tfoot>") : matrix.index("</tfoot>")]
    assert re.findall(r'class="number">([^<]*)</td>', footer)[:2] == ["100.0%", "75.0%"]
    assert [u["completion_score"] for u in data["units"][:2]] == [100, 75]


def _events_and_market(units, indicators, make_return, events: dict, late: dict | None = None):
    """Each unit in ``events`` has a share of 12 recruitment events and one 零工市场, files January to June, and
    reports its events (exact, to the cent) in January; ``late`` names the month it filed late."""
    target = indicators["I1.5.1"].target
    for code, total in events.items():
        TargetAllocation.objects.create(target=target, unit=units[code], value=12)
        for month in range(1, 7):
            figures = {"I2.4.1": 1, "I1.5.1": total if month == 1 else 0}
            make_return(units[code], month, figures, late=(late or {}).get(code) == month)


def test_the_composite_is_computed_from_the_exact_parts_and_rounded_once(plan, units, indicators, make_return):
    # HC: events 1.02 of the 6 due by June = 17 % of the schedule → 17; the market 100 → completion exactly 58.5.
    # On time 5 of 6 = 83.333…%. Composite 0.7 × 58.5 + 0.3 × 83.333… = 65.95 → 66.0; from the rounded parts
    # (58.5, 83.3) it would be 65.94 → 65.9.
    _events_and_market(units, indicators, make_return, {"HC": D("1.02")}, late={"HC": 3})
    bulletin = bulletin_for(plan=plan, month=6, units=list(ReportingUnit.objects.leaves()))
    hc = bulletin.entries[0]
    assert (hc.completion_score, hc.on_time_rate) == (D("58.5"), D("83.3"))
    assert hc.exact_composite == D("0.7") * D("58.5") + D("0.3") * D(500) / 6
    assert hc.composite == D("66.0")


def test_units_that_round_to_the_same_composite_are_ranked_by_their_exact_scores(
    client, plan, units, indicators, make_return, coordinator
):
    # WD: 1.00 event → completion 58.333… → composite 70.833…; HC: 0.99 → 58.25 → 70.775. Both read 70.8.
    _events_and_market(units, indicators, make_return, {"HC": D("0.99"), "WD": D("1.00")})
    bulletin = bulletin_for(plan=plan, month=6, units=list(ReportingUnit.objects.leaves()))
    first, second = bulletin.entries[:2]
    assert (first.unit.code, first.rank, first.composite) == ("WD", 1, D("70.8"))
    assert (second.unit.code, second.rank, second.composite) == ("HC", 2, D("70.8"))
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:bulletin"), {"year": 2023, "month": 6}).content.decode()
    assert page.index('data-unit="WD"') < page.index('data-unit="HC"')


def test_in_december_a_unit_far_short_of_its_share_is_still_named_far_behind(plan, units, indicators, make_return):
    _events_and_market(units, indicators, make_return, {"HC": D(3), "WD": D(11)})  # 25 % and 92 % of 12
    bulletin = bulletin_for(plan=plan, month=12, units=list(ReportingUnit.objects.leaves()))
    by_code = {e.unit.code: e for e in bulletin.entries}
    assert [i.code for i in by_code["HC"].far_behind] == ["I1.5.1"]  # not met, 75 points short
    assert by_code["WD"].far_behind == []  # not met either, but 8 points short
