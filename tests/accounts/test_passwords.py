"""Password rules (等保 2.0 level 2): complexity, nothing guessable, temporary passwords, optional expiry."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.users import DEMO_PASSWORD, demo_users_load


def _codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short-1a", "password_too_short"),  # 8 characters
        ("harbourlights", "password_too_simple"),  # one class
        ("harbourlights88", "password_too_simple"),  # two classes
        ("Weihai-2023", "password_demo"),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(password, code):
    assert code in _codes(password)


def test_a_password_of_ten_characters_and_three_classes_passes(staff_hc):
    assert _codes("Harbour-lights8", staff_hc) == set()
    assert _codes("harbourlig8!", staff_hc) == set()


def test_a_password_must_not_contain_the_username_or_the_unit(staff_hc, make_user, unit_hc):
    assert "password_contains_identity" in _codes("Xhc-Harbour-88", staff_hc)
    assert "password_contains_identity" in _codes("环翠区-Harbour88", staff_hc)
    assert "password_contains_identity" not in _codes("环翠区-Harbour88")


def test_the_change_form_explains_a_refused_password_in_chinese(client, staff_hc):
    client.force_login(staff_hc)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests", "new_password1": "harbourlights", "new_password2": "harbourlights"},
    )
    assert response.status_code == 200
    assert "小写字母" in response.content.decode()
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("pw-for-tests")


def test_a_temporary_password_must_be_changed_before_anything_else(client, staff_hc):
    staff_hc.must_change_password = True
    staff_hc.save()
    client.force_login(staff_hc)
    response = client.get(reverse("reports:return-list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests", "new_password1": "Harbour-Lights-88", "new_password2": "Harbour-Lights-88"},
    )
    staff_hc.refresh_from_db()
    assert not staff_hc.must_change_password
    assert client.get(reverse("reports:return-list")).status_code == 200


def test_an_admin_set_password_is_always_temporary(client, admin_user, staff_hc):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff_hc.pk])
    # No box to untick: Django's page renders only its own fields, and a lasting password is the person's to choose.
    client.post(url, {"password1": "Fresh-Start-43", "password2": "Fresh-Start-43", "temporary": ""})
    staff_hc.refresh_from_db()
    assert staff_hc.must_change_password and staff_hc.check_password("Fresh-Start-43")
    client.logout()
    client.login(username="hc", password="Fresh-Start-43")
    response = client.get(reverse("desks:desk"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_the_admin_refuses_a_weak_password_too(client, admin_user, staff_hc):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[staff_hc.pk])
    response = client.post(url, {"password1": "hc12345678", "password2": "hc12345678", "temporary": "on"})
    assert response.status_code == 200
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("pw-for-tests")


def test_an_expired_password_must_be_changed(client, staff_hc, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=staff_hc.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    client.force_login(staff_hc)
    response = client.get(reverse("dashboards:progress"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_passwords_do_not_expire_by_default(client, staff_hc, settings):
    assert settings.PASSWORD_MAX_AGE_DAYS == 0
    User.objects.filter(pk=staff_hc.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=3650))
    client.force_login(staff_hc)
    assert client.get(reverse("reports:return-list")).status_code == 200


def test_a_young_password_is_not_expired(client, staff_hc, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=staff_hc.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=89))
    client.force_login(staff_hc)
    assert client.get(reverse("reports:return-list")).status_code == 200


def test_the_demo_password_meets_every_rule_but_the_one_refusing_it(plan):
    demo_users_load()
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        assert _codes(DEMO_PASSWORD, user) == {"password_demo"}


def test_a_person_an_admin_adds_starts_with_a_temporary_password(client, admin_user, roles):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "password1": "Fresh-Start-42",
            "password2": "Fresh-Start-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newcomer").must_change_password
