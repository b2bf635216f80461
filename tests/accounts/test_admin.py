from django.urls import reverse

from accounts.models import User
from accounts.roles import PLAN_ADMIN


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
