from pathlib import Path

from django.core.management.base import BaseCommand

from maintenance.backup import backup_write


class Command(BaseCommand):
    help = "Dump all data (plan, units, users, returns, audit trail) to an XML file, gzipped if it ends in .gz."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        count = backup_write(path=path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} objects to {path}."))
