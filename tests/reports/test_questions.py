"""Questions on one item (issue 25): asked with a send-back on one figure or note, answered beside that field,
read by the coordinator on the next review, and kept in the return's history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Indicator, Measure
from reports.models import ReturnQuestion, ReturnStatus
from reports.questions import QuestionInput, monthly_return_send_back_with_questions, return_questions_answer
from reports.services import FigureInput, monthly_return_save, monthly_return_submit

QUESTION = "本月新增乡村公益性岗位较上月翻倍，请说明来源。"
ANSWER = "六月集中开发了护林员岗位，有人社局文件为证。"


@pytest.fixture
def submitted(staff_hc, hc_return, flow, stock):
    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=1,
        figures={flow.pk: FigureInput(value=Decimal(10)), stock.pk: FigureInput(value=Decimal(100))},
    )
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    hc_return.refresh_from_db()
    return hc_return


def _send_back(client, coordinator, monthly_return, **asks):
    client.force_login(coordinator)
    return client.post(
        reverse("reports:return-review", args=[monthly_return.pk]),
        {"decision": "send_back", "reason": "请核实后重新报送", **asks},
    )


def _edit_data(client, monthly_return, **overrides):
    form = client.get(reverse("reports:return-edit", args=[monthly_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    monthly_return.refresh_from_db()
    data["version"] = monthly_return.version
    data.update(overrides)
    return data


def test_a_question_on_one_figure_reaches_the_district_beside_it_and_its_answer_comes_back(
    client, staff_hc, coordinator, submitted, flow, stock
):
    _send_back(client, coordinator, submitted, **{f"ask_i{flow.pk}": QUESTION})
    question = ReturnQuestion.objects.get()
    assert (question.indicator, question.measure, question.text, question.asked_by) == (
        flow,
        None,
        QUESTION,
        coordinator,
    )
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.RETURNED

    # The district sees it right under the figure's row, before the next indicator's field.
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-edit", args=[submitted.pk])).content.decode()
    following = Indicator.objects.filter(plan=flow.plan, sort_order__gt=flow.sort_order).order_by("sort_order").first()
    assert page.index(f'id="id_val_{flow.pk}"') < page.index(QUESTION) < page.index(f'id="id_val_{following.pk}"')
    assert f'id="id_ans_{question.pk}"' in page

    # It answers (and leaves the figure), then submits again.
    response = client.post(
        reverse("reports:return-edit", args=[submitted.pk]),
        _edit_data(client, submitted, **{f"ans_{question.pk}": ANSWER, "submit": "1"}),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == (ANSWER, staff_hc)
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED

    # The coordinator reads the answer beside the figure on the next review, and in the history.
    client.force_login(coordinator)
    response = client.get(reverse("reports:return-detail", args=[submitted.pk]))
    assert [q.pk for q in response.context["questions"]] == [question.pk]
    page = response.content.decode()
    assert page.count(ANSWER) == 2  # in the list at the top and beside the figure
    assert page.index(f'id="figure-{flow.pk}"') < page.rindex(ANSWER)
    history = client.get(reverse("reports:return-history", args=[submitted.pk])).content.decode()
    assert QUESTION in history and ANSWER in history


def test_a_question_on_a_measures_note_is_answered_beside_the_note(client, staff_hc, coordinator, submitted, plan):
    measure = Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()
    _send_back(client, coordinator, submitted, **{f"ask_m{measure.pk}": "进展写得太简略"})
    question = ReturnQuestion.objects.get()
    assert question.measure == measure and question.indicator is None
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-edit", args=[submitted.pk])).content.decode()
    assert page.index(f'id="id_note_{measure.pk}"') < page.index("进展写得太简略")


def test_a_question_goes_only_with_a_send_back(client, coordinator, submitted, flow):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:return-review", args=[submitted.pk]), {"decision": "approve", f"ask_i{flow.pk}": QUESTION}
    )
    assert response.status_code == 200
    assert "退回修改" in str(response.context["review_form"].non_field_errors())
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED and not ReturnQuestion.objects.exists()


def test_a_question_on_another_units_return_is_404(client, staff_wd, coordinator, submitted, flow):
    _send_back(client, coordinator, submitted, **{f"ask_i{flow.pk}": QUESTION})
    question = ReturnQuestion.objects.get()
    client.force_login(staff_wd)
    response = client.post(reverse("reports:question-answer", args=[question.pk]), {"answer": "不是我们的"})
    assert response.status_code == 404
    assert client.get(reverse("reports:return-edit", args=[submitted.pk])).status_code == 404
    question.refresh_from_db()
    assert question.answer == ""


def test_the_unit_answers_from_the_return_page_without_touching_its_figures(
    client, staff_hc, coordinator, submitted, flow
):
    _send_back(client, coordinator, submitted, **{f"ask_i{flow.pk}": QUESTION})
    question = ReturnQuestion.objects.get()
    client.force_login(staff_hc)
    response = client.post(reverse("reports:question-answer", args=[question.pk]), {"answer": ANSWER})
    assert response["Location"] == reverse("reports:return-detail", args=[submitted.pk])
    question.refresh_from_db()
    assert question.answer == ANSWER and question.answered_at is not None


def test_a_question_is_not_answered_once_the_return_is_locked(staff_hc, coordinator, submitted, flow):
    step_question = QuestionInput(text=QUESTION, indicator_id=flow.pk)
    monthly_return_send_back_with_questions(
        monthly_return=submitted, user=coordinator, reason="请核实", questions=[step_question]
    )
    question = ReturnQuestion.objects.get()
    monthly_return_submit(monthly_return=submitted, user=staff_hc)
    with pytest.raises(ValidationError) as refused:
        return_questions_answer(monthly_return=submitted, user=staff_hc, answers={question.pk: ANSWER})
    assert refused.value.code == "locked"


def test_a_question_about_an_item_of_another_plan_is_refused_and_nothing_is_sent_back(coordinator, submitted, plan):
    with pytest.raises(ValidationError):
        monthly_return_send_back_with_questions(
            monthly_return=submitted,
            user=coordinator,
            reason="请核实",
            questions=[QuestionInput(text=QUESTION, indicator_id=10**6)],
        )
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED and not ReturnQuestion.objects.exists()
