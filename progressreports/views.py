"""The progress reports to the province: the list, starting one, each report's page (its draft to edit, the step
its reader may take, its history), and its .docx."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bulletins.chain import Step, allowed_steps, chain_allowed, chain_stale_error
from bulletins.forms import IssueForm, SendBackForm, StepForm
from weihai_newcitizen import clock

from .docx import CONTENT_TYPE, file_name
from .forms import EditForm, StartForm
from .models import ProgressReportFile
from .scoping import get_report_for_user, reports_for_user, require_reports
from .services import (
    PERMISSIONS,
    BulletinFileDamaged,
    report_check,
    report_docx_content,
    report_edit,
    report_issue,
    report_send_back,
    report_sign,
    report_start,
)
from .writing import report_text

logger = logging.getLogger("newcitizen.exports")


@login_required
def report_list(request):
    """Every report, those on their way first, then those issued."""
    require_reports(request.user)
    reports = list(reports_for_user(request.user))
    return render(
        request,
        "progressreports/list.html",
        {
            "issued": [r for r in reports if r.is_issued],
            "in_progress": [r for r in reports if not r.is_issued],
            "can_start": request.user.has_perm(PERMISSIONS[Step.DRAFT]),
        },
    )


@login_required
def report_start_view(request):
    """拟稿: choose the period; the report is drafted from the approved data of that moment."""
    require_reports(request.user)
    if not request.user.has_perm(PERMISSIONS[Step.DRAFT]):
        raise PermissionDenied(_("Only coordinators draft progress reports."))
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid() and form.cleaned_data.get("plan") is not None:
            data = form.cleaned_data
            try:
                report = report_start(
                    plan=data["plan"], month_from=data["month_from"], month_to=data["month_to"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Report drafted from the approved data: choose and edit its sentences."))
                return redirect("progressreports:report-detail", pk=report.pk)
    else:
        form = StartForm(initial={"year": clock.today().year, "month_from": 1, "month_to": 6})
    return render(request, "progressreports/start.html", {"form": form})


def _detail(request, report, forms: dict | None = None):
    steps = allowed_steps(report, request.user, PERMISSIONS)
    initial = {"version": report.version}
    forms = forms or {}
    context = {
        "report": report,
        "text": report_text(snapshot=report.snapshot, content=report.content, title=report.title),
        "history": report.steps.select_related("user"),
        "steps": steps,
        "check_form": forms.get(Step.CHECK) or StepForm(initial=initial),
        "sign_form": forms.get(Step.SIGN) or StepForm(initial=initial),
        "send_back_form": forms.get(Step.SEND_BACK) or SendBackForm(initial=initial),
        "issue_form": forms.get(Step.ISSUE) or IssueForm(initial=initial),
        "edit_form": (forms.get(Step.REDRAFT) or EditForm(report=report)) if Step.REDRAFT in steps else None,
        "counted": report.snapshot["progress"].get("counted") or {},
    }
    context["errors_elsewhere"] = [
        e for step, form in forms.items() if step not in steps for e in form.non_field_errors()
    ]
    return render(request, "progressreports/detail.html", context)


@login_required
def report_detail(request, pk: int):
    """A report at any stage: its words as they will print, its draft to edit, its history, the next step."""
    return _detail(request, get_report_for_user(request.user, pk))


DONE = {
    Step.REDRAFT: gettext_lazy("Draft saved: it awaits checking."),
    Step.CHECK: gettext_lazy("Checked: the report now awaits signing."),
    Step.SIGN: gettext_lazy("Signed: the report may now be issued."),
    Step.SEND_BACK: gettext_lazy("Sent back to the drafter."),
    Step.ISSUE: gettext_lazy("Report %(number)s issued: its .docx is kept as it is now."),
}


def _take(request, report, step: str, form):
    user, data = request.user, form.cleaned_data
    version = data["version"]
    if step == Step.REDRAFT:
        return report_edit(report=report, user=user, version=version, title=data["title"], content=form.content())
    if step == Step.CHECK:
        return report_check(report=report, user=user, version=version)
    if step == Step.SIGN:
        return report_sign(report=report, user=user, version=version)
    if step == Step.SEND_BACK:
        return report_send_back(report=report, user=user, version=version, reason=data["reason"])
    return report_issue(report=report, user=user, version=version, number=data["number"], issued_on=data["issued_on"])


def _form(step: str, report, data):
    if step == Step.REDRAFT:
        return EditForm(data, report=report)
    return {Step.CHECK: StepForm, Step.SIGN: StepForm, Step.SEND_BACK: SendBackForm, Step.ISSUE: IssueForm}[step](data)


def _step_view(step: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        report = get_report_for_user(request.user, pk)
        # Refused before the form is read: a person not allowed learns nothing from its validation.
        chain_allowed(document=report, step=step, user=request.user, permissions=PERMISSIONS)
        form = _form(step, report, request.POST)
        if request.POST.get("version") not in (None, str(report.version)):
            form.is_valid()
            form.add_error(None, chain_stale_error(report))
            return _detail(request, report, {step: form})
        if form.is_valid():
            try:
                report = _take(request, report, step, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, DONE[step] % {"number": report.number})
                return redirect("progressreports:report-detail", pk=report.pk)
        report.refresh_from_db()
        return _detail(request, report, {step: form})

    view.__name__ = view.__qualname__ = f"report_{step}"
    view.__doc__ = f"POST: the step {step} on a progress report, by the services' rules; its page again on an error."
    return view


report_edit_view = _step_view(Step.REDRAFT)
report_check_view = _step_view(Step.CHECK)
report_sign_view = _step_view(Step.SIGN)
report_send_back_view = _step_view(Step.SEND_BACK)
report_issue_view = _step_view(Step.ISSUE)


@login_required
def report_docx(request, pk: int):
    """The report as a Word document: once issued, the very bytes kept at issue, in any interface language."""
    report = get_report_for_user(request.user, pk)
    try:
        content = report_docx_content(report=report)
    except BulletinFileDamaged:
        return render(request, "progressreports/file_damaged.html", {"report": report}, status=500)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(report)}"'
    if report.is_issued:
        response["ETag"] = f'"{ProgressReportFile.checksum(content)}"'
    logger.info("export %s by %s", file_name(report), request.user.username)
    return response
