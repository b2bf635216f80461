from django.conf import settings
from django.core.management.base import BaseCommand

from demo.departments import demo_department_returns_load
from demo.progress_report import demo_progress_report_load
from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load
from weihai_newcitizen import clock


class Command(BaseCommand):
    help = "Create the demo logins and the demo 2023 returns. Safe to run again: what exists is left alone."

    def handle(self, *args, **options):
        logins = demo_users_load()
        created = demo_returns_load()
        if created:
            self.stdout.write(f"Created {created} demo returns for 2023.")
        created = demo_department_returns_load()
        if created:
            self.stdout.write(f"Created {created} demo department returns for 2023.")
        if demo_progress_report_load():
            self.stdout.write("Issued the demo half-year progress report to the province (2023 上半年).")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, description in logins:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in with one of them.")
        if clock.demo_today():
            self.stdout.write(f"The app shows the demo as of {clock.demo_today():%Y-%m-%d} (NEWCITIZEN_TODAY).")
        self.stdout.write("")
