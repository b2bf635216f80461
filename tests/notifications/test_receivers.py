"""Each workflow step notifies the people it concerns, in the step's transaction; mail follows the commit."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from notifications.models import MailState, Notification, NotificationKind
from reports.models import MonthlyReturn, ReturnStatus
from reports.services import (
    monthly_return_approve,
    monthly_return_reopen,
    monthly_return_send_back,
    monthly_return_submit,
)


def _recipients(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_submission_tells_the_coordinators_only(hc_return, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    # Not the viewer, not the admin (a superuser, but no reviewer), not the unit's staff who submitted.
    assert _recipients(NotificationKind.SUBMITTED) == ["coordinator"]
    assert Notification.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["coordinator@newcitizen-demo.example"]]


def test_sending_back_tells_the_units_staff_with_the_reason(hc_return, people, django_capture_on_commit_callbacks):
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    with django_capture_on_commit_callbacks(execute=True):
        monthly_return_send_back(monthly_return=hc_return, user=people["coordinator"], reason="数字偏高，请核实")
    assert _recipients(NotificationKind.SENT_BACK) == ["hc", "hc2"]
    notification = Notification.objects.get(kind=NotificationKind.SENT_BACK, recipient=people["hc"])
    assert notification.message == "数字偏高，请核实"
    assert notification.monthly_return == hc_return
    assert sorted(m.to[0] for m in mail.outbox) == ["hc2@newcitizen-demo.example", "hc@newcitizen-demo.example"]
    assert all("数字偏高，请核实" in m.body for m in mail.outbox)


def test_approval_and_reopening_tell_the_units_staff_and_no_one_else(hc_return, people):
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    monthly_return_approve(monthly_return=hc_return, user=people["coordinator"])
    assert _recipients(NotificationKind.APPROVED) == ["hc", "hc2"]
    monthly_return_reopen(monthly_return=hc_return, user=people["coordinator"], reason="更正口径")
    assert _recipients(NotificationKind.REOPENED) == ["hc", "hc2"]
    assert Notification.objects.get(kind=NotificationKind.REOPENED, recipient=people["hc2"]).message == "更正口径"
    # Nobody in 文登区 or 荣成市 heard anything about 环翠区's return.
    assert not Notification.objects.filter(recipient__in=[people["wd"], people["rc"]]).exists()


def test_a_step_that_rolls_back_leaves_no_notification_and_sends_no_mail(
    hc_return, people, django_capture_on_commit_callbacks
):
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    before = Notification.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                monthly_return_approve(monthly_return=hc_return, user=people["coordinator"])
                assert Notification.objects.count() == before + 2  # written in the step's transaction…
                raise RuntimeError("the request failed after the step")
    assert Notification.objects.count() == before  # …and gone with it
    assert callbacks == [] and mail.outbox == []
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED


def test_a_refused_step_notifies_nobody(hc_return, people):
    with pytest.raises(ValidationError):
        monthly_return_approve(monthly_return=hc_return, user=people["coordinator"])  # still a draft
    assert not Notification.objects.exists()


class BrokenMailServer:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp.example.gov.cn:587 refused the connection")


def test_a_failing_mail_server_does_not_fail_the_approval(
    client, hc_return, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_receivers.BrokenMailServer"
    monthly_return_submit(monthly_return=hc_return, user=people["hc"])
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:return-review", args=[hc_return.pk]), {"decision": "approve", "version": hc_return.version}
        )
    assert response.status_code == 302
    assert MonthlyReturn.objects.get(pk=hc_return.pk).status == ReturnStatus.APPROVED
    approved = Notification.objects.filter(kind=NotificationKind.APPROVED)
    assert approved.count() == 2  # the in-app notifications are there all the same
    assert {n.mail_state for n in approved} == {MailState.FAILED}
    assert all("refused" in n.mail_error and n.mail_attempts == 1 for n in approved)
