"""What a roll-up counts: which units' returns of the chosen month are in it, and why the others are not.

Every page that shows a figure says it in one line (纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报),
and the API carries the same as data, so "not reported" never reads as "no progress".
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus


class UnitState(models.TextChoices):
    """Where a unit's return of the chosen month stands, as the roll-up sees it."""

    COUNTED = "counted", _("Included")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    SENT_BACK = "sent_back", _("Sent back")
    DRAFT = "draft", _("Draft, not yet submitted")
    NOT_FILED = "not_filed", _("Not filed")


_BY_STATUS = {
    ReturnStatus.SUBMITTED: UnitState.AWAITING_REVIEW,
    ReturnStatus.RETURNED: UnitState.SENT_BACK,
    ReturnStatus.DRAFT: UnitState.DRAFT,
    # Still inside the unit (its checker has not sent it on): for the city, not yet submitted.
    ReturnStatus.UNIT_CHECK: UnitState.DRAFT,
}


@dataclass
class Counted:
    """Per unit, whether its return of ``month`` counts under the rule asked for, and otherwise why."""

    month: int
    include_submitted: bool
    units: list[ReportingUnit]
    states: dict[int, str] = field(default_factory=dict)  # unit pk → UnitState

    def _count(self, *states: str) -> int:
        return sum(1 for u in self.units if self.states[u.pk] in states)

    @property
    def units_total(self) -> int:
        return len(self.units)

    @property
    def units_counted(self) -> int:
        return self._count(UnitState.COUNTED)

    @property
    def awaiting_review(self) -> int:
        return self._count(UnitState.AWAITING_REVIEW)

    @property
    def sent_back(self) -> int:
        return self._count(UnitState.SENT_BACK)

    @property
    def not_filed(self) -> int:
        """Units with no return of the month submitted: none at all, or a draft still with the unit."""
        return self._count(UnitState.NOT_FILED, UnitState.DRAFT)

    @property
    def complete(self) -> bool:
        return self.units_counted == self.units_total

    @property
    def missing(self) -> list[tuple[ReportingUnit, str]]:
        """The units whose return of the month is not counted, each with why."""
        return [(u, self.states[u.pk]) for u in self.units if self.states[u.pk] != UnitState.COUNTED]

    def is_counted(self, unit: ReportingUnit) -> bool:
        return self.states.get(unit.pk) == UnitState.COUNTED

    def as_data(self) -> dict:
        """The API's ``counted`` object (the issued bulletin's snapshot keeps it too)."""
        return {
            "month": self.month,
            "units_total": self.units_total,
            "units_counted": self.units_counted,
            "awaiting_review": self.awaiting_review,
            "sent_back": self.sent_back,
            "not_filed": self.not_filed,
            "missing_units": [{"code": u.code, "name": u.name, "state": str(state)} for u, state in self.missing],
        }


def counted_units(*, plan: PlanYear, month: int, units: list[ReportingUnit], include_submitted: bool) -> Counted:
    """Each unit's state for ``month``, from its return's status; one query, one row per unit that has a return."""
    statuses = dict(
        MonthlyReturn.objects.filter(plan=plan, month=month, unit__in=units).order_by().values_list("unit_id", "status")
    )
    counting = {ReturnStatus.APPROVED, *([ReturnStatus.SUBMITTED] if include_submitted else [])}
    states = {}
    for unit in units:
        status = statuses.get(unit.pk)
        if status is None:
            states[unit.pk] = UnitState.NOT_FILED
        elif status in counting:
            states[unit.pk] = UnitState.COUNTED
        else:
            states[unit.pk] = _BY_STATUS[status]
    return Counted(month=month, include_submitted=include_submitted, units=list(units), states=states)


def _joined(parts: list[str]) -> str:
    """A list in the reader's language: 甲、乙、丙 / A, B, C."""
    return pgettext("list separator", ", ").join(parts)


def counted_text(counted: Counted) -> str:
    """ "8个区市中5个（12月已审核），另有2份待审核、1份未报": how many units' month is in the figures, and the rest."""
    if counted.include_submitted:
        text = gettext("%(counted)s of %(total)s units (month %(month)s approved or submitted)")
    else:
        text = gettext("%(counted)s of %(total)s units (month %(month)s approved)")
    text %= {"counted": counted.units_counted, "total": counted.units_total, "month": counted.month}
    parts = [
        template % {"n": n}
        for template, n in (
            (gettext("%(n)s awaiting review"), counted.awaiting_review),
            (gettext("%(n)s sent back"), counted.sent_back),
            (gettext("%(n)s not filed"), counted.not_filed),
        )
        if n
    ]
    if parts:
        text += gettext("; besides, %(parts)s") % {"parts": _joined(parts)}
    return text


def counted_line(counted: Counted) -> str:
    """The line every page with a figure shows: 纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报."""
    return gettext("Counted: %(text)s") % {"text": counted_text(counted)}


def missing_units_text(counted: Counted) -> str:
    """The units left out, each with why: 南海新区（未报送）、荣成市（待审核）; empty when none is."""
    return _joined(
        [
            gettext("%(unit)s (%(state)s)") % {"unit": unit.display_name, "state": UnitState(state).label}
            for unit, state in counted.missing
        ]
    )


def missing_text(counted: Counted) -> str:
    """未纳入统计：南海新区（未报送）、荣成市（待审核）; empty when every unit is counted."""
    if not counted.missing:
        return ""
    return gettext("Not counted: %(units)s") % {"units": missing_units_text(counted)}


def month_mark(*, figure_month: int | None, month: int, kind: str) -> str:
    """Beside a unit's figure that is not of ``month``: its month ("10月"; a flow "截至10月"), or "未报" for none."""
    if figure_month == month:
        return ""
    if figure_month is None:
        return gettext("Not reported")
    if kind == "flow":
        return gettext("up to month %(m)s") % {"m": figure_month}
    return gettext("month %(m)s") % {"m": figure_month}
