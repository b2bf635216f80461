"""Two workflow steps of one unit at the same moment, through the pages, on real connections in real threads.

Each step refreshes the unit's year-to-date summary; ``dashboards.locks.summary_lock`` makes the second wait for the
first, so both succeed and the summary ends equal to a rebuild from the figures.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from accounts.roles import COORDINATOR
from dashboards.models import UnitYearToDate
from dashboards.summary import summary_rebuild
from reports.models import MonthlyReturn, ReturnStatus, ReturnTransition
from reports.services import (
    FigureInput,
    monthly_return_reopen,
    monthly_return_save,
    monthly_return_send_back,
    monthly_return_start,
    monthly_return_submit,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent transactions on separate connections: SQLite's in-memory test database is not "
        "shared between threads and SQLite serialises writers",
    ),
]

ROUNDS = 20
FIELDS = ("plan_id", "unit_id", "indicator_id", "month", "value_sum", "value_last", "numerator", "denominator",
          "all_value_sum", "all_value_last", "all_numerator", "all_denominator",
          "value_month", "ratio_month", "all_value_month", "all_ratio_month")  # fmt: skip


def _summary():
    return sorted(UnitYearToDate.objects.values_list(*FIELDS))


def _assert_summary_equals_a_rebuild():
    kept = _summary()
    assert kept, "the summary should hold the unit's rows"
    summary_rebuild()
    assert _summary() == kept


def _race(*posts):
    """POST each (client, url, data) at the same moment from its own thread; return the responses."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(index, client, url, data):
        try:
            barrier.wait()
            results[index] = client.post(url, data)
        except Exception as error:  # what each racer got is what the test inspects
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _filed(plan, unit, staff, indicators, month, value):
    monthly_return = monthly_return_start(user=staff, plan=plan, unit=unit, month=month)
    monthly_return_save(
        monthly_return=monthly_return,
        user=staff,
        version=monthly_return.version,
        figures={
            indicators["I1.5.1"].pk: FigureInput(value=Decimal(value)),
            indicators["I1.2.1"].pk: FigureInput(value=Decimal(value) * 2),
        },
    )
    return monthly_return


def _review(pk):
    return reverse("reports:return-review", args=[pk])


def _assert_succeeded(responses):
    for response in responses:
        assert not isinstance(response, Exception), response
        assert response.status_code == 302, response.status_code


def test_two_coordinators_approving_two_returns_of_one_unit_at_once_both_succeed(
    plan, units, indicators, staff, coordinator, make_user
):
    second = make_user("coordinator-2", COORDINATOR)
    first_return = _filed(plan, units["HC"], staff, indicators, 10, 100)
    second_return = _filed(plan, units["HC"], staff, indicators, 11, 50)
    clients = _client(coordinator), _client(second)

    for round_ in range(ROUNDS):
        for monthly_return in (first_return, second_return):
            monthly_return.refresh_from_db()
            if monthly_return.status == ReturnStatus.APPROVED:
                monthly_return_reopen(monthly_return=monthly_return, user=coordinator, reason=f"第{round_}轮")
            monthly_return_submit(monthly_return=monthly_return, user=staff)

        responses = _race(
            (clients[0], _review(first_return.pk), {"decision": "approve"}),
            (clients[1], _review(second_return.pk), {"decision": "approve"}),
        )

        _assert_succeeded(responses)
        statuses = MonthlyReturn.objects.filter(pk__in=[first_return.pk, second_return.pk]).values_list(
            "status", flat=True
        )
        assert set(statuses) == {ReturnStatus.APPROVED}, f"round {round_}"
        _assert_summary_equals_a_rebuild()
    assert ReturnTransition.objects.filter(kind="approve").count() == 2 * ROUNDS


def test_a_submission_and_an_approval_of_one_unit_at_once_both_succeed(plan, units, indicators, staff, coordinator):
    submitted = _filed(plan, units["HC"], staff, indicators, 10, 100)
    approved = _filed(plan, units["HC"], staff, indicators, 11, 50)
    staff_client, coordinator_client = _client(staff), _client(coordinator)

    for round_ in range(ROUNDS):
        submitted.refresh_from_db()
        if submitted.status == ReturnStatus.SUBMITTED:
            monthly_return_send_back(monthly_return=submitted, user=coordinator, reason=f"第{round_}轮")
        approved.refresh_from_db()
        if approved.status == ReturnStatus.APPROVED:
            monthly_return_reopen(monthly_return=approved, user=coordinator, reason=f"第{round_}轮")
        monthly_return_submit(monthly_return=approved, user=staff)

        responses = _race(
            (staff_client, reverse("reports:return-submit", args=[submitted.pk]), {}),
            (coordinator_client, _review(approved.pk), {"decision": "approve"}),
        )

        _assert_succeeded(responses)
        submitted.refresh_from_db()
        approved.refresh_from_db()
        assert (submitted.status, approved.status) == (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED), f"round {round_}"
        _assert_summary_equals_a_rebuild()
    assert ReturnTransition.objects.filter(kind="submit", monthly_return=submitted).count() == ROUNDS
