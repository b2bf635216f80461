"""Fixtures for notifications: staff with e-mail addresses in three units, and November returns in each state."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.roles import DISTRICT_STAFF
from districts.models import ReportingUnit
from reports.models import MonthlyReturn
from reports.services import monthly_return_send_back, monthly_return_submit

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def unit_rc(plan):
    return ReportingUnit.objects.get(code="RC")


@pytest.fixture
def staff_hc2(make_user, unit_hc):
    """A second person filing for 环翠区: both of its staff hear about its return."""
    return make_user("hc2", DISTRICT_STAFF, reporting_unit=unit_hc, email="hc2@newcitizen-demo.example")


@pytest.fixture
def staff_rc(make_user, unit_rc):
    return make_user("rc", DISTRICT_STAFF, reporting_unit=unit_rc, email="rc@newcitizen-demo.example")


@pytest.fixture
def people(staff_hc, staff_hc2, staff_wd, staff_rc, coordinator, viewer, admin_user):
    for user, address in ((staff_hc, "hc"), (staff_wd, "wd"), (coordinator, "coordinator")):
        user.email = f"{address}@newcitizen-demo.example"
        user.save(update_fields=["email"])
    return {
        "hc": staff_hc,
        "hc2": staff_hc2,
        "wd": staff_wd,
        "rc": staff_rc,
        "coordinator": coordinator,
        "viewer": viewer,
        "admin": admin_user,
    }


def at(day: int, month: int = 12, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2023, month, day, hour, tzinfo=TZ)


@pytest.fixture
def november(plan, unit_hc, unit_wd, unit_rc, people):
    """November 2023: HC submitted, WD a draft, RC submitted then sent back; the other five units have none."""
    hc = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=11)
    monthly_return_submit(monthly_return=hc, user=people["hc"], now=at(1))
    wd = MonthlyReturn.objects.create(plan=plan, unit=unit_wd, month=11)
    rc = MonthlyReturn.objects.create(plan=plan, unit=unit_rc, month=11)
    monthly_return_submit(monthly_return=rc, user=people["rc"], now=at(1))
    monthly_return_send_back(monthly_return=rc, user=people["coordinator"], reason="请补充说明")
    return {"HC": hc, "WD": wd, "RC": rc}
