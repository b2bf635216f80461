"""One refresh at a time of a unit's year-to-date summary, held until the step's transaction ends.

Two workflow steps of one unit at the same moment (two returns approved at once, a submission beside an approval)
each replace the unit's summary rows. Without a lock they collide on the rows' unique constraint, or the later step
computes from a snapshot taken before the earlier one committed and leaves a stale summary behind. With the lock the
second step waits, and under READ COMMITTED its next statement sees what the first committed.
"""

from django.db import connection

from districts.models import ReportingUnit


def summary_lock(*, plan_id: int, unit_id: int) -> None:
    """Wait until no other transaction refreshes this unit's summary for this plan year; keep it until commit.

    Call it inside the transaction that writes the summary, before reading the figures. PostgreSQL takes a
    transaction-level advisory lock on the pair (no domain row is locked, so filing and saving are not held up);
    other databases with row locks lock the unit's row; SQLite serialises writers already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"dashboards.summary:{plan_id}:{unit_id}"]
            )
    elif connection.features.has_select_for_update:
        list(ReportingUnit.objects.select_for_update().filter(pk=unit_id).values_list("pk", flat=True))
