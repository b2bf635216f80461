"""Return pages for every persona, the form's validation and the pinned query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Indicator, Measure
from reports.models import ChangeEntry, Figure, MonthlyReturn, ReturnStatus
from reports.services import FigureInput, monthly_return_save


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


# persona -> expected status, for a draft return of HC (own_staff's unit).
PAGE_ACCESS = {
    "return-detail": {
        "own_staff": 200,
        "other_staff": 404,
        "coordinator": 200,
        "viewer": 200,
        "admin": 200,
        "anonymous": 302,
    },
    "return-edit": {
        "own_staff": 200,
        "other_staff": 404,
        "coordinator": 403,
        "viewer": 403,
        "admin": 403,
        "anonymous": 302,
    },
    "return-history": {
        "own_staff": 200,
        "other_staff": 404,
        "coordinator": 200,
        "viewer": 200,
        "admin": 200,
        "anonymous": 302,
    },
}


@pytest.mark.parametrize("page", PAGE_ACCESS)
@pytest.mark.parametrize("persona", ["own_staff", "other_staff", "coordinator", "viewer", "admin", "anonymous"])
def test_return_pages_answer_each_persona(client, personas, hc_return, page, persona):
    response = _client(client, personas[persona]).get(reverse(f"reports:{page}", args=[hc_return.pk]))
    assert response.status_code == PAGE_ACCESS[page][persona]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


LIST_ACCESS = {"own_staff": 200, "other_staff": 200, "coordinator": 200, "viewer": 200, "admin": 200, "anonymous": 302}


@pytest.mark.parametrize("persona", LIST_ACCESS)
def test_the_return_list_answers_each_persona(client, personas, hc_return, persona):
    response = _client(client, personas[persona]).get(reverse("reports:return-list"))
    assert response.status_code == LIST_ACCESS[persona]


def test_staff_see_only_their_own_units_returns_in_the_list(client, staff_wd, hc_return):
    page = _client(client, staff_wd).get(reverse("reports:return-list")).content.decode()
    assert reverse("reports:return-detail", args=[hc_return.pk]) not in page
    assert "文登区" in page and "环翠区" not in page


def test_a_missing_return_is_listed_as_overdue(client, staff_hc, plan):
    page = _client(client, staff_hc).get(reverse("reports:return-list")).content.decode()
    # 2023 is over: all twelve months are overdue for a unit that filed nothing.
    assert "12 份逾期未报" in page or "12 overdue returns" in page
    assert "2023年1月" in page


def test_a_submitted_return_is_not_overdue(client, coordinator, hc_return, staff_hc):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(
        status=ReturnStatus.SUBMITTED, first_submitted_at="2023-07-03T10:00:00+08:00"
    )
    response = _client(client, coordinator).get(reverse("reports:return-list"))
    overdue = [(unit.code, slot.month) for unit, slot in response.context["overdue"]]
    assert ("HC", 6) not in overdue and ("HC", 5) in overdue
    assert any(slot.monthly_return == hc_return for _unit, slot in response.context["awaiting"])


def test_the_return_list_runs_a_fixed_number_of_queries(
    client, coordinator, plan, unit_hc, unit_wd, django_assert_num_queries
):
    for month in range(1, 7):
        MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=month)
        MonthlyReturn.objects.create(plan=plan, unit=unit_wd, month=month)
    client.force_login(coordinator)
    # user, plan, units, returns, plan years, permissions (user's and groups' in one query); the session comes
    # from the cache
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    with django_assert_num_queries(7):
        response = client.get(reverse("reports:return-list"))
    assert response.status_code == 200


def test_staff_start_their_months_return_from_the_list(client, staff_hc, plan):
    response = _client(client, staff_hc).post(reverse("reports:return-start"), {"month": "4"})
    monthly_return = MonthlyReturn.objects.get()
    assert (monthly_return.unit.code, monthly_return.month) == ("HC", 4)
    assert response["Location"] == reverse("reports:return-edit", args=[monthly_return.pk])


def test_a_coordinator_cannot_start_a_return(client, coordinator, plan):
    response = _client(client, coordinator).post(reverse("reports:return-start"), {"month": "4"})
    assert response.status_code == 403
    assert not MonthlyReturn.objects.exists()


def _form_data(client, monthly_return, **overrides):
    """The form as the page renders it, with ``overrides`` typed in."""
    form = client.get(reverse("reports:return-edit", args=[monthly_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data["version"] = monthly_return.version
    data.update(overrides)
    return data


def test_saving_a_draft_through_the_form(client, staff_hc, hc_return, flow, ratio):
    _client(client, staff_hc)
    data = _form_data(
        client, hc_return, **{f"val_{flow.pk}": "1,２00", f"num_{ratio.pk}": "95", f"den_{ratio.pk}": "100"}
    )
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 302
    assert Figure.objects.get(indicator=flow).value == Decimal(1200)
    assert Figure.objects.get(indicator=ratio).numerator == Decimal(95)
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT


def test_save_and_submit_sends_the_return(client, staff_hc, hc_return, flow):
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "30"}, submit="1")
    client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("val", "abc", "请输入数字"),
        ("val", "-5", "不能为负数"),
        ("val", "NaN", "请输入数字"),
        ("val", "1" * 20, "数字过大"),
        ("num", "120", "分子不能大于分母"),
        ("den", "0", "分母必须大于零"),
        # Python reads these as 2, 3 and 1000; a person does not mean them as numbers.
        ("val", "²", "请只用数字0–9"),
        ("val", "٣", "请只用数字0–9"),
        ("val", "1_000", "请只用数字0–9"),
        ("num", "½", "请只用数字0–9"),
    ],
)
def test_a_form_with_an_error_saves_nothing_and_says_why(
    client, staff_hc, hc_return, flow, ratio, field, typed, message
):
    _client(client, staff_hc)
    target = {"val": f"val_{flow.pk}", "num": f"num_{ratio.pk}", "den": f"den_{ratio.pk}"}[field]
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "10", f"num_{ratio.pk}": "0", f"den_{ratio.pk}": "100"})
    data[target] = typed
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[target])
    assert not Figure.objects.exists() and not ChangeEntry.objects.exists()


def _earlier_month(plan, unit, month, staff, figures):
    earlier = MonthlyReturn.objects.create(plan=plan, unit=unit, month=month)
    monthly_return_save(monthly_return=earlier, user=staff, version=1, figures=figures)


def test_a_flow_far_above_its_history_needs_a_confirming_comment_to_be_submitted(
    client, staff_hc, hc_return, flow, unit_hc, plan
):
    _earlier_month(plan, unit_hc, 5, staff_hc, {flow.pk: FigureInput(value=Decimal(40))})
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "500"}, submit="1")
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 200
    assert "三倍" in str(response.context["form"].errors[f"val_{flow.pk}"])
    assert not Figure.objects.filter(monthly_return=hc_return).exists()

    data[f"cmt_{flow.pk}"] = "集中开发一批乡村公益性岗位"
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 302
    assert Figure.objects.get(monthly_return=hc_return, indicator=flow).comment == "集中开发一批乡村公益性岗位"
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED


def test_a_draft_saves_a_figure_far_above_its_history_without_its_comment_but_cannot_be_submitted(
    client, staff_hc, hc_return, flow, unit_hc, plan
):
    _earlier_month(plan, unit_hc, 5, staff_hc, {flow.pk: FigureInput(value=Decimal(40))})
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "500"})
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data, follow=True)
    assert Figure.objects.get(monthly_return=hc_return, indicator=flow).value == Decimal(500)  # the work is kept
    assert "报送前，请为以下明显偏离本单位往月数据的数字填写说明" in response.content.decode()

    # The submit button of the return page keeps the check: refused with the message, nothing sent.
    response = client.post(reverse("reports:return-submit", args=[hc_return.pk]), follow=True)
    assert flow.name in response.content.decode()
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT


def test_a_stock_that_halves_needs_a_confirming_comment_to_be_submitted(
    client, staff_hc, hc_return, stock, unit_hc, plan
):
    _earlier_month(plan, unit_hc, 5, staff_hc, {stock.pk: FigureInput(value=Decimal(60000))})
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{stock.pk}": "20000"}, submit="1")
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert "一半" in str(response.context["form"].errors[f"val_{stock.pk}"])


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, staff_hc, hc_return, flow):
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "99"})
    monthly_return_save(
        monthly_return=hc_return, user=staff_hc, version=1, figures={flow.pk: FigureInput(value=Decimal(7))}
    )
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 200
    assert "其他人" in response.content.decode()
    assert "未保存。" in response.content.decode() and "有0处" not in response.content.decode()
    assert Figure.objects.get(indicator=flow).value == 7


def test_an_approved_return_cannot_be_edited(client, staff_hc, hc_return, flow):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=ReturnStatus.APPROVED)
    _client(client, staff_hc)
    response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert response["Location"] == reverse("reports:return-detail", args=[hc_return.pk])
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), {f"val_{flow.pk}": "1", "version": "1"})
    assert response.status_code == 302 and not Figure.objects.exists()


def test_the_return_form_runs_a_fixed_number_of_queries(
    client, staff_hc, hc_return, plan, unit_hc, flow, stock, ratio, django_assert_num_queries
):
    for month in (3, 4, 5):
        _earlier_month(
            plan,
            unit_hc,
            month,
            staff_hc,
            {flow.pk: FigureInput(value=Decimal(month)), stock.pk: FigureInput(value=Decimal(100))},
        )
    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=1,
        figures={ratio.pk: FigureInput(numerator=Decimal(1), denominator=Decimal(2))},
    )
    client.force_login(staff_hc)
    # user, return (+plan, unit), actions, measures, indicators, figures, progress, two history queries,
    # transitions, the header's reporting unit; the session and the permissions (kept when the fixtures' services
    # checked them) come from the cache; +1: the header bell's unread count (issue 16); and, since this month has no
    # notes yet, the latest earlier month's status and notes to start from (carried over, issue 15)
    with django_assert_num_queries(13):
        response = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert response.status_code == 200


def test_the_history_page_shows_each_change_with_a_fixed_number_of_queries(
    client, staff_hc, hc_return, flow, django_assert_num_queries
):
    for value in (1, 2, 3):
        hc_return.refresh_from_db()
        monthly_return_save(
            monthly_return=hc_return,
            user=staff_hc,
            version=hc_return.version,
            figures={flow.pk: FigureInput(value=Decimal(value))},
        )
    client.force_login(staff_hc)
    # user, return (+plan, unit), changes (+user, indicator, measure), transitions (+user), the header's
    # reporting unit; the session and the permissions (kept when the fixtures' services checked them) come from
    # the cache
    # +1: the header bell's unread count (issue 16, one query on every logged-in page); +1: the questions asked
    # on single items (issue 25)
    with django_assert_num_queries(7):
        response = client.get(reverse("reports:return-history", args=[hc_return.pk]))
    assert response.content.decode().count(flow.name) == 3


def test_the_return_page_shows_the_reason_it_was_returned(client, staff_hc, coordinator, hc_return):
    client.force_login(staff_hc)
    client.post(reverse("reports:return-submit", args=[hc_return.pk]))
    client.force_login(coordinator)
    client.post(
        reverse("reports:return-review", args=[hc_return.pk]), {"decision": "send_back", "reason": "请核实岗位数"}
    )
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert "请核实岗位数" in page and "退回修改" in page


@pytest.mark.parametrize(("decision", "status"), [("send_back", "submitted"), ("reopen", "approved")])
def test_sending_back_or_reopening_without_a_reason_shows_the_form_again_with_the_message(
    client, staff_hc, coordinator, hc_return, decision, status
):
    client.force_login(staff_hc)
    client.post(reverse("reports:return-submit", args=[hc_return.pk]))
    client.force_login(coordinator)
    if status == "approved":
        client.post(reverse("reports:return-review", args=[hc_return.pk]), {"decision": "approve"})
    response = client.post(reverse("reports:return-review", args=[hc_return.pk]), {"decision": decision, "reason": ""})
    assert response.status_code == 200  # a form with an error, as Django forms answer, not a 400
    assert "请填写理由" in str(response.context["review_form"].errors["reason"])
    assert "请填写理由" in response.content.decode()
    hc_return.refresh_from_db()
    assert hc_return.status == status


@pytest.mark.parametrize(
    "persona, expected", [("own_staff", 403), ("other_staff", 404), ("viewer", 403), ("anonymous", 302)]
)
def test_only_coordinators_review(client, personas, hc_return, persona, expected):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=ReturnStatus.SUBMITTED)
    response = _client(client, personas[persona]).post(
        reverse("reports:return-review", args=[hc_return.pk]), {"decision": "approve"}
    )
    assert response.status_code == expected
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize("persona, expected", [("other_staff", 404), ("coordinator", 403), ("anonymous", 302)])
def test_only_the_units_staff_submit(client, personas, hc_return, persona, expected):
    response = _client(client, personas[persona]).post(reverse("reports:return-submit", args=[hc_return.pk]))
    assert response.status_code == expected
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT


def test_a_department_viewer_sees_only_its_measures(client, viewer, hc_return, plan):
    client.force_login(viewer)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    education = Measure.objects.get(action__plan=plan, action__number=5, number=4)
    assert Indicator.objects.get(plan=plan, code="I5.4.1").name in page
    assert education.action.title in page
    assert "新创设城镇公益性岗位" not in page


def test_an_unknown_return_id_is_404(client, staff_hc, plan):
    client.force_login(staff_hc)
    assert client.get(reverse("reports:return-detail", args=[99999])).status_code == 404


START_ACCESS = {"own_staff": 302, "other_staff": 302, "coordinator": 403, "viewer": 403, "admin": 403, "anonymous": 302}


@pytest.mark.parametrize("persona", START_ACCESS)
def test_starting_a_return_answers_each_persona_and_only_for_their_own_unit(client, personas, plan, persona):
    response = _client(client, personas[persona]).post(reverse("reports:return-start"), {"month": "2"})
    assert response.status_code == START_ACCESS[persona]
    units = set(MonthlyReturn.objects.values_list("unit__code", flat=True))
    expected = {"own_staff": {"HC"}, "other_staff": {"WD"}}.get(persona, set())
    assert units == expected


def test_the_return_page_offers_the_excel_template_and_upload_to_its_staff(client, staff_hc, coordinator, hc_return):
    upload = reverse("imports:return-upload", args=[hc_return.pk])
    query = f"plan={hc_return.plan_id}&unit={hc_return.unit.code}&month={hc_return.month}"
    template = f"{reverse('imports:template-download')}?{query}"
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert upload in page and template.replace("&", "&amp;") in page
    response = client.get(template)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(coordinator)
    assert upload not in client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()


def test_a_department_viewer_sees_only_its_measures_in_the_history(client, viewer, staff_hc, hc_return, flow, plan):
    education = Indicator.objects.get(plan=plan, code="I5.4.1")
    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=1,
        figures={
            flow.pk: FigureInput(value=Decimal(3)),
            education.pk: FigureInput(numerator=Decimal(8), denominator=Decimal(10)),
        },
    )
    client.force_login(viewer)
    page = client.get(reverse("reports:return-history", args=[hc_return.pk])).content.decode()
    assert education.name in page and flow.name not in page


def test_a_refused_submission_saves_nothing_either(client, staff_hc, hc_return, flow, monkeypatch):
    from django.core.exceptions import ValidationError

    from reports import services

    def refuse(**kwargs):
        raise ValidationError("refused", code="bad_transition")

    monkeypatch.setattr(services, "monthly_return_submit", refuse)
    _client(client, staff_hc)
    data = _form_data(client, hc_return, **{f"val_{flow.pk}": "30"}, submit="1")
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), data)
    assert response.status_code == 200
    assert not Figure.objects.exists()


def test_after_a_decision_the_page_offers_the_next_return_awaiting_review(client, coordinator, plan, unit_hc, unit_wd):
    from django.utils import timezone

    older = MonthlyReturn.objects.create(
        plan=plan, unit=unit_wd, month=5, status="submitted", submitted_at=timezone.now() - timezone.timedelta(days=3)
    )
    newer = MonthlyReturn.objects.create(
        plan=plan, unit=unit_hc, month=6, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(coordinator)
    page = client.get(reverse("reports:return-detail", args=[newer.pk]))
    assert page.context["next_review"] == older
    client.post(reverse("reports:return-review", args=[older.pk]), {"decision": "approve"})
    page = client.get(reverse("reports:return-detail", args=[older.pk]))
    assert page.context["next_review"] == newer
    assert reverse("reports:return-detail", args=[newer.pk]) in page.content.decode()


def test_the_overdue_returns_are_a_unit_by_month_grid(client, coordinator, plan, unit_hc):
    MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=3)  # a draft: still overdue
    client.force_login(coordinator)
    response = client.get(reverse("reports:return-list"), {"year": 2023})
    assert response.context["overdue_months"] == list(range(1, 13))  # 2023 is over and nothing was filed
    grid = dict(response.context["overdue_grid"])
    # The eight districts and the nine departments, which report monthly by default.
    assert len(grid) == 8 + 9 and all(len(slots) == 12 for slots in grid.values())
    assert grid[unit_hc][2].monthly_return.month == 3
    page = response.content.decode()
    assert 'class="overdue-grid"' in page and '<ul class="overdue">' not in page


def test_the_returns_grid_exports_with_its_filters(client, coordinator, plan, unit_hc):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=3, status="approved", first_submitted_at=timezone.now())
    client.force_login(coordinator)
    response = client.get(reverse("reports:return-list"), {"year": 2023, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="returns-2023.xlsx"'
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert "计划年度：2023" in [row[0] for row in rows[:5]]
    hc = next(row for row in rows if row[0] == "环翠区")
    assert hc[3] == "已审核" and hc[1] == "未报 · 已逾期"
