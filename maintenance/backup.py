"""Backup and restore of all data, through Django's own serializers so that it works on SQLite and PostgreSQL alike.

A backup is one tar archive (gzipped when its name ends in .gz or .tgz): ``data.xml`` holds the rows, ``files.json``
lists the uploaded documents the rows refer to, and ``files/<name>`` holds each of them. A plain XML backup of an
earlier version still restores; its documents must then be copied into the media folder by hand, and the restore
names any that are missing.
"""

import io
import json
import logging
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import management
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.management.commands import loaddata
from django.db import transaction

from .files import StoredFile, file_put, stored_files

logger = logging.getLogger("newcitizen.maintenance")

# Rebuilt by migrate (content types, permissions) or worthless in a copy (sessions, login attempts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
DATA, MANIFEST, FILES = "data.xml", "files.json", "files/"


def project_models():
    """The models of the project's own apps (they sit at the repository's root): what a restore must find empty."""
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent == root:
            yield from config.get_models()


@dataclass
class BackupResult:
    objects: int
    files: int
    missing: list[str] = field(default_factory=list)  # files the rows name that are not in the storage (or backup)


def _add(archive: tarfile.TarFile, name: str, handle, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    archive.addfile(info, handle)


def backup_write(*, path: Path) -> BackupResult:
    """Dump all data and every uploaded document it refers to into the archive at ``path``.

    XML rather than JSON: Django's JSON encoder cuts timestamps to milliseconds, and a backup must not change data.
    Primary keys are kept (no natural primary keys), so that every reference comes back exactly as it was;
    permissions and content types are referred to by natural key, since migrate numbers them anew. A document the
    rows name but the storage no longer holds is listed in ``missing`` (the backup is still written).
    """
    buffer = io.StringIO()
    management.call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDED, stdout=buffer)
    data = buffer.getvalue().encode("utf-8")
    kept, missing = [], []
    mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
    with tarfile.open(path, mode) as archive:
        _add(archive, DATA, io.BytesIO(data), len(data))
        for stored in stored_files(project_models()):
            storage = stored.storage()
            try:
                with storage.open(stored.name, "rb") as handle:
                    _add(archive, FILES + stored.name, handle, storage.size(stored.name))
            except FileNotFoundError:
                missing.append(stored.name)
                continue
            kept.append(stored.__dict__)
        manifest = json.dumps(kept, ensure_ascii=False).encode("utf-8")
        _add(archive, MANIFEST, io.BytesIO(manifest), len(manifest))
    if missing:
        logger.warning("backup %s: %s referenced files missing from the storage", path, len(missing))
    return BackupResult(objects=data.count(b"<object "), files=len(kept), missing=missing)


def _load(path: Path) -> int:
    command = loaddata.Command()
    management.call_command(command, str(path), stdout=io.StringIO())
    return command.loaded_object_count


@transaction.atomic
def backup_restore(*, path: Path) -> BackupResult:
    """Load a backup into an empty, migrated database; refuse if it already holds data. All or nothing.

    The rows are loaded first, then the documents are written to the storage; if anything fails, the rows are rolled
    back and the documents written so far are removed again.
    """
    occupied = [m._meta.label for m in project_models() if m.objects.exists()]
    if occupied:
        raise ValidationError(
            "The database is not empty (%(models)s): restore only into a freshly migrated database.",
            code="not_empty",
            params={"models": ", ".join(occupied[:5])},
        )
    # Groups are recreated by migrate; the backup's copy (with its permissions) replaces them.
    apps.get_model("auth", "Group").objects.all().delete()
    if not tarfile.is_tarfile(path):  # a plain XML backup of an earlier version
        objects, files = _load(path), 0
    else:
        with tarfile.open(path) as archive:
            objects = _load_from_archive(archive)
            files = _restore_files(archive)
    missing = [s.name for s in stored_files(project_models()) if not s.storage().exists(s.name)]
    return BackupResult(objects=objects, files=files, missing=missing)


def _member(archive: tarfile.TarFile, name: str):
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise ValidationError(
            "The backup has no %(name)s: it is not a backup made by backup_data.", params={"name": name}
        )
    return handle


def _load_from_archive(archive: tarfile.TarFile) -> int:
    # loaddata reads files by name and tells the format from the name: hand it the data as a temporary .xml file.
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "backup.xml"
        data.write_bytes(_member(archive, DATA).read())
        return _load(data)


def _restore_files(archive: tarfile.TarFile) -> int:
    manifest = [StoredFile(**entry) for entry in json.loads(_member(archive, MANIFEST).read())]
    written: list[StoredFile] = []
    try:
        for stored in manifest:
            file_put(stored=stored, content=File(_member(archive, FILES + stored.name), name=stored.name))
            written.append(stored)
    except BaseException:
        for stored in written:
            stored.storage().delete(stored.name)
        raise
    return len(written)
