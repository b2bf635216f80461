"""Each responsible department gets the unit it files its own returns as; 5.1 and 5.2 of 2023 become the city's."""

from django.db import migrations


def forwards(apps, schema_editor):
    ResponsibleUnit = apps.get_model("actions", "ResponsibleUnit")
    ReportingUnit = apps.get_model("districts", "ReportingUnit")
    Measure = apps.get_model("actions", "Measure")
    for department in ResponsibleUnit.objects.filter(reporting_unit__isnull=True):
        unit, _created = ReportingUnit.objects.get_or_create(
            code=f"DEPT-{department.code}",
            defaults={
                "name": department.name,
                "short_name": department.name,
                "kind": "department",
                "sort_order": 1000 + department.sort_order,
            },
        )
        department.reporting_unit = unit
        department.save(update_fields=["reporting_unit"])
    # The plan's 5.1 (the city's public-service plan) and 5.2 (fiscal transfers) are the city's own work.
    Measure.objects.filter(action__plan__year=2023, action__number=5, number__in=[1, 2]).update(
        reported_by_districts=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_department_returns"),
        ("districts", "0002_department_kind"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
