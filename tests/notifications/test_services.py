"""催报 by a coordinator: it reaches exactly the units without a submitted return, once a day."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from districts.models import ReportingUnit
from notifications.models import Notification, NotificationKind, Reminder, UnitReminder
from notifications.services import reminder_send

DAY = datetime.date(2023, 12, 4)


def test_a_reminder_for_november_reaches_exactly_the_units_without_a_submitted_return(plan, november, people):
    reminder = reminder_send(plan=plan, month=11, user=people["coordinator"], message="请于12月5日前报送", today=DAY)

    reached = set(reminder.units_reached.values_list("unit__code", flat=True))
    # HC submitted; WD has a draft, RC was sent back and not resubmitted, the other five have nothing; nor has any
    # of the nine departments, which report monthly too (部门报送).
    districts = set(ReportingUnit.objects.leaves().exclude(code="HC").values_list("code", flat=True))
    departments = set(ReportingUnit.objects.departments().values_list("code", flat=True))
    assert len(districts) == 7 and len(departments) == 9
    assert reached == districts | departments
    reminded = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert sorted(reminded.values_list("recipient__username", flat=True)) == ["rc", "wd"]
    by_user = {n.recipient.username: n for n in reminded.select_related("recipient")}
    assert by_user["wd"].monthly_return == november["WD"] and by_user["rc"].monthly_return == november["RC"]
    assert {n.message for n in reminded} == {"请于12月5日前报送"}
    assert reminder.sent_by == people["coordinator"] and reminder.sent_on == DAY


def test_reminding_twice_the_same_day_reminds_nobody_twice(plan, november, people):
    assert reminder_send(plan=plan, month=11, user=people["coordinator"], today=DAY) is not None
    count = Notification.objects.filter(kind=NotificationKind.REMINDER).count()

    assert reminder_send(plan=plan, month=11, user=people["coordinator"], message="再催", today=DAY) is None
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == count
    assert Reminder.objects.count() == 1

    # The next day is a new day.
    later = reminder_send(plan=plan, month=11, user=people["coordinator"], today=DAY + datetime.timedelta(days=1))
    assert later is not None and later.units_reached.count() == 7 + 9  # seven districts and the nine departments


def test_a_unit_that_submits_after_a_reminder_is_not_reminded_again_that_day_nor_later(plan, november, people):
    from reports.services import monthly_return_submit

    reminder_send(plan=plan, month=11, user=people["coordinator"], today=DAY)
    monthly_return_submit(monthly_return=november["WD"], user=people["wd"])
    later = reminder_send(plan=plan, month=11, user=people["coordinator"], today=DAY + datetime.timedelta(days=1))
    assert "WD" not in set(later.units_reached.values_list("unit__code", flat=True))


@pytest.mark.parametrize("who", ["hc", "viewer"])
def test_district_staff_and_viewers_cannot_remind(plan, november, people, who):
    with pytest.raises(PermissionDenied):
        reminder_send(plan=plan, month=11, user=people[who], today=DAY)
    assert not UnitReminder.objects.exists()


def test_a_too_long_message_is_refused_and_nothing_is_sent(plan, november, people):
    with pytest.raises(ValidationError) as error:
        reminder_send(plan=plan, month=11, user=people["coordinator"], message="催" * 501, today=DAY)
    assert error.value.code == "message_too_long"
    assert not Reminder.objects.exists() and not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
