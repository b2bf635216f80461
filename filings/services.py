"""Writes to filings, target shares, assessments and good practice. Forms and the admin come through here, so that
checks on files, rights and workflow live in one place."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, Measure, PlanYear, Target, TargetAllocation, format_quantity
from districts.models import ReportingUnit
from stored_files.services import file_stored

from .models import Assessment, AssessmentItem, FilingStatus, GoodPractice, Grade, PlanFiling, grade_for_score
from .scoping import can_file_for_unit
from .signals import unit_told
from .uploads import sniff_upload

logger = logging.getLogger("newcitizen.filings")


def _required_text(value: str, *, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, code=code)
    return value


def filing_is_late(*, plan: PlanYear, filed_at) -> bool:
    """Filed after the plan year's deadline (local date); without a deadline nothing is late."""
    return plan.filing_deadline is not None and timezone.localdate(filed_at) > plan.filing_deadline


@transaction.atomic
def plan_filing_submit(
    *, plan: PlanYear, unit: ReportingUnit, user, file, targets: str, schedule: str, now=None
) -> PlanFiling:
    """File a new version of the unit's implementation plan; earlier versions stay as they were.

    The file's type is judged by its content and its size checked against the limit. A version still awaiting review
    is marked as replaced. Each version records whether it came after the plan year's deadline.
    """
    if not can_file_for_unit(user, unit):
        raise PermissionDenied(_("Only the unit's own staff file its plan."))
    kind = sniff_upload(file)
    targets = _required_text(targets, message=_("Enter the plan's targets."), code="targets_required")
    schedule = _required_text(schedule, message=_("Enter the plan's schedule."), code="schedule_required")
    now = now or timezone.now()

    # Lock the unit's row: two filings for one unit then take turns, even before its first version exists.
    ReportingUnit.objects.select_for_update().only("pk").get(pk=unit.pk)
    versions = PlanFiling.objects.filter(plan=plan, unit=unit)
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    versions.filter(status=FilingStatus.SUBMITTED).update(status=FilingStatus.SUPERSEDED)
    filing = PlanFiling(
        plan=plan,
        unit=unit,
        version=latest + 1,
        original_name=(getattr(file, "name", "") or "")[-255:],
        content_type=kind.content_type,
        extension=kind.extension,
        size=file.size,
        targets=targets,
        schedule=schedule,
        filed_at=now,
        filed_by=user,
        is_late=filing_is_late(plan=plan, filed_at=now),
    )
    try:
        # A savepoint, so that losing the race for a version number leaves the transaction usable for cleanup; the
        # stored file goes again whenever its row is not saved.
        with file_stored(field_file=filing.file, name=f"plan.{kind.extension}", content=file), transaction.atomic():
            filing.save()
    except IntegrityError:
        raise ValidationError(
            _("Someone else filed this unit's plan at the same moment; reload the page and check."), code="stale"
        ) from None
    logger.info("filing %s by %s (late: %s)", filing, user.username, filing.is_late)
    return filing


def _require_reviewer(user) -> None:
    if not user.has_perm("filings.review_filing"):
        raise PermissionDenied(_("Only municipal coordinators review implementation plans."))


def _review(*, filing: PlanFiling, user, to_status: str, reason: str = "") -> PlanFiling:
    # The status guard in the UPDATE makes two simultaneous clicks produce exactly one review.
    now = timezone.now()
    updated = PlanFiling.objects.filter(pk=filing.pk, status=FilingStatus.SUBMITTED).update(
        status=to_status, reviewed_at=now, reviewed_by=user, review_reason=reason
    )
    if not updated:
        filing.refresh_from_db()
        raise ValidationError(
            _("This version is %(status)s; only a version awaiting review can be accepted or sent back.")
            % {"status": filing.get_status_display()},
            code="bad_transition",
        )
    filing.refresh_from_db()
    logger.info("filing %s %s by %s", filing, to_status, user.username)
    unit_told.send(sender=PlanFiling, event=to_status, item=filing, actor=user)
    return filing


@transaction.atomic
def plan_filing_accept(*, filing: PlanFiling, user) -> PlanFiling:
    """Accept the version awaiting review (备案)."""
    _require_reviewer(user)
    return _review(filing=filing, user=user, to_status=FilingStatus.ACCEPTED)


@transaction.atomic
def plan_filing_send_back(*, filing: PlanFiling, user, reason: str) -> PlanFiling:
    """Send the version awaiting review back to its unit with a reason the unit sees; it then files a new version."""
    _require_reviewer(user)
    reason = _required_text(
        reason, message=_("Say why, so that the unit knows what to change."), code="reason_required"
    )
    return _review(filing=filing, user=user, to_status=FilingStatus.RETURNED, reason=reason)


def allocatable_targets(*, plan: PlanYear):
    """City targets with a value, the ones that can be split among units (任务分解)."""
    return Target.objects.filter(
        indicator__plan=plan,
        scope=Target.Scope.CITY,
        comparator__in=[Target.Comparator.AT_LEAST, Target.Comparator.ABOUT],
        value__isnull=False,
    )


@transaction.atomic
def allocation_set(*, target: Target, unit: ReportingUnit, value: Decimal | None, user) -> TargetAllocation | None:
    """Record ``unit``'s share of a city target; ``None`` removes the share. Returns the share, or None."""
    if not user.has_perm("filings.allocate_targets"):
        raise PermissionDenied(_("Only coordinators and admins split targets among units."))
    if not allocatable_targets(plan=target.indicator.plan).filter(pk=target.pk).exists():
        raise ValidationError(_("Only a city target with a value can be split among units."), code="not_allocatable")
    if not ReportingUnit.objects.leaves().filter(pk=unit.pk).exists():
        raise ValidationError(_("Only a unit that reports can receive a share."), code="bad_unit")
    if value is None:
        TargetAllocation.objects.filter(target=target, unit=unit).delete()
        return None
    if not value.is_finite() or value < 0:
        raise ValidationError(_("A share cannot be negative."), code="negative_share")
    allocation, _created = TargetAllocation.objects.update_or_create(
        target=target, unit=unit, defaults={"value": value}
    )
    return allocation


@transaction.atomic
def allocations_set(*, plan: PlanYear, unit: ReportingUnit, values: dict[int, Decimal | None], user) -> int:
    """Record a unit's shares of several city targets at once, all or nothing; return how many were given."""
    targets = allocatable_targets(plan=plan).select_related("indicator__plan").in_bulk(list(values))
    if len(targets) != len(values):
        raise ValidationError(_("A target does not belong to this plan year."), code="not_allocatable")
    given = 0
    for target_id, value in values.items():
        given += allocation_set(target=targets[target_id], unit=unit, value=value, user=user) is not None
    return given


@dataclass(frozen=True)
class AssessmentItemInput:
    score: Decimal | None = None
    grade: str = ""
    comment: str = ""

    @property
    def is_empty(self) -> bool:
        return self.score is None and not self.grade and not self.comment.strip()


@transaction.atomic
def assessment_record(
    *,
    plan: PlanYear,
    unit: ReportingUnit,
    user,
    period_start,
    period_end,
    items: dict[int, AssessmentItemInput],
    overall_grade: str = "",
    comments: str = "",
    assessment: Assessment | None = None,
) -> Assessment:
    """Record (or, given ``assessment``, correct) a coordinator's assessment of a unit for a period.

    ``items`` maps action ids of the plan year to a score (0–100) or a grade with a comment; empty items are skipped.
    """
    if not user.has_perm("filings.record_assessment"):
        raise PermissionDenied(_("Only municipal coordinators assess units."))
    errors = []
    if period_end < period_start:
        errors.append(ValidationError(_("The period must end after it starts."), code="bad_period"))
    if overall_grade and overall_grade not in Grade.values:
        errors.append(ValidationError(_("Unknown grade."), code="bad_grade"))
    actions = Action.objects.in_bulk(list(items))
    rows = []
    for action_id, data in items.items():
        action = actions.get(action_id)
        if action is None or action.plan_id != plan.pk:
            raise ValidationError(_("An action does not belong to this plan year."), code="bad_action")
        if data.is_empty:
            continue
        if data.grade and data.grade not in Grade.values:
            errors.append(ValidationError(_("Unknown grade."), code="bad_grade"))
        if data.score is not None and not (0 <= data.score <= 100):
            errors.append(
                ValidationError(
                    _("Action %(number)s: a score is between 0 and 100.") % {"number": action.number},
                    code="bad_score",
                )
            )
        elif data.score is not None and data.grade and data.grade != grade_for_score(data.score):
            errors.append(
                ValidationError(
                    _(
                        "Action %(number)s: a score of %(score)s is graded %(band)s, not %(grade)s (90 and above "
                        "excellent, 80–89.9 good, 60–79.9 fair, below 60 poor): correct the score or the grade."
                    )
                    % {
                        "number": action.number,
                        "score": format_quantity(data.score),
                        "band": Grade(grade_for_score(data.score)).label,
                        "grade": Grade(data.grade).label,
                    },
                    code="grade_off_band",
                )
            )
        if data.score is None and not data.grade:
            errors.append(
                ValidationError(
                    _("Action %(number)s: give a score or a grade with the comment.") % {"number": action.number},
                    code="score_or_grade",
                )
            )
        rows.append((action, data))
    if not rows and not overall_grade:
        errors.append(
            ValidationError(_("Give at least one action a score or grade, or an overall grade."), code="empty")
        )
    if errors:
        raise ValidationError(errors)

    if assessment is None:
        assessment = Assessment(plan=plan, unit=unit, assessed_by=user)
    elif assessment.plan_id != plan.pk or assessment.unit_id != unit.pk:
        raise ValidationError(_("An assessment keeps its plan year and unit."), code="bad_assessment")
    assessment.period_start, assessment.period_end = period_start, period_end
    assessment.overall_grade, assessment.comments = overall_grade, comments.strip()
    assessment.save()
    assessment.items.all().delete()
    AssessmentItem.objects.bulk_create(
        AssessmentItem(
            assessment=assessment, action=action, score=data.score, grade=data.grade, comment=data.comment.strip()
        )
        for action, data in rows
    )
    unit_told.send(sender=Assessment, event="assessed", item=assessment, actor=user)
    return assessment


@transaction.atomic
def good_practice_submit(*, unit: ReportingUnit, measure: Measure, user, title: str, body: str) -> GoodPractice:
    """A unit's own staff submit a short account of work that went well under a measure."""
    if not can_file_for_unit(user, unit):
        raise PermissionDenied(_("Only the unit's own staff submit its good practice."))
    practice = GoodPractice(
        unit=unit,
        measure=measure,
        submitted_by=user,
        title=_required_text(title, message=_("Give the account a title."), code="title_required"),
        body=_required_text(body, message=_("Tell what was done and what came of it."), code="body_required"),
    )
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def good_practice_feature(*, practice: GoodPractice, user, featured: bool) -> GoodPractice:
    """Show an account on the home page, or take it off."""
    if not user.has_perm("filings.feature_practice"):
        raise PermissionDenied(_("Only municipal coordinators choose what the home page features."))
    practice.is_featured = featured
    practice.featured_at = timezone.now() if featured else None
    practice.featured_by = user if featured else None
    practice.save(update_fields=["is_featured", "featured_at", "featured_by"])
    if featured:
        unit_told.send(sender=GoodPractice, event="featured", item=practice, actor=user)
    return practice
