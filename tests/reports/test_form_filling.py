"""The return form is light to fill: notes carried over from last month, an error summary, exact context words."""

from decimal import Decimal

from django.urls import reverse

from actions.models import Indicator, Measure
from reports.models import MeasureProgress, MonthlyReturn, ProgressStatus
from reports.services import FigureInput, ProgressInput, monthly_return_save


def _measure(plan):
    return Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()


def test_status_and_notes_start_from_last_month_marked_as_carried_over(client, plan, unit_hc, staff_hc, hc_return):
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    measure = _measure(plan)
    monthly_return_save(
        monthly_return=may,
        user=staff_hc,
        version=1,
        figures={},
        progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="五月：新开发岗位120个")},
    )
    client.force_login(staff_hc)
    response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    form = response.context["form"]
    assert form.fields[f"st_{measure.pk}"].initial == ProgressStatus.IN_PROGRESS
    assert form.fields[f"note_{measure.pk}"].initial == "五月：新开发岗位120个"
    assert measure.pk in form.carried_measures
    page = response.content.decode()
    assert "沿用上月，请确认" in page and "2023年5月" in page


def test_a_month_with_its_own_notes_carries_nothing_over(client, plan, unit_hc, staff_hc, hc_return):
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    measure = _measure(plan)
    MeasureProgress.objects.create(monthly_return=may, measure=measure, status="done", note="五月")
    MeasureProgress.objects.create(monthly_return=hc_return, measure=measure, status="in_progress", note="六月")
    client.force_login(staff_hc)
    response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert response.context["form"].fields[f"note_{measure.pk}"].initial == "六月"
    assert not response.context["form"].carried_measures
    assert "沿用上月，请确认" not in response.content.decode()


def test_errors_are_summed_up_at_the_top_with_links_to_each_field(client, plan, staff_hc, hc_return):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")
    ratio = Indicator.objects.get(plan=plan, code="I5.0.1")
    client.force_login(staff_hc)
    form = client.get(reverse("reports:return-edit", args=[hc_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data.update({"version": hc_return.version, f"val_{flow.pk}": "abc", f"num_{ratio.pk}": "5"})
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    page = response.content.decode()
    assert "未保存：有2处需要更正。" in page
    assert f'href="#id_val_{flow.pk}"' in page and f'href="#id_den_{ratio.pk}"' in page
    assert "data-focus-on-load" in page


def test_the_context_column_says_what_it_is_on_the_form_and_the_return_page(client, plan, unit_hc, staff_hc, hc_return):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")
    may = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    monthly_return_save(monthly_return=may, user=staff_hc, version=1, figures={flow.pk: FigureInput(value=Decimal(40))})
    monthly_return_save(
        monthly_return=hc_return, user=staff_hc, version=1, figures={flow.pk: FigureInput(value=Decimal(7))}
    )
    client.force_login(staff_hc)
    for name in ("reports:return-edit", "reports:return-detail"):
        page = client.get(reverse(name, args=[hc_return.pk])).content.decode()
        assert "本年累计（不含本月）/ 上月" in page, name
        assert "本年累计（不含本月）：40个" in page, name  # May's 40, not June's 47
