"""GET /api/v1/progress: the roll-up as JSON, for a login session or an API token."""

import re

import pytest
from django.urls import reverse

from dashboards.models import ApiToken, token_digest
from dashboards.services import api_token_create

URL = "/api/v1/progress"


@pytest.fixture
def filed(plan, units, make_return):
    make_return(units["HC"], 6, {"I1.5.1": 20, "I5.0.1": (90, 100)})
    make_return(units["WD"], 6, {"I1.5.1": 15, "I5.0.1": (10, 20)})


def test_the_url_is_the_documented_one():
    assert reverse("dashboards:api-progress") == URL


def test_without_a_login_or_token_it_answers_401(client, filed):
    response = client.get(URL, {"year": 2023, "month": 6})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("header", ["Token nope", "Bearer x", "Token "])
def test_a_wrong_token_answers_401(client, filed, coordinator, header):
    api_token_create(user=coordinator, name="统计局")
    assert client.get(URL, {"year": 2023, "month": 6}, HTTP_AUTHORIZATION=header).status_code == 401


def test_a_token_reads_the_roll_up_with_its_owners_rights(client, filed, coordinator):
    token, key = api_token_create(user=coordinator, name="统计局")
    response = client.get(URL, {"year": 2023, "month": 6}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    data = response.json()
    assert (data["year"], data["month"], data["schedule_share"], data["level"]) == (2023, 6, 50, "city")
    assert data["counted_returns"] == "approved"
    events = next(i for i in data["indicators"] if i["code"] == "I1.5.1")
    assert (events["value"], events["target"], events["completion"], events["status"]) == (35, 60, 58.3, "on_schedule")
    rate = next(i for i in data["indicators"] if i["code"] == "I5.0.1")
    assert (rate["value"], rate["numerator"], rate["denominator"]) == (83.33, 100, 120)
    assert sorted(events["units"]) == sorted(["HC", "WD", "RC", "RS", "GQ", "JQ", "LG", "NH"])
    markets = next(i for i in data["indicators"] if i["code"] == "I2.4.1")
    assert len(markets["units_not_reaching"]) == 8
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_login_session_works_too(client, filed, viewer):
    client.force_login(viewer)
    assert client.get(URL, {"year": 2023, "month": 6}).status_code == 200


def test_a_district_token_sees_only_its_own_unit(client, filed, staff):
    _token, key = api_token_create(user=staff, name="区市系统")
    data = client.get(URL, {"year": 2023, "month": 6}, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert data["level"] == "HC"
    assert [u["code"] for u in data["units"]] == ["HC"]
    assert client.get(URL, {"unit": "WD"}, HTTP_AUTHORIZATION=f"Token {key}").status_code == 404


def test_a_revoked_token_or_a_deactivated_user_no_longer_opens_it(client, filed, coordinator):
    token, key = api_token_create(user=coordinator, name="统计局")
    token.is_active = False
    token.save()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    token.is_active = True
    token.save()
    coordinator.is_active = False
    coordinator.save()
    assert client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_an_unknown_plan_year_answers_404(client, filed, coordinator):
    client.force_login(coordinator)
    assert client.get(URL, {"year": 1999}).status_code == 404


def test_only_a_digest_of_the_key_is_stored(coordinator):
    token, key = api_token_create(user=coordinator, name="统计局")
    assert key not in (token.digest, token.prefix)
    assert token.digest == token_digest(key) and token.prefix == key[:8]


def test_an_admin_creates_a_token_in_the_admin_and_sees_the_key_once(client, plan_admin):
    client.force_login(plan_admin)
    assert client.get(reverse("admin:dashboards_apitoken_changelist")).status_code == 200
    response = client.post(
        reverse("admin:dashboards_apitoken_add"),
        {"user": plan_admin.pk, "name": "发改委平台", "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="发改委平台")
    message = next(str(m) for m in response.context["messages"])
    key = re.search(r"[0-9a-f]{40}", message).group()
    assert key.startswith(token.prefix)
    assert token.digest == token_digest(key)
    # The key is not kept anywhere: the token's own page does not show it.
    page = client.get(reverse("admin:dashboards_apitoken_change", args=[token.pk])).content.decode()
    assert key not in page
