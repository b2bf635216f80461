"""Which counted units' return of a month is not approved yet: what a bulletin would go out without."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus


class Missing(models.TextChoices):
    NOT_FILED = "not_filed", _("Not filed")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Sent back")


_STATE = {
    ReturnStatus.DRAFT: Missing.NOT_FILED,  # begun but not handed in: not filed, for the bulletin
    ReturnStatus.UNIT_CHECK: Missing.NOT_FILED,  # still with the unit's checker
    ReturnStatus.SUBMITTED: Missing.SUBMITTED,
    ReturnStatus.RETURNED: Missing.RETURNED,
}


def missing_returns(
    *, plan: PlanYear, month: int, units: list[ReportingUnit], include_submitted: bool = False
) -> list[dict]:
    """Each of ``units`` whose return of ``month`` is not counted: ``{"code", "name", "state"}``, in unit order.

    One query. ``state`` is a ``Missing`` value: not filed (none, or a draft), awaiting review, sent back. A
    submitted return is counted, so not missing, when the bulletin also counts submitted returns.
    """
    counting = {ReturnStatus.APPROVED, *([ReturnStatus.SUBMITTED] if include_submitted else [])}
    statuses = dict(
        MonthlyReturn.objects.filter(plan=plan, month=month, unit__in=units).values_list("unit_id", "status")
    )
    missing = []
    for unit in units:
        status = statuses.get(unit.pk)
        if status in counting:
            continue
        state = _STATE.get(status, Missing.NOT_FILED)
        missing.append({"code": unit.code, "name": unit.name, "state": str(state)})
    return missing


def missing_label(state: str) -> str:
    try:
        return str(Missing(state).label)
    except ValueError:
        return state
