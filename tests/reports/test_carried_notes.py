"""Notes carried over from last month are confirmed, not assumed (issue 25): the mark survives draft saves and
a return is not submitted while a carried-over note is neither confirmed nor edited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Measure
from reports.models import MeasureProgress, MonthlyReturn, ProgressStatus, ReturnStatus
from reports.services import ProgressInput, monthly_return_save, monthly_return_submit

MAY_NOTE = "五月：新开发岗位120个"


@pytest.fixture
def measure(plan):
    return Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()


@pytest.fixture
def may(plan, unit_hc, staff_hc, measure):
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    monthly_return_save(
        monthly_return=may,
        user=staff_hc,
        version=1,
        figures={},
        progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note=MAY_NOTE)},
    )
    return may


def _form_data(client, monthly_return, **overrides):
    form = client.get(reverse("reports:return-edit", args=[monthly_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data["version"] = MonthlyReturn.objects.get(pk=monthly_return.pk).version
    data.update(overrides)
    return data


def _save(client, monthly_return, **overrides):
    return client.post(
        reverse("reports:return-edit", args=[monthly_return.pk]), _form_data(client, monthly_return, **overrides)
    )


def test_a_carried_over_note_keeps_its_mark_over_a_draft_save(client, staff_hc, hc_return, may, measure):
    client.force_login(staff_hc)
    response = _save(client, hc_return, save="1")
    assert response.status_code == 302
    entry = MeasureProgress.objects.get(monthly_return=hc_return, measure=measure)
    assert (entry.note, entry.carried) == (MAY_NOTE, True)
    response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert measure.pk in response.context["form"].carried_measures
    assert "沿用上月，请确认" in response.content.decode()


def test_submitting_with_an_unconfirmed_carried_note_is_refused_beside_the_note(
    client, staff_hc, hc_return, may, measure
):
    client.force_login(staff_hc)
    _save(client, hc_return, save="1")
    response = _save(client, hc_return, submit="1")
    assert response.status_code == 200
    form = response.context["form"]
    assert "仍然属实" in str(form.errors[f"note_{measure.pk}"])
    assert f'href="#id_note_{measure.pk}"' in response.content.decode()  # listed in the summary at the top
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT
    assert MeasureProgress.objects.get(monthly_return=hc_return, measure=measure).carried


def test_submitting_from_the_return_page_lists_the_notes_to_confirm(client, staff_hc, hc_return, may, measure):
    client.force_login(staff_hc)
    _save(client, hc_return, save="1")
    response = client.post(reverse("reports:return-submit", args=[hc_return.pk]), follow=True)
    page = response.content.decode()
    assert f"举措{measure.action.number}.{measure.number}" in page
    assert f'/edit/#id_note_{measure.pk}"' in page  # the way to confirm or edit it
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT


def test_ticking_still_true_clears_the_mark_and_lets_the_return_go(client, staff_hc, hc_return, may, measure):
    client.force_login(staff_hc)
    _save(client, hc_return, save="1")
    response = _save(client, hc_return, submit="1", **{f"confirm_{measure.pk}": "on"})
    assert response.status_code == 302
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED
    entry = MeasureProgress.objects.get(monthly_return=hc_return, measure=measure)
    assert (entry.note, entry.carried) == (MAY_NOTE, False)


def test_editing_the_note_clears_the_mark(client, staff_hc, hc_return, may, measure):
    client.force_login(staff_hc)
    _save(client, hc_return, save="1")
    _save(client, hc_return, save="1", **{f"note_{measure.pk}": "六月：新开发岗位80个"})
    entry = MeasureProgress.objects.get(monthly_return=hc_return, measure=measure)
    assert (entry.note, entry.carried) == ("六月：新开发岗位80个", False)
    response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert measure.pk not in response.context["form"].carried_measures


def test_the_service_refuses_to_submit_a_return_with_a_carried_note(staff_hc, hc_return, measure):
    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=1,
        figures={},
        progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note=MAY_NOTE, carried=True)},
    )
    with pytest.raises(ValidationError) as refused:
        monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    assert refused.value.code == "carried_unconfirmed"
    assert f"{measure.action.number}.{measure.number}" in refused.value.messages[0]
