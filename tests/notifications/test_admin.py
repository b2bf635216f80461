"""Reminder settings per plan year in the admin; the record of reminders is read only there."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import PLAN_ADMIN
from notifications.models import Reminder, ReminderSettings
from notifications.services import reminder_send


@pytest.fixture
def plan_admin(make_user, plan):
    """An admin by role, not a superuser: the permissions come from the group."""
    return make_user("planadmin", PLAN_ADMIN, is_staff=True)


def test_an_admin_sets_the_reminder_schedule_of_a_plan_year(client, plan, plan_admin):
    client.force_login(plan_admin)
    url = reverse("admin:notifications_remindersettings_add")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"plan": plan.pk, "enabled": "on", "days_before": 5, "every_days": 2, "overdue_days": 10}
    )
    assert response.status_code == 302
    settings = ReminderSettings.for_plan(plan)
    assert (settings.days_before, settings.every_days, settings.overdue_days) == (5, 2, 10)


def test_a_cadence_of_zero_days_is_refused(client, plan, plan_admin):
    client.force_login(plan_admin)
    response = client.post(
        reverse("admin:notifications_remindersettings_add"),
        {"plan": plan.pk, "days_before": 3, "every_days": 0, "overdue_days": 31},
    )
    assert response.status_code == 200 and not ReminderSettings.objects.exists()


def test_the_record_of_reminders_cannot_be_changed_in_the_admin(client, plan, plan_admin, coordinator):
    reminder = reminder_send(plan=plan, month=11, user=coordinator, today=datetime.date(2023, 12, 4))
    client.force_login(plan_admin)
    assert client.get(reverse("admin:notifications_reminder_changelist")).status_code == 200
    page = client.get(reverse("admin:notifications_reminder_change", args=[reminder.pk])).content.decode()
    assert 'name="message"' not in page  # shown, not editable
    assert (
        client.post(reverse("admin:notifications_reminder_delete", args=[reminder.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Reminder.objects.filter(pk=reminder.pk).exists()
