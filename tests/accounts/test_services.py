"""accounts.services: the writes behind the user admin, called directly (the admin's pages are in test_admin_user_form)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_STAFF, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN
from accounts.services import user_create, user_unit_check, user_update
from accounts.units import Membership, membership_from_choice, unit_choices
from actions.models import ResponsibleUnit
from bulletins.roles import BULLETIN_CHECKER

TEMPORARY = "Fresh-Start-42"


@pytest.fixture
def plan_admin(make_user, plan):
    return make_user("plan-admin", PLAN_ADMIN, is_staff=True)


@pytest.fixture
def education(plan):
    return ResponsibleUnit.objects.get(code="EDU")


def _code(error: ValidationError) -> str:
    return error.error_list[0].code


# kind of unit, roles, the code of the refusal (None: accepted).
UNIT_RULES = [
    ("reporting", [DISTRICT_STAFF], None),
    ("responsible", [DEPARTMENT_VIEWER], None),
    (None, [COORDINATOR], None),
    (None, [PLAN_ADMIN, COORDINATOR], None),
    (None, [BULLETIN_CHECKER], None),
    ("reporting", [], None),  # no role yet: the unit may wait for it
    (None, [], None),
    (None, [DISTRICT_STAFF], "unit_needs_reporting_unit"),
    ("responsible", [DISTRICT_STAFF], "unit_needs_reporting_unit"),
    (None, [DEPARTMENT_VIEWER], "unit_needs_responsible_unit"),
    ("reporting", [DEPARTMENT_VIEWER], "unit_needs_responsible_unit"),
    ("reporting", [DISTRICT_STAFF, DEPARTMENT_VIEWER], "unit_roles_conflict"),
    ("reporting", [DISTRICT_STAFF, PLAN_ADMIN], "unit_city_role"),
    ("responsible", [COORDINATOR], "unit_city_role"),
    ("reporting", [COORDINATOR], "unit_city_role"),  # a district files: a coordinator's unit is a city or province
    ("city", [COORDINATOR], None),  # a city's coordinator reviews its part of the tree (reports.scoping)
    ("city", [DISTRICT_STAFF], "unit_needs_reporting_unit"),
    ("responsible", [DEPARTMENT_STAFF], None),
    ("responsible", [DEPARTMENT_STAFF, DEPARTMENT_VIEWER], None),
    ("reporting", [DEPARTMENT_STAFF], "unit_needs_responsible_unit"),
    ("reporting", [DISTRICT_STAFF, DEPARTMENT_STAFF], "unit_roles_conflict"),
    ("reporting", [BULLETIN_CHECKER], "unit_without_role"),
    ("responsible", [BULLETIN_CHECKER], "unit_without_role"),
    ("both", [DISTRICT_STAFF], "unit_both"),
]


@pytest.mark.parametrize(("kind", "roles", "code"), UNIT_RULES)
def test_which_unit_goes_with_which_roles(unit_hc, education, kind, roles, code):
    from districts.models import ReportingUnit

    city = ReportingUnit.objects.create(code="CITY", name="威海市", kind=ReportingUnit.Kind.CITY)
    ReportingUnit.objects.filter(code="WD").update(parent=city)
    membership = {
        None: Membership(),
        "city": Membership(reporting_unit=city),
        "reporting": Membership(reporting_unit=unit_hc),
        "responsible": Membership(responsible_unit=education),
        "both": Membership(reporting_unit=unit_hc, responsible_unit=education),
    }[kind]
    if code is None:
        user_unit_check(membership=membership, role_names=roles)
    else:
        with pytest.raises(ValidationError) as refused:
            user_unit_check(membership=membership, role_names=roles)
        assert _code(refused.value) == code


def test_every_choice_of_the_unit_field_means_its_unit(plan):
    choices = [value for _label, group in unit_choices()[1:] for value, _name in group]
    assert len(choices) == 8 + 9  # the eight reporting units, the nine departments
    for value in choices:
        membership = membership_from_choice(value)
        assert membership.choice == value
    assert membership_from_choice("") == Membership()


def test_a_new_account_has_a_temporary_password_and_its_roles(plan_admin, roles, unit_hc):
    user = user_create(
        actor=plan_admin,
        username="newcomer",
        password=TEMPORARY,
        full_name="王新",
        membership=Membership(reporting_unit=unit_hc),
        groups=[roles[DISTRICT_STAFF]],
    )
    user.refresh_from_db()
    assert user.check_password(TEMPORARY) and user.must_change_password and user.is_active
    assert user.reporting_unit == unit_hc and list(user.groups.all()) == [roles[DISTRICT_STAFF]]


def test_a_role_the_actor_may_not_give_is_refused_and_nothing_is_saved(plan_admin, roles):
    with pytest.raises(ValidationError) as refused:
        user_create(actor=plan_admin, username="newcomer", password=TEMPORARY, groups=[roles[COORDINATOR]])
    assert _code(refused.value) == "group_not_grantable"
    assert not User.objects.filter(username="newcomer").exists()


def test_a_password_against_the_rules_is_refused_and_nothing_is_saved(plan_admin, roles):
    with pytest.raises(ValidationError):
        user_create(actor=plan_admin, username="newcomer", password="short", groups=[roles[PLAN_ADMIN]])
    assert not User.objects.filter(username="newcomer").exists()


def test_someone_without_the_right_to_add_people_is_refused(staff_hc, roles):
    with pytest.raises(PermissionDenied):
        user_create(actor=staff_hc, username="newcomer", password=TEMPORARY)


def test_an_update_changes_unit_roles_and_activity(plan_admin, roles, staff_hc, education):
    user_update(
        actor=plan_admin,
        user=staff_hc,
        username="edu-viewer",
        full_name="李四",
        email="li@example.org",
        membership=Membership(responsible_unit=education),
        groups=[roles[DEPARTMENT_VIEWER]],
        is_active=False,
    )
    staff_hc.refresh_from_db()
    assert (staff_hc.username, staff_hc.full_name, staff_hc.email) == ("edu-viewer", "李四", "li@example.org")
    assert (staff_hc.reporting_unit, staff_hc.responsible_unit, staff_hc.is_active) == (None, education, False)
    assert list(staff_hc.groups.all()) == [roles[DEPARTMENT_VIEWER]]


def _same(user, **changes):
    fields = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "membership": Membership(reporting_unit=user.reporting_unit, responsible_unit=user.responsible_unit),
        "groups": list(user.groups.all()),
        "is_active": user.is_active,
    }
    return {**fields, **changes}


def test_an_admin_may_not_change_its_own_roles_or_unit(plan_admin, roles, unit_hc):
    with pytest.raises(ValidationError) as refused:
        user_update(actor=plan_admin, user=plan_admin, **_same(plan_admin, groups=[roles[DISTRICT_STAFF]]))
    assert _code(refused.value) == "own_rights"
    with pytest.raises(ValidationError):
        user_update(
            actor=plan_admin, user=plan_admin, **_same(plan_admin, membership=Membership(reporting_unit=unit_hc))
        )
    plan_admin.refresh_from_db()
    assert plan_admin.reporting_unit is None and list(plan_admin.groups.all()) == [roles[PLAN_ADMIN]]


def test_an_admin_may_change_its_own_name(plan_admin):
    user_update(actor=plan_admin, user=plan_admin, **_same(plan_admin, full_name="管理员甲"))
    plan_admin.refresh_from_db()
    assert plan_admin.full_name == "管理员甲"


def test_an_account_with_rights_the_actor_lacks_is_not_changed(plan_admin, coordinator):
    with pytest.raises(PermissionDenied):
        user_update(actor=plan_admin, user=coordinator, **_same(coordinator, is_active=False))
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_an_inconsistent_update_leaves_the_account_as_it_was(plan_admin, roles, staff_hc, education):
    with pytest.raises(ValidationError):
        user_update(
            actor=plan_admin,
            user=staff_hc,
            **_same(staff_hc, full_name="改名", membership=Membership(responsible_unit=education)),
        )
    staff_hc.refresh_from_db()
    assert staff_hc.full_name == "" and staff_hc.reporting_unit.code == "HC"
