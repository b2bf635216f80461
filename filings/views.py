from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import PlanYear
from actions.selectors import plan_current
from stored_files.responses import stored_file_download

from . import scoping, selectors, services
from .forms import AllocationForm, AssessmentForm, FilingReviewForm, GoodPracticeForm, PlanFilingForm


def _plan(year: int) -> PlanYear:
    return get_object_or_404(PlanYear, year=year)


def _require_sight(user) -> None:
    """Pages of this section are for people with a unit of their own or with sight of every unit."""
    if not (scoping.sees_all_units(user) or user.has_perm("filings.file_plan")):
        raise PermissionDenied(_("You have no access to implementation plans."))


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def filing_list_current(request):
    plan = plan_current()
    if plan is None:
        raise Http404(_("No plan year has been loaded yet."))
    return redirect("filings:filing-list", year=plan.year)


@login_required
def filing_list(request, year: int):
    """Which units filed their plan, late or on time, and where each stands with its review."""
    _require_sight(request.user)
    plan = _plan(year)
    rows = selectors.filing_overview(plan=plan, units=scoping.units_for_user(request.user))
    return render(
        request,
        "filings/filing_list.html",
        {
            "section": "filings",
            "plan": plan,
            "rows": rows,
            "counts": selectors.filing_counts(rows),
            "sees_all": scoping.sees_all_units(request.user),
        },
    )


@login_required
def filing_unit(request, year: int, code: str):
    """A unit's filed plan: the latest version, its review, every earlier version, and its shares of city targets."""
    plan = _plan(year)
    unit = scoping.get_unit_for_user(request.user, code)
    history = selectors.unit_filing_history(plan=plan, unit=unit)
    latest = history[0] if history else None
    can_review = request.user.has_perm("filings.review_filing") and latest is not None and latest.status == "submitted"
    return render(
        request,
        "filings/filing_unit.html",
        {
            "section": "filings",
            "plan": plan,
            "unit": unit,
            "latest": latest,
            "history": history,
            "can_file": scoping.can_file_for_unit(request.user, unit),
            "review_form": FilingReviewForm() if can_review else None,
            "shares": selectors.unit_allocations(plan=plan, unit=unit, user=request.user),
            "can_allocate": request.user.has_perm("filings.allocate_targets"),
        },
    )


@login_required
def filing_create(request, year: int, code: str):
    plan = _plan(year)
    unit = scoping.get_unit_for_filing(request.user, code)
    form = PlanFilingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.plan_filing_submit(
                plan=plan,
                unit=unit,
                user=request.user,
                file=form.cleaned_data["file"],
                targets=form.cleaned_data["targets"],
                schedule=form.cleaned_data["schedule"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if filing.is_late:
                messages.warning(request, _("Version %(n)s filed, after the deadline.") % {"n": filing.version})
            else:
                messages.success(request, _("Version %(n)s filed.") % {"n": filing.version})
            return redirect("filings:filing-unit", year=plan.year, code=unit.code)
    return render(request, "filings/filing_form.html", {"section": "filings", "plan": plan, "unit": unit, "form": form})


@login_required
def filing_download(request, pk: int):
    """The filed document, to those who may see the unit's plan; never through a public media URL."""
    filing = scoping.get_filing_for_user(request.user, pk)
    name = f"{filing.plan.year}-{filing.unit.code}-v{filing.version}.{filing.extension}"
    return stored_file_download(request, filing.file, filename=name, content_type=filing.content_type)


@login_required
@require_POST
def filing_review(request, pk: int):
    filing = scoping.get_filing_for_review(request.user, pk)
    form = FilingReviewForm(request.POST)
    target = redirect("filings:filing-unit", year=filing.plan.year, code=filing.unit.code)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return target
    try:
        if form.cleaned_data["decision"] == FilingReviewForm.ACCEPT:
            services.plan_filing_accept(filing=filing, user=request.user)
            messages.success(request, _("The plan is accepted."))
        else:
            services.plan_filing_send_back(filing=filing, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The plan is sent back to the unit."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return target


@login_required
def breakdown(request, year: int):
    """Per city target, each unit's share, their sum, and where the sum misses the city target."""
    _require_sight(request.user)
    plan = _plan(year)
    units = list(scoping.units_for_user(request.user))
    return render(
        request,
        "filings/breakdown.html",
        {
            "section": "breakdown",
            "plan": plan,
            "units": units,
            "rows": selectors.breakdown_for_plan(plan=plan, units=units, user=request.user),
            "sees_all": scoping.sees_all_units(request.user),
            "can_allocate": request.user.has_perm("filings.allocate_targets"),
        },
    )


@login_required
def breakdown_edit(request, year: int, code: str):
    plan = _plan(year)
    unit = scoping.get_unit_for_user(request.user, code)
    if not request.user.has_perm("filings.allocate_targets"):
        raise PermissionDenied(_("Only coordinators and admins split targets among units."))
    form = AllocationForm(request.POST or None, targets=selectors.unit_allocations(plan=plan, unit=unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.allocations_set(plan=plan, unit=unit, values=form.values(), user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Shares of %(unit)s saved.") % {"unit": unit})
            return redirect("filings:breakdown", year=plan.year)
    latest = selectors.unit_filing_history(plan=plan, unit=unit)[:1]
    return render(
        request,
        "filings/breakdown_form.html",
        {"section": "breakdown", "plan": plan, "unit": unit, "form": form, "latest": latest[0] if latest else None},
    )


@login_required
def assessment_list(request, year: int):
    _require_sight(request.user)
    plan = _plan(year)
    assessments = selectors.assessments_for_list(
        scoping.assessments_for_user(request.user).filter(plan=plan),
        items=scoping.assessment_items_for_user(request.user),
    )
    return render(
        request,
        "filings/assessment_list.html",
        {
            "section": "assessments",
            "plan": plan,
            "assessments": assessments,
            "sees_whole": scoping.sees_whole_assessments(request.user),
            "can_assess": request.user.has_perm("filings.record_assessment"),
        },
    )


def _assessment_form(request, *, plan, assessment=None):
    initial = {}
    if assessment is not None:
        initial = {
            "unit": assessment.unit,
            "period_start": assessment.period_start,
            "period_end": assessment.period_end,
            "overall_grade": assessment.overall_grade,
            "comments": assessment.comments,
        }
        for item in assessment.items.all():
            initial |= {
                f"score_{item.action_id}": item.score,
                f"grade_{item.action_id}": item.grade,
                f"comment_{item.action_id}": item.comment,
            }
    elif request.GET.get("unit"):
        initial["unit"] = scoping.units_for_user(request.user).filter(code=request.GET["unit"]).first()
    units = scoping.units_for_user(request.user)
    if assessment is not None:
        units = units.filter(pk=assessment.unit_id)
    form = AssessmentForm(
        request.POST or None, initial=initial, units=units, actions=list(plan.actions.order_by("number"))
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.assessment_record(
                plan=plan,
                unit=form.cleaned_data["unit"],
                user=request.user,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                items=form.items(),
                overall_grade=form.cleaned_data["overall_grade"],
                comments=form.cleaned_data["comments"],
                assessment=assessment,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect("filings:assessment-detail", pk=saved.pk)
    return render(
        request,
        "filings/assessment_form.html",
        {"section": "assessments", "plan": plan, "form": form, "assessment": assessment},
    )


@login_required
def assessment_create(request, year: int):
    if not request.user.has_perm("filings.record_assessment"):
        raise PermissionDenied(_("Only municipal coordinators assess units."))
    return _assessment_form(request, plan=_plan(year))


@login_required
def assessment_edit(request, pk: int):
    assessment = scoping.get_assessment_for_user(request.user, pk)
    if not request.user.has_perm("filings.record_assessment"):
        raise PermissionDenied(_("Only municipal coordinators assess units."))
    return _assessment_form(request, plan=assessment.plan, assessment=assessment)


@login_required
def assessment_detail(request, pk: int):
    assessment = scoping.get_assessment_for_user(request.user, pk)
    return render(
        request,
        "filings/assessment_detail.html",
        {
            "section": "assessments",
            "plan": assessment.plan,
            "assessment": assessment,
            "items": scoping.assessment_items_for_user(request.user).filter(assessment=assessment),
            "sees_whole": scoping.sees_whole_assessments(request.user),
            "can_assess": request.user.has_perm("filings.record_assessment"),
        },
    )


@login_required
def practice_list(request, year: int):
    _require_sight(request.user)
    plan = _plan(year)
    practices = (
        scoping.practices_for_user(request.user)
        .filter(measure__action__plan=plan)
        .select_related("unit", "measure__action")
    )
    own = request.user.reporting_unit
    return render(
        request,
        "filings/practice_list.html",
        {
            "section": "practice",
            "plan": plan,
            "practices": practices,
            "can_submit": own is not None and scoping.can_file_for_unit(request.user, own),
        },
    )


@login_required
def practice_create(request, year: int):
    plan = _plan(year)
    unit = request.user.reporting_unit
    if unit is None or not scoping.can_file_for_unit(request.user, unit):
        raise PermissionDenied(_("Only a unit's own staff submit its good practice."))
    form = GoodPracticeForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.good_practice_submit(unit=unit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the account is with the municipal coordinators."))
            return redirect("filings:practice-detail", pk=practice.pk)
    return render(
        request, "filings/practice_form.html", {"section": "practice", "plan": plan, "unit": unit, "form": form}
    )


@login_required
def practice_detail(request, pk: int):
    practice = scoping.get_practice_for_user(request.user, pk)
    return render(
        request,
        "filings/practice_detail.html",
        {
            "section": "practice",
            "plan": practice.measure.action.plan,
            "practice": practice,
            "can_feature": request.user.has_perm("filings.feature_practice"),
        },
    )


@login_required
@require_POST
def practice_feature(request, pk: int):
    practice = scoping.get_practice_for_user(request.user, pk)
    featured = request.POST.get("featured") == "1"
    services.good_practice_feature(practice=practice, user=request.user, featured=featured)
    messages.success(request, _("Featured on the home page.") if featured else _("Taken off the home page."))
    return redirect(reverse("filings:practice-detail", args=[practice.pk]))
