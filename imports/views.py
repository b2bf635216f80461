"""Excel pages: templates, upload → preview → confirm, the import log, and exports."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.scoping import get_return_for_edit
from reports.unit_check import sign_offs_for

from .checking import ImportCheck
from .forms import ExportForm, ReturnUploadForm, TemplateForm, UploadForm
from .layout import label
from .models import ImportLog
from .resources import FigureResource
from .selectors import (
    figures_for_export,
    import_log_for_user,
    import_logs_for_user,
    progress_for_export,
    template_existing,
    template_rows,
    template_sign_offs,
)
from .services import ImportRefused, import_apply, import_log_check, import_upload_create
from .workbooks import CSV_TYPE, PROGRESS_COLUMNS, STATUS_WORDS, XLSX_TYPE, export_csv, export_xlsx, template_build

logger = logging.getLogger("newcitizen.exports")


def _attachment(content: bytes, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def excel_home(request):
    """Where to download a template, upload a filled one (admins), and export figures."""
    context = {
        "template_form": TemplateForm(user=request.user),
        "export_form": ExportForm(user=request.user),
        "can_upload": request.user.has_perm("reports.import_returns"),
        "logs": import_logs_for_user(request.user)[:5],
    }
    return render(request, "imports/excel_home.html", context)


def _upload(request, *, form_class, monthly_return=None):
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            log = import_upload_create(
                user=request.user,
                plan=form.cleaned_data.get("plan"),
                name=upload.name,
                data=upload.read(),
                monthly_return=monthly_return,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:import-preview", pk=log.pk)
    return render(request, "imports/upload.html", {"form": form, "return": monthly_return})


@login_required
@permission_required("reports.import_returns", raise_exception=True)
def import_upload(request):
    """Admins upload a template or a long table for any units and months of a plan year."""
    return _upload(request, form_class=UploadForm)


@login_required
def return_upload(request, pk: int):
    """A unit's staff upload their filled template from the return page; it fills that return as a draft."""
    monthly_return = get_return_for_edit(request.user, pk)
    return _upload(request, form_class=ReturnUploadForm, monthly_return=monthly_return)


def _preview(request, log: ImportLog, check: ImportCheck | None, file_error: str = "", status: int = 200):
    context = {"log": log, "check": check, "file_error": file_error}
    return render(request, "imports/preview.html", context, status=status)


@login_required
def import_preview(request, pk: int):
    """The dry run: every row as new, changed, unchanged or refused, each refusal at its sheet, row and column."""
    log = import_log_for_user(request.user, pk)
    if log.status == ImportLog.Status.APPLIED or log.user_id != request.user.pk:
        return redirect("imports:log-detail", pk=log.pk)
    try:
        check = import_log_check(log=log, user=request.user)
    except ValidationError as error:
        return _preview(request, log, None, file_error=" ".join(error.messages))
    return _preview(request, log, check)


@login_required
@require_POST
def import_confirm(request, pk: int):
    """Write a previewed file; it is checked again first, and nothing is written unless every row is clean."""
    log = import_log_for_user(request.user, pk)
    if log.user_id != request.user.pk:
        return redirect("imports:log-detail", pk=log.pk)
    try:
        log = import_apply(log=log, user=request.user)
    except ImportRefused as refused:
        messages.error(request, _("Nothing was imported: the file has errors."))
        return _preview(request, log, refused.check, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:log-detail", pk=log.pk)
    messages.success(
        request,
        _("Imported %(file)s: %(changes)s fields changed.") % {"file": log.file_name, "changes": log.changes_count},
    )
    if log.monthly_return_id:
        return redirect("reports:return-detail", pk=log.monthly_return_id)
    return redirect("imports:log-detail", pk=log.pk)


@login_required
def import_log_list(request):
    """Who imported which file when, and how much it changed."""
    logs = import_logs_for_user(request.user)[:200]
    return render(request, "imports/log_list.html", {"logs": logs})


@login_required
def import_log_detail(request, pk: int):
    log = import_log_for_user(request.user, pk)
    return render(request, "imports/log_detail.html", {"log": log})


@login_required
def template_download(request):
    """The .xlsx template for one unit and month (staff: their own unit), or every unit for admins."""
    form = TemplateForm(request.GET, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied(_("You may not file or import returns."))
    if not form.is_valid() and "unit" in form.errors and request.GET.get("unit"):
        raise Http404(_("No such reporting unit."))
    if not form.is_valid():
        context = {"template_form": form, "export_form": ExportForm(user=request.user)}
        context["can_upload"] = request.user.has_perm("reports.import_returns")
        return render(request, "imports/excel_home.html", context, status=400)
    plan, unit, month = form.cleaned_data["plan"], form.cleaned_data["unit"], form.cleaned_data["month"]
    units = [unit] if unit is not None else list(form.fields["unit"].queryset)
    indicators, measures = template_rows(plan=plan, user=request.user)
    figures, progress = template_existing(plan=plan, units=units, month=month)
    content = template_build(
        sign_offs=template_sign_offs(plan=plan, units=units, month=month),
        plan=plan,
        units=units,
        month=month,
        indicators=indicators,
        measures=measures,
        figures=figures,
        progress=progress,
    )
    scope = unit.code if unit is not None else "ALL"
    return _attachment(content, name=f"return-{scope}-{plan.year}-{month:02d}.xlsx", content_type=XLSX_TYPE)


@login_required
def figures_export(request):
    """Every figure of a plan year the user may see, optionally one unit's or one action's, as .xlsx or .csv."""
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid() and "unit" in form.errors and request.GET.get("unit"):
        raise Http404(_("No such reporting unit."))
    if not form.is_valid():
        context = {"template_form": TemplateForm(user=request.user), "export_form": form}
        context["can_upload"] = request.user.has_perm("reports.import_returns")
        return render(request, "imports/excel_home.html", context, status=400)
    plan, unit, action = form.cleaned_data["plan"], form.cleaned_data["unit"], form.cleaned_data["action_object"]
    figures = figures_for_export(user=request.user, plan=plan, unit=unit, action=action)
    with translation.override("zh-hans"):
        figures = list(figures)
        sign_offs = sign_offs_for({f.monthly_return_id for f in figures})
        dataset = FigureResource(sign_offs=sign_offs).export(queryset=figures)
        headers, rows = list(dataset.headers), [list(row) for row in dataset]
        stamp = timezone.localdate().strftime("%Y%m%d")
        name = f"figures-{plan.year}{'-' + unit.code if unit else ''}{f'-A{action.number}' if action else ''}-{stamp}"
        logger.info("export %s (%s) by %s", name, form.cleaned_data["file_format"], request.user.username)
        if form.cleaned_data["file_format"] == "csv":
            return _attachment(export_csv(headers=headers, rows=rows), name=f"{name}.csv", content_type=CSV_TYPE)
        progress_rows = [
            [
                p.monthly_return.unit.code,
                p.monthly_return.unit.name,
                f"{plan.year}-{p.monthly_return.month:02d}",
                p.measure.code,
                p.measure.text[:80],
                STATUS_WORDS.get(p.status, ""),
                p.note,
            ]
            for p in progress_for_export(user=request.user, plan=plan, unit=unit, action=action)
        ]
        content = export_xlsx(
            sheets=[
                (_("Figures"), headers, rows),
                (label("note"), [label(key) for key in PROGRESS_COLUMNS], progress_rows),
            ]
        )
    return _attachment(content, name=f"{name}.xlsx", content_type=XLSX_TYPE)
