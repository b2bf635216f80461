"""Ratios are point-in-time rates: the summary now keeps each unit's latest ratio parts instead of running sums.

Rebuild the derived rows from the figures, which stay as they were entered.
"""

from django.db import migrations


def rebuild_summary(apps, schema_editor):
    # The row arithmetic is a pure function of the figures (no models), so the migration shares it with the app.
    from dashboards.summary import unit_year_rows

    Figure = apps.get_model("reports", "Figure")
    UnitYearToDate = apps.get_model("dashboards", "UnitYearToDate")
    UnitYearToDate.objects.all().delete()
    # The rows carry the columns of the app as it is now; keep those this migration's model has (0004 adds more).
    known = {f.attname for f in UnitYearToDate._meta.concrete_fields}
    figures = (
        Figure.objects.order_by("monthly_return__plan_id", "monthly_return__unit_id")
        .values_list(
            "monthly_return__plan_id",
            "monthly_return__unit_id",
            "monthly_return__month",
            "monthly_return__status",
            "indicator_id",
            "value",
            "numerator",
            "denominator",
        )
        .iterator(chunk_size=20_000)
    )
    current, batch, pending = None, [], []

    def flush_unit():
        pending.extend(
            UnitYearToDate(plan_id=current[0], unit_id=current[1], **{k: v for k, v in row.items() if k in known})
            for row in unit_year_rows(batch)
        )

    for plan_id, unit_id, *figure in figures:
        if (plan_id, unit_id) != current:
            if batch:
                flush_unit()
            current, batch = (plan_id, unit_id), []
            if len(pending) > 20_000:
                UnitYearToDate.objects.bulk_create(pending, batch_size=2000)
                pending = []
        batch.append(figure)
    if batch:
        flush_unit()
    UnitYearToDate.objects.bulk_create(pending, batch_size=2000)
    # Dashboard pages cached under the old rows must not answer again (dashboards/cache.py).
    from dashboards.cache import data_version_bump

    data_version_bump()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0002_unit_year_to_date"),
        ("reports", "0002_figure_return_label"),
    ]

    operations = [migrations.RunPython(rebuild_summary, migrations.RunPython.noop)]
