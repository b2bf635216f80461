"""The chain an official document goes through before it is sent: 拟稿 → 审核 → 签发 → 印发.

Kept apart from the bulletin so that another kind of document (issue 24's upward report, 工作进展情况报告) can take
the same steps: a model with ``status``, ``version`` and ``drafted_by`` fields, its history as ``steps`` (a model
built on ``ChainEntry``), and the permissions of its steps are all it needs. Each step is one conditional UPDATE on the status
and the version the person saw, so of two people clicking at once one wins and the other is told what happened.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Stage(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Drafted")  # 拟稿
    RETURNED = "returned", gettext_lazy("Sent back")
    CHECKED = "checked", gettext_lazy("Checked")  # 审核
    SIGNED = "signed", gettext_lazy("Signed")  # 签发
    ISSUED = "issued", gettext_lazy("Issued")  # 印发


class Step(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Drafting")
    REDRAFT = "redraft", gettext_lazy("Redrafting")
    CHECK = "check", gettext_lazy("Checking")
    SIGN = "sign", gettext_lazy("Signing")
    SEND_BACK = "send_back", gettext_lazy("Sending back")
    ISSUE = "issue", gettext_lazy("Issuing")


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    by_someone_else: bool  # a step that reviews the draft: never by the person who drafted it
    needs_reason: bool = False


MOVES: dict[str, Move] = {
    Step.REDRAFT: Move((Stage.DRAFT, Stage.RETURNED), Stage.DRAFT, by_someone_else=False),
    Step.CHECK: Move((Stage.DRAFT,), Stage.CHECKED, by_someone_else=True),
    Step.SIGN: Move((Stage.CHECKED,), Stage.SIGNED, by_someone_else=True),
    Step.SEND_BACK: Move((Stage.DRAFT, Stage.CHECKED), Stage.RETURNED, by_someone_else=True, needs_reason=True),
    Step.ISSUE: Move((Stage.SIGNED,), Stage.ISSUED, by_someone_else=False),
}
# Who sends back a document: the person whose step it awaits (the checker a draft, the signer a checked one).
AWAITS = {Stage.DRAFT: Step.CHECK, Stage.RETURNED: Step.REDRAFT, Stage.CHECKED: Step.SIGN, Stage.SIGNED: Step.ISSUE}


class ChainEntry(models.Model):
    """One step of a document's chain: who moved it from which stage to which, when, and why."""

    step = models.CharField(gettext_lazy("step"), max_length=12, choices=Step.choices)
    from_stage = models.CharField(gettext_lazy("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(gettext_lazy("to"), max_length=12, choices=Stage.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(gettext_lazy("at"), auto_now_add=True)
    reason = models.TextField(gettext_lazy("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


def _permission_for(step: str, stage: str, permissions: dict[str, str]) -> str:
    """The permission ``step`` needs; a send-back needs the permission of the step the document awaits."""
    return permissions[AWAITS.get(stage, Step.CHECK)] if step == Step.SEND_BACK else permissions[step]


def allowed_steps(document, user, permissions: dict[str, str]) -> set[str]:
    """The steps ``user`` may take on ``document`` now: what a page offers (the services decide again)."""
    allowed = set()
    for step, move in MOVES.items():
        if document.status not in move.sources:
            continue
        try:
            chain_allowed(document=document, step=step, user=user, permissions=permissions)
        except PermissionDenied:
            continue
        allowed.add(step)
    return allowed


def chain_stale_error(document) -> ValidationError:
    """What the slower of two people hears: the document moved on since their page was drawn."""
    return ValidationError(
        _(
            "Someone else changed this document a moment ago: it is now “%(stage)s”. Nothing was saved; "
            "look at it again."
        )
        % {"stage": Stage(document.status).label},
        code="stale",
    )


def chain_allowed(*, document, step: str, user, permissions: dict[str, str]) -> None:
    """Raise PermissionDenied unless ``user`` may take ``step`` on ``document`` (whatever its stage now)."""
    if not user.has_perm(_permission_for(step, document.status, permissions)):
        raise PermissionDenied(_("You are not allowed to take this step (%(step)s).") % {"step": Step(step).label})
    if MOVES[step].by_someone_else and document.drafted_by_id == user.pk:
        raise PermissionDenied(_("You drafted this document: someone else checks and signs it."))
    if step == Step.SIGN and _last_checker_id(document) == user.pk:
        # Four eyes after the drafter's: who signs (签发) did not check (审核) this version.
        raise PermissionDenied(_("You checked this document: someone else signs it."))


def _last_checker_id(document) -> int | None:
    """Who took the latest 审核 step; the document's history is its ``steps`` (a ``ChainEntry`` model)."""
    return document.steps.filter(step=Step.CHECK).order_by("-at", "-pk").values_list("user_id", flat=True).first()


def chain_move(
    *,
    document,
    step: str,
    user,
    version: int,
    permissions: dict[str, str],
    entry: Callable[..., models.Model],
    reason: str = "",
    values: dict | None = None,
):
    """Take ``step`` on ``document`` (call inside ``transaction.atomic``); return the document as it now is.

    ``permissions`` maps each step to the permission it needs, ``entry(**fields)`` makes the history row, and
    ``values`` are further fields written by the same UPDATE (the issue's 文号, a refreshed snapshot).
    Raises PermissionDenied for a person not allowed, ValidationError when the document has moved on meanwhile.
    """
    move = MOVES[step]
    source = document.status
    if version != document.version:  # the page the person acted on is older than the document
        raise chain_stale_error(document)
    chain_allowed(document=document, step=step, user=user, permissions=permissions)
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise ValidationError(_("Say why it is sent back, so the drafter knows what to change."), code="reason_missing")
    if source not in move.sources:
        raise ValidationError(
            _("This document is “%(stage)s”: the step “%(step)s” cannot be taken now.")
            % {"stage": Stage(source).label, "step": Step(step).label},
            code="wrong_stage",
        )
    changed = (
        type(document)
        .objects.filter(pk=document.pk, status=source, version=version)
        .update(status=move.target, version=F("version") + 1, **(values or {}))
    )
    if not changed:
        document.refresh_from_db()
        raise chain_stale_error(document)
    entry(step=step, from_stage=source, to_stage=move.target, user=user, reason=reason).save()
    document.refresh_from_db()
    return document
