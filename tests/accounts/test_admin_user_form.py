"""The user pages an admin who is not a superuser (a 系统管理员) works with: in Chinese, the unit first, roles by name.

"plan admin" is a 系统管理员 without superuser status; the superuser keeps Django's full form, with the same rule of
which unit goes with which role.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_STAFF, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN, UNIT_CHECKER
from actions.models import ResponsibleUnit

TEMPORARY = "Fresh-Start-42"
# Django's words that must not reach a Chinese page of the user admin, and the raw permission labels.
ENGLISH = [
    "After you’ve created a user",
    "After you've created a user",
    "by selecting them",
    "Choose",
    "Hold down",
    "Can add",
    "Can change",
    "Can view",
    "Change or view list link",
]


@pytest.fixture
def plan_admin(make_user, plan):
    return make_user("plan-admin", PLAN_ADMIN, is_staff=True)


@pytest.fixture
def education(plan):
    return ResponsibleUnit.objects.get(code="EDU")


def _add(client, roles, *, unit: str, groups, username="newcomer", **extra):
    return client.post(
        reverse("admin:accounts_user_add"),
        {
            "unit": unit,
            "full_name": "王新",
            "username": username,
            "email": "wang@example.org",
            "groups": [roles[name].pk for name in groups],
            "password1": TEMPORARY,
            "password2": TEMPORARY,
            **extra,
        },
    )


def _visible_text(html: str) -> str:
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("page", ["add", "change"])
def test_the_user_pages_show_a_plan_admin_no_english_and_no_permission_lists(client, plan_admin, staff_hc, page):
    # A direct permission on the account: the old form listed it raw ("Can view monthly return").
    staff_hc.user_permissions.add(Permission.objects.get(codename="view_monthlyreturn"))
    client.force_login(plan_admin)
    url = (
        reverse("admin:accounts_user_add")
        if page == "add"
        else reverse("admin:accounts_user_change", args=[staff_hc.pk])
    )
    html = client.get(url).content.decode()
    text = _visible_text(html)
    assert [word for word in ENGLISH if word in text] == []
    assert 'name="user_permissions"' not in html and 'name="is_superuser"' not in html
    assert "selectfilter" not in html  # Django's two-pane chooser, whose words ("Choose 组 by…") come from its script
    assert "角色" in text and "所属单位" in text


@pytest.mark.parametrize("page", ["add", "change"])
def test_the_unit_comes_first_then_name_login_email_and_roles(client, plan_admin, staff_hc, page):
    client.force_login(plan_admin)
    url = (
        reverse("admin:accounts_user_add")
        if page == "add"
        else reverse("admin:accounts_user_change", args=[staff_hc.pk])
    )
    html = client.get(url).content.decode()
    positions = [html.index(f'name="{name}"') for name in ("unit", "full_name", "username", "email", "groups")]
    assert positions == sorted(positions)
    assert re.search(r'<select name="unit"[^>]*autofocus', html)


def test_the_unit_field_offers_districts_and_departments_by_name(client, plan_admin):
    client.force_login(plan_admin)
    html = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert '<optgroup label="填报单位（区市）">' in html and '<optgroup label="责任单位（市直部门）">' in html
    assert ">环翠区</option>" in html and ">市教育局</option>" in html and ">无（面向全市工作）</option>" in html


def test_labels_end_with_a_full_width_colon(client, plan_admin):
    client.force_login(plan_admin)
    html = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert re.search(r'<label for="id_unit"[^>]*>所属单位：</label>', html)
    assert "所属单位:" not in html


def test_the_roles_offered_are_those_the_admin_may_give_as_boxes(client, plan_admin, roles):
    client.force_login(plan_admin)
    html = client.get(reverse("admin:accounts_user_add")).content.decode()
    offered = set(re.findall(r'<input type="checkbox" name="groups" value="(\d+)"', html))
    offered_to = (DISTRICT_STAFF, DEPARTMENT_VIEWER, DEPARTMENT_STAFF, UNIT_CHECKER, PLAN_ADMIN)
    assert offered == {str(roles[name].pk) for name in offered_to}


def test_the_change_list_and_the_change_form_read_xiugai(client, plan_admin, staff_hc):
    client.force_login(plan_admin)
    changelist = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "选择 用户 来修改" in changelist and "变化" not in changelist
    form = client.get(reverse("admin:accounts_user_change", args=[staff_hc.pk])).content.decode()
    assert "修改 用户" in re.search(r"<title>(.*?)</title>", form, re.S).group(1)
    assert "变化" not in form


def test_a_plan_admin_adds_district_staff_who_first_chooses_a_password(client, plan_admin, roles, unit_hc):
    client.force_login(plan_admin)
    response = _add(client, roles, unit=f"reporting:{unit_hc.pk}", groups=[DISTRICT_STAFF])
    assert response.status_code == 302
    created = User.objects.get(username="newcomer")
    assert (created.full_name, created.email, created.reporting_unit, created.responsible_unit) == (
        "王新",
        "wang@example.org",
        unit_hc,
        None,
    )
    assert list(created.groups.values_list("name", flat=True)) == [DISTRICT_STAFF]
    assert created.is_active and created.must_change_password and not created.is_staff
    client.logout()
    assert client.login(username="newcomer", password=TEMPORARY)
    response = client.get(reverse("reports:return-list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert "修改密码" in client.get(reverse("password_change")).content.decode()


def test_a_plan_admin_adds_a_department_viewer_who_first_chooses_a_password(client, plan_admin, roles, education):
    client.force_login(plan_admin)
    response = _add(client, roles, unit=f"responsible:{education.pk}", groups=[DEPARTMENT_VIEWER])
    assert response.status_code == 302
    created = User.objects.get(username="newcomer")
    assert (created.reporting_unit, created.responsible_unit) == (None, education)
    assert list(created.groups.values_list("name", flat=True)) == [DEPARTMENT_VIEWER]
    client.logout()
    assert client.login(username="newcomer", password=TEMPORARY)
    assert client.get(reverse("desks:desk"))["Location"] == reverse("password_change")


def test_a_plan_admin_adds_department_staff_who_file_as_the_departments_unit(client, plan_admin, roles, education):
    client.force_login(plan_admin)
    response = _add(client, roles, unit=f"responsible:{education.pk}", groups=[DEPARTMENT_STAFF])
    assert response.status_code == 302
    created = User.objects.get(username="newcomer")
    assert (created.reporting_unit, created.responsible_unit) == (education.reporting_unit, education)
    # The change form shows the department chosen, and saving it again keeps the account as it is.
    page = client.get(reverse("admin:accounts_user_change", args=[created.pk]))
    assert page.context["adminform"].form.initial["unit"] == f"responsible:{education.pk}"


def test_a_plan_admin_adds_another_admin_with_no_unit(client, plan_admin, roles):
    client.force_login(plan_admin)
    assert _add(client, roles, unit="", groups=[PLAN_ADMIN]).status_code == 302
    created = User.objects.get(username="newcomer")
    assert created.reporting_unit is None and created.responsible_unit is None


# A unit (by kind) and roles that do not go together, and the words that say what to choose instead.
INCONSISTENT = [
    (None, [DISTRICT_STAFF], "所属单位请选择此人所在的区市"),
    ("responsible", [DISTRICT_STAFF], "所属单位请选择此人所在的区市"),
    (None, [DEPARTMENT_VIEWER], "所属单位请选择此人所在的责任单位"),
    ("reporting", [DEPARTMENT_VIEWER], "所属单位请选择此人所在的责任单位"),
    ("reporting", [PLAN_ADMIN], "“系统管理员”面向全市工作，不属于任何单位"),
    ("reporting", [DISTRICT_STAFF, DEPARTMENT_VIEWER], "两个角色不能同时授予"),
]


@pytest.mark.parametrize(("kind", "groups", "message"), INCONSISTENT)
def test_a_unit_that_does_not_go_with_the_roles_is_refused(
    client, plan_admin, roles, unit_hc, education, kind, groups, message
):
    unit = {None: "", "reporting": f"reporting:{unit_hc.pk}", "responsible": f"responsible:{education.pk}"}[kind]
    client.force_login(plan_admin)
    response = _add(client, roles, unit=unit, groups=groups)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_role_the_admin_may_not_give_is_refused(client, plan_admin, roles):
    client.force_login(plan_admin)
    response = _add(client, roles, unit="", groups=[COORDINATOR])
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_unit_that_is_not_offered_is_refused(client, plan_admin, roles):
    client.force_login(plan_admin)
    response = _add(client, roles, unit="reporting:999999", groups=[DISTRICT_STAFF])
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def _change(client, user, *, unit: str, groups, is_active=True):
    data = {
        "unit": unit,
        "full_name": user.full_name or "经办人",
        "username": user.username,
        "email": user.email,
        "groups": [group.pk for group in groups],
    }
    if is_active:
        data["is_active"] = "on"
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_a_plan_admin_moves_district_staff_to_another_district_and_deactivates_them(
    client, plan_admin, roles, staff_hc, unit_wd
):
    client.force_login(plan_admin)
    response = _change(
        client, staff_hc, unit=f"reporting:{unit_wd.pk}", groups=[roles[DISTRICT_STAFF]], is_active=False
    )
    assert response.status_code == 302
    staff_hc.refresh_from_db()
    assert staff_hc.reporting_unit == unit_wd and not staff_hc.is_active


def test_the_change_form_refuses_a_department_for_district_staff(client, plan_admin, roles, staff_hc, education):
    client.force_login(plan_admin)
    response = _change(client, staff_hc, unit=f"responsible:{education.pk}", groups=[roles[DISTRICT_STAFF]])
    assert response.status_code == 200 and "所属单位请选择此人所在的区市" in response.content.decode()
    staff_hc.refresh_from_db()
    assert staff_hc.responsible_unit is None and staff_hc.reporting_unit.code == "HC"


def test_the_change_form_shows_the_current_unit_chosen(client, plan_admin, staff_hc):
    client.force_login(plan_admin)
    html = client.get(reverse("admin:accounts_user_change", args=[staff_hc.pk])).content.decode()
    assert f'<option value="reporting:{staff_hc.reporting_unit_id}" selected>' in html


def test_an_admins_own_unit_and_roles_are_shown_but_not_offered(client, plan_admin, roles, unit_hc):
    client.force_login(plan_admin)
    url = reverse("admin:accounts_user_change", args=[plan_admin.pk])
    html = client.get(url).content.decode()
    assert 'name="unit"' not in html and 'name="groups"' not in html
    assert "无（面向全市工作）" in html and PLAN_ADMIN in html
    response = _change(client, plan_admin, unit=f"reporting:{unit_hc.pk}", groups=[roles[DISTRICT_STAFF]])
    assert response.status_code == 302
    plan_admin.refresh_from_db()
    assert plan_admin.reporting_unit is None
    assert list(plan_admin.groups.values_list("name", flat=True)) == [PLAN_ADMIN]


def test_a_superusers_full_form_refuses_a_department_for_district_staff(client, admin_user, roles, education):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": TEMPORARY,
            "password2": TEMPORARY,
            "groups": [roles[DISTRICT_STAFF].pk],
            "responsible_unit": education.pk,
        },
    )
    assert response.status_code == 200 and "所属单位请选择此人所在的区市" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_the_temporary_password_may_not_name_the_unit_chosen_on_the_form(client, plan_admin, roles, unit_hc):
    client.force_login(plan_admin)
    password = "Hc-Branch-2023!"
    response = _add(
        client, roles, unit=f"reporting:{unit_hc.pk}", groups=[DISTRICT_STAFF], password1=password, password2=password
    )
    assert response.status_code == 200 and "名称、代码（HC）" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_the_change_list_shows_unit_and_roles_in_a_fixed_number_of_queries(
    client, plan_admin, staff_hc, staff_wd, viewer, django_assert_num_queries
):
    client.force_login(plan_admin)
    client.get(reverse("admin:accounts_user_changelist"))  # warm the content types and the session
    # the admin, the filters' groups, reporting units and departments, the two counts, the page, the page's roles
    with django_assert_num_queries(8):
        html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "环翠区" in html and "市教育局" in html and "区市经办人" in html and "无（面向全市工作）" in html


@pytest.mark.parametrize("page", ["add", "change"])
def test_a_superusers_full_form_has_the_unit_first_too(client, admin_user, staff_hc, page):
    client.force_login(admin_user)
    url = (
        reverse("admin:accounts_user_add")
        if page == "add"
        else reverse("admin:accounts_user_change", args=[staff_hc.pk])
    )
    html = client.get(url).content.decode()
    assert html.index('name="reporting_unit"') < html.index('name="responsible_unit"') < html.index('name="username"')
