import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import PlanYear
from actions.selectors import plan_in_progress
from weihai_newcitizen import clock

from . import questions as question_services
from . import services, unit_check
from .forms import MonthlyReturnForm, UnitCheckForm
from .models import ReturnStatus
from .page_context import return_context, words_for
from .scoping import (
    can_file_for_unit,
    departments_for_user,
    get_question_for_answer,
    get_return_for_edit,
    get_return_for_user,
    returns_for_user,
    units_for_user,
)
from .selectors import (
    carried_progress,
    return_changes,
    return_slots,
    return_transitions,
)
from .table_xlsx import table_workbook, xlsx_response

logger = logging.getLogger("newcitizen.reports")


def _plan_from_request(request) -> PlanYear:
    year = request.GET.get("year")
    plan = get_object_or_404(PlanYear, year=year) if year and year.isascii() and year.isdigit() else plan_in_progress()
    if plan is None:
        raise Http404(_("No plan is loaded."))
    return plan


@login_required
def return_list(request):
    """Staff see their unit's months; coordinators and viewers see every unit × month, with what is overdue."""
    plan = _plan_from_request(request)
    # The units that file: a city or province node of the tree rolls up, it files nothing.
    units = list(
        (units_for_user(request.user).leaves() | departments_for_user(request.user)).order_by("sort_order", "code")
    )
    if not units:
        raise PermissionDenied(_("Your account is not attached to a reporting unit."))
    returns = (
        returns_for_user(request.user)
        .for_plan(plan)
        .only("pk", "unit_id", "month", "status", "is_late", "first_submitted_at", "version")
    )
    slots = return_slots(plan=plan, units=units, returns=returns)
    for unit in units:
        unit.fillable = can_file_for_unit(request.user, unit)
    rows = [(unit, slots[unit.pk]) for unit in units]
    overdue = [(unit, slot) for unit, row in rows for slot in row if slot.overdue]
    awaiting = [
        (unit, slot)
        for unit, row in rows
        for slot in row
        if slot.monthly_return and slot.monthly_return.status == ReturnStatus.SUBMITTED
    ]
    if request.GET.get("format") == "xlsx":
        return _return_grid_xlsx(request, plan, rows)
    overdue_months = sorted({slot.month for _unit, slot in overdue})
    context = {
        "plan": plan,
        "rows": rows,
        "overdue": overdue,
        # The overdue returns as a unit × month grid: only the units and months that have one.
        "overdue_months": overdue_months,
        "overdue_grid": [
            (unit, [next((s for s in row if s.month == m and s.overdue), None) for m in overdue_months])
            for unit, row in rows
            if any(slot.overdue for slot in row)
        ],
        "awaiting": awaiting,
        "single_unit": len(units) == 1,
        "can_file": any(unit.fillable for unit in units),
        "can_review": request.user.has_perm("reports.review_return"),
        "years": PlanYear.objects.values_list("year", flat=True),
    }
    return render(request, "reports/return_list.html", context)


def _return_grid_xlsx(request, plan, rows):
    """The returns grid as an .xlsx: one row per unit, one column per month, the status (and lateness) in words."""
    today = clock.today()

    def state(slot) -> str:
        if slot.monthly_return is None:
            return _("not filed") + (f" · {_('Overdue')}" if slot.overdue else "")
        text = slot.monthly_return.get_status_display()
        if slot.monthly_return.is_late:
            text += f" · {_('late')}"
        elif slot.overdue:
            text += f" · {_('Overdue')}"
        return text

    months = [date_format(slot.period, "YEAR_MONTH_FORMAT") for slot in (rows[0][1] if rows else [])]
    content = table_workbook(
        sheets=[
            (
                _("Monthly returns"),
                [_("Reporting unit"), *months],
                [[unit.name, *map(state, row)] for unit, row in rows],
            )
        ],
        title=_("Monthly returns %(year)s") % {"year": plan.year},
        filters=[
            (_("Plan year"), str(plan.year)),
            (_("Units"), "、".join(unit.display_name for unit, _row in rows)),
            (_("As of"), date_format(today, "DATE_FORMAT")),
        ],
    )
    logger.info("export returns-%s.xlsx by %s", plan.year, request.user.username)
    return xlsx_response(content, f"returns-{plan.year}.xlsx")


@login_required
@require_POST
def return_start(request):
    """Open (or create as a draft) the user's own unit's return for a month."""
    plan = _plan_from_request(request)
    unit = request.user.reporting_unit
    try:
        month = int(request.POST.get("month", ""))
    except ValueError:
        month = 0
    if unit is None or not can_file_for_unit(request.user, unit):
        raise PermissionDenied(_("Only a unit's own staff file its returns."))
    try:
        monthly_return = services.monthly_return_start(user=request.user, plan=plan, unit=unit, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:return-list")
    return redirect("reports:return-edit", pk=monthly_return.pk)


@login_required
def return_edit(request, pk: int):
    monthly_return = get_return_for_edit(request.user, pk)
    if not monthly_return.is_editable:
        messages.warning(
            request,
            _("This return is %(status)s and locked; a coordinator can reopen it.")
            % {"status": monthly_return.get_status_display()},
        )
        return redirect("reports:return-detail", pk=pk)
    context = return_context(request, monthly_return)
    carried_month, carried = (None, {})
    if not context["progress"]:
        carried_month, carried = carried_progress(monthly_return=monthly_return)
    context["carried_period"] = monthly_return.period.replace(month=carried_month) if carried_month else None
    form_kwargs = {
        "structure": context["structure"],
        "figures": context["figures"],
        "progress": context["progress"],
        "history": context["history"],
        "carried": carried,
        "department": monthly_return.unit.is_department,
        "questions": context["questions"] if monthly_return.status == ReturnStatus.RETURNED else (),
    }
    if request.method == "POST":
        form = MonthlyReturnForm(request.POST, submitting="submit" in request.POST, **form_kwargs)
        if form.is_valid():
            # Handing in goes to the unit's checker when the unit requires one (reports.unit_check), else to the city.
            to_check = unit_check.needs_unit_check(monthly_return)
            try:
                changed = question_services.monthly_return_save_with_answers(
                    monthly_return=monthly_return,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    figures=form.figure_inputs(),
                    progress=form.progress_inputs(),
                    answers=form.answer_inputs(),
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST:
                    messages.success(
                        request,
                        _("Return saved and sent for the unit's check.")
                        if to_check
                        else _("Return saved and submitted for review."),
                    )
                    return redirect("reports:return-detail", pk=pk)
                messages.success(request, _("Draft saved (%(n)s changes).") % {"n": changed})
                if form.unconfirmed:
                    messages.warning(request, services.unconfirmed_message(form.unconfirmed))
                return redirect("reports:return-edit", pk=pk)
    else:
        form = MonthlyReturnForm(initial={"version": monthly_return.version}, **form_kwargs)
    context["form"] = form
    return render(request, "reports/return_form.html", context)


@login_required
@require_POST
def return_submit(request, pk: int):
    monthly_return = get_return_for_edit(request.user, pk)
    to_check = unit_check.needs_unit_check(monthly_return)
    try:
        unit_check.monthly_return_hand_in(monthly_return=monthly_return, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Return sent for the unit's check.") if to_check else _("Return submitted for review.")
        )
    return redirect("reports:return-detail", pk=pk)


@login_required
@require_POST
def return_check(request, pk: int):
    """The unit's checker sends a return on to the city (报送) or back inside the unit with a reason."""
    monthly_return = get_return_for_edit(request.user, pk)
    form = UnitCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("reports:return-detail", pk=pk)
    try:
        if form.cleaned_data["decision"] == "submit":
            services.monthly_return_submit(monthly_return=monthly_return, user=request.user)
            messages.success(request, _("Return checked and submitted to the city."))
        else:
            unit_check.monthly_return_check_back(
                monthly_return=monthly_return, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Return sent back inside the unit."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:return-detail", pk=pk)


@login_required
def return_history(request, pk: int):
    monthly_return = get_return_for_user(request.user, pk)
    words = words_for(request.user, monthly_return)
    changes = list(return_changes(monthly_return=monthly_return, user=request.user))
    for change in changes:
        if change.field in ("note", "comment"):
            change.old_value, change.new_value = words(change.old_value or ""), words(change.new_value or "")
    transitions = list(return_transitions(monthly_return=monthly_return))
    for step in transitions:
        step.reason = words(step.reason)
    questions = list(question_services.return_questions(monthly_return=monthly_return, user=request.user))
    for question in questions:
        question.text, question.answer = words(question.text), words(question.answer)
    context = {
        "return": monthly_return,
        "changes": changes,
        "transitions": transitions,
        "sign_off": unit_check.sign_off(transitions),
        "questions": questions,
    }
    return render(request, "reports/return_history.html", context)


@login_required
@require_POST
def question_answer(request, pk: int):
    """The unit answers one question from the return's page, without touching its figures."""
    question = get_question_for_answer(request.user, pk)
    monthly_return = question.monthly_return
    try:
        question_services.return_questions_answer(
            monthly_return=monthly_return, user=request.user, answers={question.pk: request.POST.get("answer", "")}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Answer saved."))
    return redirect("reports:return-detail", pk=monthly_return.pk)
