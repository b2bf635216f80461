"""Simultaneous clicks and imports, with real threads on real connections.

SQLite cannot run these: pytest's SQLite test database lives in memory and is not shared between threads' connections,
and SQLite serialises all writers anyway. They run on PostgreSQL, where row locks and concurrent transactions are real.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from actions.models import Indicator
from imports.models import ImportLog
from imports.services import ImportRefused, import_apply, import_upload_create
from reports.models import ChangeEntry, Figure, MonthlyReturn, ReturnStatus, ReturnTransition
from reports.services import (
    FigureInput,
    monthly_return_approve,
    monthly_return_save,
    monthly_return_submit,
)
from tests.imports.conftest import long_file

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent transactions on separate connections: SQLite's in-memory test database is not "
        "shared between threads and SQLite serialises writers",
    ),
]


def _race(*calls):
    """Run the calls at the same moment in their own threads; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the outcome of each racer is what the test inspects
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_submissions_leave_one_transition(hc_return, staff_hc):
    results = _race(
        lambda: monthly_return_submit(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=staff_hc),
        lambda: monthly_return_submit(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=staff_hc),
    )
    assert sum(isinstance(r, ReturnTransition) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert ReturnTransition.objects.filter(monthly_return=hc_return).count() == 1
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED


def test_two_simultaneous_approvals_leave_one_transition(hc_return, staff_hc, coordinator, admin_user):
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    results = _race(
        lambda: monthly_return_approve(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=coordinator),
        lambda: monthly_return_approve(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=admin_user),
    )
    assert sum(isinstance(r, ReturnTransition) for r in results) == 1
    assert ReturnTransition.objects.filter(monthly_return=hc_return, kind="approve").count() == 1


def test_two_simultaneous_saves_of_one_version_keep_one_and_one_audit_trail(hc_return, staff_hc, plan):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")

    def save(value):
        return lambda: monthly_return_save(
            monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk),
            user=staff_hc,
            version=1,
            figures={flow.pk: FigureInput(value=Decimal(value))},
        )

    results = _race(save(10), save(20))
    assert sorted(type(r).__name__ for r in results) == ["ValidationError", "int"]
    stale = next(r for r in results if isinstance(r, ValidationError))
    assert stale.code == "stale"
    saved = Figure.objects.get(monthly_return=hc_return, indicator=flow).value
    assert saved in (10, 20)
    entries = list(ChangeEntry.objects.filter(monthly_return=hc_return).values_list("new_value", flat=True))
    assert entries == [format(saved.normalize(), "f")]


def test_two_simultaneous_imports_of_overlapping_data_leave_a_consistent_state(admin_user, plan):
    first = import_upload_create(
        user=admin_user,
        plan=plan,
        name="first.xlsx",
        data=long_file(["HC", "2023-06", "I1.2.1", 10, None, None], ["WD", "2023-06", "I1.2.1", 11, None, None]),
    )
    second = import_upload_create(
        user=admin_user,
        plan=plan,
        name="second.xlsx",
        data=long_file(["HC", "2023-06", "I1.2.1", 30, None, None], ["WD", "2023-06", "I1.2.2", 31, None, None]),
    )
    results = _race(
        lambda: import_apply(log=ImportLog.objects.get(pk=first.pk), user=admin_user),
        lambda: import_apply(log=ImportLog.objects.get(pk=second.pk), user=admin_user),
    )
    applied = [log for log in ImportLog.objects.filter(status=ImportLog.Status.APPLIED)]
    assert 1 <= len(applied) <= 2
    for result in results:
        assert isinstance(result, ImportLog | ValidationError | ImportRefused), result
    # Whatever won, every figure's audit trail ends at the value that is stored.
    for figure in Figure.objects.select_related("indicator", "monthly_return"):
        trail = list(
            ChangeEntry.objects.filter(monthly_return=figure.monthly_return, indicator=figure.indicator, field="value")
            .order_by("pk")
            .values_list("new_value", flat=True)
        )
        assert trail and trail[-1] == format(figure.value.normalize(), "f")
    if len(applied) == 1:
        loser = second if applied[0].pk == first.pk else first
        assert ImportLog.objects.get(pk=loser.pk).status == ImportLog.Status.PREVIEWED
