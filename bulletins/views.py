"""The archive of bulletins, drafting one, each bulletin's page with the step its reader may take, its files."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actions.scoping import sees_every_measure
from dashboards.params import selection_from_request
from dashboards.selectors.scope import scope_for_user
from weihai_newcitizen import clock

from .chain import Step, allowed_steps, chain_allowed, chain_stale_error
from .completeness import missing_returns
from .docx import bulletin_docx
from .files import CONTENT_TYPES, file_name
from .forms import DraftForm, IssueForm, RedraftForm, SendBackForm, StepForm, default_recipients
from .models import BulletinFile
from .scoping import bulletins_for_user, get_bulletin_for_user
from .services import (
    PERMISSIONS,
    BulletinFileDamaged,
    bulletin_check,
    bulletin_draft,
    bulletin_file_content,
    bulletin_issue,
    bulletin_redraft,
    bulletin_send_back,
    bulletin_sign,
)
from .snapshot import bulletin_snapshot
from .writing import bulletin_text

logger = logging.getLogger("newcitizen.exports")
DOCX = CONTENT_TYPES[BulletinFile.Kind.DOCX]


def _require_city(user):
    # A bulletin ranks every unit on every indicator: not for district staff, nor for a department viewer, who
    # sees its own measures only (actions.scoping).
    if not scope_for_user(user=user).city_wide or not sees_every_measure(user):
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))


def _download(content: bytes, filename: str, content_type: str, user, checksum: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if checksum:
        response["ETag"] = f'"{checksum}"'
    logger.info("export %s by %s", filename, user.username)
    return response


@login_required
def archive(request):
    """Every bulletin issued, latest first, and those on their way (drafted, checked, signed)."""
    _require_city(request.user)
    bulletins = list(bulletins_for_user(request.user))
    return render(
        request,
        "bulletins/archive.html",
        {
            "bulletins": [b for b in bulletins if b.is_issued],
            "in_progress": [b for b in bulletins if not b.is_issued],
            "can_draft": request.user.has_perm(PERMISSIONS[Step.DRAFT]),
        },
    )


@login_required
def issue(request):
    """The old address of "issue a bulletin": drafting is where a bulletin now starts."""
    query = request.META.get("QUERY_STRING")
    return redirect(reverse("bulletins:bulletin-draft") + (f"?{query}" if query else ""))


@login_required
def draft(request):
    """拟稿: a preview of the month's bulletin as it stands, the returns it would go without, and the form."""
    if not request.user.has_perm(PERMISSIONS[Step.DRAFT]):
        raise PermissionDenied(_("Only coordinators draft bulletins."))
    selection = selection_from_request(request)
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid() and form.cleaned_data["plan"] is not None:
            data = form.cleaned_data
            try:
                bulletin = bulletin_draft(
                    plan=data["plan"],
                    month=data["month"],
                    recipients=data["recipients"],
                    include_submitted=data["include_submitted"],
                    completeness_reason=data["completeness_reason"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bulletin drafted: its numbers are frozen. It now awaits checking."))
                return redirect("bulletins:bulletin-detail", pk=bulletin.pk)
    else:
        form = DraftForm(
            initial={
                "year": selection.plan.year,
                "month": selection.month,
                "recipients": default_recipients(),
                "include_submitted": selection.include_submitted,
            }
        )
    units = selection.scope.units
    snapshot = bulletin_snapshot(
        plan=selection.plan, month=selection.month, units=units, include_submitted=selection.include_submitted
    )
    return render(
        request,
        "bulletins/draft.html",
        {
            "form": form,
            "selection": selection,
            "text": bulletin_text(snapshot),
            "snapshot": snapshot,
            "missing": missing_returns(
                plan=selection.plan,
                month=selection.month,
                units=units,
                include_submitted=selection.include_submitted,
            ),
            "existing": bulletins_for_user(request.user).filter(plan=selection.plan, month=selection.month).first(),
        },
    )


def _detail(request, bulletin, forms: dict | None = None):
    steps = allowed_steps(bulletin, request.user, PERMISSIONS)
    initial = {"version": bulletin.version}
    forms = forms or {}
    context = {
        "bulletin": bulletin,
        "text": bulletin_text(bulletin.snapshot),
        "snapshot": bulletin.snapshot,
        "history": bulletin.steps.select_related("user"),
        "steps": steps,
        "check_form": forms.get(Step.CHECK) or StepForm(initial=initial),
        "sign_form": forms.get(Step.SIGN) or StepForm(initial=initial),
        "send_back_form": forms.get(Step.SEND_BACK) or SendBackForm(initial=initial),
        "issue_form": forms.get(Step.ISSUE) or IssueForm(initial=initial),
    }
    # An error of a step whose form the page no longer shows (the bulletin moved on): said at the top instead.
    context["errors_elsewhere"] = [
        e for step, form in forms.items() if step not in steps for e in form.non_field_errors()
    ]
    if Step.REDRAFT in steps:
        context["redraft_form"] = forms.get(Step.REDRAFT) or RedraftForm(
            initial={
                **initial,
                "recipients": bulletin.recipients,
                "include_submitted": bulletin.include_submitted,
                "completeness_reason": bulletin.completeness.get("reason", ""),
            }
        )
        units = scope_for_user(user=request.user).units
        context["missing_now"] = missing_returns(
            plan=bulletin.plan, month=bulletin.month, units=units, include_submitted=bulletin.include_submitted
        )
    return render(request, "bulletins/detail.html", context)


@login_required
def detail(request, pk: int):
    """A bulletin at any stage: its frozen numbers, printable, its history, and the step the reader may take."""
    return _detail(request, get_bulletin_for_user(request.user, pk))


STEP_FORMS = {
    Step.REDRAFT: RedraftForm,
    Step.CHECK: StepForm,
    Step.SIGN: StepForm,
    Step.SEND_BACK: SendBackForm,
    Step.ISSUE: IssueForm,
}
DONE = {
    Step.REDRAFT: gettext_lazy("Numbers refreshed: the bulletin awaits checking again."),
    Step.CHECK: gettext_lazy("Checked: the bulletin now awaits signing."),
    Step.SIGN: gettext_lazy("Signed: the bulletin may now be issued."),
    Step.SEND_BACK: gettext_lazy("Sent back to the drafter."),
    Step.ISSUE: gettext_lazy("Bulletin %(number)s issued: its .docx and .xlsx are kept as they are now."),
}


def _take(request, bulletin, step: str, data: dict):
    user, version = request.user, data["version"]
    if step == Step.REDRAFT:
        return bulletin_redraft(
            bulletin=bulletin,
            user=user,
            version=version,
            recipients=data["recipients"],
            include_submitted=data["include_submitted"],
            completeness_reason=data["completeness_reason"],
        )
    if step == Step.CHECK:
        return bulletin_check(bulletin=bulletin, user=user, version=version)
    if step == Step.SIGN:
        return bulletin_sign(bulletin=bulletin, user=user, version=version)
    if step == Step.SEND_BACK:
        return bulletin_send_back(bulletin=bulletin, user=user, version=version, reason=data["reason"])
    return bulletin_issue(
        bulletin=bulletin, user=user, version=version, number=data["number"], issued_on=data["issued_on"]
    )


def _step_view(step: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        bulletin = get_bulletin_for_user(request.user, pk)
        form = STEP_FORMS[step](request.POST)
        if request.POST.get("version") not in (None, str(bulletin.version)):
            # Acted on an older page: say so first, rather than judge the step against a stage they did not see.
            form.add_error(None, chain_stale_error(bulletin))
            return _detail(request, bulletin, {step: form})
        # Refused before the form is read: a person not allowed learns nothing from its validation.
        chain_allowed(document=bulletin, step=step, user=request.user, permissions=PERMISSIONS)
        if form.is_valid():
            try:
                bulletin = _take(request, bulletin, step, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, DONE[step] % {"number": bulletin.number})
                return redirect("bulletins:bulletin-detail", pk=bulletin.pk)
        bulletin.refresh_from_db()
        return _detail(request, bulletin, {step: form})

    view.__name__ = view.__qualname__ = f"bulletin_{step}"
    view.__doc__ = f"POST: the step {step} on a bulletin, by the services' rules; its page again on an error."
    return view


redraft = _step_view(Step.REDRAFT)
check = _step_view(Step.CHECK)
sign = _step_view(Step.SIGN)
send_back = _step_view(Step.SEND_BACK)
issue_step = _step_view(Step.ISSUE)


def _file(request, pk: int, kind: str):
    bulletin = get_bulletin_for_user(request.user, pk)
    try:
        content = bulletin_file_content(bulletin=bulletin, kind=kind)
    except BulletinFileDamaged:
        return render(request, "bulletins/file_damaged.html", {"bulletin": bulletin}, status=500)
    checksum = BulletinFile.checksum(content) if bulletin.is_issued else ""
    return _download(content, file_name(bulletin, kind), CONTENT_TYPES[kind], request.user, checksum)


@login_required
def bulletin_docx_download(request, pk: int):
    """The bulletin as a Word document: once issued, the very bytes written at issue, in any interface language."""
    return _file(request, pk, BulletinFile.Kind.DOCX)


@login_required
def bulletin_xlsx_download(request, pk: int):
    """The bulletin as a workbook: once issued, the very bytes written at issue, dated the day it was issued."""
    return _file(request, pk, BulletinFile.Kind.XLSX)


@login_required
def draft_docx(request):
    """The month's bulletin as it stands now, as a Word draft without a 文号 (the live bulletin page links here)."""
    _require_city(request.user)
    selection = selection_from_request(request)
    snapshot = bulletin_snapshot(
        plan=selection.plan,
        month=selection.month,
        units=selection.scope.units,
        include_submitted=selection.include_submitted,
    )
    content = bulletin_docx(
        text=bulletin_text(snapshot), number="", recipients=default_recipients(), issued_on=clock.today()
    )
    filename = f"bulletin-draft-{selection.plan.year}{selection.month:02d}.docx"
    return _download(content, filename, DOCX, request.user)
