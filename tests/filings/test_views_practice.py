import pytest
from django.urls import reverse

from filings.models import GoodPractice
from filings.services import good_practice_feature, good_practice_submit


@pytest.fixture
def measure(plan):
    return plan.actions.get(number=1).measures.get(number=2)


@pytest.fixture
def practice(hc, staff_hc, measure):
    return good_practice_submit(
        unit=hc, measure=measure, user=staff_hc, title="环翠区开发乡村公益岗位", body="摸清底数，精准开发岗位。"
    )


@pytest.mark.parametrize(
    "persona, count",
    [("staff_hc", 1), ("staff_wd", 0), ("coordinator", 1), ("viewer", 1), ("plan_admin", 1)],
    indirect=["persona"],
)
def test_the_list_shows_own_units_accounts_or_all(client, practice, persona, count):
    response = client.get(reverse("filings:practice-list", args=[2023]))
    assert response.status_code == 200
    assert len(response.context["practices"]) == count


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 200),
        ("staff_wd", 200),
        ("coordinator", 403),
        ("viewer", 403),
        ("plan_admin", 403),
    ],
    indirect=["persona"],
)
def test_only_district_staff_open_the_submission_form(client, plan, persona, status):
    assert client.get(reverse("filings:practice-create", args=[2023])).status_code == status


def test_staff_submit_an_account_for_their_own_unit(client, hc, staff_hc, measure):
    client.force_login(staff_hc)
    response = client.post(
        reverse("filings:practice-create", args=[2023]),
        {"measure": measure.pk, "title": "零工市场", "body": "做法"},
    )
    practice = GoodPractice.objects.get()
    assert (practice.unit, practice.measure, practice.submitted_by) == (hc, measure, staff_hc)
    assert response.url == reverse("filings:practice-detail", args=[practice.pk])


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 200),
        ("staff_wd", 404),
        ("coordinator", 200),
        ("viewer", 200),
        ("plan_admin", 200),
    ],
    indirect=["persona"],
)
def test_an_unfeatured_account_is_seen_by_its_unit_and_the_city(client, practice, persona, status):
    assert client.get(reverse("filings:practice-detail", args=[practice.pk])).status_code == status


def test_a_featured_account_is_seen_by_other_units_too(client, practice, coordinator, staff_wd):
    good_practice_feature(practice=practice, user=coordinator, featured=True)
    client.force_login(staff_wd)
    assert client.get(reverse("filings:practice-detail", args=[practice.pk])).status_code == 200


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 302), ("staff_hc", 403), ("staff_wd", 404), ("viewer", 403), ("plan_admin", 403)],
    indirect=["persona"],
)
def test_only_coordinators_feature_an_account(client, practice, persona, status):
    response = client.post(reverse("filings:practice-feature", args=[practice.pk]), {"featured": "1"})
    assert response.status_code == status
    practice.refresh_from_db()
    assert not practice.is_featured


def test_a_coordinator_features_an_account_and_the_home_page_shows_it(client, practice, coordinator):
    home = reverse("home")
    assert "环翠区开发乡村公益岗位" not in client.get(home).content.decode()
    client.force_login(coordinator)
    client.post(reverse("filings:practice-feature", args=[practice.pk]), {"featured": "1"})
    client.logout()
    page = client.get(home).content.decode()
    assert "环翠区开发乡村公益岗位" in page and "摸清底数" in page

    client.force_login(coordinator)
    client.post(reverse("filings:practice-feature", args=[practice.pk]), {"featured": "0"})
    assert "环翠区开发乡村公益岗位" not in client.get(home).content.decode()


def test_the_list_pins_its_queries(client, practice, coordinator, staff_hc, measure, hc, django_assert_num_queries):
    second = good_practice_submit(unit=hc, measure=measure, user=staff_hc, title="第二篇", body="做法")
    client.force_login(coordinator)
    # user, permissions (user's and groups' in one query), plan year, accounts with units and measures; the
    # session comes from the cache
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    with django_assert_num_queries(5):
        response = client.get(reverse("filings:practice-list", args=[2023]))
    page = response.content.decode()
    assert all(reverse("filings:practice-detail", args=[p.pk]) in page for p in (practice, second))
