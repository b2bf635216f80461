"""The parsed sheets kept with an import move from a JSON column to compressed JSON bytes: the same data, but a
province's month is some 75 KB instead of 0.7 MB of jsonb that PostgreSQL parses and compresses on every upload."""

import json
import zlib

from django.db import migrations, models


def pack(apps, schema_editor):
    ImportLog = apps.get_model("imports", "ImportLog")
    for log in ImportLog.objects.exclude(sheets=[]).only("pk", "sheets").iterator():
        text = json.dumps(log.sheets, ensure_ascii=False, separators=(",", ":"))
        ImportLog.objects.filter(pk=log.pk).update(sheets_packed=zlib.compress(text.encode(), 1))


def unpack(apps, schema_editor):
    ImportLog = apps.get_model("imports", "ImportLog")
    for log in ImportLog.objects.exclude(sheets_packed=b"").only("pk", "sheets_packed").iterator():
        sheets = json.loads(zlib.decompress(bytes(log.sheets_packed)))
        ImportLog.objects.filter(pk=log.pk).update(sheets=sheets)


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
        migrations.RunPython(pack, unpack),
        migrations.RemoveField(model_name="importlog", name="sheets"),
        migrations.RenameField(model_name="importlog", old_name="sheets_packed", new_name="sheets"),
    ]
