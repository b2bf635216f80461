"""The parsed sheets and the changes kept with an import move from JSON columns to compressed JSON bytes: the same
data, but a province's month is some 75 KB of sheets and 60 KB of changes instead of 0.7 MB and 1 MB of jsonb that
PostgreSQL parsed and compressed on every upload and confirm. (The packing is written out here, not imported, so that
this migration keeps working whatever imports.packing becomes.)"""

import json
import zlib

from django.db import migrations, models

FIELDS = ("sheets", "changes")


def _pack(value) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def pack(apps, schema_editor):
    ImportLog = apps.get_model("imports", "ImportLog")
    for log in ImportLog.objects.only("pk", *FIELDS).iterator():
        packed = {f"{name}_packed": _pack(getattr(log, name)) for name in FIELDS if getattr(log, name)}
        if packed:
            ImportLog.objects.filter(pk=log.pk).update(**packed)


def unpack(apps, schema_editor):
    ImportLog = apps.get_model("imports", "ImportLog")
    for log in ImportLog.objects.only("pk", *(f"{name}_packed" for name in FIELDS)).iterator():
        kept = {
            name: json.loads(zlib.decompress(bytes(getattr(log, f"{name}_packed"))))
            for name in FIELDS
            if getattr(log, f"{name}_packed")
        }
        if kept:
            ImportLog.objects.filter(pk=log.pk).update(**kept)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_workbook_kept_in_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="importlog",
            name="sheets_packed",
            field=models.BinaryField(blank=True, default=b"", verbose_name="parsed sheets"),
        ),
        migrations.AddField(
            model_name="importlog",
            name="changes_packed",
            field=models.BinaryField(blank=True, default=b"", verbose_name="changes"),
        ),
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="importlog", name="sheets"),
        migrations.RemoveField(model_name="importlog", name="changes"),
        migrations.RenameField(model_name="importlog", old_name="sheets_packed", new_name="sheets"),
        migrations.RenameField(model_name="importlog", old_name="changes_packed", new_name="changes"),
    ]
