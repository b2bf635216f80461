"""Timeliness: per unit and month, filed on time, late, not filed, or not yet due."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus, due_date_for
from weihai_newcitizen import clock

from ..rules import HUNDRED, display


class Punctuality(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Not filed")
    PENDING = "pending", _("Not yet due")


FILED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


@dataclass
class TimelinessRow:
    unit: ReportingUnit
    months: list[tuple[int, str, int | None]]  # (month, Punctuality, return pk)
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def exact_on_time_rate(self) -> Decimal | None:
        if not self.due:
            return None
        return Decimal(self.on_time) * HUNDRED / self.due

    @property
    def on_time_rate(self) -> Decimal | None:
        return display(self.exact_on_time_rate)


def timeliness_table(
    *, plan: PlanYear, month: int, units: list[ReportingUnit], today: datetime.date | None = None
) -> list[TimelinessRow]:
    """Per unit and month up to ``month``: filed on time, late, not filed, or not yet due; one query.

    A return is filed while it stands submitted or approved, as the 催报 box counts it; whether it was late is
    recorded at its first submission (``MonthlyReturn.is_late``). A draft, or a return sent back (or reopened) and
    not yet resubmitted, is not filed: missing once due, not 逾期 (which says a return came in late).
    """
    today = today or clock.today()
    filed = {
        (r["unit_id"], r["month"]): r
        for r in MonthlyReturn.objects.filter(
            plan=plan, unit__in=units, month__lte=month, first_submitted_at__isnull=False
        ).values("id", "unit_id", "month", "is_late", "status")
    }
    rows = []
    for unit in units:
        row = TimelinessRow(unit=unit, months=[])
        for m in range(1, month + 1):
            record = filed.get((unit.pk, m))
            if record is None or record["status"] not in FILED_STATUSES:
                due = due_date_for(year=plan.year, month=m, due_day=plan.due_day)
                state = Punctuality.PENDING if today <= due else Punctuality.MISSING
            else:
                state = Punctuality.LATE if record["is_late"] else Punctuality.ON_TIME
            if state == Punctuality.ON_TIME:
                row.on_time += 1
            elif state == Punctuality.LATE:
                row.late += 1
            elif state == Punctuality.MISSING:
                row.missing += 1
            row.months.append((m, state, record["id"] if record else None))
        rows.append(row)
    return rows
