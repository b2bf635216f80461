"""The floor under the dashboard: one hand-written PostgreSQL query for the top-level roll-up.

It computes, straight from the returns and their figures, what the progress page shows for the whole tree:
for each active indicator, the summed flows, the sum of each filing unit's latest reported stock level, and the
sums of each filing unit's latest ratio parts (of its latest month with both), over the counted returns up to the
month.
"""

from decimal import Decimal

from django.db import connection

from actions.models import Indicator, PlanYear
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn, ReturnStatus

FLOOR_SQL = """
WITH leaves AS (
    SELECT u.id FROM {unit} u
    WHERE u.is_active AND NOT EXISTS (SELECT 1 FROM {unit} c WHERE c.parent_id = u.id AND c.is_active)
),
f AS (
    SELECT f.indicator_id, i.kind, r.unit_id, r.month, f.value, f.numerator, f.denominator
    FROM {ret} r
    JOIN leaves l ON l.id = r.unit_id
    JOIN {fig} f ON f.monthly_return_id = r.id
    JOIN {ind} i ON i.id = f.indicator_id
    WHERE r.plan_id = %(plan)s AND r.month <= %(month)s AND r.status = ANY(%(statuses)s) AND i.is_active
),
latest AS (
    SELECT DISTINCT ON (unit_id, indicator_id) indicator_id, value
    FROM f WHERE kind = 'stock' AND value IS NOT NULL
    ORDER BY unit_id, indicator_id, month DESC
),
latest_rate AS (
    SELECT DISTINCT ON (unit_id, indicator_id) indicator_id, numerator, denominator
    FROM f WHERE kind = 'ratio' AND numerator IS NOT NULL AND denominator IS NOT NULL
    ORDER BY unit_id, indicator_id, month DESC
),
ratio_values AS (
    SELECT indicator_id, SUM(value) AS value FROM f WHERE kind = 'ratio' GROUP BY indicator_id
)
SELECT indicator_id, SUM(value), NULL::numeric, NULL::numeric FROM f WHERE kind = 'flow' GROUP BY indicator_id
UNION ALL
SELECT indicator_id, SUM(value), NULL::numeric, NULL::numeric FROM latest GROUP BY indicator_id
UNION ALL
SELECT v.indicator_id, v.value, r.numerator, r.denominator
FROM ratio_values v
LEFT JOIN (
    SELECT indicator_id, SUM(numerator) AS numerator, SUM(denominator) AS denominator
    FROM latest_rate GROUP BY indicator_id
) r ON r.indicator_id = v.indicator_id
"""


def floor_totals(
    *, plan: PlanYear, month: int, include_submitted: bool = False
) -> dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    """{indicator pk: (value, numerator, denominator)} for every filing unit, in one query."""
    statuses = [ReturnStatus.APPROVED.value] + ([ReturnStatus.SUBMITTED.value] if include_submitted else [])
    sql = FLOOR_SQL.format(
        unit=ReportingUnit._meta.db_table,
        ret=MonthlyReturn._meta.db_table,
        fig=Figure._meta.db_table,
        ind=Indicator._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"plan": plan.pk, "month": month, "statuses": statuses})
        return {row[0]: (row[1], row[2], row[3]) for row in cursor.fetchall()}
