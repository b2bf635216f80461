"""A progress report's chain, step by step: started (拟稿, figures and notes frozen), edited, checked (审核), signed
(签发, the signer's name goes into the 版头), issued (印发: 文号 given, the .docx written once and kept).

The chain and its permissions are the bulletin's (``bulletins.chain``, ``bulletins.services.PERMISSIONS``): the
coordinators draft and issue, the 通报审核 group checks, the 通报签发 group signs, never the drafter.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from actions.models import PlanYear
from bulletins.chain import Stage, Step, chain_move
from bulletins.models import IssuedBulletin
from bulletins.services import PERMISSIONS, BulletinFileDamaged, month_has_ended
from bulletins.validators import parse_document_number
from dashboards.selectors.scope import scope_for_user

from .docx import DOCUMENT_LANGUAGE, render_report_docx
from .models import ProgressReport, ProgressReportFile, ProgressReportStep
from .selectors import report_sources
from .writing import default_recipients, default_title, draft_content

logger = logging.getLogger("newcitizen.progressreports")

__all__ = ["PERMISSIONS", "BulletinFileDamaged"]


def _require_drafter(user) -> None:
    if not user.has_perm(PERMISSIONS[Step.DRAFT]) or not scope_for_user(user=user).city_wide:
        raise PermissionDenied(_("Only coordinators draft progress reports."))


def _already(plan: PlanYear, month_from: int, month_to: int) -> ValidationError:
    return ValidationError(
        _("The report on months %(a)s to %(b)s of %(year)s is already started: open it from the list.")
        % {"a": month_from, "b": month_to, "year": plan.year},
        code="already_drafted",
    )


def report_start(
    *, plan: PlanYear, month_from: int, month_to: int, user, today: datetime.date | None = None
) -> ProgressReport:
    """拟稿: a report on ``month_from``–``month_to``, its figures (the API's for ``month_to``) and the units' notes
    frozen now, its text drafted from them for the coordinator to edit. Refuses a period not over, or taken."""
    _require_drafter(user)
    if not 1 <= month_from <= month_to <= 12:
        raise ValidationError(_("Choose a period from an earlier month to a later one."), code="bad_period")
    if not month_has_ended(year=plan.year, month=month_to, today=today):
        raise ValidationError(
            _("Month %(month)s of %(year)s has not ended yet: a report covers months that are over.")
            % {"month": month_to, "year": plan.year},
            code="month_not_over",
        )
    if ProgressReport.objects.filter(plan=plan, month_from=month_from, month_to=month_to).exists():
        raise _already(plan, month_from, month_to)
    snapshot = report_sources(user=user, plan=plan, month_from=month_from, month_to=month_to)
    with translation.override(DOCUMENT_LANGUAGE):  # the document's words are Chinese, whoever starts it
        title = default_title(year=plan.year, month_from=month_from, month_to=month_to)
        recipients = default_recipients()
        content = draft_content(snapshot)
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                plan=plan,
                month_from=month_from,
                month_to=month_to,
                title=title,
                recipients=recipients,
                snapshot=snapshot,
                content=content,
                drafted_by=user,
            )
            ProgressReportStep.objects.create(
                report=report, step=Step.DRAFT, from_stage="", to_stage=Stage.DRAFT, user=user
            )
    except IntegrityError:  # started by someone else a moment ago
        raise _already(plan, month_from, month_to) from None
    logger.info("progress report %s %s-%s started by %s", plan.year, month_from, month_to, user.username)
    return report


def _move(*, report: ProgressReport, step: str, user, version: int, reason: str = "", values=None):
    report = chain_move(
        document=report,
        step=step,
        user=user,
        version=version,
        permissions=PERMISSIONS,
        entry=lambda **fields: ProgressReportStep(report=report, **fields),
        reason=reason,
        values=values,
    )
    logger.info("progress report %s: %s by %s", report.pk, step, user.username)
    return report


def _content_checked(report: ProgressReport, content: dict) -> dict:
    """The edited content, kept to the measures and practices of the snapshot (a forged form adds nothing)."""
    codes = {m["code"] for m in report.snapshot["measures"]}
    practice_ids = {p["id"] for p in report.snapshot["practices"]}
    measures = [
        {
            "code": m["code"],
            "sentences": [
                {"unit": str(s["unit"]), "text": str(s["text"]).strip(), "chosen": bool(s["chosen"])}
                for s in m["sentences"]
            ],
        }
        for m in content.get("measures", [])
        if m["code"] in codes
    ]
    return {
        "measures": measures,
        "practices": [
            {"id": p["id"], "chosen": bool(p["chosen"])}
            for p in content.get("practices", [])
            if p["id"] in practice_ids
        ],
        **{key: str(content.get(key) or "").strip() for key in ("assessments", "problems", "next_steps")},
    }


@transaction.atomic
def report_edit(*, report: ProgressReport, user, version: int, title: str, content: dict) -> ProgressReport:
    """The coordinator's choice of sentences and their words, saved on a draft (or one sent back): it goes to be
    checked again, and whoever saves becomes its drafter (so may not check or sign it)."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the report a title."), code="title_missing")
    values = {"title": title, "content": _content_checked(report, content), "drafted_by": user}
    return _move(report=report, step=Step.REDRAFT, user=user, version=version, values=values)


@transaction.atomic
def report_check(*, report: ProgressReport, user, version: int) -> ProgressReport:
    """审核: a checker, not the drafter, finds the draft right; it goes to be signed."""
    return _move(report=report, step=Step.CHECK, user=user, version=version)


@transaction.atomic
def report_sign(*, report: ProgressReport, user, version: int) -> ProgressReport:
    """签发: a signer, neither the drafter nor the checker, signs it; their name is the 版头's 签发人."""
    values = {"signer_name": user.full_name or user.username}
    return _move(report=report, step=Step.SIGN, user=user, version=version, values=values)


@transaction.atomic
def report_send_back(*, report: ProgressReport, user, version: int, reason: str) -> ProgressReport:
    """退回: the checker (of a draft) or the signer (of a checked one) sends it back, saying why."""
    return _move(
        report=report, step=Step.SEND_BACK, user=user, version=version, reason=reason, values={"signer_name": ""}
    )


def _number_taken(number: str) -> ValidationError:
    return ValidationError(
        _("Document number %(number)s is already used by another document.") % {"number": number},
        code="number_taken",
    )


def report_issue(
    *, report: ProgressReport, user, version: int, number: str, issued_on: datetime.date
) -> ProgressReport:
    """印发: a signed report gets its 文号 and date, and its .docx is written once and kept with its SHA-256.

    The 文号 is the bureau's: one a bulletin already carries is refused too."""
    if not user.has_perm(PERMISSIONS[Step.ISSUE]):
        raise PermissionDenied(_("Only coordinators issue progress reports."))
    number = number.strip()
    if parse_document_number(number).year != issued_on.year:
        raise ValidationError(
            _("The year in the document number is not the year it is issued (%(year)s).") % {"year": issued_on.year},
            code="number_year_mismatch",
        )
    if (
        ProgressReport.objects.filter(number=number).exclude(pk=report.pk).exists()
        or IssuedBulletin.objects.filter(number=number).exists()
    ):
        raise _number_taken(number)
    if not month_has_ended(year=report.plan.year, month=report.month_to, today=issued_on):
        raise ValidationError(
            _("A report is issued after its period has ended: check the date."), code="issued_too_early"
        )
    values = {"number": number, "issued_on": issued_on, "issued_by": user}
    try:
        with transaction.atomic():
            report = _move(report=report, step=Step.ISSUE, user=user, version=version, values=values)
            content = render_report_docx(report)
            ProgressReportFile.objects.create(
                report=report, content=content, sha256=ProgressReportFile.checksum(content), size=len(content)
            )
    except IntegrityError:  # the same 文号 given a moment ago
        raise _number_taken(number) from None
    logger.info("progress report %s issued by %s", number, user.username)
    return report


def report_docx_content(*, report: ProgressReport) -> bytes:
    """The bytes to serve: an issued report's kept file (checked against its checksum), a report on its way
    rendered afresh. Raises ``BulletinFileDamaged`` when the kept bytes no longer match their checksum."""
    if not report.is_issued:
        return render_report_docx(report)
    stored = ProgressReportFile.objects.get(report=report)
    if not stored.intact:
        logger.error("progress report %s: stored docx does not match its checksum %s", report.pk, stored.sha256)
        raise BulletinFileDamaged(f"progress-report-{report.pk}")
    return bytes(stored.content)
