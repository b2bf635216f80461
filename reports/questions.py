"""Questions on one item (issue 25): a coordinator sending a return back asks about one figure or one measure's
note; the unit answers beside that field, and the coordinator reads the answers on the next review.

The writes follow reports.services (keyword-only, atomic, ValidationError with a code) and go through the same
permission checks; the reads give the questions of the latest send-back, which are the ones still being answered.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Indicator, Measure
from actions.scoping import indicators_for_user, measures_for_user, sees_every_measure

from .models import MonthlyReturn, ReturnQuestion, ReturnTransition
from .scoping import can_file_for_unit
from .services import monthly_return_save, monthly_return_send_back
from .unit_check import monthly_return_save_and_hand_in

QUESTION_MAX = 1000
ANSWER_MAX = 2000


@dataclass(frozen=True)
class QuestionInput:
    """A question on one figure (``indicator_id``) or one measure's note (``measure_id``)."""

    text: str
    indicator_id: int | None = None
    measure_id: int | None = None


@transaction.atomic
def monthly_return_send_back_with_questions(
    *, monthly_return: MonthlyReturn, user, reason: str, questions: list[QuestionInput]
) -> ReturnTransition:
    """Send a return back, as :func:`reports.services.monthly_return_send_back`, with questions on single items."""
    step = monthly_return_send_back(monthly_return=monthly_return, user=user, reason=reason)
    questions = [q for q in questions if q.text.strip()]
    indicators = set(
        Indicator.objects.filter(
            plan_id=monthly_return.plan_id, pk__in=[q.indicator_id for q in questions if q.indicator_id]
        ).values_list("pk", flat=True)
    )
    measures = set(
        Measure.objects.filter(
            action__plan_id=monthly_return.plan_id, pk__in=[q.measure_id for q in questions if q.measure_id]
        ).values_list("pk", flat=True)
    )
    rows = []
    for question in questions:
        on_indicator = question.indicator_id is not None and question.measure_id is None
        on_measure = question.measure_id is not None and question.indicator_id is None
        if not (
            (on_indicator and question.indicator_id in indicators) or (on_measure and question.measure_id in measures)
        ):
            raise ValidationError(_("A question is not about an item of this return."), code="bad_question_item")
        text = question.text.strip()
        if len(text) > QUESTION_MAX:
            raise ValidationError(
                _("A question is at most %(max)s characters long.") % {"max": QUESTION_MAX}, code="question_too_long"
            )
        rows.append(
            ReturnQuestion(
                monthly_return=monthly_return,
                step=step,
                indicator_id=question.indicator_id,
                measure_id=question.measure_id,
                text=text,
                asked_by=user,
            )
        )
    ReturnQuestion.objects.bulk_create(rows)
    return step


@transaction.atomic
def return_questions_answer(*, monthly_return: MonthlyReturn, user, answers: dict[int, str]) -> int:
    """Write the unit's answers to questions on its return (question pk → answer); return how many changed.

    Only the unit's own staff answer, and only while the return is theirs to change; a question of another return
    is refused as if it did not exist.
    """
    if not can_file_for_unit(user, monthly_return.unit):
        raise PermissionDenied(_("Only the unit's own staff answer questions on its return."))
    current = MonthlyReturn.objects.get(pk=monthly_return.pk)
    if not current.is_editable:
        raise ValidationError(
            _("This return is %(status)s and can no longer be changed.") % {"status": current.get_status_display()},
            code="locked",
        )
    questions = list(ReturnQuestion.objects.filter(monthly_return=monthly_return, pk__in=list(answers)))
    if len(questions) != len(answers):
        raise ValidationError(_("A question is not about this return."), code="bad_question")
    now, changed = timezone.now(), []
    for question in questions:
        answer = (answers[question.pk] or "").strip()
        if len(answer) > ANSWER_MAX:
            raise ValidationError(
                _("An answer is at most %(max)s characters long.") % {"max": ANSWER_MAX}, code="answer_too_long"
            )
        if answer != question.answer:
            question.answer = answer
            question.answered_by, question.answered_at = (user, now) if answer else (None, None)
            changed.append(question)
    ReturnQuestion.objects.bulk_update(changed, ["answer", "answered_by", "answered_at"])
    return len(changed)


@transaction.atomic
def monthly_return_save_with_answers(
    *, monthly_return: MonthlyReturn, user, version: int, figures, progress, answers: dict[int, str], submit: bool
) -> int:
    """The edit form's one step: answers, figures and notes (and the submission when asked), all or nothing."""
    answered = return_questions_answer(monthly_return=monthly_return, user=user, answers=answers) if answers else 0
    # Handing in goes to the unit's checker when the unit requires one (reports.unit_check), else to the city.
    save = monthly_return_save_and_hand_in if submit else monthly_return_save
    changed = save(monthly_return=monthly_return, user=user, version=version, figures=figures, progress=progress)
    return changed + answered


def _visible(questions, user):
    # A department viewer reads only the questions on its own measures and their indicators, as in the audit trail.
    if user is not None and not sees_every_measure(user):
        questions = questions.filter(
            Q(measure__in=measures_for_user(user).values("pk"))
            | Q(indicator__in=indicators_for_user(user).values("pk"))
        )
    return questions


def current_questions(*, monthly_return: MonthlyReturn, user=None) -> list[ReturnQuestion]:
    """The questions asked with the return's latest send-back (none once it was reopened since): the unit answers
    them now, the coordinator reads their answers on the next review. One query."""
    # A reopening after approval starts a new round too: the old round's questions are in the history, not here.
    latest = (
        ReturnTransition.objects.filter(
            monthly_return=OuterRef("monthly_return"),
            kind__in=[ReturnTransition.Kind.SEND_BACK, ReturnTransition.Kind.REOPEN],
        )
        .order_by("-at", "-pk")
        .values("pk")[:1]
    )
    questions = (
        ReturnQuestion.objects.filter(monthly_return=monthly_return, step=Subquery(latest))
        .select_related("indicator", "measure__action", "asked_by", "answered_by")
        .order_by("asked_at", "pk")
    )
    return list(_visible(questions, user))


def return_questions(*, monthly_return: MonthlyReturn, user=None):
    """Every question on the return, oldest first, for its history. One query."""
    questions = monthly_return.questions.select_related(
        "indicator", "measure__action", "asked_by", "answered_by", "step"
    ).order_by("asked_at", "pk")
    return _visible(questions, user)
