from django.core.management.base import BaseCommand

from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load


class Command(BaseCommand):
    help = "Create the demo logins and the demo 2023 returns. Safe to run again: what exists is left alone."

    def handle(self, *args, **options):
        logins = demo_users_load()
        created = demo_returns_load()
        if created:
            self.stdout.write(f"Created {created} demo returns for 2023.")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, description in logins:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with one of them.")
        self.stdout.write("")
