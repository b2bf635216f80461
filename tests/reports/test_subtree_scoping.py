"""Coordinators scoped to a node of the unit tree: a city's reviewer sees its city's units only (404 beyond), the
province's sees all; the queue, the next-awaiting link, the desk, the dashboards, exports, 催报 and the submission
notices all follow."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import COORDINATOR
from districts.models import ReportingUnit
from notifications.models import Notification, NotificationKind
from notifications.services import reminder_send
from reports.models import MonthlyReturn, ReturnStatus
from reports.scoping import next_awaiting_review
from reports.services import monthly_return_submit

CITY_A = ("HC", "WD")
CITY_B = ("RC", "RS", "GQ", "JQ", "LG", "NH")


@pytest.fixture
def tree(plan):
    """A province over two cities: 甲市 holds 环翠区 and 文登区, 乙市 the other six units."""
    province = ReportingUnit.objects.create(code="P", name="某省", kind=ReportingUnit.Kind.PROVINCE, sort_order=1)
    city_a = ReportingUnit.objects.create(code="CA", name="甲市", kind="city", parent=province, sort_order=2)
    city_b = ReportingUnit.objects.create(code="CB", name="乙市", kind="city", parent=province, sort_order=3)
    ReportingUnit.objects.filter(code__in=CITY_A).update(parent=city_a)
    ReportingUnit.objects.filter(code__in=CITY_B).update(parent=city_b)
    return {"province": province, "a": city_a, "b": city_b}


@pytest.fixture
def reviewers(make_user, tree):
    return {
        "a": make_user("reviewer-a", COORDINATOR, reporting_unit=tree["a"]),
        "b": make_user("reviewer-b", COORDINATOR, reporting_unit=tree["b"]),
        "province": make_user("reviewer-p", COORDINATOR),
    }


@pytest.fixture
def june(plan, tree, make_user):
    """June: 环翠区 (甲市) and 荣成市 (乙市) submitted, each by its own staff."""
    from accounts.roles import DISTRICT_STAFF

    returns = {}
    for code in ("HC", "RC"):
        unit = ReportingUnit.objects.get(code=code)
        filer = make_user(f"filer-{code}", DISTRICT_STAFF, reporting_unit=unit)
        returns[code] = MonthlyReturn.objects.create(plan=plan, unit=unit, month=6)
        monthly_return_submit(monthly_return=returns[code], user=filer)
    return returns


def test_a_citys_reviewer_reaches_its_citys_returns_and_404_beyond(client, reviewers, june):
    client.force_login(reviewers["a"])
    assert client.get(reverse("reports:return-detail", args=[june["HC"].pk])).status_code == 200
    for name in ("reports:return-detail", "reports:return-history"):
        assert client.get(reverse(name, args=[june["RC"].pk])).status_code == 404
    response = client.post(reverse("reports:return-review", args=[june["RC"].pk]), {"decision": "approve"})
    assert response.status_code == 404
    june["RC"].refresh_from_db()
    assert june["RC"].status == ReturnStatus.SUBMITTED


def test_the_queue_and_the_next_awaiting_link_stay_in_the_city(client, reviewers, june):
    assert next_awaiting_review(reviewers["a"]) == june["HC"]
    assert next_awaiting_review(reviewers["a"], after=june["HC"]) is None  # never 乙市's 荣成市
    assert next_awaiting_review(reviewers["b"]) == june["RC"]
    assert {
        next_awaiting_review(reviewers["province"]),
        next_awaiting_review(reviewers["province"], after=june["HC"]),
    } == {
        june["HC"],
        june["RC"],
    }
    client.force_login(reviewers["a"])
    desk = client.get(reverse("desks:desk"))
    assert [r.unit.code for r in desk.context["queue"]] == ["HC"]
    assert {row.unit.code for row in desk.context["glance"]} == set(CITY_A)


def test_the_dashboards_and_their_exports_hold_the_city_only(client, reviewers, june):
    client.force_login(reviewers["a"])
    progress = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6})
    assert {u.code for u in progress.context["selection"].scope.units} == set(CITY_A)
    assert client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6, "unit": "RC"}).status_code == 404
    matrix = client.get(reverse("dashboards:matrix"), {"year": 2023, "month": 6, "format": "xlsx"})
    text = " ".join(
        str(c) for row in load_workbook(io.BytesIO(matrix.content)).active.iter_rows(values_only=True) for c in row
    )
    assert "环翠区" in text and "荣成市" not in text
    api = client.get(reverse("dashboards:api-progress"), {"year": 2023, "month": 6}).json()
    assert {u["code"] for u in api["units"]} <= set(CITY_A)
    grid = client.get(reverse("reports:return-list"), {"year": 2023}).context["rows"]
    assert {unit.code for unit, _slots in grid} == set(CITY_A)

    client.force_login(reviewers["province"])
    progress = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6})
    assert {u.code for u in progress.context["selection"].scope.units} == set(CITY_A) | set(CITY_B)
    assert client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6, "unit": "CB"}).status_code == 200


def test_a_submission_tells_the_reviewers_of_its_city_and_the_province_only(reviewers, june):
    told = Notification.objects.filter(kind=NotificationKind.SUBMITTED)
    by_return = {
        code: set(told.filter(monthly_return=r).values_list("recipient__username", flat=True))
        for code, r in june.items()
    }
    assert by_return == {"HC": {"reviewer-a", "reviewer-p"}, "RC": {"reviewer-b", "reviewer-p"}}


def test_a_citys_reminder_reaches_its_own_units_only(plan, reviewers):
    import datetime

    reminder = reminder_send(plan=plan, month=6, user=reviewers["a"], today=datetime.date(2023, 7, 3))
    assert set(reminder.units_reached.values_list("unit__code", flat=True)) == set(CITY_A)


def test_the_scoped_desk_costs_two_queries_more_than_the_whole_trees(client, reviewers, june):
    """The subtree, read once per request whatever the page asks of it, and the city's name in the header."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewers["province"])
    with CaptureQueriesContext(connection) as whole:
        client.get(reverse("desks:desk"))
    client.force_login(reviewers["a"])
    with CaptureQueriesContext(connection) as scoped:
        client.get(reverse("desks:desk"))
    tree_reads = [q for q in scoped.captured_queries if '"parent_id" AS "parent_id"' in q["sql"]]
    assert len(tree_reads) == 1
    assert len(scoped) == len(whole) + 2


def test_a_citys_task_ledger_holds_its_own_units(client, reviewers, june):
    client.force_login(reviewers["a"])
    ledger = client.get(reverse("ledger:ledger"), {"year": 2023, "month": 6}).context["ledger"]
    assert [u.code for u in ledger.districts] == list(CITY_A)
    assert ledger.departments == []  # Weihai's departments hang under no city: the whole tree's coordinator's
    client.force_login(reviewers["province"])
    ledger = client.get(reverse("ledger:ledger"), {"year": 2023, "month": 6}).context["ledger"]
    assert len(ledger.districts) == 8 and len(ledger.departments) == 9


def test_a_citys_coordinator_reads_its_citys_reminders_only_and_no_province_report(client, plan, reviewers):
    import datetime

    reminder_send(plan=plan, month=6, user=reviewers["b"], today=datetime.date(2023, 7, 3))
    client.force_login(reviewers["a"])
    page = client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 6}).content.decode()
    assert "荣成市" not in page and "乙市" not in page  # neither the reminder nor the units it reached
    # The progress report to the province speaks for the whole tree: not a city's coordinator's.
    assert client.get(reverse("progressreports:report-list")).status_code == 403
    client.force_login(reviewers["province"])
    assert client.get(reverse("progressreports:report-list")).status_code == 200
