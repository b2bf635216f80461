"""Each person lands on a desk after login: the coordinator's month, a district's returns, a department's measures."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Measure, ResponsibleUnit
from desks.selectors import month_at_a_glance
from reports.models import MeasureProgress, ReturnStatus, ReturnTransition


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("desks:desk"))
    assert response.status_code == 200
    return response


def test_logging_in_lands_on_the_desk(client, staff):
    response = client.post(reverse("login"), {"username": "hc-staff", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == reverse("desks:desk")


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(reverse("desks:desk"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_coordinator_sees_the_queue_oldest_first(client, coordinator, units, make_return):
    late = make_return(units["WD"], 11, status=ReturnStatus.SUBMITTED, late=True)  # submitted 2023-12-20
    early = make_return(units["HC"], 11, status=ReturnStatus.SUBMITTED)  # submitted 2023-12-03
    make_return(units["RC"], 11)  # approved: not in the queue
    queue = _page(client, coordinator).context["queue"]
    assert [r.pk for r in queue] == [early.pk, late.pk]


def test_the_month_at_a_glance_tells_filed_awaiting_sent_back_and_overdue_with_days_late(plan, units, make_return):
    make_return(units["HC"], 6)
    make_return(units["WD"], 6, status=ReturnStatus.SUBMITTED, late=True)  # filed 2023-07-20, due 07-05
    make_return(units["RC"], 6, status=ReturnStatus.DRAFT)
    rows = {
        r.unit.code: r
        for r in month_at_a_glance(plan=plan, month=6, units=list(units.values()), today=datetime.date(2023, 7, 9))
    }
    assert (rows["HC"].state, rows["HC"].overdue, rows["HC"].days_late) == ("approved", False, None)
    assert (rows["WD"].state, rows["WD"].overdue, rows["WD"].days_late) == ("submitted", False, 15)
    assert (rows["RC"].state, rows["RC"].overdue, rows["RC"].days_late) == ("draft", True, 4)
    assert (rows["RS"].state, rows["RS"].overdue, rows["RS"].days_late) == ("not_started", True, 4)


def test_the_coordinator_sees_who_is_behind(client, coordinator, units, make_return):
    for month in range(1, 13):
        make_return(units["HC"], month, {"I1.5.1": 1})  # 12 of 60 recruitment events: far behind in December
    page = _page(client, coordinator)
    behind = {row.indicator.code: row for row in page.context["behind"]}
    assert "I1.5.1" in behind
    assert behind["I1.5.1"].total.completion == 20
    content = page.content.decode()
    assert 'id="desk-chart"' in content and "desk-chart-data" in content


def test_the_district_sees_its_sent_back_return_with_the_reason(client, staff, coordinator, units, make_return):
    sent_back = make_return(units["HC"], 10, status=ReturnStatus.RETURNED)
    ReturnTransition.objects.create(
        monthly_return=sent_back,
        kind=ReturnTransition.Kind.SEND_BACK,
        from_status=ReturnStatus.SUBMITTED,
        to_status=ReturnStatus.RETURNED,
        user=coordinator,
        reason="请补充零工市场的说明",
    )
    make_return(units["WD"], 9, status=ReturnStatus.RETURNED)  # another unit's: never shown
    page = _page(client, staff)
    assert [r.pk for r in page.context["open"]] == [sent_back.pk]
    assert "请补充零工市场的说明" in page.content.decode()


def test_the_district_sees_what_is_overdue(client, staff, units, make_return):
    for month in range(1, 12):
        make_return(units["HC"], month)
    due = _page(client, staff).context["due"]
    today = timezone.localdate()
    if today >= datetime.date(2024, 1, 16):
        assert [(d.plan.year, d.month) for d in due] == [(2023, 12)]
        assert due[0].days_overdue == (today - datetime.date(2024, 1, 5)).days


def test_the_viewer_sees_its_measures_with_the_latest_notes(client, viewer, units, make_return):
    measures = list(
        Measure.objects.filter(responsibilities__unit=viewer.responsible_unit).order_by("action__number", "number")
    )
    assert measures, "the fixture's department names at least one measure"
    older = make_return(units["HC"], 5)
    newer = make_return(units["HC"], 6)
    draft = make_return(units["HC"], 7, status=ReturnStatus.DRAFT)
    MeasureProgress.objects.create(monthly_return=older, measure=measures[0], status="in_progress", note="五月进展")
    MeasureProgress.objects.create(monthly_return=newer, measure=measures[0], status="in_progress", note="六月进展")
    MeasureProgress.objects.create(monthly_return=draft, measure=measures[0], status="done", note="草稿不算")
    page = _page(client, viewer)
    codes = [item["measure"].code for item in page.context["measures"]]
    assert codes == [m.code for m in measures]
    content = page.content.decode()
    assert "六月进展" in content and "五月进展" not in content and "草稿不算" not in content


def test_a_viewer_of_another_department_does_not_see_these_measures(client, make_user, plan):
    from accounts.roles import DEPARTMENT_VIEWER

    edu = ResponsibleUnit.objects.get(code="EDU")
    user = make_user("edu-viewer", DEPARTMENT_VIEWER, responsible_unit=edu)
    page = _page(client, user)
    for item in page.context["measures"]:
        assert item["measure"].responsibilities.filter(unit=edu).exists()


@pytest.mark.parametrize(
    ("who", "queries"),
    # Since issue 17 the session comes from the cache and the permissions are one query (−2); since issue 16 the
    # header bell counts the unread notifications (+1). Since issue 23 every roll-up reads the units' returns of
    # its month (whose are counted, and why the others are not): +1 a roll-up. Since issue 24 the coordinator's
    # desk reads the task ledger of its units (departments, measures, responsibilities, returns, notes): +5.
    [
        # session, user, perms ×2 (user, groups), plan, units, roll-up 5, returns of the month, queue, imports,
        # timeliness, last month's roll-up 5 and timeliness, latest issued bulletin, the ledger 5
        ("coordinator", 26),
        # session, user, perms ×2, plan, unit, open returns + their send-backs, due returns, roll-up 5
        ("staff", 12),
        # session, user, perms ×2, plan, units, measures, indicators, roll-up 5, notes, department
        ("viewer", 14),
    ],
)
def test_each_desk_costs_a_fixed_number_of_queries(
    request, client, django_assert_num_queries, units, make_return, who, queries
):
    user = request.getfixturevalue(who)
    for month in range(1, 12):
        for code in ("HC", "WD"):
            make_return(units[code], month, {"I1.5.1": 1, "I2.4.1": 1})
    client.force_login(user)
    with django_assert_num_queries(queries):
        client.get(reverse("desks:desk"))


def test_after_submitting_the_district_desk_shows_the_return_awaiting_review(client, staff, units, make_return):
    submitted = make_return(units["HC"], 10, status=ReturnStatus.SUBMITTED)
    page = _page(client, staff)
    assert [r.pk for r in page.context["awaiting"]] == [submitted.pk]
    assert submitted.pk not in [r.pk for r in page.context["open"]]
    content = page.content.decode()
    section = content[content.index('id="awaiting-title"') :]
    assert "待审核" in section and reverse("reports:return-detail", args=[submitted.pk]) in section


def test_the_desks_fill_in_leads_to_a_form_that_offers_the_excel_template_and_upload_too(
    client, staff, units, make_return
):
    draft = make_return(units["HC"], 10, status=ReturnStatus.DRAFT)
    desk = _page(client, staff).content.decode()
    edit = reverse("reports:return-edit", args=[draft.pk])
    assert edit in desk
    form = client.get(edit).content.decode()
    assert reverse("imports:template-download") in form and reverse("imports:return-upload", args=[draft.pk]) in form


def test_the_desk_shows_the_oldest_twenty_awaiting_review_and_counts_them_all(client, coordinator, units, make_return):
    from desks.views import QUEUE_SHOWN
    from reports.models import ReturnStatus

    for month in range(1, 12):
        for code in ("HC", "WD"):
            make_return(units[code], month, status=ReturnStatus.SUBMITTED)
    client.force_login(coordinator)
    response = client.get(reverse("desks:desk"))
    assert len(response.context["queue"]) == QUEUE_SHOWN == 20 and response.context["queue_total"] == 22
    assert [r.month for r in response.context["queue"]][:2] == [1, 1]  # oldest first
    page = response.content.decode()
    assert "22份月报待审核" in page and "此处列出最早报送的20份" in page
