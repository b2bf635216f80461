import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from accounts.roles import DISTRICT_STAFF, PLAN_ADMIN


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "is_active": "on",
        "date_joined_0": "2023-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2023-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    data.update(changes)
    return data


def test_a_plan_admin_cannot_make_themselves_superuser(client, make_user, roles):
    admin = make_user("plan-admin", PLAN_ADMIN, is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[admin.pk]),
        _user_form(admin, is_superuser="on", is_staff="on", groups=[g.pk for g in roles.values()]),
    )
    assert response.status_code in (200, 302)
    admin.refresh_from_db()
    assert not admin.is_superuser
    assert list(admin.groups.values_list("name", flat=True)) == [PLAN_ADMIN]


def test_a_plan_admin_cannot_make_someone_else_superuser(client, make_user, roles, staff_hc):
    admin = make_user("plan-admin", PLAN_ADMIN, is_staff=True)
    client.force_login(admin)
    client.post(reverse("admin:accounts_user_change", args=[staff_hc.pk]), _user_form(staff_hc, is_superuser="on"))
    staff_hc.refresh_from_db()
    assert not staff_hc.is_superuser


def test_a_superuser_can_grant_superuser(client, admin_user, staff_hc):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_change", args=[staff_hc.pk]),
        _user_form(staff_hc, is_superuser="on", reporting_unit=staff_hc.reporting_unit_id),
    )
    assert User.objects.get(pk=staff_hc.pk).is_superuser


# --- no escalation: nobody changes a person with more rights than they hold ------------------------------------


@pytest.fixture
def plan_admin(make_user, roles):
    return make_user("plan-admin", PLAN_ADMIN, is_staff=True)


def test_a_plan_admin_cannot_set_the_superusers_password(client, plan_admin, admin_user):
    client.force_login(plan_admin)
    url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Another-Pass-77", "password2": "Another-Pass-77"})
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password("pw-for-tests")


def test_a_plan_admin_cannot_deactivate_the_superuser(client, plan_admin, admin_user):
    client.force_login(plan_admin)
    data = _user_form(admin_user)
    del data["is_active"]
    response = client.post(reverse("admin:accounts_user_change", args=[admin_user.pk]), data)
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.fixture
def senior_admin(make_user, roles):
    """Another admin who may also delete users: more rights than a plan admin."""
    user = make_user("senior-admin", PLAN_ADMIN, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="delete_user"))
    return user


def test_a_plan_admin_cannot_change_the_groups_of_an_admin_with_more_rights(client, plan_admin, senior_admin, roles):
    client.force_login(plan_admin)
    url = reverse("admin:accounts_user_change", args=[senior_admin.pk])
    response = client.post(url, _user_form(senior_admin, groups=[roles[DISTRICT_STAFF].pk]))
    assert response.status_code == 403
    assert list(senior_admin.groups.values_list("name", flat=True)) == [PLAN_ADMIN]
    password_url = reverse("admin:auth_user_password_change", args=[senior_admin.pk])
    assert (
        client.post(password_url, {"password1": "Another-Pass-77", "password2": "Another-Pass-77"}).status_code == 403
    )


def test_a_deactivated_admin_with_more_rights_still_outranks_the_plan_admin(client, plan_admin, senior_admin):
    senior_admin.is_active = False
    senior_admin.save()
    client.force_login(plan_admin)
    response = client.post(reverse("admin:accounts_user_change", args=[senior_admin.pk]), _user_form(senior_admin))
    assert response.status_code == 403
    senior_admin.refresh_from_db()
    assert not senior_admin.is_active


def test_an_admin_with_more_rights_changes_the_plan_admin(client, plan_admin, senior_admin):
    client.force_login(senior_admin)
    url = reverse("admin:auth_user_password_change", args=[plan_admin.pk])
    response = client.post(url, {"password1": "Fresh-Start-42", "password2": "Fresh-Start-42", "temporary": "on"})
    assert response.status_code == 302
    plan_admin.refresh_from_db()
    assert plan_admin.check_password("Fresh-Start-42")


def test_a_plan_admin_still_manages_district_staff(client, plan_admin, staff_hc):
    client.force_login(plan_admin)
    url = reverse("admin:auth_user_password_change", args=[staff_hc.pk])
    response = client.post(url, {"password1": "Fresh-Start-42", "password2": "Fresh-Start-42", "temporary": "on"})
    assert response.status_code == 302
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("Fresh-Start-42") and staff_hc.must_change_password


def test_only_a_superuser_changes_a_superuser(client, admin_user, make_user):
    other = make_user("root2", None, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[other.pk])
    response = client.post(url, {"password1": "Fresh-Start-42", "password2": "Fresh-Start-42"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password("Fresh-Start-42") and other.must_change_password
