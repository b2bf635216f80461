"""Fixtures for the dashboards: people in every role, and returns made straight with the ORM (fast, exact)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN, roles_ensure
from actions.models import Indicator, ResponsibleUnit
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn, ReturnStatus
from reports.signals import return_changed


@pytest.fixture
def units(plan):
    """The eight reporting units by code."""
    return {u.code: u for u in ReportingUnit.objects.districts()}


@pytest.fixture
def indicators(plan):
    return {i.code: i for i in Indicator.objects.filter(plan=plan).select_related("target")}


@pytest.fixture
def make_user(db):
    roles_ensure()

    def make(username: str, role: str, **fields) -> User:
        user = User.objects.create_user(username, password="pw", **fields)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def staff(make_user, units):
    """District staff of 环翠区 (HC)."""
    return make_user("hc-staff", DISTRICT_STAFF, reporting_unit=units["HC"])


@pytest.fixture
def other_staff(make_user, units):
    return make_user("wd-staff", DISTRICT_STAFF, reporting_unit=units["WD"])


@pytest.fixture
def coordinator(make_user, plan):
    return make_user("coordinator", COORDINATOR)


@pytest.fixture
def viewer(make_user, plan):
    return make_user("viewer", DEPARTMENT_VIEWER, responsible_unit=ResponsibleUnit.objects.first())


@pytest.fixture
def plan_admin(make_user, plan):
    return make_user("admin", PLAN_ADMIN, is_staff=True)


def _number(value):
    return None if value is None else Decimal(str(value))


@pytest.fixture
def make_return(plan):
    """A return with figures, in any status; ``figures`` maps indicator code to a value or (numerator, denominator).

    A filed return is submitted on the 3rd of the next month (on time), or on the 20th when ``late``.
    """
    codes = {i.code: i for i in Indicator.objects.filter(plan=plan)}

    def make(unit, month, figures=None, *, status=ReturnStatus.APPROVED, late=False, the_plan=None):
        the_plan = the_plan or plan
        filed = status != ReturnStatus.DRAFT
        year, next_month = (the_plan.year + 1, 1) if month == 12 else (the_plan.year, month + 1)
        submitted = timezone.make_aware(datetime.datetime(year, next_month, 20 if late else 3, 10))
        monthly_return = MonthlyReturn.objects.create(
            plan=the_plan,
            unit=unit,
            month=month,
            status=status,
            is_late=filed and late,
            first_submitted_at=submitted if filed else None,
            submitted_at=submitted if filed else None,
            approved_at=submitted if status == ReturnStatus.APPROVED else None,
        )
        rows = []
        for code, value in (figures or {}).items():
            indicator = codes.get(code) or Indicator.objects.get(plan=the_plan, code=code)
            if isinstance(value, tuple):
                rows.append(
                    Figure(
                        monthly_return=monthly_return,
                        indicator=indicator,
                        numerator=_number(value[0]),
                        denominator=_number(value[1]),
                    )
                )
            else:
                rows.append(Figure(monthly_return=monthly_return, indicator=indicator, value=_number(value)))
        Figure.objects.bulk_create(rows)
        # Straight ORM writes bypass the services: tell the dashboards' summary, as the services do.
        return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)
        return monthly_return

    return make
