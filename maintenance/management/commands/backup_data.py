from pathlib import Path

from django.core.management.base import BaseCommand

from maintenance.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write all data (plan, units, users, returns, audit trail) and every uploaded document it refers to (filed "
        "plans, import files) into one tar archive, gzipped if the name ends in .gz or .tgz."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        result = backup_write(path=path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {result.objects} objects and {result.files} files to {path}."))
        if result.missing:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(result.missing)} files the data refers to are not in the storage and are not in the "
                    f"backup: {', '.join(result.missing[:10])}"
                )
            )
