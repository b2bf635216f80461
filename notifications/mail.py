"""E-mail for notifications: always after the commit, never able to fail the step that caused it.

A mail that cannot be sent is logged and marked failed; ``send_reminders`` (run hourly) tries it again.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import MailState, Notification

logger = logging.getLogger("newcitizen.notifications")

MAX_ATTEMPTS = 5


def notification_link(notification: Notification) -> str:
    """Where the notification leads: its return, or the list of returns when the month is not started yet."""
    if notification.link:
        return notification.link
    if notification.monthly_return_id:
        return reverse("reports:return-detail", args=[notification.monthly_return_id])
    return reverse("reports:return-list")


def _message(notification: Notification, connection) -> EmailMessage:
    # Mails go out in Chinese whatever language the person who caused them was using.
    with translation.override("zh-hans"):
        context = {
            "notification": notification,
            "title": notification.title,
            "link": settings.SITE_URL + notification_link(notification),
            "preferences": settings.SITE_URL + reverse("notifications:profile"),
        }
        subject = render_to_string("notifications/mail/subject.txt", context).strip()
        body = render_to_string("notifications/mail/body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[notification.recipient.email], connection=connection
    )


def notifications_mail(*, ids) -> int:
    """Send the pending or failed mails among these notifications; return how many were sent.

    Each outcome is written at once, so a failure halfway leaves the rest to retry and nothing to send twice.
    """
    notifications = list(
        Notification.objects.filter(pk__in=list(ids), mail_state__in=[MailState.PENDING, MailState.FAILED])
        .select_related("recipient", "plan", "unit")
        .order_by("pk")
    )
    if not notifications:
        return 0
    sent = 0
    try:
        connection = get_connection()
    except Exception:  # a misconfigured backend must not reach the workflow either
        logger.exception("e-mail backend could not be loaded")
        return 0
    for notification in notifications:
        fields = {"mail_attempts": notification.mail_attempts + 1}
        try:
            _message(notification, connection).send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: all wait for the next run
            logger.warning("mail to %s for notification %s failed: %s", notification.recipient, notification.pk, error)
            fields |= {"mail_state": MailState.FAILED, "mail_error": str(error)[:500]}
        else:
            fields |= {"mail_state": MailState.SENT, "mail_sent_at": timezone.now(), "mail_error": ""}
            sent += 1
        Notification.objects.filter(pk=notification.pk).update(**fields)
    return sent


def notifications_mail_after_commit(*, ids) -> None:
    """Send these notifications' mails once the transaction that created them has committed."""
    ids = list(ids)
    if ids:
        # robust: an exception is logged by Django and never propagates into the request that committed.
        transaction.on_commit(lambda: notifications_mail(ids=ids), robust=True)


def notifications_mail_retry(*, now=None) -> int:
    """Try again the mails that failed (up to MAX_ATTEMPTS) or were never tried; return how many were sent."""
    now = now or timezone.now()
    ids = Notification.objects.mail_to_retry(now=now, max_attempts=MAX_ATTEMPTS).values_list("pk", flat=True)
    return notifications_mail(ids=list(ids))
