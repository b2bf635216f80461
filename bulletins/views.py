"""The archive of issued bulletins, issuing one, and each as a page and a Word document."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.scoping import sees_every_measure
from dashboards.params import selection_from_request
from dashboards.selectors.scope import scope_for_user

from .docx import bulletin_docx
from .forms import IssueForm, default_recipients
from .scoping import get_issued_bulletin_for_user, issued_bulletins_for_user
from .services import bulletin_issue
from .snapshot import bulletin_snapshot
from .writing import bulletin_text

logger = logging.getLogger("newcitizen.exports")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_city(user):
    # A bulletin ranks every unit on every indicator: not for district staff, nor for a department viewer, who
    # sees its own measures only (actions.scoping).
    if not scope_for_user(user=user).city_wide or not sees_every_measure(user):
        raise PermissionDenied(_("Only municipal users see every unit's ranking."))


def _docx_response(content: bytes, filename: str, user) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    logger.info("export %s by %s", filename, user.username)
    return response


@login_required
def archive(request):
    """Every bulletin issued, latest first, with its 文号 and date."""
    _require_city(request.user)
    bulletins = issued_bulletins_for_user(request.user)
    return render(
        request,
        "bulletins/archive.html",
        {"bulletins": bulletins, "can_issue": request.user.has_perm("bulletins.issue_bulletin")},
    )


@login_required
def issue(request):
    """A preview of the month's bulletin as it would go out, and the form that issues it."""
    if not request.user.has_perm("bulletins.issue_bulletin"):
        raise PermissionDenied(_("Only coordinators issue bulletins."))
    selection = selection_from_request(request)
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid() and form.cleaned_data["plan"] is not None:
            data = form.cleaned_data
            try:
                bulletin = bulletin_issue(
                    plan=data["plan"],
                    month=data["month"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    recipients=data["recipients"],
                    include_submitted=data["include_submitted"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bulletin %(number)s issued.") % {"number": bulletin.number})
                return redirect("bulletins:bulletin-detail", pk=bulletin.pk)
    else:
        form = IssueForm(
            initial={
                "year": selection.plan.year,
                "month": selection.month,
                "issued_on": timezone.localdate(),
                "recipients": default_recipients(),
                "include_submitted": selection.include_submitted,
            }
        )
    snapshot = bulletin_snapshot(
        plan=selection.plan,
        month=selection.month,
        units=selection.scope.units,
        include_submitted=selection.include_submitted,
    )
    return render(
        request,
        "bulletins/issue.html",
        {"form": form, "selection": selection, "text": bulletin_text(snapshot), "snapshot": snapshot},
    )


@login_required
def detail(request, pk: int):
    """An issued bulletin as it went out: its frozen numbers, printable."""
    bulletin = get_issued_bulletin_for_user(request.user, pk)
    return render(
        request,
        "bulletins/detail.html",
        {"bulletin": bulletin, "text": bulletin_text(bulletin.snapshot), "snapshot": bulletin.snapshot},
    )


@login_required
def issued_docx(request, pk: int):
    """An issued bulletin as a Word document laid out after GB/T 9704."""
    bulletin = get_issued_bulletin_for_user(request.user, pk)
    content = bulletin_docx(
        text=bulletin_text(bulletin.snapshot),
        number=bulletin.number,
        recipients=bulletin.recipients,
        issued_on=bulletin.issued_on,
    )
    return _docx_response(
        content, f"bulletin-{bulletin.plan.year}{bulletin.month:02d}-{bulletin.pk}.docx", request.user
    )


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
        text=bulletin_text(snapshot), number="", recipients=default_recipients(), issued_on=timezone.localdate()
    )
    return _docx_response(content, f"bulletin-draft-{selection.plan.year}{selection.month:02d}.docx", request.user)
