"""Backup and restore of all data, through Django's own serializers so that it works on SQLite and PostgreSQL alike."""

import gzip
import io
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management
from django.core.exceptions import ValidationError
from django.db import transaction

# Rebuilt by migrate (content types, permissions) or worthless in a copy (sessions, login attempts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def project_models():
    """The models of the project's own apps (they sit at the repository's root): what a restore must find empty."""
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent == root:
            yield from config.get_models()


def _open_for_writing(path: Path):
    return gzip.open(path, "wt", encoding="utf-8") if path.suffix == ".gz" else open(path, "w", encoding="utf-8")


def backup_write(*, path: Path) -> int:
    """Dump all data to ``path`` (XML, gzipped when it ends in .gz); return the number of objects.

    XML rather than JSON: Django's JSON encoder cuts timestamps to milliseconds, and a backup must not change data.
    Primary keys are kept (no natural primary keys), so that every reference comes back exactly as it was;
    permissions and content types are referred to by natural key, since migrate numbers them anew.
    """
    buffer = io.StringIO()
    management.call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDED, stdout=buffer)
    text = buffer.getvalue()
    with _open_for_writing(path) as out:
        out.write(text)
    return text.count("<object ")


@transaction.atomic
def backup_restore(*, path: Path) -> int:
    """Load a backup into an empty, migrated database; refuse if it already holds data. All or nothing."""
    occupied = [m._meta.label for m in project_models() if m.objects.exists()]
    if occupied:
        raise ValidationError(
            "The database is not empty (%(models)s): restore only into a freshly migrated database.",
            code="not_empty",
            params={"models": ", ".join(occupied[:5])},
        )
    # Groups are recreated by migrate; the backup's copy (with its permissions) replaces them.
    apps.get_model("auth", "Group").objects.all().delete()
    management.call_command("loaddata", str(path), stdout=io.StringIO())
    return sum(m.objects.count() for m in project_models())
