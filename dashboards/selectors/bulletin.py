"""The bulletin (通报): units ranked by completion against their own targets and the timeliness of their returns."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from actions.models import Indicator, PlanYear
from districts.models import ReportingUnit

from ..counted import UnitState
from ..rollup import Rollup, progress_rollup
from ..rules import display
from .timeliness import TimelinessRow, timeliness_table


def bulletin_weights() -> tuple[Decimal, Decimal]:
    """Weights of completion and timeliness in the bulletin's composite (settings.NEWCITIZEN["BULLETIN_WEIGHTS"])."""
    weights = settings.NEWCITIZEN.get("BULLETIN_WEIGHTS", {"completion": 70, "timeliness": 30})
    return Decimal(str(weights["completion"])), Decimal(str(weights["timeliness"]))


@dataclass
class BulletinEntry:
    unit: ReportingUnit
    completion_score: Decimal | None
    on_time_rate: Decimal | None
    composite: Decimal | None
    scored: int  # how many of the unit's figures had a target and counted
    far_behind: list[Indicator] = field(default_factory=list)
    rank: int = 0
    # The unrounded scores: the ranking and the composite are made from these, the columns above round them once.
    exact_completion_score: Decimal | None = None
    exact_on_time_rate: Decimal | None = None
    exact_composite: Decimal | None = None
    # Whether the unit's return of the bulletin's month is in the figures, and otherwise why (counted.UnitState).
    state: str = UnitState.COUNTED

    @property
    def state_label(self) -> str:
        return UnitState(self.state).label


@dataclass
class Bulletin:
    plan: PlanYear
    month: int
    include_submitted: bool
    entries: list[BulletinEntry]
    rollup: Rollup
    timeliness: list[TimelinessRow]
    named: int

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.plan.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.plan.year, self.month, 1)

    @property
    def ranked(self) -> list[BulletinEntry]:
        return [e for e in self.entries if e.composite is not None]

    @property
    def top(self) -> list[BulletinEntry]:
        return self.ranked[: self.named]

    @property
    def bottom(self) -> list[BulletinEntry]:
        return self.ranked[-self.named :] if self.named else []

    @property
    def weights(self) -> tuple[Decimal, Decimal]:
        return bulletin_weights()


def _composite(completion: Decimal | None, timeliness: Decimal | None) -> Decimal | None:
    """The weighted composite of the exact parts, unrounded (round it once, for display)."""
    w_completion, w_timeliness = bulletin_weights()
    parts = [(completion, w_completion), (timeliness, w_timeliness)]
    parts = [(v, w) for v, w in parts if v is not None]
    if not parts:
        return None
    # A unit with no target yet is judged on timeliness alone rather than given a zero it did not earn.
    return sum(v * w for v, w in parts) / sum(w for _v, w in parts)


def bulletin_for(
    *,
    plan: PlanYear,
    month: int,
    units: list[ReportingUnit],
    include_submitted: bool = False,
    today: datetime.date | None = None,
    rollup: Rollup | None = None,
) -> Bulletin:
    """Units ranked by a composite of completion against their own targets and the timeliness of their returns.

    Completion: the mean, over the unit's figures that have a target, of completion ÷ what is due by now (capped).
    Timeliness: the share of the unit's due returns filed on time. Every score is computed from the exact parts and
    rounded once for display; units are ranked on the exact composite, and only exactly equal ones share a rank.
    """
    if rollup is None:
        rollup = progress_rollup(plan=plan, month=month, units=units, include_submitted=include_submitted)
    timeliness = timeliness_table(plan=plan, month=month, units=units, today=today)
    on_time = {row.unit.pk: row.exact_on_time_rate for row in timeliness}
    scores = rollup.exact_unit_completion_scores()
    entries = []
    for unit in units:
        cells = [(row.indicator, row.units[unit.pk]) for row in rollup.rows]
        composite = _composite(scores[unit.pk], on_time[unit.pk])
        entries.append(
            BulletinEntry(
                unit=unit,
                completion_score=display(scores[unit.pk]),
                on_time_rate=display(on_time[unit.pk]),
                composite=display(composite),
                scored=sum(1 for _i, c in cells if c.is_scored),
                far_behind=[i for i, c in cells if c.is_far_behind],
                exact_completion_score=scores[unit.pk],
                exact_on_time_rate=on_time[unit.pk],
                exact_composite=composite,
                state=rollup.counted.states[unit.pk],
            )
        )
    entries.sort(key=lambda e: (e.exact_composite is None, -(e.exact_composite or 0), e.unit.sort_order, e.unit.code))
    previous, rank = None, 0
    for position, entry in enumerate(entries, start=1):
        if entry.exact_composite != previous:
            rank, previous = position, entry.exact_composite
        entry.rank = rank if entry.exact_composite is not None else 0
    named = min(
        int(settings.NEWCITIZEN.get("BULLETIN_NAMED", 3)), len([e for e in entries if e.composite is not None]) // 2
    )
    return Bulletin(
        plan=plan,
        month=month,
        include_submitted=include_submitted,
        entries=entries,
        rollup=rollup,
        timeliness=timeliness,
        named=named,
    )
