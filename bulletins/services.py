"""A bulletin's chain, step by step: 拟稿 (numbers frozen), 审核, 签发, 印发 (文号 given, files written once).

Every step is its own service, atomic, and moves the bulletin with one conditional UPDATE (``chain.chain_move``):
of two people clicking at once, one wins and the other is told the bulletin has moved on.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from actions.models import PlanYear
from dashboards.selectors.scope import scope_for_user
from weihai_newcitizen import clock

from .chain import Stage, Step, chain_move
from .completeness import missing_returns
from .files import RENDER
from .models import BulletinFile, BulletinStep, IssuedBulletin
from .snapshot import bulletin_snapshot
from .validators import parse_document_number

logger = logging.getLogger("newcitizen.bulletins")

PERMISSIONS = {
    Step.DRAFT: "bulletins.issue_bulletin",
    Step.REDRAFT: "bulletins.issue_bulletin",
    Step.CHECK: "bulletins.check_bulletin",
    Step.SIGN: "bulletins.sign_bulletin",
    Step.ISSUE: "bulletins.issue_bulletin",
}


class BulletinFileDamaged(Exception):
    """A stored file whose bytes no longer match their checksum: never served as if it were the issued one."""


def month_has_ended(*, year: int, month: int, today: datetime.date | None = None) -> bool:
    today = today or clock.today()
    return (year, month) < (today.year, today.month)


def _already(plan: PlanYear, month: int) -> ValidationError:
    return ValidationError(
        _("The bulletin of month %(month)s of %(year)s is already drafted or issued: open it from the archive.")
        % {"month": month, "year": plan.year},
        code="already_drafted",
    )


def _frozen_snapshot(*, plan, month: int, user, include_submitted: bool, reason: str, today) -> dict:
    """The numbers of this moment, with the units whose return is not approved and the reason for going on."""
    if not month_has_ended(year=plan.year, month=month, today=today):
        raise ValidationError(
            _("Month %(month)s of %(year)s has not ended yet: a bulletin reports on months that are over.")
            % {"month": month, "year": plan.year},
            code="month_not_over",
        )
    scope = scope_for_user(user=user)
    if not scope.city_wide:
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))
    missing = missing_returns(plan=plan, month=month, units=scope.units, include_submitted=include_submitted)
    reason = reason.strip()
    if missing and not reason:
        raise ValidationError(
            _(
                "%(count)s units' returns of month %(month)s are not approved yet (%(units)s). Wait for them, or say "
                "why the bulletin goes out without them: the reason is printed in its notes."
            )
            % {"count": len(missing), "month": month, "units": "、".join(m["name"] for m in missing)},
            code="reason_missing",
        )
    snapshot = bulletin_snapshot(plan=plan, month=month, units=scope.units, include_submitted=include_submitted)
    snapshot["completeness"] = {"missing": missing, "reason": reason if missing else ""}
    return snapshot


def _entry(bulletin: IssuedBulletin):
    return lambda **fields: BulletinStep(bulletin=bulletin, **fields)


def bulletin_draft(
    *,
    plan: PlanYear,
    month: int,
    recipients: str,
    user,
    include_submitted: bool = False,
    completeness_reason: str = "",
    today: datetime.date | None = None,
) -> IssuedBulletin:
    """拟稿: the bulletin of ``month`` with its numbers frozen now, ranking every unit the drafter sees.

    Refuses a month not over, a month already drafted, and, when some unit's return is not approved, a draft
    without the reason for going on without it.
    """
    if not user.has_perm(PERMISSIONS[Step.DRAFT]):
        raise PermissionDenied(_("Only coordinators draft bulletins."))
    if IssuedBulletin.objects.filter(plan=plan, month=month).exists():
        raise _already(plan, month)
    snapshot = _frozen_snapshot(
        plan=plan,
        month=month,
        user=user,
        include_submitted=include_submitted,
        reason=completeness_reason,
        today=today,
    )
    try:
        with transaction.atomic():
            bulletin = IssuedBulletin.objects.create(
                plan=plan,
                month=month,
                recipients=recipients.strip(),
                include_submitted=include_submitted,
                snapshot=snapshot,
                drafted_by=user,
            )
            BulletinStep.objects.create(
                bulletin=bulletin, step=Step.DRAFT, from_stage="", to_stage=Stage.DRAFT, user=user
            )
    except IntegrityError:  # drafted by someone else a moment ago
        raise _already(plan, month) from None
    logger.info("bulletin %s-%02d drafted by %s", plan.year, month, user.username)
    return bulletin


@transaction.atomic
def bulletin_redraft(
    *,
    bulletin: IssuedBulletin,
    user,
    version: int,
    recipients: str,
    include_submitted: bool = False,
    completeness_reason: str = "",
    today: datetime.date | None = None,
) -> IssuedBulletin:
    """Refresh a draft's numbers (while it is a draft, or after a send-back): it goes to be checked again.

    The person who refreshes becomes its drafter, so they in turn may not check or sign it.
    """
    if not user.has_perm(PERMISSIONS[Step.REDRAFT]):
        raise PermissionDenied(_("Only coordinators draft bulletins."))
    snapshot = _frozen_snapshot(
        plan=bulletin.plan,
        month=bulletin.month,
        user=user,
        include_submitted=include_submitted,
        reason=completeness_reason,
        today=today,
    )
    values = {
        "snapshot": snapshot,
        "recipients": recipients.strip(),
        "include_submitted": include_submitted,
        "drafted_by": user,
    }
    return _move(bulletin=bulletin, step=Step.REDRAFT, user=user, version=version, values=values)


def _move(*, bulletin: IssuedBulletin, step: str, user, version: int, reason: str = "", values=None):
    bulletin = chain_move(
        document=bulletin,
        step=step,
        user=user,
        version=version,
        permissions=PERMISSIONS,
        entry=_entry(bulletin),
        reason=reason,
        values=values,
    )
    logger.info("bulletin %s: %s by %s", bulletin.pk, step, user.username)
    return bulletin


@transaction.atomic
def bulletin_check(*, bulletin: IssuedBulletin, user, version: int) -> IssuedBulletin:
    """审核: a checker, not the drafter, finds the draft right; it goes to be signed."""
    return _move(bulletin=bulletin, step=Step.CHECK, user=user, version=version)


@transaction.atomic
def bulletin_sign(*, bulletin: IssuedBulletin, user, version: int) -> IssuedBulletin:
    """签发: a person an admin allowed to sign, not the drafter, signs it; it may then be issued."""
    return _move(bulletin=bulletin, step=Step.SIGN, user=user, version=version)


@transaction.atomic
def bulletin_send_back(*, bulletin: IssuedBulletin, user, version: int, reason: str) -> IssuedBulletin:
    """退回: the checker (of a draft) or the signer (of a checked one) sends it back to the drafter, saying why."""
    return _move(bulletin=bulletin, step=Step.SEND_BACK, user=user, version=version, reason=reason)


def _number_checked(*, number: str, issued_on: datetime.date, bulletin: IssuedBulletin) -> str:
    number = number.strip()
    parsed = parse_document_number(number)
    if parsed.year != issued_on.year:
        raise ValidationError(
            _("The year in the document number (%(number_year)s) is not the year it is issued (%(year)s).")
            % {"number_year": parsed.year, "year": issued_on.year},
            code="number_year_mismatch",
        )
    if IssuedBulletin.objects.filter(number=number).exclude(pk=bulletin.pk).exists():
        raise _number_taken(number)
    return number


def _number_taken(number: str) -> ValidationError:
    return ValidationError(
        _("Document number %(number)s is already used by another bulletin.") % {"number": number},
        code="number_taken",
    )


def bulletin_issue(
    *, bulletin: IssuedBulletin, user, version: int, number: str, issued_on: datetime.date
) -> IssuedBulletin:
    """印发: a signed bulletin gets its 文号 and date, and its Chinese .docx and .xlsx are written once and kept.

    Refuses a bulletin not signed, a 文号 not written as 机关代字〔YYYY〕N号 or already used, and (kept from
    drafting) numbers frozen with returns missing but no reason given.
    """
    if not user.has_perm(PERMISSIONS[Step.ISSUE]):
        raise PermissionDenied(_("Only coordinators issue bulletins."))
    number = _number_checked(number=number, issued_on=issued_on, bulletin=bulletin)
    if not month_has_ended(year=bulletin.plan.year, month=bulletin.month, today=issued_on):
        raise ValidationError(
            _("A bulletin on month %(month)s of %(year)s is issued after that month has ended: check the date.")
            % {"month": bulletin.month, "year": bulletin.plan.year},
            code="issued_too_early",
        )
    completeness = bulletin.completeness
    if completeness.get("missing") and not (completeness.get("reason") or "").strip():
        raise ValidationError(
            _("Some returns were not approved when the numbers were frozen, and no reason was given: redraft it."),
            code="reason_missing",
        )
    values = {"number": number, "issued_on": issued_on, "issued_by": user}
    try:
        with transaction.atomic():
            bulletin = _move(bulletin=bulletin, step=Step.ISSUE, user=user, version=version, values=values)
            bulletin_files_write(bulletin=bulletin)
    except IntegrityError:  # the same 文号 given to another bulletin a moment ago
        raise _number_taken(number) from None
    logger.info("bulletin %s (%s-%02d) issued by %s", number, bulletin.plan.year, bulletin.month, user.username)
    return bulletin


def _stored(bulletin: IssuedBulletin, kind: str) -> BulletinFile:
    content = RENDER[kind](bulletin)
    return BulletinFile.objects.create(
        bulletin=bulletin, kind=kind, content=content, sha256=BulletinFile.checksum(content), size=len(content)
    )


@transaction.atomic
def bulletin_files_write(*, bulletin: IssuedBulletin) -> list[BulletinFile]:
    """Write an issued bulletin's files that are not stored yet (all of them at issue), in Chinese."""
    have = set(bulletin.files.values_list("kind", flat=True))
    return [_stored(bulletin, kind) for kind in BulletinFile.Kind.values if kind not in have]


def bulletin_file_content(*, bulletin: IssuedBulletin, kind: str) -> bytes:
    """The bytes to serve for ``kind``: an issued bulletin's stored file (checked against its checksum), written
    now if it was issued before files were kept; a bulletin on its way, rendered afresh from its snapshot.

    Raises ``BulletinFileDamaged`` when the stored bytes do not match their checksum.
    """
    if not bulletin.is_issued:
        return RENDER[kind](bulletin)
    stored = BulletinFile.objects.filter(bulletin=bulletin, kind=kind).first()
    if stored is None:
        try:
            with transaction.atomic():
                stored = _stored(bulletin, kind)
        except IntegrityError:  # written by another download a moment ago: serve that one
            stored = BulletinFile.objects.get(bulletin=bulletin, kind=kind)
        logger.info("bulletin %s: %s written on first download", bulletin.pk, kind)
    if not stored.intact:
        logger.error("bulletin %s: stored %s does not match its checksum %s", bulletin.pk, kind, stored.sha256)
        raise BulletinFileDamaged(f"{bulletin.pk}.{kind}")
    return bytes(stored.content)
