"""Bulletins stored before the chain existed went out: after the migration they are issued ones, drafted by their
issuer, and their files are written on their first download (tests/bulletins/test_files.py)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bulletins", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_a_bulletin_issued_before_the_chain_becomes_an_issued_one(plan, coordinator):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldBulletin = executor.loader.project_state(BEFORE).apps.get_model("bulletins", "IssuedBulletin")
    old = OldBulletin.objects.create(
        plan_id=plan.pk,
        month=6,
        number="威人社字〔2023〕45号",
        issued_on=datetime.date(2023, 7, 8),
        recipients="各区市人力资源社会保障局",
        snapshot={"year": 2023, "month": 6, "units": []},
        issued_by_id=coordinator.pk,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from bulletins.models import IssuedBulletin

    bulletin = IssuedBulletin.objects.get(pk=old.pk)
    assert (bulletin.status, bulletin.drafted_by_id, bulletin.number) == (
        "issued",
        coordinator.pk,
        "威人社字〔2023〕45号",
    )
    assert list(IssuedBulletin.objects.issued()) == [bulletin]
    assert IssuedBulletin._meta.get_field("status").default == "draft"  # a new one starts as a draft
