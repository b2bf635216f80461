"""Reminders (催报) reach a department that has not filed, on the departments' own period and due day."""

import datetime

import pytest

from actions.models import ResponsibleUnit
from notifications.models import Notification, NotificationKind, UnitReminder
from notifications.services import reminder_send, reminders_scheduled
from reports.models import MonthlyReturn, ReturnStatus


@pytest.fixture
def fin(department_staff):
    return department_staff("fin", "FIN", email="fin@newcitizen-demo.example")


@pytest.fixture
def psb(department_staff):
    return department_staff("psb", "PSB", email="psb@newcitizen-demo.example")


def test_a_department_that_has_not_filed_is_reminded_and_one_that_has_is_not(plan, fin, psb, coordinator):
    filed = MonthlyReturn.objects.create(plan=plan, unit=psb.reporting_unit, month=11, status=ReturnStatus.SUBMITTED)
    reminder = reminder_send(plan=plan, month=11, user=coordinator, today=datetime.date(2023, 12, 4))
    reached = set(reminder.units_reached.values_list("unit__code", flat=True))
    assert "DEPT-FIN" in reached and "DEPT-PSB" not in reached
    told = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert list(told.values_list("recipient__username", flat=True)) == ["fin"]
    assert filed.unit.is_department


def test_the_departments_own_due_day_and_quarter_decide_their_scheduled_reminders(plan, fin):
    plan.department_period = "quarterly"
    plan.department_due_day = 15
    plan.save()
    fin_unit = ResponsibleUnit.objects.get(code="FIN").reporting_unit
    # Three days before 5 December the districts are reminded of November; the departments file no November.
    reminders_scheduled(today=datetime.date(2023, 12, 2))
    november = UnitReminder.objects.filter(month=11)
    assert november.exists() and not november.filter(unit__kind="department").exists()
    # Three days before 15 October the departments are reminded of the third quarter (September) as a deadline,
    # in a reminder of their own: the districts' September was due on the 5th, theirs is an overdue one.
    sent = reminders_scheduled(today=datetime.date(2023, 10, 12))
    september = {r.kind: r for r in sent if r.month == 9}
    departments = set(september["deadline"].units_reached.values_list("unit__kind", flat=True))
    assert departments == {"department"}
    assert september["deadline"].units_reached.filter(unit=fin_unit).exists()
    assert "department" not in set(september["overdue"].units_reached.values_list("unit__kind", flat=True))
    assert Notification.objects.filter(kind=NotificationKind.DEADLINE, recipient=fin, month=9).count() == 1
