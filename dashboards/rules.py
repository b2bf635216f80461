"""The plan's rules for judging a figure against its target (DOMAIN.md, "Indicators" and "Time").

Everything here works on the exact figures (Decimal, as entered and as added up); a number is rounded once, half up,
only where a person reads it (``display``). ``rollup.py`` fetches the figures; this module only judges them.

- 序时进度 (the schedule) is the share of the year gone, M/12, the same for every flow target, 左右 included: a flow
  is on schedule when its year to date reaches T × M/12; the 左右 tolerance only decides whether the year's target
  is met. In December the year is over: met, or not met.
- A stock target is a level to *hold* (judged every month against the whole target) or something to *build* by a
  deadline month (before it a unit short of the target is in progress, from it on not met).
- A rate is judged on the latest rate against its target; ``increase`` targets against the baseline, no schedule.
- In any score a level above its target counts 100 %, never more.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actions.models import Indicator, Target

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
LAST_MONTH = 12


class Status(models.TextChoices):
    ON_SCHEDULE = "on_schedule", _("On schedule")
    SLIGHTLY_BEHIND = "slightly_behind", _("Slightly behind")
    BEHIND = "behind", _("Behind")
    FAR_BEHIND = "far_behind", _("Far behind")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NO_TARGET = "no_target", _("No target")
    NO_DATA = "no_data", _("No figures")


# Statuses that say the unit reaches what is asked of it by now.
REACHING = (Status.ON_SCHEDULE, Status.MET)


def display(value: Decimal | None, places: Decimal = ONE_DECIMAL) -> Decimal | None:
    """Round an exact figure once, half up, for people to read (0.75 → 0.8, −0.75 → −0.8)."""
    return None if value is None else value.quantize(places, ROUND_HALF_UP)


def about_tolerance() -> Decimal:
    """The share of a 左右 target that counts as met (settings.NEWCITIZEN["ABOUT_TOLERANCE"])."""
    return Decimal(str(settings.NEWCITIZEN.get("ABOUT_TOLERANCE", 0.95)))


def status_thresholds() -> tuple[Decimal, Decimal, Decimal]:
    """Gap (points) at or above which a figure is on schedule, slightly behind, behind; below the last: far behind."""
    values = settings.NEWCITIZEN.get("STATUS_THRESHOLDS", (0, -10, -30))
    return tuple(Decimal(str(v)) for v in values)


def status_for_gap(gap: Decimal) -> str:
    on, slightly, behind = status_thresholds()
    if gap >= on:
        return Status.ON_SCHEDULE
    if gap >= slightly:
        return Status.SLIGHTLY_BEHIND
    if gap >= behind:
        return Status.BEHIND
    return Status.FAR_BEHIND


def exact_schedule_share(month: int) -> Decimal:
    """序时进度, exact: the share of the year elapsed at the end of ``month``, in per cent."""
    return Decimal(month) * HUNDRED / LAST_MONTH


def schedule_share(month: int) -> Decimal:
    """序时进度 as shown: the same number in the header, the tables, the chart and the bulletin."""
    return display(exact_schedule_share(month))


@dataclass
class Totals:
    """What one unit, or a group of units, counted for one indicator up to the chosen month."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # One unit's: the month its latest level or rate (a flow: its last counted month) comes from. A sum of units has
    # no one month, so adding drops it.
    month: int | None = None

    def __add__(self, other: "Totals") -> "Totals":
        def add(a, b):
            if a is None:
                return b
            return a if b is None else a + b

        return Totals(
            value=add(self.value, other.value),
            numerator=add(self.numerator, other.numerator),
            denominator=add(self.denominator, other.denominator),
        )

    @property
    def exact_rate(self) -> Decimal | None:
        """The rate in %, unrounded: targets are judged on this, never on what the page shows."""
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator * HUNDRED / self.denominator

    @property
    def rate(self) -> Decimal | None:
        return display(self.exact_rate, Decimal("0.01"))


@dataclass
class Cell:
    """A year-to-date figure judged against its target: one unit's, a group's or the city's.

    The ``exact_*`` fields carry the unrounded figures every comparison and score is made from; ``completion``,
    ``required`` and ``gap`` are those rounded once, half up, for display.
    """

    totals: Totals
    kind: str
    target: Decimal | None = None  # in the indicator's unit (a rate in % for ratios); the baseline for `increase`
    completion: Decimal | None = None  # % of the target reached
    required: Decimal | None = None  # % of the target due by now (序时进度, or the whole level)
    gap: Decimal | None = None  # completion − required, in points
    status: str = Status.NO_TARGET
    met: bool | None = None
    laggards: list = field(default_factory=list)  # per-district targets: the units that do not reach it
    exact_completion: Decimal | None = None
    exact_required: Decimal | None = None
    is_level: bool = False  # a level or a rate held to a value: over-achievement scores 100 %, not more
    units_met: int | None = None  # per-district targets: how many of ``units_judged`` reach it
    units_judged: int | None = None

    @property
    def value(self) -> Decimal | None:
        """The year-to-date figure: a sum, a level, or a rate in %."""
        return self.totals.rate if self.kind == Indicator.Kind.RATIO else self.totals.value

    @property
    def month(self) -> int | None:
        """The month a unit's figure comes from (its level's, its rate's, its flow's last counted month)."""
        return self.totals.month

    @property
    def exact_gap(self) -> Decimal | None:
        if self.exact_completion is None or self.exact_required is None:
            return None
        return self.exact_completion - self.exact_required

    @property
    def has_target(self) -> bool:
        return self.status != Status.NO_TARGET

    @property
    def reaches(self) -> bool:
        return self.status in REACHING

    @property
    def is_far_behind(self) -> bool:
        """Far behind by now; in December (or from a build deadline), not met and far short of the target."""
        if self.status == Status.FAR_BEHIND:
            return True
        gap = self.exact_gap
        return self.status == Status.NOT_MET and gap is not None and status_for_gap(gap) == Status.FAR_BEHIND

    @property
    def is_scored(self) -> bool:
        """Cells without a target or without figures are left out of every score."""
        return self.exact_completion is not None and bool(self.exact_required)

    def score(self, cap: Decimal) -> Decimal | None:
        """Completion against what is due by now, in %, exact, capped so that one overshoot cannot hide the rest."""
        if not self.is_scored:
            return None
        completion = min(self.exact_completion, HUNDRED) if self.is_level else self.exact_completion
        return min(completion * HUNDRED / self.exact_required, cap)

    def set_exact(self, *, completion: Decimal | None, required: Decimal | None) -> None:
        """Keep the exact parts and their rounded display, rounded once each (the gap from the exact parts)."""
        self.exact_completion, self.exact_required = completion, required
        self.completion, self.required, self.gap = display(completion), display(required), display(self.exact_gap)


def _worse(a: str, b: str) -> str:
    order = [Status.ON_SCHEDULE, Status.SLIGHTLY_BEHIND, Status.BEHIND, Status.FAR_BEHIND]
    return max(a, b, key=order.index)


def build_deadline(target: Target) -> int:
    """The month by which something to build is due (the end of the plan year unless an admin set another)."""
    return target.due_month or LAST_MONTH


def judge(*, indicator: Indicator, target: Target, totals: Totals, target_value: Decimal | None, month: int) -> Cell:
    """Compare ``totals`` with ``target_value`` under the target's comparator and due mode at the end of ``month``."""
    cell = Cell(totals=totals, kind=indicator.kind, target=target_value)
    if target_value is None:
        return cell
    value = totals.exact_rate if indicator.kind == Indicator.Kind.RATIO else totals.value
    if value is None:
        if indicator.kind == Indicator.Kind.RATIO:
            # No rate reported: there is nothing to judge, and nothing to score.
            cell.status = Status.NO_DATA
            return cell
        value = Decimal(0)  # nothing counted is nothing done
    year_over = month >= LAST_MONTH

    if target.comparator == Target.Comparator.INCREASE:
        # A level (or a rate) over its baseline: exceeding it is the whole target, so it scores 100 %, never more.
        cell.is_level = True
        baseline = target_value
        cell.met = value > baseline
        if baseline > 0:
            cell.set_exact(completion=value * HUNDRED / baseline, required=HUNDRED)
            gap = cell.exact_gap
        else:
            cell.required = cell.exact_required = HUNDRED
            gap = Decimal(0) if cell.met else Decimal(-100)
            cell.gap = gap
        # Standing at the baseline is not yet an increase: never "on schedule" until it is passed.
        cell.status = Status.ON_SCHEDULE if cell.met else _worse(status_for_gap(gap), Status.SLIGHTLY_BEHIND)
        if year_over:
            cell.status = Status.MET if cell.met else Status.NOT_MET
        return cell

    tolerance = about_tolerance() if target.comparator == Target.Comparator.ABOUT else Decimal(1)
    cell.met = value >= target_value * tolerance
    completion = value * HUNDRED / target_value if target_value > 0 else HUNDRED
    if indicator.kind == Indicator.Kind.FLOW:
        # The schedule does not bend for 左右: T × M/12 is due, whatever the tolerance.
        cell.set_exact(completion=completion, required=exact_schedule_share(month))
        cell.status = status_for_gap(cell.exact_gap)
        if year_over:
            cell.status = Status.MET if cell.met else Status.NOT_MET
        return cell

    cell.is_level = True
    cell.set_exact(completion=completion, required=HUNDRED)  # a level is held to (or built up to) the whole target
    if indicator.kind == Indicator.Kind.STOCK and target.due_mode == Target.DueMode.BUILD:
        if month >= build_deadline(target):
            cell.status = Status.MET if cell.met else Status.NOT_MET
        else:
            cell.status = Status.ON_SCHEDULE if cell.met else Status.IN_PROGRESS
        return cell
    # A level to hold, or a rate: judged every month against the whole target.
    cell.status = Status.ON_SCHEDULE if cell.met else _worse(status_for_gap(cell.exact_gap), Status.SLIGHTLY_BEHIND)
    if year_over:
        cell.status = Status.MET if cell.met else Status.NOT_MET
    return cell


def judge_every_unit(*, indicator: Indicator, target: Target, totals: Totals, units, unit_cells: dict) -> Cell:
    """A per-district target (每个区市): the group reaches it when every unit does; the others are named.

    Completion is the share of units that reach it ("8 个区市中 6 个达标": met, or on schedule for a flow); before a
    build deadline, units short of it are in progress, and so is the group.
    """
    cell = Cell(totals=totals, kind=indicator.kind, target=target.value)
    judged = [u for u in units if unit_cells[u.pk].has_target and unit_cells[u.pk].status != Status.NO_DATA]
    if not judged:
        return cell
    cell.laggards = [u for u in judged if not unit_cells[u.pk].reaches]
    cell.units_judged, cell.units_met = len(judged), len(judged) - len(cell.laggards)
    cell.set_exact(completion=Decimal(cell.units_met) * HUNDRED / cell.units_judged, required=HUNDRED)
    cell.met = not cell.laggards
    statuses = {unit_cells[u.pk].status for u in judged}
    if cell.met:
        cell.status = Status.MET if statuses == {Status.MET} else Status.ON_SCHEDULE
    elif Status.NOT_MET in statuses:
        cell.status = Status.NOT_MET
    elif all(unit_cells[u.pk].status == Status.IN_PROGRESS for u in cell.laggards):
        cell.status = Status.IN_PROGRESS
    else:
        cell.status = status_for_gap(cell.exact_gap)
    return cell
