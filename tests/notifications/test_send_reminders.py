"""`manage.py send_reminders`: the schedule of each plan year, once a day per unit and month."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from districts.models import ReportingUnit
from notifications.models import Notification, NotificationKind, ReminderKind, ReminderSettings, UnitReminder
from notifications.services import reminders_scheduled
from reports.models import MonthlyReturn, ReturnStatus


def _run(today: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today, stdout=out)
    return out.getvalue()


def _november_units(day: datetime.date) -> set[str]:
    """The districts reminded of November on ``day`` (departments are checked in test_department_reminders)."""
    reminded = UnitReminder.objects.filter(month=11, sent_on=day).exclude(unit__kind="department")
    return set(reminded.values_list("unit__code", flat=True))


def test_three_days_before_the_fifth_it_reminds_the_units_whose_november_return_is_not_submitted(
    plan, november, people
):
    assert plan.due_day == 5 and ReminderSettings.for_plan(plan).days_before == 3
    output = _run("2023-12-03")

    assert _november_units(datetime.date(2023, 12, 3)) == {"WD", "RC", "RS", "GQ", "JQ", "LG", "NH"}
    deadline = Notification.objects.filter(kind=NotificationKind.DEADLINE, month=11)
    assert sorted(deadline.values_list("recipient__username", flat=True)) == ["rc", "wd"]
    assert "2023-12-03" in output
    before = Notification.objects.count()

    _run("2023-12-03")  # cron runs hourly: the same day again sends nothing new
    assert Notification.objects.count() == before
    assert UnitReminder.objects.filter(sent_on=datetime.date(2023, 12, 3)).count() == UnitReminder.objects.count()


def test_it_reminds_nobody_before_the_window_and_on_each_overdue_day(plan, november, people):
    # Everything but November is filed, by the districts and the departments, so only November's schedule speaks.
    units = ReportingUnit.objects.leaves() | ReportingUnit.objects.departments()
    for month in range(1, 11):
        for unit_id in units.values_list("pk", flat=True):
            MonthlyReturn.objects.create(plan=plan, unit_id=unit_id, month=month, status=ReturnStatus.APPROVED)
    assert reminders_scheduled(today=datetime.date(2023, 12, 1)) == []  # four days before: not yet
    overdue = reminders_scheduled(today=datetime.date(2023, 12, 6))
    assert [r.kind for r in overdue if r.month == 11] == [ReminderKind.OVERDUE]
    assert Notification.objects.filter(kind=NotificationKind.OVERDUE, month=11).count() == 2
    assert [r.month for r in reminders_scheduled(today=datetime.date(2023, 12, 7))].count(11) == 1


def test_the_cadence_and_the_window_are_the_plan_years(plan, november, people):
    ReminderSettings.objects.create(plan=plan, days_before=1, every_days=2, overdue_days=3)
    months = lambda day: [r.month for r in reminders_scheduled(today=day)]  # noqa: E731
    assert 11 not in months(datetime.date(2023, 12, 3))  # the window opens on the 4th
    assert 11 in months(datetime.date(2023, 12, 4))
    assert 11 not in months(datetime.date(2023, 12, 5))  # every other day
    assert 11 in months(datetime.date(2023, 12, 6))
    assert 11 in months(datetime.date(2023, 12, 8))
    assert 11 not in months(datetime.date(2023, 12, 10))  # more than three days overdue: the schedule stops


def test_a_plan_year_with_reminders_switched_off_is_left_alone(plan, november, people):
    ReminderSettings.objects.create(plan=plan, enabled=False)
    _run("2023-12-03")
    assert not UnitReminder.objects.exists()


def test_a_coordinators_reminder_the_same_day_counts_for_the_schedule(plan, november, people):
    from notifications.services import reminder_send

    reminder_send(plan=plan, month=11, user=people["coordinator"], today=datetime.date(2023, 12, 3))
    _run("2023-12-03")
    assert not Notification.objects.filter(kind=NotificationKind.DEADLINE, month=11).exists()


def test_a_bad_date_is_refused_clearly(db):
    with pytest.raises(CommandError, match="2023-12-03"):
        _run("3.12.2023")
