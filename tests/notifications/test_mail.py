"""E-mail: through EMAIL_URL, in Chinese, with the link to the return; a failed mail is retried by the next run."""

import datetime
from email import message_from_bytes, policy

import environ
import pytest
from django.core import mail
from django.core.management import call_command

from notifications.mail import notifications_mail_retry
from notifications.models import MailState, Notification, NotificationKind, NotificationPreference
from notifications.services import reminder_send
from reports.services import monthly_return_send_back, monthly_return_submit


@pytest.fixture
def mail_folder(tmp_path, settings):
    """EMAIL_URL=filemail://… as the settings read it: Django's file backend writing into a folder."""
    folder = tmp_path / "mails"
    config = environ.Env.email_url_config(f"filemail:///{folder}")
    settings.EMAIL_BACKEND = config["EMAIL_BACKEND"]
    settings.EMAIL_FILE_PATH = config["EMAIL_FILE_PATH"]
    settings.SITE_URL = "https://tracker.example.gov.cn"
    return folder


def _mails(folder):
    """Every message the file backend wrote, parsed (it appends them to one file per connection)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                found.append(message_from_bytes(chunk.strip() + b"\n", policy=policy.default))
    return found


def test_mails_land_in_the_folder_in_chinese_with_the_link_to_the_return(
    mail_folder, hc_return, people, django_capture_on_commit_callbacks
):
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return_send_back(monthly_return=hc_return, user=people["coordinator"], reason="请核实岗位数")

    messages = [m for m in _mails(mail_folder) if m["To"] != "coordinator@newcitizen-demo.example"]
    assert sorted(m["To"] for m in messages) == ["hc2@newcitizen-demo.example", "hc@newcitizen-demo.example"]
    for message in messages:
        body = message.get_content()
        assert "环翠区2023年6月的月报已被退回修改" in message["Subject"].replace(" ", "")
        assert "原因：请核实岗位数" in body.replace(" ", "")
        assert f"https://tracker.example.gov.cn/returns/{hc_return.pk}/" in body
        assert "https://tracker.example.gov.cn/notifications/profile/" in body
    assert set(Notification.objects.filter(kind=NotificationKind.SENT_BACK).values_list("mail_state", flat=True)) == {
        MailState.SENT
    }


def test_a_reminder_for_a_month_not_started_links_to_the_returns(
    mail_folder, plan, november, people, django_capture_on_commit_callbacks
):
    november["WD"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(plan=plan, month=11, user=people["coordinator"], today=datetime.date(2023, 12, 4))
    by_to = {m["To"]: m.get_content() for m in _mails(mail_folder)}
    assert "https://tracker.example.gov.cn/returns/\n" in by_to["wd@newcitizen-demo.example"]
    assert f"/returns/{november['RC'].pk}/" in by_to["rc@newcitizen-demo.example"]
    assert "市级催报：请报送文登区2023年11月的月报" in by_to["wd@newcitizen-demo.example"]


def test_people_without_an_address_or_who_opted_out_get_no_mail_but_the_notification(
    hc_return, people, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=people["hc2"], email_opt_out=True)
    people["hc"].email = ""
    people["hc"].save(update_fields=["email"])
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return_send_back(monthly_return=hc_return, user=people["coordinator"], reason="请核实")
    assert mail.outbox == []
    sent_back = Notification.objects.filter(kind=NotificationKind.SENT_BACK)
    assert sent_back.count() == 2 and set(sent_back.values_list("mail_state", flat=True)) == {MailState.NONE}


class FlakyMailServer:
    """Refuses everything while ``down``; the file of the test switches it."""

    down = True

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if FlakyMailServer.down:
            raise TimeoutError("smtp timed out")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_mail_that_failed_is_sent_by_the_next_run(hc_return, people, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notifications.test_mail.FlakyMailServer"
    FlakyMailServer.down = True
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return_send_back(monthly_return=hc_return, user=people["coordinator"], reason="请核实")
    failed = Notification.objects.filter(kind=NotificationKind.SENT_BACK)
    assert set(failed.values_list("mail_state", flat=True)) == {MailState.FAILED}
    mail.outbox.clear()

    FlakyMailServer.down = False
    call_command("send_reminders", "--today", "2023-07-01")  # June's window is closed: only the retry acts
    assert sorted(m.to[0] for m in mail.outbox) == ["hc2@newcitizen-demo.example", "hc@newcitizen-demo.example"]
    assert set(failed.values_list("mail_state", flat=True)) == {MailState.SENT}
    assert set(failed.values_list("mail_attempts", flat=True)) == {2}
    assert notifications_mail_retry() == 0  # nothing left to send twice
