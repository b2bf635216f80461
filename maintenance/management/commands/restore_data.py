from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maintenance.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Load a backup made by backup_data (its data and its documents) into an empty, migrated database "
        "(run `migrate` first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        try:
            result = backup_restore(path=path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {result.objects} objects and {result.files} files from {path}.")
        )
        if result.missing:
            # An XML backup of an earlier version holds no documents: they come from the old media folder.
            self.stderr.write(
                self.style.WARNING(
                    f"{len(result.missing)} documents the data refers to are not in the storage; copy them from the "
                    f"old server's media folder (MEDIA_ROOT) to the same paths: {', '.join(result.missing[:10])}"
                )
            )
