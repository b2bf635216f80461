"""Reads for the review page (issue 25): what a coordinator should look at in a return before deciding.

- the changes since the return was last submitted, one line per field with its first old and its last new value
  (a field changed and changed back is no change), and who changed it, from the audit trail;
- each figure the outlier rule of reports.figure_rules flags, or that moved from the unit's previous month by more
  than the plan year's swing threshold (PlanYear.swing_alert_percent, set in the admin);
- the notes that are word for word last month's (the unit confirmed them, or has still to).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actions.models import format_quantity

from .figure_rules import outlier_message
from .models import MonthlyReturn, ReturnStatus, ReturnTransition
from .selectors import carried_progress, return_changes


@dataclass
class FieldChange:
    """One field's net change since the last submission."""

    indicator: object | None
    measure: object | None
    field: str
    old_value: str
    new_value: str
    users: list = field(default_factory=list)
    at: datetime.datetime | None = None


def last_submission(*, monthly_return: MonthlyReturn) -> ReturnTransition | None:
    """The submission the coordinator last reviewed: for a submitted return the one before the latest, else the
    latest. None when there is no earlier version to compare with. One query."""
    submits = list(monthly_return.transitions.filter(kind=ReturnTransition.Kind.SUBMIT).order_by("-at", "-pk")[:2])
    if monthly_return.status == ReturnStatus.SUBMITTED:
        return submits[1] if len(submits) > 1 else None
    return submits[0] if submits else None


def changes_since_last_submission(*, monthly_return: MonthlyReturn, user=None) -> tuple[ReturnTransition | None, list]:
    """(the last submission, the fields changed since, in the plan's order). Two queries."""
    baseline = last_submission(monthly_return=monthly_return)
    if baseline is None:
        return None, []
    net: dict[tuple, FieldChange] = {}
    # The audit trail comes newest first: walk it oldest first, so the first old value and the last new one stay.
    for entry in reversed(list(return_changes(monthly_return=monthly_return, user=user).filter(at__gt=baseline.at))):
        key = (entry.indicator_id, entry.measure_id, entry.field)
        change = net.get(key)
        if change is None:
            change = net[key] = FieldChange(entry.indicator, entry.measure, entry.field, entry.old_value, "")
        change.new_value, change.at = entry.new_value, entry.at
        if entry.user and entry.user not in change.users:
            change.users.append(entry.user)
    changes = [c for c in net.values() if c.old_value != c.new_value]
    changes.sort(
        key=lambda c: (
            c.indicator is None,
            c.indicator.sort_order if c.indicator else (c.measure.action.number, c.measure.number),
            c.field,
        )
    )
    return baseline, changes


def _swing_message(value: Decimal, previous: Decimal, previous_period: datetime.date, threshold: int) -> str | None:
    if not previous:
        return None  # from nothing, a share has no meaning; the outlier rule watches such jumps
    swing = (value - previous) * 100 / previous
    if abs(swing) <= threshold:
        return None
    words = {
        "period": date_format(previous_period, "YEAR_MONTH_FORMAT"),
        "previous": format_quantity(previous),
        "swing": format_quantity(abs(swing).quantize(Decimal(1))),
        "threshold": threshold,
    }
    if swing > 0:
        return _("Up %(swing)s%% on %(period)s (%(previous)s), more than the %(threshold)s%% set for review.") % words
    return _("Down %(swing)s%% on %(period)s (%(previous)s), more than the %(threshold)s%% set for review.") % words


def figure_flags(*, monthly_return: MonthlyReturn, structure, figures: dict, history: dict) -> dict[int, list[str]]:
    """Per indicator pk, why its figure deserves a look: the outlier rule, a swing above the plan's threshold.

    No query: it reads what the page already has. Ratios are not flagged (their history holds no earlier rate).
    """
    threshold = monthly_return.plan.swing_alert_percent
    flags: dict[int, list[str]] = {}
    for action in structure:
        for indicator in action.indicator_list:
            figure, past = figures.get(indicator.pk), history.get(indicator.pk)
            if figure is None or figure.value is None or indicator.is_ratio:
                continue
            found = [outlier_message(indicator, figure.value, past)]
            if past is not None and past.previous is not None and past.previous_month:
                previous_period = monthly_return.period.replace(month=past.previous_month)
                found.append(_swing_message(figure.value, past.previous, previous_period, threshold))
            if any(found):
                flags[indicator.pk] = [message for message in found if message]
    return flags


def notes_as_last_month(*, monthly_return: MonthlyReturn, progress: dict) -> set[int]:
    """The measures whose note is word for word the unit's previous month's. One query."""
    _month, earlier = carried_progress(monthly_return=monthly_return)
    return {
        pk
        for pk, entry in progress.items()
        if entry.note.strip() and pk in earlier and earlier[pk].note.strip() == entry.note.strip()
    }
