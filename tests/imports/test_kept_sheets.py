"""The parsed sheets and the changes kept with an import: compressed JSON on the import log, and logs kept as JSON
before that move (migration imports/0003) read the same afterwards."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imports.reading import UNCOMPUTED, Cell, Sheet, sheets_dump, sheets_pack, sheets_unpack

SHEETS = [
    Sheet("数据", [(1, [Cell("区市代码"), Cell("本月数值")]), (2, [Cell("HC"), Cell(1500), Cell(0.25, "0%")])]),
    Sheet("说明", [(3, [Cell("已完成，招聘会：3场；（含线上）"), Cell(UNCOMPUTED), Cell(datetime.date(2023, 6, 1))])]),
]


def test_packed_sheets_unpack_to_the_same_cells():
    packed = sheets_pack(SHEETS)
    assert isinstance(packed, bytes)
    assert sheets_unpack(packed) == SHEETS


def test_no_kept_sheets_unpack_to_none():
    assert sheets_unpack(b"") == []


@pytest.mark.django_db(transaction=True)
def test_logs_kept_as_json_before_the_move_unpack_after_it(admin_user, plan):
    executor = MigrationExecutor(connection)
    executor.migrate([("imports", "0002_workbook_kept_in_database")])
    old_apps = executor.loader.project_state([("imports", "0002_workbook_kept_in_database")]).apps
    OldLog = old_apps.get_model("imports", "ImportLog")
    changes = [{"unit": "环翠区", "month": 6, "item": "I1.2.1", "field": "本月数值", "old": "", "new": "10"}]
    kept = OldLog.objects.create(
        user_id=admin_user.pk, plan_id=plan.pk, file_name="a.xlsx", sheets=sheets_dump(SHEETS), changes=changes
    )
    empty = OldLog.objects.create(user_id=admin_user.pk, plan_id=plan.pk, file_name="b.xlsx")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from imports.models import ImportLog

    assert sheets_unpack(ImportLog.objects.get(pk=kept.pk).sheets) == SHEETS
    assert ImportLog.objects.get(pk=kept.pk).change_list == changes
    assert sheets_unpack(ImportLog.objects.get(pk=empty.pk).sheets) == []
    assert ImportLog.objects.get(pk=empty.pk).change_list == []


@pytest.mark.django_db(transaction=True)
def test_the_move_back_restores_the_json(admin_user, plan):
    from imports.models import ImportLog
    from imports.packing import json_pack

    changes = [{"unit": "文登区", "month": 7, "item": "I5.0.1", "field": "分子", "old": "1", "new": "2"}]
    log = ImportLog.objects.create(
        user=admin_user, plan=plan, file_name="c.xlsx", sheets=sheets_pack(SHEETS), changes=json_pack(changes)
    )
    executor = MigrationExecutor(connection)
    executor.migrate([("imports", "0002_workbook_kept_in_database")])
    OldLog = executor.loader.project_state([("imports", "0002_workbook_kept_in_database")]).apps.get_model(
        "imports", "ImportLog"
    )
    old = OldLog.objects.get(pk=log.pk)
    assert (old.sheets, old.changes) == (sheets_dump(SHEETS), changes)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
