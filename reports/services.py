"""Writes to returns. Forms, the admin and the Excel import all come through here, so that validation, scoping,
the workflow and the audit trail live in one place."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Indicator, Measure, PlanYear
from districts.models import ReportingUnit
from weihai_newcitizen import clock

from .figure_rules import figure_problems
from .models import (
    ChangeSource,
    MonthlyReturn,
    ProgressStatus,
    ReturnStatus,
    ReturnTransition,
)
from .scoping import can_file_for_unit, can_import_for_unit
from .selectors import unit_history
from .signals import return_changed, return_transitioned
from .writes import Writes, stored_rows

logger = logging.getLogger("newcitizen.reports")


@dataclass(frozen=True)
class FigureInput:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class ProgressInput:
    status: str = ProgressStatus.NOT_STARTED
    note: str = ""
    # A department's return only (存在问题, 下步打算); a district's stays empty.
    problems: str = ""
    next_steps: str = ""
    # Still the note carried over from last month, neither edited nor confirmed: kept marked (see MeasureProgress).
    carried: bool = False


@transaction.atomic
def monthly_return_start(*, user, plan: PlanYear, unit: ReportingUnit, month: int, via_import: bool = False):
    """The unit's return for the month, created as a draft if it does not exist yet."""
    allowed = can_import_for_unit(user, unit) if via_import else can_file_for_unit(user, unit)
    if not allowed:
        raise PermissionDenied(_("You may not file returns for %(unit)s.") % {"unit": unit})
    if not 1 <= month <= 12:
        raise ValidationError(_("The month must be between 1 and 12."), code="bad_month")
    if unit.is_department and month not in plan.department_months():
        raise ValidationError(
            _("Departments report quarterly this year: file for March, June, September or December."),
            code="bad_period",
        )
    monthly_return, _created = MonthlyReturn.objects.get_or_create(plan=plan, unit=unit, month=month)
    return monthly_return


@transaction.atomic
def monthly_return_save(
    *,
    monthly_return: MonthlyReturn,
    user,
    version: int,
    figures: dict[int, FigureInput],
    progress: dict[int, ProgressInput] | None = None,
    source: str = ChangeSource.FORM,
    source_name: str = "",
) -> int:
    """Write a return's figures and notes, all or nothing; return how many fields changed.

    ``version`` is the version the caller read: if someone saved in between, nothing is written and a
    ValidationError with code ``stale`` says so. Every changed field leaves an audit entry.
    """
    allowed = (
        can_import_for_unit(user, monthly_return.unit)
        if source == ChangeSource.IMPORT
        else can_file_for_unit(user, monthly_return.unit)
    )
    if not allowed:
        raise PermissionDenied(_("You may not change this return."))
    # A conditional update is the version check: it holds on SQLite too, where SELECT FOR UPDATE does nothing.
    bumped = MonthlyReturn.objects.filter(
        pk=monthly_return.pk, version=version, status__in=[ReturnStatus.DRAFT, ReturnStatus.RETURNED]
    ).update(version=F("version") + 1, updated_at=timezone.now())
    if not bumped:
        current = MonthlyReturn.objects.get(pk=monthly_return.pk)
        if current.status not in (ReturnStatus.DRAFT, ReturnStatus.RETURNED):
            raise ValidationError(
                _("This return is %(status)s and can no longer be changed.") % {"status": current.get_status_display()},
                code="locked",
            )
        raise ValidationError(
            _(
                "Someone else saved this return after you opened it. Nothing of yours was saved: "
                "reload the page to see their changes, then enter yours again."
            ),
            code="stale",
        )

    writes = Writes(user=user, source=source, source_name=source_name)
    indicators = Indicator.objects.in_bulk(list(figures))
    existing = {f.indicator_id: f for f in monthly_return.figures.all()}
    measures = Measure.objects.select_related("action").in_bulk(list(progress)) if progress else {}
    existing_progress = {p.measure_id: p for p in monthly_return.progress.all()} if progress else {}
    writes.add(
        monthly_return=monthly_return,
        figures=figures,
        progress=progress or {},
        indicators=indicators,
        measures=measures,
        existing=existing,
        existing_progress=existing_progress,
    )
    changed = writes.write()
    monthly_return.version = version + 1
    # No return_changed here: only draft and returned returns are saved, and their figures count nowhere yet.
    return changed


@dataclass(frozen=True)
class ReturnWrite:
    """One unit's return for one month in a many-returns save: what to write, and the version the caller read
    (None when the return did not exist yet)."""

    unit: ReportingUnit
    month: int
    version: int | None
    figures: dict[int, FigureInput]
    progress: dict[int, ProgressInput]


@transaction.atomic
def monthly_returns_save(*, user, plan: PlanYear, writes: list[ReturnWrite], source_name: str) -> int:
    """Write many returns of one plan year at once (an imported file), all or nothing; return how many fields changed.

    The same rules, permissions, version check and audit trail as :func:`monthly_return_save`, in a fixed number of
    queries whatever the number of returns: missing returns are created as drafts in one insert, every version is
    checked and bumped in one conditional update, and each table is written in one bulk statement.
    """
    if not writes:
        return 0
    for unit in {w.unit.pk: w.unit for w in writes}.values():
        if not can_import_for_unit(user, unit):
            raise PermissionDenied(_("You may not file returns for %(unit)s.") % {"unit": unit})
    keys = {(w.unit.pk, w.month) for w in writes}

    def found_returns(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], MonthlyReturn]:
        candidates = MonthlyReturn.objects.filter(
            plan=plan, unit_id__in={u for u, _m in wanted}, month__in={m for _u, m in wanted}
        ).select_related("plan", "unit")
        return {(r.unit_id, r.month): r for r in candidates if (r.unit_id, r.month) in wanted}

    found = found_returns(keys)
    missing = [
        MonthlyReturn(plan=plan, unit=w.unit, month=w.month) for w in writes if (w.unit.pk, w.month) not in found
    ]
    if missing:
        # Another import may create the same return at the same moment: skip it here, and let the version check
        # below refuse the file if that one has already been saved.
        MonthlyReturn.objects.bulk_create(missing, ignore_conflicts=True)
        found.update(found_returns({(r.unit_id, r.month) for r in missing}))
    returns = {(w.unit.pk, w.month): found[(w.unit.pk, w.month)] for w in writes}
    # One conditional update is the version check of every return (a new one is at version 1).
    expected = Q()
    for w in writes:
        expected |= Q(pk=returns[(w.unit.pk, w.month)].pk, version=w.version or 1)
    bumped = MonthlyReturn.objects.filter(expected, status__in=[ReturnStatus.DRAFT, ReturnStatus.RETURNED]).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if bumped != len(writes):
        raise ValidationError(
            _("A return in the file was changed or locked by someone else since the preview. Nothing was imported."),
            code="stale",
        )
    existing, existing_progress = stored_rows([r.pk for r in returns.values()])
    indicators = Indicator.objects.in_bulk({i for w in writes for i in w.figures})
    measures = Measure.objects.select_related("action").in_bulk({m for w in writes for m in w.progress})
    gathered = Writes(user=user, source=ChangeSource.IMPORT, source_name=source_name, many=True)
    for w in writes:
        monthly_return = returns[(w.unit.pk, w.month)]
        gathered.add(
            monthly_return=monthly_return,
            figures=w.figures,
            progress=w.progress,
            indicators=indicators,
            measures=measures,
            existing=existing.get(monthly_return.pk, {}),
            existing_progress=existing_progress.get(monthly_return.pk, {}),
        )
    return gathered.write()


def _transition(
    *,
    monthly_return: MonthlyReturn,
    user,
    kind: str,
    allowed_from: tuple[str, ...],
    to_status: str,
    reason: str = "",
    extra: dict | None = None,
) -> ReturnTransition:
    # The status guard in the UPDATE makes two simultaneous clicks produce exactly one transition.
    current = MonthlyReturn.objects.select_for_update().get(pk=monthly_return.pk)
    if current.status not in allowed_from:
        raise ValidationError(
            _("A return that is %(status)s cannot be %(action)s.")
            % {"status": current.get_status_display(), "action": ReturnTransition.Kind(kind).label},
            code="bad_transition",
        )
    fields = {"status": to_status, "version": F("version") + 1, "updated_at": timezone.now(), **(extra or {})}
    updated = MonthlyReturn.objects.filter(pk=current.pk, status=current.status).update(**fields)
    if not updated:
        raise ValidationError(_("Someone else changed this return just now; reload the page."), code="stale")
    step = ReturnTransition.objects.create(
        monthly_return=current,
        kind=kind,
        from_status=current.status,
        to_status=to_status,
        user=user,
        reason=reason,
        late=bool((extra or {}).get("is_late")),
    )
    monthly_return.refresh_from_db()
    return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)
    return_transitioned.send(sender=MonthlyReturn, monthly_return=monthly_return, step=step, actor=user)
    logger.info(
        "return %s %s by %s (%s → %s)", monthly_return, kind, getattr(user, "username", None), current.status, to_status
    )
    return step


def unconfirmed_message(indicators) -> str:
    """What a draft still needs before it is submitted: a comment on each figure far outside the unit's history."""
    return _("Before submitting, confirm with a comment the figures far outside this unit's history: %(names)s.") % {
        "names": "、".join(indicator.name for indicator in indicators)
    }


def _require_confirmed_outliers(monthly_return: MonthlyReturn) -> None:
    """The outlier check of reports.figure_rules on the saved figures: a draft may lack a comment, a submission not."""
    history = unit_history(monthly_return=monthly_return)
    unconfirmed = [
        figure.indicator
        for figure in monthly_return.figures.select_related("indicator").order_by("indicator__sort_order")
        if any(
            problem.code == "outlier"
            for problem in figure_problems(
                indicator=figure.indicator,
                value=figure.value,
                numerator=figure.numerator,
                denominator=figure.denominator,
                comment=figure.comment,
                history=history.get(figure.indicator_id),
            )
        )
    ]
    if unconfirmed:
        raise ValidationError(unconfirmed_message(unconfirmed), code="outlier_comment")


def _require_unit_checker(*, monthly_return: MonthlyReturn, user) -> None:
    """A return awaiting its unit's check is checked by one of the unit's checkers, and never by its own filer."""
    if not (can_file_for_unit(user, monthly_return.unit) and user.has_perm("reports.check_unit_return")):
        raise PermissionDenied(_("Only the unit's checker (单位审核人) sends its return to the city."))
    if monthly_return.status != ReturnStatus.UNIT_CHECK:
        raise ValidationError(
            _("This unit's returns are checked inside the unit first: send it for the unit's check."),
            code="unit_check_required",
        )
    filer = (
        monthly_return.transitions.filter(kind=ReturnTransition.Kind.TO_CHECK)
        .order_by("-at", "-pk")
        .values_list("user_id", flat=True)
        .first()
    )
    if filer == user.pk:
        raise ValidationError(
            _("You filed this return: another person of the unit checks it before it goes to the city."),
            code="checker_is_filer",
        )


def carried_message(measures) -> str:
    """What a return still needs before it is submitted: each note carried over from last month confirmed or edited."""
    return _(
        "Before submitting, confirm as still true or edit each progress note carried over from last month: %(codes)s."
    ) % {"codes": "、".join(f"{m.action.number}.{m.number}" for m in measures)}


def _require_confirmed_carried(monthly_return: MonthlyReturn) -> None:
    """21 of 22 notes once went to the city unchanged from the month before without a word: not any more."""
    carried = [
        entry.measure
        for entry in monthly_return.progress.filter(carried=True)
        .select_related("measure__action")
        .order_by("measure__action__number", "measure__number")
    ]
    if carried:
        raise ValidationError(carried_message(carried), code="carried_unconfirmed")


@transaction.atomic
def monthly_return_submit(*, monthly_return: MonthlyReturn, user, now=None) -> ReturnTransition:
    """Send a draft or returned return to the coordinators; a first submission after the due date is late.

    A figure far outside the unit's history must carry its confirming comment by now (a draft may lack it). In a unit
    that requires its own check, only a checker other than its filer submits it, once it awaits that check.
    """
    unit_check = monthly_return.unit.requires_unit_check
    if unit_check:
        _require_unit_checker(monthly_return=monthly_return, user=user)
    elif not can_file_for_unit(user, monthly_return.unit):
        raise PermissionDenied(_("Only the unit's own staff submit its return."))
    _require_confirmed_outliers(monthly_return)
    _require_confirmed_carried(monthly_return)
    # Late is judged on the app's day (the demo's, when NEWCITIZEN_TODAY is set), or on the moment given.
    day = timezone.localdate(now) if now else clock.today()
    now = now or timezone.now()
    extra = {"submitted_at": now}
    if monthly_return.first_submitted_at is None:
        extra["first_submitted_at"] = now
        extra["is_late"] = day > monthly_return.due_date
    return _transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.SUBMIT,
        allowed_from=(ReturnStatus.UNIT_CHECK,) if unit_check else (ReturnStatus.DRAFT, ReturnStatus.RETURNED),
        to_status=ReturnStatus.SUBMITTED,
        extra=extra,
    )


@transaction.atomic
def monthly_return_save_and_submit(
    *, monthly_return: MonthlyReturn, user, version: int, figures: dict[int, FigureInput], progress=None
) -> int:
    """Save and submit as one step: if the submission is refused, the figures are not saved either."""
    changed = monthly_return_save(
        monthly_return=monthly_return, user=user, version=version, figures=figures, progress=progress
    )
    monthly_return_submit(monthly_return=monthly_return, user=user)
    return changed


def _require_reviewer(user) -> None:
    if not user.has_perm("reports.review_return"):
        raise PermissionDenied(_("Only municipal coordinators review returns."))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why, so that the unit knows what to change."), code="reason_required")
    return reason


@transaction.atomic
def monthly_return_approve(*, monthly_return: MonthlyReturn, user) -> ReturnTransition:
    """Approve a submitted return; it is then locked and counts on the dashboards."""
    _require_reviewer(user)
    return _transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.APPROVE,
        allowed_from=(ReturnStatus.SUBMITTED,),
        to_status=ReturnStatus.APPROVED,
        extra={"approved_at": timezone.now()},
    )


@transaction.atomic
def monthly_return_send_back(*, monthly_return: MonthlyReturn, user, reason: str) -> ReturnTransition:
    """Return a submitted return to its unit with a reason the unit sees."""
    _require_reviewer(user)
    return _transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.SEND_BACK,
        allowed_from=(ReturnStatus.SUBMITTED,),
        to_status=ReturnStatus.RETURNED,
        reason=_require_reason(reason),
    )


@transaction.atomic
def monthly_return_reopen(*, monthly_return: MonthlyReturn, user, reason: str) -> ReturnTransition:
    """Unlock an approved return so that its unit can correct it; its history is kept."""
    _require_reviewer(user)
    return _transition(
        monthly_return=monthly_return,
        user=user,
        kind=ReturnTransition.Kind.REOPEN,
        allowed_from=(ReturnStatus.APPROVED,),
        to_status=ReturnStatus.RETURNED,
        reason=_require_reason(reason),
        extra={"approved_at": None},
    )
