"""Department returns (部门报送): the same return machinery as a district's, on the department's own measures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Indicator, Measure, ResponsibleUnit
from dashboards.rollup import progress_rollup
from districts.models import ReportingUnit
from reports.models import ChangeEntry, MeasureProgress, MonthlyReturn, ReturnStatus, ReturnTransition


@pytest.fixture
def fin(department_staff):
    return department_staff("fin", "FIN")


@pytest.fixture
def psb(department_staff):
    return department_staff("psb", "PSB")


@pytest.fixture
def fin_unit(plan):
    return ResponsibleUnit.objects.get(code="FIN").reporting_unit


@pytest.fixture
def city_amount(plan):
    """A city-level figure under 5.2 that 市财政局 reports instead of the districts."""
    measure = Measure.objects.get(action__plan=plan, action__number=5, number=2)
    return Indicator.objects.create(
        plan=plan,
        action=measure.action,
        measure=measure,
        code="FIN1",
        name="农业转移人口市民化奖励资金",
        unit="万元",
        kind=Indicator.Kind.FLOW,
        department=ResponsibleUnit.objects.get(code="FIN"),
        sort_order=999,
    )


def _measure(plan, action: int, number: int) -> Measure:
    return Measure.objects.get(action__plan=plan, action__number=action, number=number)


def _start(client, user, month: int) -> MonthlyReturn:
    client.force_login(user)
    response = client.post(reverse("reports:return-start") + "?year=2023", {"month": month})
    assert response.status_code == 302
    return MonthlyReturn.objects.get(unit=user.reporting_unit, month=month)


def test_every_department_files_as_a_unit_of_its_own_outside_the_district_tree(plan):
    departments = ReportingUnit.objects.departments()
    assert departments.count() == ResponsibleUnit.objects.count() == 9
    assert all(unit.department.reporting_unit == unit for unit in departments)
    assert not ReportingUnit.objects.leaves().filter(kind=ReportingUnit.Kind.DEPARTMENT).exists()
    assert ReportingUnit.objects.leaves().count() == 8


def test_the_department_form_asks_for_its_own_measures_with_problems_and_next_steps(client, plan, fin, city_amount):
    june = _start(client, fin, 6)
    form = client.get(reverse("reports:return-edit", args=[june.pk])).context["form"]
    own = set(Measure.objects.filter(responsibilities__unit__code="FIN").values_list("pk", flat=True))
    asked = {m.pk for m in form.measures}
    assert asked == own and _measure(plan, 5, 2).pk in asked  # lead or co-responsible, 5.2 included
    assert [i.code for i in form.indicators] == ["FIN1"]  # its own figure only, none of the districts'
    for pk in asked:
        assert {f"st_{pk}", f"note_{pk}", f"prob_{pk}", f"next_{pk}"} <= set(form.fields)


def test_a_district_form_no_longer_asks_for_the_city_only_measures(client, plan, staff_hc, hc_return, city_amount):
    client.force_login(staff_hc)
    form = client.get(reverse("reports:return-edit", args=[hc_return.pk])).context["form"]
    asked = {m.pk for m in form.measures}
    assert _measure(plan, 5, 1).pk not in asked and _measure(plan, 5, 2).pk not in asked
    assert len(asked) == 22 - 2 and _measure(plan, 5, 3).pk in asked
    assert "FIN1" not in {i.code for i in form.indicators}
    assert not any(name.startswith("prob_") for name in form.fields)


def test_a_department_files_is_sent_back_resubmits_and_is_approved(client, plan, fin, coordinator, city_amount):
    june = _start(client, fin, 6)
    measure = _measure(plan, 5, 2)
    data = {
        "version": june.version,
        f"val_{city_amount.pk}": "1,250.5",
        f"st_{measure.pk}": "in_progress",
        f"note_{measure.pk}": "下达农业转移人口市民化奖励资金1250.5万元。",
        f"prob_{measure.pk}": "部分区市配套资金未到位。",
        f"next_{measure.pk}": "督促区市落实配套资金。",
        "submit": "1",
    }
    for other in Measure.objects.filter(responsibilities__unit__code="FIN").exclude(pk=measure.pk):
        data[f"st_{other.pk}"] = "not_started"
    response = client.post(reverse("reports:return-edit", args=[june.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    june.refresh_from_db()
    assert june.status == ReturnStatus.SUBMITTED
    entry = MeasureProgress.objects.get(monthly_return=june, measure=measure)
    assert (entry.problems, entry.next_steps) == ("部分区市配套资金未到位。", "督促区市落实配套资金。")
    assert june.figures.get(indicator=city_amount).value == Decimal("1250.5")
    assert set(ChangeEntry.objects.filter(monthly_return=june, measure=measure).values_list("field", flat=True)) == {
        "status",
        "note",
        "problems",
        "next_steps",
    }

    client.force_login(coordinator)
    client.post(
        reverse("reports:return-review", args=[june.pk]), {"decision": "send_back", "reason": "请补充资金明细。"}
    )
    june.refresh_from_db()
    assert june.status == ReturnStatus.RETURNED

    client.force_login(fin)
    data.update(version=june.version)
    data[f"prob_{measure.pk}"] = "乳山市配套资金未到位，已督促。"
    assert client.post(reverse("reports:return-edit", args=[june.pk]), data).status_code == 302
    client.force_login(coordinator)
    client.post(reverse("reports:return-review", args=[june.pk]), {"decision": "approve"})
    june.refresh_from_db()
    assert june.status == ReturnStatus.APPROVED
    kinds = list(ReturnTransition.objects.filter(monthly_return=june).values_list("kind", flat=True))
    assert kinds == ["submit", "send_back", "submit", "approve"]
    page = client.get(reverse("reports:return-detail", args=[june.pk])).content.decode()
    assert "乳山市配套资金未到位，已督促。" in page and "督促区市落实配套资金。" in page


@pytest.mark.parametrize("page", ["return-detail", "return-edit", "return-history"])
def test_another_department_and_a_district_get_404_for_a_departments_return(
    client, plan, fin, psb, staff_hc, viewer, fin_unit, page
):
    june = MonthlyReturn.objects.create(plan=plan, unit=fin_unit, month=6)
    for outsider in (psb, staff_hc, viewer):
        client.force_login(outsider)
        assert client.get(reverse(f"reports:{page}", args=[june.pk])).status_code == 404, outsider
    client.force_login(fin)
    assert client.get(reverse(f"reports:{page}", args=[june.pk])).status_code == 200


def test_department_staff_still_read_the_district_figures_of_their_own_measures(client, plan, fin, hc_return):
    client.force_login(fin)
    response = client.get(reverse("reports:return-detail", args=[hc_return.pk]))
    assert response.status_code == 200
    shown = {m.pk for action in response.context["structure"] for m in action.measure_list}
    assert shown == set(
        Measure.objects.filter(responsibilities__unit__code="FIN", reported_by_districts=True).values_list(
            "pk", flat=True
        )
    )
    assert client.get(reverse("reports:return-edit", args=[hc_return.pk])).status_code == 403


def test_a_quarterly_department_files_only_for_a_quarters_last_month(client, plan, fin, fin_unit):
    plan.department_period = "quarterly"
    plan.save()
    client.force_login(fin)
    response = client.post(reverse("reports:return-start") + "?year=2023", {"month": 5}, follow=True)
    assert "季度" in response.content.decode()
    assert not MonthlyReturn.objects.filter(unit=fin_unit).exists()
    slots = client.get(reverse("reports:return-list"), {"year": 2023}).context["rows"]
    fin_row = dict(slots)[fin_unit]
    assert [s.month for s in fin_row if s.expected] == [3, 6, 9, 12]
    assert [s.month for s in fin_row if s.overdue] == [3, 6, 9, 12]  # 2023 is over and nothing was filed


def test_a_departments_figure_stays_out_of_the_district_roll_up(plan, fin_unit, city_amount):
    from reports.models import Figure

    june = MonthlyReturn.objects.create(plan=plan, unit=fin_unit, month=6, status=ReturnStatus.APPROVED)
    Figure.objects.create(monthly_return=june, indicator=city_amount, value=Decimal("800"))
    rollup = progress_rollup(plan=plan, month=6, units=list(ReportingUnit.objects.leaves()))
    assert "FIN1" not in {row.indicator.code for row in rollup.rows}


def test_a_departments_own_notes_come_back_whole_on_its_form_and_a_save_keeps_them(client, plan, fin, fin_unit):
    """The department viewer's sentence filter is for other units' returns: on its own, a department reads (and so
    saves back) its own words, which need not name a measure's code."""
    from reports.models import MeasureProgress

    june = MonthlyReturn.objects.create(plan=plan, unit=fin_unit, month=6)
    measure = _measure(plan, 5, 2)
    note = "会同区市细化工作任务，建立月调度机制。"
    MeasureProgress.objects.create(monthly_return=june, measure=measure, status="in_progress", note=note, problems=note)
    client.force_login(fin)
    page = client.get(reverse("reports:return-edit", args=[june.pk]))
    form = page.context["form"]
    assert form.fields[f"note_{measure.pk}"].initial == note and form.fields[f"prob_{measure.pk}"].initial == note
    assert "下载Excel模板" not in page.content.decode()  # a department files on the form, not in a template
    data = {name: form[name].value() or "" for name in form.fields}
    assert client.post(reverse("reports:return-edit", args=[june.pk]), {**data, "save": "1"}).status_code == 302
    entry = MeasureProgress.objects.get(monthly_return=june, measure=measure)
    assert (entry.note, entry.problems) == (note, note)
    assert client.get(reverse("reports:return-detail", args=[june.pk])).content.decode().count(note) >= 2
