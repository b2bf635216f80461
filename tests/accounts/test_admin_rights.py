"""The accounts' admin under every pair of roles: an admin gives, and acts on accounts holding, only rights it holds.

Each test goes through the admin's own URLs: the add form, the change form, the password page. "plan admin" is a
系统管理员 who is not a superuser; "coordinating admin" holds the coordinators' role besides.
"""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN, UNIT_CHECKER
from actions.models import ResponsibleUnit
from districts.models import ReportingUnit

ACTORS = ["plan_admin", "coordinating_admin", "superuser"]
TARGETS = ["district_staff", "department_viewer", "coordinator", "plan_admin", "coordinating_admin", "superuser"]
# Whether each actor may act on an account of each kind (TARGETS order).
MAY_ACT = {
    "plan_admin": [True, True, False, True, False, False],
    "coordinating_admin": [True, True, True, True, True, False],
    "superuser": [True, True, True, True, True, True],
}
# The groups a new account may be given by each actor.
GROUPS = [DISTRICT_STAFF, DEPARTMENT_VIEWER, COORDINATOR, PLAN_ADMIN, UNIT_CHECKER]
MAY_GIVE = {
    "plan_admin": [True, True, False, True, True],  # an admin gives a unit's staff its checker role (单位审核人)
    "coordinating_admin": [True, True, True, True, True],
    "superuser": [True, True, True, True, True],
}
NEW_PASSWORD = "Fresh-Start-42"


@pytest.fixture
def people(make_user, plan):
    def person(name, kind):
        unit = ReportingUnit.objects.get(code="HC") if kind == "district_staff" else None
        department = ResponsibleUnit.objects.get(code="EDU") if kind == "department_viewer" else None
        groups = {
            "district_staff": [DISTRICT_STAFF],
            "department_viewer": [DEPARTMENT_VIEWER],
            "coordinator": [COORDINATOR],
            "plan_admin": [PLAN_ADMIN],
            "coordinating_admin": [PLAN_ADMIN, COORDINATOR],
            "superuser": [PLAN_ADMIN],
        }[kind]
        user = make_user(
            name,
            groups[0],
            reporting_unit=unit,
            responsible_unit=department,
            is_staff=kind in ("plan_admin", "coordinating_admin", "superuser"),
            is_superuser=kind == "superuser",
        )
        for extra in groups[1:]:
            user.groups.add(*type(user.groups.first()).objects.filter(name=extra))
        return user

    actors = {kind: person(f"actor-{kind}", kind) for kind in ACTORS}
    targets = {kind: person(f"target-{kind}", kind) for kind in TARGETS}
    return actors, targets


def _pairs(table, columns):
    return [
        (actor, column, allowed) for actor, row in table.items() for column, allowed in zip(columns, row, strict=True)
    ]


@pytest.mark.parametrize(("actor", "target", "allowed"), _pairs(MAY_ACT, TARGETS))
def test_the_password_page_sets_a_password_only_within_the_admins_rights(client, people, actor, target, allowed):
    actors, targets = people
    someone = targets[target]
    client.force_login(actors[actor])
    url = reverse("admin:auth_user_password_change", args=[someone.pk])
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == (302 if allowed else 403)
    someone.refresh_from_db()
    assert someone.check_password(NEW_PASSWORD) is allowed
    if allowed:
        # The password the admin chose is a temporary one: the person must replace it before anything else.
        assert someone.must_change_password
        client.logout()
        assert client.login(username=someone.username, password=NEW_PASSWORD)
        response = client.get(reverse("desks:desk"))
        assert response.status_code == 302 and response["Location"] == reverse("password_change")


@pytest.mark.parametrize(("actor", "target", "allowed"), _pairs(MAY_ACT, TARGETS))
def test_the_change_form_opens_only_within_the_admins_rights(client, people, actor, target, allowed):
    actors, targets = people
    client.force_login(actors[actor])
    response = client.get(reverse("admin:accounts_user_change", args=[targets[target].pk]))
    # 200 either way would be a read-only view; a refused change is Django's "view only" page or 403.
    if allowed:
        assert response.status_code == 200 and b'name="_save"' in response.content
    else:
        assert response.status_code == 403 or b'name="_save"' not in response.content


def _unit_for(group):
    """The unit the role needs (accounts.services.user_unit_check), in the fields of both forms: the admin's own
    ("unit") and a superuser's full one ("reporting_unit", "responsible_unit"); each form reads its own."""
    if group == DISTRICT_STAFF:
        unit = ReportingUnit.objects.get(code="HC")
        return {"unit": f"reporting:{unit.pk}", "reporting_unit": unit.pk}
    if group == DEPARTMENT_VIEWER:
        department = ResponsibleUnit.objects.get(code="EDU")
        return {"unit": f"responsible:{department.pk}", "responsible_unit": department.pk}
    return {}


@pytest.mark.parametrize(("actor", "group", "allowed"), _pairs(MAY_GIVE, GROUPS))
def test_a_new_account_gets_only_groups_the_admin_holds(client, people, roles, actor, group, allowed):
    actors, _targets = people
    client.force_login(actors[actor])
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "full_name": "新同事",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "groups": [roles[group].pk],
            **_unit_for(group),
        },
    )
    created = User.objects.filter(username="newcomer").first()
    if allowed:
        assert response.status_code == 302
        assert list(created.groups.values_list("name", flat=True)) == [group]
        assert created.must_change_password
        client.logout()
        assert client.login(username="newcomer", password=NEW_PASSWORD)
        assert client.get(reverse("desks:desk"))["Location"] == reverse("password_change")
    else:
        assert response.status_code == 200 and created is None
        assert "选择一个有效的选项" in response.content.decode()


def test_a_plan_admin_cannot_give_an_existing_account_the_coordinators_role(client, people, roles):
    actors, targets = people
    staff = targets["district_staff"]
    client.force_login(actors["plan_admin"])
    client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        {
            "username": staff.username,
            "is_active": "on",
            "groups": [roles[COORDINATOR].pk],
            "reporting_unit": staff.reporting_unit_id,
            "date_joined_0": "2023-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert list(staff.groups.values_list("name", flat=True)) == [DISTRICT_STAFF]


def test_an_admin_cannot_untick_the_temporary_mark_on_the_change_form(client, people):
    actors, targets = people
    staff = targets["district_staff"]
    staff.must_change_password = True
    staff.save()
    client.force_login(actors["superuser"])
    client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        {
            "username": staff.username,
            "is_active": "on",
            "reporting_unit": staff.reporting_unit_id,
            "groups": list(staff.groups.values_list("pk", flat=True)),
            "date_joined_0": "2023-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    staff.refresh_from_db()
    assert staff.must_change_password


def test_an_admins_own_password_is_changed_on_the_page_that_asks_the_old_one(client, people):
    actors, _targets = people
    admin = actors["plan_admin"]
    client.force_login(admin)
    response = client.get(reverse("admin:auth_user_password_change", args=[admin.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_a_plan_admin_cannot_give_itself_a_unit(client, people):
    actors, _targets = people
    admin = actors["plan_admin"]
    client.force_login(admin)
    client.post(
        reverse("admin:accounts_user_change", args=[admin.pk]),
        {
            "username": admin.username,
            "is_active": "on",
            "reporting_unit": ReportingUnit.objects.get(code="HC").pk,
            "date_joined_0": "2023-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    admin.refresh_from_db()
    assert admin.reporting_unit_id is None
