"""Scheduled reminders (催报) and retried mails; run it hourly from cron or a systemd timer."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.mail import notifications_mail_retry
from notifications.services import reminders_scheduled
from weihai_newcitizen import clock


class Command(BaseCommand):
    help = (
        "Remind units whose return is due soon or overdue (per plan year's reminder settings), at most once a day "
        "per unit and month, and retry e-mails that failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to act as, YYYY-MM-DD (default: today in Asia/Shanghai)")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be a date such as 2023-12-03, not {today!r}") from None
        else:
            day = clock.today()
        reminders = reminders_scheduled(today=day)
        units = sum(r.units_reached.count() for r in reminders)
        retried = notifications_mail_retry()
        self.stdout.write(
            f"{day}: {len(reminders)} reminder(s) reaching {units} unit(s); {retried} earlier e-mail(s) sent now."
        )
