"""What a return's pages show of it (the form, the return page, the review page): read once, for the person asking."""

from actions.words import words_filter_for_user

from . import questions as question_services
from . import unit_check
from .models import ReturnStatus
from .scoping import can_file_for_unit
from .selectors import (
    figures_by_indicator,
    plan_structure_for_form,
    progress_by_measure,
    return_transitions,
    unit_history,
)


def words_for(user, monthly_return):
    """A department viewer reads no sentence about another department's indicators in a district's return; the
    unit's own staff read their own words whole (a department's staff included: its form starts from them, and a
    filtered note saved back would replace the real one)."""
    if can_file_for_unit(user, monthly_return.unit):
        return lambda text: text
    return words_filter_for_user(user, plan=monthly_return.plan)


def structure_for(request, monthly_return):
    return plan_structure_for_form(plan=monthly_return.plan, user=request.user, unit=monthly_return.unit)


def return_context(request, monthly_return, structure=None):
    structure = structure if structure is not None else structure_for(request, monthly_return)
    figures = figures_by_indicator(monthly_return=monthly_return)
    progress = progress_by_measure(monthly_return=monthly_return)
    transitions = list(return_transitions(monthly_return=monthly_return))
    words = words_for(request.user, monthly_return)
    for step in transitions:
        step.reason = words(step.reason)
    for figure in figures.values():
        figure.comment = words(figure.comment)
    for entry in progress.values():
        entry.note, entry.problems, entry.next_steps = map(words, (entry.note, entry.problems, entry.next_steps))
    # A draft has never been sent back, so it has no questions to read.
    questions = (
        []
        if monthly_return.status == ReturnStatus.DRAFT
        else question_services.current_questions(monthly_return=monthly_return, user=request.user)
    )
    for question in questions:
        question.text, question.answer = words(question.text), words(question.answer)
    return {
        "return": monthly_return,
        "structure": structure,
        "figures": figures,
        "progress": progress,
        "history": unit_history(monthly_return=monthly_return),
        "transitions": transitions,
        "questions": questions,
        "carried_to_confirm": [
            (action, measure)
            for action in structure
            for measure in action.measure_list
            if measure.pk in progress and progress[measure.pk].carried
        ],
        "can_edit": monthly_return.is_editable and can_file_for_unit(request.user, monthly_return.unit),
        "can_review": request.user.has_perm("reports.review_return"),
        "sign_off": unit_check.sign_off(transitions),
        "can_check": monthly_return.status == ReturnStatus.UNIT_CHECK
        and unit_check.can_check(request.user, monthly_return),
    }
