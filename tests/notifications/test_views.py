"""The notification pages, the bell, the profile and 催报 from the timeliness page, for each persona."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification, NotificationKind, NotificationPreference, Reminder
from notifications.services import reminder_send
from reports.services import monthly_return_send_back, monthly_return_submit


@pytest.fixture
def sent_back(hc_return, people):
    """环翠区's June return, sent back: both of its staff have a notification."""
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    monthly_return_send_back(monthly_return=hc_return, user=people["coordinator"], reason="请核实")
    return Notification.objects.get(kind=NotificationKind.SENT_BACK, recipient=people["hc"])


def test_a_person_sees_their_own_notifications_only(client, sent_back, people, plan, november):
    client.force_login(people["wd"])
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "环翠区" not in page and "暂无通知" in page

    client.force_login(people["hc"])
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "环翠区2023年6月的月报已被退回修改" in page and "原因：请核实" in page
    assert reverse("notifications:notification-open", args=[sent_back.pk]) in page


@pytest.mark.parametrize("name", ["notifications:notification-open", "notifications:notification-read"])
def test_a_district_user_cannot_open_or_mark_another_persons_notification(client, sent_back, people, name):
    for intruder in ("hc2", "wd", "coordinator"):  # even a colleague of the same unit: it is hc's own
        client.force_login(people[intruder])
        assert client.post(reverse(name, args=[sent_back.pk])).status_code == 404
    sent_back.refresh_from_db()
    assert sent_back.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_the_return(client, sent_back, people, hc_return):
    client.force_login(people["hc"])
    response = client.post(reverse("notifications:notification-open", args=[sent_back.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:return-detail", args=[hc_return.pk])
    sent_back.refresh_from_db()
    assert sent_back.read_at is not None
    # The other person's copy is untouched.
    assert Notification.objects.get(kind=NotificationKind.SENT_BACK, recipient=people["hc2"]).read_at is None


def test_marking_read_and_marking_all_read(client, sent_back, people, plan, november):
    reminder_send(plan=plan, month=11, user=people["coordinator"], today=datetime.date(2023, 12, 4))
    client.force_login(people["hc"])
    assert client.post(reverse("notifications:notification-read", args=[sent_back.pk])).status_code == 302
    sent_back.refresh_from_db()
    assert sent_back.read_at is not None
    client.force_login(people["wd"])
    client.post(reverse("notifications:notification-read-all"))
    assert not Notification.objects.filter(recipient=people["wd"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people["rc"], read_at__isnull=True).exists()


def test_reading_needs_a_post(client, sent_back, people):
    client.force_login(people["hc"])
    assert client.get(reverse("notifications:notification-read", args=[sent_back.pk])).status_code == 405


def test_the_bell_shows_the_unread_count_in_one_query(client, sent_back, people):
    client.force_login(people["hc"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert 'data-unread="1"' in page and '<span class="bell-count">1</span>' in page
    assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1

    client.force_login(people["wd"])
    assert 'data-unread="0"' in client.get(reverse("home")).content.decode()


def test_anonymous_pages_run_no_query_for_the_bell(client, plan):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert "data-unread" not in page
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)


def test_the_list_reads_in_a_fixed_number_of_queries(client, people, plan, november, django_assert_num_queries):
    for day in range(4, 9):
        reminder_send(plan=plan, month=11, user=people["coordinator"], today=datetime.date(2023, 12, day))
    client.force_login(people["wd"])
    # user, the page's count, the page's notifications (+plan, unit), the bell's count, the header's unit, the
    # person's rights (the menu offers the task ledger to coordinators, issue 24); the session comes from the cache
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:notification-list"))
    assert response.content.decode().count('class="card notification unread"') == 5


def test_a_person_keeps_their_address_and_opts_out_on_their_profile(client, people):
    client.force_login(people["wd"])
    page = client.get(reverse("notifications:profile")).content.decode()
    assert 'value="wd@newcitizen-demo.example"' in page
    response = client.post(
        reverse("notifications:profile"), {"email": "wendeng@rsj.example.gov.cn", "email_opt_out": "on"}
    )
    assert response.status_code == 302
    people["wd"].refresh_from_db()
    assert people["wd"].email == "wendeng@rsj.example.gov.cn"
    assert NotificationPreference.objects.get(user=people["wd"]).email_opt_out


def test_a_bad_address_is_refused_in_chinese_and_nothing_is_saved(client, people):
    client.force_login(people["wd"])
    response = client.post(reverse("notifications:profile"), {"email": "not an address", "email_opt_out": "on"})
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址" in response.content.decode()
    people["wd"].refresh_from_db()
    assert people["wd"].email == "wd@newcitizen-demo.example"
    assert not NotificationPreference.objects.exists()


def test_the_coordinator_reminds_from_the_timeliness_page(client, people, plan, november):
    client.force_login(people["coordinator"])
    url = reverse("dashboards:timeliness")
    page = client.get(url, {"year": 2023, "month": 11}).content.decode()
    assert reverse("notifications:reminder-send") in page and "尚未报送本月月报" in page

    response = client.post(
        reverse("notifications:reminder-send"), {"year": 2023, "month": 11, "message": "请尽快报送"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{url}?year=2023&month=11"
    assert "已向16个单位发送11月催报" in page  # seven districts and the nine departments
    reminder = Reminder.objects.get()
    assert f'data-reminder="{reminder.pk}"' in page and "请尽快报送" in page and "文登区" in page

    again = client.post(reverse("notifications:reminder-send"), {"year": 2023, "month": 11}, follow=True)
    assert "今天均已催报过" in again.content.decode()
    assert Reminder.objects.count() == 1


def test_district_staff_neither_remind_nor_see_the_reminder_panel(client, people, plan, november):
    client.force_login(people["wd"])
    assert client.post(reverse("notifications:reminder-send"), {"year": 2023, "month": 11}).status_code == 403
    page = client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 11}).content.decode()
    assert reverse("notifications:reminder-send") not in page
    assert not Reminder.objects.exists()


def test_a_bad_month_is_refused_with_a_message(client, people, plan, november):
    client.force_login(people["coordinator"])
    response = client.post(reverse("notifications:reminder-send"), {"year": 2023, "month": 13}, follow=True)
    assert "请从列表中选择月份" in response.content.decode()
    assert not Reminder.objects.exists()


def test_the_bells_count_is_the_persons_unread_notifications_and_no_one_elses(sent_back, people):
    from notifications.selectors import unread_count

    Notification.objects.filter(recipient=people["wd"]).update(read_at=None)
    counts = {name: unread_count(user) for name, user in people.items()}
    expected = {name: Notification.objects.for_user(user).unread().count() for name, user in people.items()}
    assert counts == expected and any(counts.values())
    notification = Notification.objects.filter(read_at__isnull=True).first()
    notification.read_at = notification.created_at
    notification.save()
    name = next(name for name, user in people.items() if user.pk == notification.recipient_id)
    assert unread_count(people[name]) == expected[name] - 1
