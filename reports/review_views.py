"""The coordinator's side of a return: its page with the decision box, the decision, and approving from the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import bulk_review, services
from . import questions as question_services
from .forms import ReviewForm
from .page_context import return_context, structure_for
from .review import changes_since_last_submission, figure_flags, notes_as_last_month
from .scoping import get_return_for_review, get_return_for_user, next_awaiting_review


def _review_context(request, context, review_form=None) -> dict:
    """What the review page adds for a coordinator: the decision box with a question per item, and what to look at."""
    monthly_return = context["return"]
    baseline, changes = changes_since_last_submission(monthly_return=monthly_return, user=request.user)
    context.update(
        review_form=review_form or ReviewForm(structure=context["structure"]),
        next_review=next_awaiting_review(request.user, after=monthly_return),
        baseline=baseline,
        changes_since=changes,
        flags=figure_flags(
            monthly_return=monthly_return,
            structure=context["structure"],
            figures=context["figures"],
            history=context["history"],
        ),
        as_last_month=notes_as_last_month(monthly_return=monthly_return, progress=context["progress"]),
        questions_by_item=_questions_by_item(context["questions"]),
    )
    return context


def _questions_by_item(questions) -> dict:
    by_item = {"indicator": {}, "measure": {}}
    for question in questions:
        kind, item = ("indicator", question.indicator_id) if question.indicator_id else ("measure", question.measure_id)
        by_item[kind].setdefault(item, []).append(question)
    return by_item


@login_required
def return_detail(request, pk: int):
    monthly_return = get_return_for_user(request.user, pk)
    context = _review_context(request, return_context(request, monthly_return))
    return render(request, "reports/return_detail.html", context)


@login_required
@require_POST
def return_review(request, pk: int):
    monthly_return = get_return_for_review(request.user, pk)
    structure = structure_for(request, monthly_return)  # the page's context only if the page comes again
    form = ReviewForm(request.POST, structure=structure)
    if not form.is_valid():
        # As a Django form does: the page again with the message beside the field (200, not an error status).
        context = return_context(request, monthly_return, structure)
        return render(request, "reports/return_detail.html", _review_context(request, context, form))
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    try:
        if decision == "approve":
            services.monthly_return_approve(monthly_return=monthly_return, user=request.user)
            messages.success(request, _("Return approved."))
        elif decision == "send_back":
            question_services.monthly_return_send_back_with_questions(
                monthly_return=monthly_return, user=request.user, reason=reason, questions=form.question_inputs()
            )
            messages.success(request, _("Return sent back to the unit."))
        else:
            services.monthly_return_reopen(monthly_return=monthly_return, user=request.user, reason=reason)
            messages.success(request, _("Return reopened for the unit to correct."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:return-detail", pk=pk)


@login_required
@require_POST
def returns_approve(request):
    """Approve the returns ticked on the review list; one changed since the list was shown is skipped and named."""
    if not request.user.has_perm("reports.review_return"):
        raise PermissionDenied(_("Only municipal coordinators review returns."))
    versions = {}
    for pk in request.POST.getlist("return"):
        version = request.POST.get(f"version_{pk}", "")
        if pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit():
            versions[int(pk)] = int(version)
    if not versions:
        messages.error(request, _("Tick the returns to approve."))
        return redirect("reports:return-list")
    result = bulk_review.monthly_returns_approve(user=request.user, versions=versions)
    if result.approved:
        messages.success(request, _("Approved %(n)s returns.") % {"n": len(result.approved)})
    if result.skipped:
        names = "、".join(f"{r.unit.display_name} {date_format(r.period, 'YEAR_MONTH_FORMAT')}" for r in result.skipped)
        messages.warning(
            request,
            _("Not approved, changed since the list was shown: %(returns)s. Open each to review it.")
            % {"returns": names},
        )
    return redirect("reports:return-list")
