from pathlib import Path

import pytest
from django.core.cache import cache

from accounts.models import User
from accounts.roles import (
    COORDINATOR,
    DEPARTMENT_STAFF,
    DEPARTMENT_VIEWER,
    DISTRICT_STAFF,
    PLAN_ADMIN,
    roles_ensure,
)
from actions.models import ResponsibleUnit
from actions.services import plan_load
from districts.models import ReportingUnit
from reports.models import MonthlyReturn


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page kept by one test must not answer in the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(db):
    """The 2023 plan as `make run` loads it."""
    return plan_load().plan


@pytest.fixture
def roles(db):
    return roles_ensure()


@pytest.fixture
def make_user(roles):
    def make(username: str, role: str | None, **fields) -> User:
        user = User.objects.create_user(username=username, password="pw-for-tests", **fields)
        if role:
            user.groups.add(roles[role])
        return user

    return make


@pytest.fixture
def unit_hc(plan):
    return ReportingUnit.objects.get(code="HC")


@pytest.fixture
def unit_wd(plan):
    return ReportingUnit.objects.get(code="WD")


@pytest.fixture
def staff_hc(make_user, unit_hc):
    return make_user("hc", DISTRICT_STAFF, reporting_unit=unit_hc)


@pytest.fixture
def staff_wd(make_user, unit_wd):
    return make_user("wd", DISTRICT_STAFF, reporting_unit=unit_wd)


@pytest.fixture
def coordinator(make_user, plan):
    return make_user("coordinator", COORDINATOR)


@pytest.fixture
def viewer(make_user, plan):
    return make_user("edu", DEPARTMENT_VIEWER, responsible_unit=ResponsibleUnit.objects.get(code="EDU"))


@pytest.fixture
def department_staff(make_user, plan):
    """Makes a person filing for a department (部门报送), e.g. department_staff("fin", "FIN")."""

    def make(username: str, code: str, **fields) -> User:
        department = ResponsibleUnit.objects.get(code=code)
        return make_user(
            username,
            DEPARTMENT_STAFF,
            responsible_unit=department,
            reporting_unit=department.reporting_unit,
            **fields,
        )

    return make


@pytest.fixture
def admin_user(make_user, plan):
    return make_user("admin", PLAN_ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def personas(staff_hc, staff_wd, coordinator, viewer, admin_user):
    """Every kind of person, by the name the access tables use."""
    return {
        "own_staff": staff_hc,
        "other_staff": staff_wd,
        "coordinator": coordinator,
        "viewer": viewer,
        "admin": admin_user,
        "anonymous": None,
    }


@pytest.fixture
def hc_return(plan, unit_hc):
    """Huancui's June 2023 return, a draft."""
    return MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=6)


@pytest.fixture
def media(tmp_path, settings) -> Path:
    """The default storage as in production: files in a folder (the test settings keep them in memory)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root
