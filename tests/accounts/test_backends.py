"""Permissions read in one query, kept in the shared cache, and retired at once when groups or permissions change;
sessions read through the cache and gone everywhere at logout."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from accounts.roles import COORDINATOR, DISTRICT_STAFF


def _fresh(user) -> User:
    """The user as the next request loads it (no per-object permission memo)."""
    return User.objects.get(pk=user.pk)


def test_permissions_are_read_in_one_query_then_kept(coordinator, django_assert_num_queries):
    user = _fresh(coordinator)
    with django_assert_num_queries(1):  # the user's and their groups' permissions together
        assert user.has_perm("reports.review_return") is True
    user = _fresh(coordinator)
    with django_assert_num_queries(0):
        assert user.has_perm("reports.review_return") is True


def test_a_new_group_takes_effect_at_once(staff_hc, roles):
    assert _fresh(staff_hc).has_perm("reports.review_return") is False  # kept in the cache now
    staff_hc.groups.add(roles[COORDINATOR])
    assert _fresh(staff_hc).has_perm("reports.review_return") is True
    staff_hc.groups.remove(roles[COORDINATOR])
    assert _fresh(staff_hc).has_perm("reports.review_return") is False


def test_a_permission_taken_from_a_group_takes_effect_at_once(staff_hc, roles):
    assert _fresh(staff_hc).has_perm("reports.file_return") is True
    roles[DISTRICT_STAFF].permissions.remove(Permission.objects.get(codename="file_return"))
    assert _fresh(staff_hc).has_perm("reports.file_return") is False


def test_a_deleted_group_takes_its_permissions_along(staff_hc):
    assert _fresh(staff_hc).has_perm("reports.file_return") is True
    Group.objects.get(name=DISTRICT_STAFF).delete()
    assert _fresh(staff_hc).has_perm("reports.file_return") is False


def test_a_deactivated_user_has_no_permissions_at_once(coordinator):
    assert _fresh(coordinator).has_perm("reports.review_return") is True
    User.objects.filter(pk=coordinator.pk).update(is_active=False)  # not even a signal: read from the user row
    assert _fresh(coordinator).has_perm("reports.review_return") is False


@override_settings(CACHE_SHARED=False)
def test_without_a_shared_cache_every_request_reads_them_in_one_query(coordinator, django_assert_num_queries):
    for _ in range(2):
        user = _fresh(coordinator)
        with django_assert_num_queries(1):
            assert user.has_perm("reports.review_return") is True


@pytest.mark.parametrize("engine", ["accounts.sessions", "django.contrib.sessions.backends.db"])
def test_after_logout_the_old_session_cookie_opens_nothing(coordinator, engine):
    with override_settings(SESSION_ENGINE=engine):
        browser = Client()
        browser.force_login(coordinator)
        assert browser.get(reverse("reports:return-list")).status_code == 200
        stolen = Client()
        stolen.cookies = browser.cookies.__class__(browser.cookies)
        assert stolen.get(reverse("reports:return-list")).status_code == 200
        browser.post(reverse("logout"))
        assert stolen.get(reverse("reports:return-list")).status_code == 302
