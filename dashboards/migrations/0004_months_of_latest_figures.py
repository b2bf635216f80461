"""The summary keeps the month each unit's latest level (and latest ratio parts) comes from, so the pages can say
which units' figures are not the chosen month's. Rebuild the derived rows from the figures, as 0003 did."""

import importlib

from django.db import migrations, models

# The same rebuild as 0003, now with the model's new columns.
rebuild_summary = importlib.import_module("dashboards.migrations.0003_rebuild_latest_ratio_parts").rebuild_summary


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0003_target_due_mode'),
        ('dashboards', '0003_rebuild_latest_ratio_parts'),
        ('districts', '0001_initial'),
        ('reports', '0002_figure_return_label'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='unityeartodate',
            name='ytd_once_per_unit_month',
        ),
        migrations.AddField(
            model_name='unityeartodate',
            name='all_ratio_month',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='unityeartodate',
            name='all_value_month',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='unityeartodate',
            name='ratio_month',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='unityeartodate',
            name='value_month',
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddConstraint(
            model_name='unityeartodate',
            constraint=models.UniqueConstraint(fields=('plan', 'month', 'unit', 'indicator'), include=('value_sum', 'value_last', 'numerator', 'denominator', 'all_value_sum', 'all_value_last', 'all_numerator', 'all_denominator', 'value_month', 'ratio_month', 'all_value_month', 'all_ratio_month'), name='ytd_once_per_unit_month'),
        ),
        migrations.RunPython(rebuild_summary, migrations.RunPython.noop),
    ]
