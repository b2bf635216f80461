"""What a bulletin prints, as plain JSON-able data: the progress API's payload plus the bulletin's own parts.

The live bulletin and an issued one are both read from this shape, so the page, the .docx and the API print the same
numbers, and an issued bulletin, whose snapshot is stored, never moves when a return is corrected afterwards.
"""

from actions.models import PlanYear
from dashboards.api import progress_payload
from dashboards.rollup import progress_rollup
from dashboards.selectors.bulletin import bulletin_for, bulletin_weights
from districts.models import ReportingUnit

from .models import IssuedBulletin

SNAPSHOT_VERSION = 1


def previous_issued(*, year: int, month: int) -> IssuedBulletin | None:
    """The latest bulletin issued about an earlier month: the one a change of rank is measured against."""
    return IssuedBulletin.objects.before(year=year, month=month).select_related("plan").first()


def _with_rank_changes(units: list[dict], previous: IssuedBulletin | None) -> None:
    """Add ``previous_rank`` and ``rank_change`` (positive: moved up) to each unit's entry."""
    before = {}
    if previous is not None:
        before = {u["code"]: u.get("rank") for u in previous.snapshot.get("units", [])}
    for unit in units:
        earlier = before.get(unit["code"])
        unit["previous_rank"] = earlier
        unit["rank_change"] = earlier - unit["rank"] if earlier and unit.get("rank") else None


def bulletin_snapshot(
    *, plan: PlanYear, month: int, units: list[ReportingUnit], include_submitted: bool = False
) -> dict:
    """The bulletin of ``month`` for ``units`` as data, with the change of rank since the previous issued one."""
    rollup = progress_rollup(plan=plan, month=month, units=units, include_submitted=include_submitted)
    bulletin = bulletin_for(plan=plan, month=month, units=units, include_submitted=include_submitted, rollup=rollup)
    payload = progress_payload(rollup=rollup, bulletin=bulletin)
    far_behind = {e.unit.code: [i.name for i in e.far_behind] for e in bulletin.entries}
    short_names = {u.code: u.short_name or u.name for u in units}
    for entry, unit in zip(bulletin.entries, payload["units"], strict=True):
        unit["short_name"] = short_names[entry.unit.code]
        unit["scored"] = entry.scored
        unit["far_behind"] = far_behind[entry.unit.code]
    previous = previous_issued(year=plan.year, month=month)
    _with_rank_changes(payload["units"], previous)
    w_completion, w_timeliness = bulletin_weights()
    payload.update(
        version=SNAPSHOT_VERSION,
        plan_title=plan.title,
        top=[e.unit.code for e in bulletin.top],
        bottom=[e.unit.code for e in bulletin.bottom],
        weights={"completion": float(w_completion), "timeliness": float(w_timeliness)},
        previous=(
            {"number": previous.number, "year": previous.plan.year, "month": previous.month}
            if previous is not None
            else None
        ),
    )
    return payload
