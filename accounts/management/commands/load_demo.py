from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create the demo logins (and demo returns once the plan is loaded). Safe to run again."

    def handle(self, *args, **options):
        logins = demo_load()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, description in logins:
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with one of them.")
        self.stdout.write("")
