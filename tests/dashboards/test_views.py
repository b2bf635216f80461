"""Every dashboard page for every persona, and what each page shows."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import TargetAllocation
from reports.models import ReturnStatus

PAGES = [
    ("dashboards:progress", []),
    ("dashboards:matrix", []),
    ("dashboards:timeliness", []),
    ("dashboards:indicator-detail", ["I1.5.1"]),
    ("dashboards:indicator-trend", ["I1.5.1"]),
]
CITY_PAGES = [("dashboards:bulletin", []), ("dashboards:bulletin-xlsx", [])]


@pytest.fixture
def filed(plan, units, make_return):
    make_return(units["HC"], 1, {"I1.5.1": 5, "I1.0.1": 1000})
    make_return(units["WD"], 1, {"I1.5.1": 7, "I1.0.1": 2000})
    make_return(units["RC"], 1, {"I1.5.1": 30}, status=ReturnStatus.SUBMITTED)


@pytest.mark.parametrize(("name", "args"), PAGES + CITY_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, plan, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        *((persona, name, args) for persona in ("coordinator", "viewer", "plan_admin") for name, args in PAGES),
        # The bulletin ranks the units: the coordinator's and the admin's, not a department viewer's (test_rankings).
        *((persona, name, args) for persona in ("coordinator", "plan_admin") for name, args in CITY_PAGES),
    ],
)
def test_municipal_users_see_the_whole_city(client, filed, request, persona, name, args):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(name, args=args), {"year": 2023, "month": 1})
    assert response.status_code == 200
    if not name.endswith("xlsx"):
        page = response.content.decode()
        assert "环翠区" in page and "文登区" in page


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_district_staff_see_only_their_own_unit(client, filed, staff, name, args):
    client.force_login(staff)
    response = client.get(reverse(name, args=args), {"year": 2023, "month": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert "环翠区" in page
    assert "文登区" not in page and "荣成市" not in page


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_district_staff_asking_for_another_unit_get_404(client, filed, staff, name, args):
    client.force_login(staff)
    assert client.get(reverse(name, args=args), {"unit": "WD"}).status_code == 404


@pytest.mark.parametrize(("name", "args"), CITY_PAGES)
def test_district_staff_do_not_see_the_ranking_of_all_units(client, filed, staff, name, args):
    client.force_login(staff)
    assert client.get(reverse(name, args=args)).status_code == 403


def test_a_user_with_no_unit_and_no_city_right_is_refused(client, plan, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="pw"))
    assert client.get(reverse("dashboards:progress")).status_code == 403


def test_an_unknown_indicator_or_year_is_404(client, filed, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("dashboards:indicator-detail", args=["NOPE"])).status_code == 404
    assert client.get(reverse("dashboards:progress"), {"year": 1999}).status_code == 404


def test_the_city_dashboard_shows_year_to_date_completion_and_status(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 1}).content.decode()
    # 招聘活动: 5 + 7 approved (荣成's 30 is only submitted); 12 / 60 = 20 %, 8.3 % due.
    assert 'data-field="value">12场<' in page
    assert 'data-field="completion">20.0%<' in page
    assert "只统计审核通过的月报" in page


def test_the_switch_counts_submitted_returns_and_says_so(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 1, "submitted": "1"}).content.decode()
    assert 'data-field="value">42场<' in page  # 5 + 7 + 30
    assert 'class="counting with-submitted"' in page
    assert 'name="submitted" value="1" checked' in page


def test_a_per_district_target_lists_the_units_that_miss_it(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 1}).content.decode()
    row = page[page.index('id="indicator-I2.4.1"') :]
    row = row[: row.index("</tr>")]
    assert 'class="laggards"' in row and "南海新区" in row


def test_the_matrix_shows_a_dash_where_a_unit_has_no_target(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:matrix"), {"year": 2023, "month": 1}).content.decode()
    row = page[page.index('data-code="I1.5.1"') :]
    row = row[: row.index("</tr>")]
    assert row.count("st-no_target") == 8  # no unit has a share of the 60 events yet
    assert "<small>—</small>" in row


def test_a_level_of_the_tree_can_be_chosen(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 1, "unit": "WD"}).content.decode()
    assert 'data-field="value">7场<' in page


def test_the_drill_down_links_each_number_to_its_return(client, plan, units, make_return, coordinator):
    counted = make_return(units["HC"], 1, {"I1.5.1": 5})
    pending = make_return(units["WD"], 1, {"I1.5.1": 7}, status=ReturnStatus.SUBMITTED)
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:indicator-detail", args=["I1.5.1"]), {"month": 1, "year": 2023})
    page = page.content.decode()
    assert reverse("reports:return-detail", args=[counted.pk]) in page
    assert reverse("reports:return-detail", args=[pending.pk]) not in page


def test_the_trend_page_draws_charts_from_json_with_tables_beside_them(client, plan, units, make_return, coordinator):
    make_return(units["HC"], 1, {"I1.5.1": 5})
    make_return(units["HC"], 3, {"I1.5.1": 4})
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:indicator-trend", args=["I1.5.1"]), {"year": 2023, "month": 3})
    page = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in page
    assert "cdn" not in page.lower()
    assert page.count('class="chart"') == 9  # the city and each of the eight units
    assert page.count('class="trend-data"') == 9
    assert 'id="chart-0-data" type="application/json"' in page
    assert " on" + "click=" not in page and "on" + "load=" not in page
    # The city's line: 5, not reported (no unit has a counted February), 9 against the schedule 5, 10, 15
    # (60 × m / 12); the table says how many units reported each month.
    table = page[page.index('class="trend-data"') :]
    table = table[: table.index("</table>")]
    assert re.findall(r'<td class="number"[^>]*>([^<]*)</td>', table) == [
        "5", "5", "1/8", "未报", "10", "0/8", "9", "15", "1/8",
    ]  # fmt: skip
    # The chart draws the same numbers from its JSON, February a gap (null), not a flat line.
    data = json.loads(re.search(r'<script id="chart-0-data" type="application/json">(.*?)</script>', page).group(1))
    assert data["values"] == [5, None, 9]
    assert data["schedule"] == [5, 10, 15]
    assert data["actual_label"] and data["schedule_label"]


def test_the_timeliness_page_shows_on_time_late_and_missing(client, plan, units, make_return, coordinator):
    make_return(units["HC"], 1)
    make_return(units["HC"], 2, late=True)
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 3}).content.decode()
    row = page[page.index('data-unit="HC"') :]
    row = row[: row.index("</tr>")]
    assert "punct-on_time" in row and "punct-late" in row and "punct-missing" in row
    assert 'data-field="rate">33.3%<' in row


def test_figures_are_shown_as_entered_on_the_drill_down_and_the_trend(client, plan, units, make_return, coordinator):
    make_return(units["HC"], 1, {"I4.3.2": Decimal("654.99"), "I5.0.1": (9329, 10000)})
    client.force_login(coordinator)
    query = {"year": 2023, "month": 1}
    detail = client.get(reverse("dashboards:indicator-detail", args=["I4.3.2"]), query).content.decode()
    assert 'data-field="figure">654.99<' in detail  # not 655
    trend = client.get(reverse("dashboards:indicator-trend", args=["I5.0.1"]), query).content.decode()
    table = trend[trend.index('class="trend-data"') :]
    assert 'data-field="value">93.29<' in table[: table.index("</table>")]  # not 93.3
    rate_detail = client.get(reverse("dashboards:indicator-detail", args=["I5.0.1"]), query).content.decode()
    assert ">9,329<" in rate_detail and ">10,000<" in rate_detail


def test_a_districts_dashboard_shows_its_own_share_of_a_target_never_the_citys(
    client, plan, units, indicators, make_return, staff
):
    TargetAllocation.objects.create(target=indicators["I1.0.1"].target, unit=units["HC"], value=66000)
    make_return(units["HC"], 3, {"I1.0.1": 65000})
    client.force_login(staff)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 3}).content.decode()
    row = page[page.index('id="indicator-I1.0.1"') :]
    row = row[: row.index("</tr>")]
    assert "66,000" in row and "300,000" not in row
    other = page[page.index('id="indicator-I1.3.1"') :]  # 东西部劳务协作 ~5,000: no share for HC
    other = other[: other.index("</tr>")]
    assert "未向本单位分解任务" in other and "5,000" not in other


def test_a_per_district_targets_city_row_counts_the_units_that_reach_it(client, plan, units, make_return, coordinator):
    for code in ["HC", "WD", "RC", "RS", "GQ", "JQ"]:
        make_return(units[code], 6, {"I2.4.1": 1 + (code == "HC") * 4})
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6}).content.decode()
    row = page[page.index('id="indicator-I2.4.1"') :]
    row = row[: row.index("</tr>")]
    assert 'data-field="value">8 个区市中 6 个达标<' in row  # not "累计 10家"
    assert "推进中" in row  # the two without one yet are in progress before the year's end
    data = client.get("/api/v1/progress", {"year": 2023, "month": 6}).json()
    markets = next(i for i in data["indicators"] if i["code"] == "I2.4.1")
    assert (markets["units_met"], markets["units_judged"], markets["status"]) == (6, 8, "in_progress")


def test_a_gap_of_exactly_three_quarters_of_a_point_reads_eight_tenths(
    client, plan, units, indicators, make_return, coordinator
):
    # HC's share of the training target is 400; by June 200 is due. 203 is 50.75 %: +0.75 points; 197: −0.75.
    target = indicators["I3.0.1"].target
    TargetAllocation.objects.create(target=target, unit=units["HC"], value=400)
    TargetAllocation.objects.create(target=target, unit=units["WD"], value=400)
    make_return(units["HC"], 6, {"I3.0.1": 203})
    make_return(units["WD"], 6, {"I3.0.1": 197})
    client.force_login(coordinator)
    for code, completion, gap in [("HC", "50.8%", "+0.8"), ("WD", "49.3%", "−0.8")]:
        page = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6, "unit": code}).content.decode()
        row = page[page.index('id="indicator-I3.0.1"') :]
        row = row[: row.index("</tr>")]
        assert f'data-field="completion">{completion}<' in row
        assert f">{gap}<" in row, code
