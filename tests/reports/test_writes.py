"""Many returns saved at once (an imported file): written as plain rows, with the same figures, notes and audit trail
as the form's save, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import Measure
from reports import writes
from reports.bulk import rows_insert
from reports.models import ChangeEntry, ChangeSource, Figure, MeasureProgress, MonthlyReturn, ProgressStatus
from reports.services import FigureInput, ProgressInput, ReturnWrite, monthly_return_save, monthly_returns_save


@pytest.fixture
def measure(plan):
    return Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()


def _import(plan, user, writes):
    return monthly_returns_save(user=user, plan=plan, writes=writes, source_name="hc.xlsx")


def test_a_file_writes_new_figures_notes_and_one_audit_entry_per_field(
    plan, admin_user, unit_hc, unit_wd, flow, ratio, measure
):
    before = timezone.now()
    changed = _import(
        plan,
        admin_user,
        [
            ReturnWrite(
                unit=unit_hc,
                month=4,
                version=None,
                figures={
                    flow.pk: FigureInput(value=Decimal("12")),
                    ratio.pk: FigureInput(numerator=Decimal(3), denominator=Decimal(4)),
                },
                progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="已完成，招聘会：3场")},
            ),
            ReturnWrite(
                unit=unit_wd, month=4, version=None, figures={flow.pk: FigureInput(value=Decimal("7"))}, progress={}
            ),
        ],
    )
    assert changed == 6  # value; numerator, denominator; status, note; value
    hc = MonthlyReturn.objects.get(unit=unit_hc, month=4)
    assert hc.figures.get(indicator=flow).value == Decimal("12")
    assert (hc.figures.get(indicator=ratio).numerator, hc.figures.get(indicator=ratio).denominator) == (3, 4)
    assert hc.progress.get(measure=measure).note == "已完成，招聘会：3场"
    assert MonthlyReturn.objects.get(unit=unit_wd, month=4).figures.get().value == Decimal("7")
    entries = list(ChangeEntry.objects.filter(monthly_return=hc).order_by("field"))
    assert [(e.field, e.old_value, e.new_value) for e in entries] == [
        ("denominator", "", "4"),
        ("note", "", "已完成，招聘会：3场"),
        ("numerator", "", "3"),
        ("status", "", ProgressStatus.IN_PROGRESS),
        ("value", "", "12"),
    ]
    for entry in entries:
        assert entry.user == admin_user
        assert (entry.source, entry.source_name) == (ChangeSource.IMPORT, "hc.xlsx")
        assert before - datetime.timedelta(seconds=1) <= entry.at <= timezone.now()
    assert ChangeEntry.objects.get(field="numerator").indicator == ratio
    assert ChangeEntry.objects.get(field="note").measure == measure


def test_changed_figures_keep_their_rows_and_unchanged_ones_are_not_touched(plan, admin_user, unit_hc, flow, ratio):
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=4)
    monthly_return_save(
        monthly_return=monthly_return,
        user=admin_user,
        version=1,
        figures={
            flow.pk: FigureInput(value=Decimal(5)),
            ratio.pk: FigureInput(numerator=Decimal(1), denominator=Decimal(2)),
        },
        source=ChangeSource.IMPORT,
    )
    ids = {f.indicator_id: f.pk for f in Figure.objects.all()}
    changed = _import(
        plan,
        admin_user,
        [
            ReturnWrite(
                unit=unit_hc,
                month=4,
                version=2,
                figures={
                    flow.pk: FigureInput(value=Decimal(6)),
                    ratio.pk: FigureInput(numerator=Decimal(1), denominator=Decimal(2)),
                },
                progress={},
            )
        ],
    )
    assert changed == 1
    assert {f.indicator_id: f.pk for f in Figure.objects.all()} == ids
    assert Figure.objects.get(indicator=flow).value == 6
    assert ChangeEntry.objects.filter(source_name="hc.xlsx").values_list("old_value", "new_value").get() == ("5", "6")
    assert MonthlyReturn.objects.get(pk=monthly_return.pk).version == 3


def test_a_changed_note_keeps_its_row(plan, admin_user, unit_hc, measure):
    write = lambda note, version: ReturnWrite(  # noqa: E731
        unit=unit_hc, month=4, version=version, figures={}, progress={measure.pk: ProgressInput("in_progress", note)}
    )
    _import(plan, admin_user, [write("一", None)])
    entry = MeasureProgress.objects.get()
    _import(plan, admin_user, [write("二", 2)])
    assert MeasureProgress.objects.values_list("pk", "note").get() == (entry.pk, "二")


def test_a_write_that_fails_undoes_the_whole_save(plan, admin_user, unit_hc, unit_wd, flow, measure, monkeypatch):
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=4)
    monthly_return_save(
        monthly_return=monthly_return,
        user=admin_user,
        version=1,
        figures={flow.pk: FigureInput(value=Decimal(5))},
        source=ChangeSource.IMPORT,
    )
    figures, entries = list(Figure.objects.values_list("pk", "value")), ChangeEntry.objects.count()
    real_insert = writes.rows_insert

    def failing(model, fields, rows):
        if model is ChangeEntry:  # the last write of the save: figures and notes are already written by then
            raise IntegrityError("the audit trail could not be written")
        return real_insert(model, fields, rows)

    monkeypatch.setattr(writes, "rows_insert", failing)
    with pytest.raises(IntegrityError):
        _import(
            plan,
            admin_user,
            [
                ReturnWrite(
                    unit=unit_hc,
                    month=4,
                    version=2,
                    figures={flow.pk: FigureInput(value=Decimal(6))},
                    progress={measure.pk: ProgressInput(ProgressStatus.DONE, "完成")},
                ),
                ReturnWrite(
                    unit=unit_wd, month=4, version=None, figures={flow.pk: FigureInput(value=Decimal(1))}, progress={}
                ),
            ],
        )
    assert list(Figure.objects.values_list("pk", "value")) == figures
    assert ChangeEntry.objects.count() == entries
    assert not MeasureProgress.objects.exists()
    assert MonthlyReturn.objects.get(pk=monthly_return.pk).version == 2
    assert not MonthlyReturn.objects.filter(unit=unit_wd).exists()


def test_a_row_the_database_refuses_is_refused_in_the_statement(plan, unit_hc, flow):
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=4)
    columns = ("monthly_return", "indicator", "value", "numerator", "denominator", "comment")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Figure, columns, [(monthly_return.pk, flow.pk, Decimal(-1), None, None, "")])  # below zero
    assert not Figure.objects.exists()


def test_rows_must_name_every_column_of_the_table(unit_hc):
    with pytest.raises(ValueError, match="comment"):
        rows_insert(
            Figure, ("monthly_return", "indicator", "value", "numerator", "denominator"), [(1, 1, 1, None, None)]
        )
