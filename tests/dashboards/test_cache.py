"""Dashboard pages and API answers come from the cache, per page, parameters, language and scope, and stay live."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts.roles import COORDINATOR
from actions.models import Target
from dashboards.cache import VERSION_KEY, cached_for_month, data_version
from dashboards.rollup import progress_rollup
from desks.selectors import month_on_month
from districts.models import ReportingUnit
from reports.models import ReturnStatus
from reports.services import monthly_return_approve

PROGRESS = reverse("dashboards:progress")
API = reverse("dashboards:api-progress")
JUNE = {"year": 2023, "month": 6}


@pytest.fixture
def filed(plan, units, make_return):
    make_return(units["HC"], 1, {"I1.5.1": 5})
    make_return(units["WD"], 1, {"I1.5.1": 7})
    return make_return(units["RC"], 1, {"I1.5.1": 30}, status=ReturnStatus.SUBMITTED)


def _value(page: str, code: str = "I1.5.1") -> str:
    row = page[page.index(f'id="indicator-{code}"') :]
    return re.search(r'data-field="value">([^<]*)<', row).group(1)


def test_a_second_request_is_served_without_the_roll_up_queries(client, filed, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    first = client.get(PROGRESS, JUNE).content.decode()
    # the user and the header bell's unread count (issue 16): the page around the cached parts (the session and the
    # permissions come from the cache too)
    with django_assert_num_queries(2):
        second = client.get(PROGRESS, JUNE).content.decode()
    assert _value(second) == _value(first) == "12场"


def test_a_return_approved_now_is_on_the_dashboard_and_the_api_in_the_next_request(client, filed, coordinator):
    client.force_login(coordinator)
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "12场"
    assert client.get(API, JUNE).json()["indicators"][0]["code"]  # the API's answer is cached too
    before = {i["code"]: i["value"] for i in client.get(API, JUNE).json()["indicators"]}
    monthly_return_approve(monthly_return=filed, user=coordinator)
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "42场"  # 5 + 7 + 30
    after = {i["code"]: i["value"] for i in client.get(API, JUNE).json()["indicators"]}
    assert (before["I1.5.1"], after["I1.5.1"]) == (12, 42)


def test_a_target_changed_by_an_admin_shows_at_once(client, filed, coordinator):
    client.force_login(coordinator)
    page = client.get(PROGRESS, JUNE).content.decode()
    assert 'data-field="completion">20.0%<' in page  # 12 of 60
    target = Target.objects.get(indicator__code="I1.5.1", indicator__plan__year=2023)
    target.value = Decimal(120)
    target.save()
    assert 'data-field="completion">10.0%<' in client.get(PROGRESS, JUNE).content.decode()


def test_pages_are_kept_apart_by_scope_switch_level_and_language(client, filed, coordinator, staff):
    client.force_login(coordinator)
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "12场"
    assert _value(client.get(PROGRESS, {**JUNE, "submitted": "1"}).content.decode()) == "42场"
    assert _value(client.get(PROGRESS, {**JUNE, "unit": "WD"}).content.decode()) == "7场"
    client.cookies["django_language"] = "en"
    english = client.get(PROGRESS, JUNE).content.decode()
    assert "Counting approved returns only." in english and "只统计审核通过的月报" not in english
    del client.cookies["django_language"]
    client.force_login(staff)  # district staff of HC: the same URL, their own unit only
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "5场"


def test_the_page_around_the_cached_parts_belongs_to_the_person_asking(client, filed, coordinator, make_user):
    other = make_user("coordinator-2", COORDINATOR)
    client.force_login(coordinator)
    first = client.get(PROGRESS, JUNE).content.decode()
    client.force_login(other)
    second = client.get(PROGRESS, JUNE).content.decode()
    assert ">coordinator-2</a>" in second and ">coordinator</a>" in first
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1) for page in (first, second)]
    assert tokens[0] != tokens[1]


def test_the_bulletin_is_refused_to_district_staff_after_a_coordinator_cached_it(client, filed, coordinator, staff):
    client.force_login(coordinator)
    assert client.get(reverse("dashboards:bulletin"), JUNE).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("dashboards:bulletin"), JUNE).status_code == 403


def test_every_summary_refresh_moves_the_data_version(filed, coordinator):
    version = data_version()
    monthly_return_approve(monthly_return=filed, user=coordinator)
    assert data_version() > version


def test_a_lost_version_starts_past_every_earlier_one(filed):
    version = data_version()
    cache.delete(VERSION_KEY)
    assert data_version() > version


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/7"}}
)
def test_a_cache_that_is_down_slows_the_dashboards_but_breaks_nothing(client, filed, coordinator):
    client.force_login(coordinator)
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "12场"
    monthly_return_approve(monthly_return=filed, user=coordinator)
    assert _value(client.get(PROGRESS, JUNE).content.decode()) == "42场"
    assert client.get(API, JUNE).status_code == 200


def test_a_finished_month_is_kept_until_a_return_of_it_or_earlier_or_the_plan_changes(
    plan, units, make_return, coordinator
):
    november = make_return(units["HC"], 11, {"I1.5.1": 5}, status=ReturnStatus.SUBMITTED)
    october = make_return(units["RC"], 10, {"I1.5.1": 2}, status=ReturnStatus.SUBMITTED)
    december = make_return(units["WD"], 12, {"I1.5.1": 7}, status=ReturnStatus.SUBMITTED)
    builds = []

    def read():
        return cached_for_month("test:november", lambda: builds.append(1) or len(builds), plan_id=plan.pk, month=11)

    assert (read(), read()) == (1, 1)
    monthly_return_approve(monthly_return=december, user=coordinator)
    assert read() == 1  # a December step: November's year to date is as it was
    monthly_return_approve(monthly_return=november, user=coordinator)
    assert read() == 2
    monthly_return_approve(monthly_return=october, user=coordinator)  # an earlier month is in November's year to date
    assert read() == 3
    Target.objects.filter(indicator__code="I1.5.1", indicator__plan=plan).first().save()
    assert read() == 4


def test_the_desks_month_before_shows_a_return_of_that_month_approved_now(plan, units, make_return, coordinator):
    leaves = list(ReportingUnit.objects.leaves())
    make_return(units["HC"], 12, {"I1.5.1": 9})
    november = make_return(units["HC"], 11, {"I1.5.1": 5}, status=ReturnStatus.SUBMITTED)

    def before_total():
        rollup = progress_rollup(plan=plan, month=12, units=leaves)
        changes = month_on_month(plan=plan, month=12, units=leaves, rollup=rollup)
        return next(c.before.value for c in changes.indicators if c.indicator.code == "I1.5.1")

    assert before_total() is None  # nothing approved by the end of November
    monthly_return_approve(monthly_return=november, user=coordinator)
    assert before_total() == 5


def test_an_indicator_retired_from_the_admin_moves_the_cached_pages(client, plan, admin_user):
    # Also the desk's month before, which is kept under the plan's version.
    builds = []

    def read():
        return cached_for_month("test:retired", lambda: builds.append(1) or len(builds), plan_id=plan.pk, month=5)

    version = data_version()
    assert (read(), read()) == (1, 1)
    indicator = plan.indicators.get(code="I1.5.1")
    client.force_login(admin_user)
    changelist = reverse("admin:actions_indicator_changelist")
    client.post(changelist, {"action": "retire", "_selected_action": [indicator.pk]})
    indicator.refresh_from_db()
    assert not indicator.is_active
    assert data_version() > version and read() == 2


def test_the_desks_month_before_is_kept_per_scope(plan, units, make_return, coordinator):
    make_return(units["HC"], 11, {"I1.5.1": 5})
    make_return(units["WD"], 11, {"I1.5.1": 7})

    def before_total(scope):
        rollup = progress_rollup(plan=plan, month=12, units=scope)
        changes = month_on_month(plan=plan, month=12, units=scope, rollup=rollup)
        return {c.indicator.code: c.before.value for c in changes.indicators}.get("I1.5.1")

    make_return(units["HC"], 12, {"I1.5.1": 1})
    assert before_total([units["HC"]]) == 5
    assert before_total([units["HC"], units["WD"]]) == 12  # not the first scope's entry
