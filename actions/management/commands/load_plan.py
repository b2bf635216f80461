from django.core.management.base import BaseCommand

from actions.services import plan_load


class Command(BaseCommand):
    help = "Load the 2023 plan (actions, measures, units, indicators, targets). Safe to run again."

    def handle(self, *args, **options):
        result = plan_load()
        if result.total_created:
            details = ", ".join(f"{name} {n}" for name, n in result.created.items() if n)
            self.stdout.write(self.style.SUCCESS(f"Loaded plan {result.plan.year}: created {details}."))
        else:
            self.stdout.write(f"Plan {result.plan.year} already loaded; nothing changed.")
