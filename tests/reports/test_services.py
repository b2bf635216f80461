"""The workflow: every transition, every refused transition, versions and the audit trail."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.models import Measure
from reports.models import ChangeEntry, Figure, MonthlyReturn, ReturnStatus, ReturnTransition
from reports.services import (
    FigureInput,
    ProgressInput,
    monthly_return_approve,
    monthly_return_reopen,
    monthly_return_save,
    monthly_return_send_back,
    monthly_return_start,
    monthly_return_submit,
)

TZ = ZoneInfo("Asia/Shanghai")


def _save(monthly_return, user, figures, progress=None, **kwargs):
    monthly_return.refresh_from_db()
    return monthly_return_save(
        monthly_return=monthly_return,
        user=user,
        version=monthly_return.version,
        figures=figures,
        progress=progress,
        **kwargs,
    )


def test_staff_start_a_draft_for_their_own_unit(plan, staff_hc, unit_hc):
    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=unit_hc, month=3)
    assert monthly_return.status == ReturnStatus.DRAFT
    assert monthly_return_start(user=staff_hc, plan=plan, unit=unit_hc, month=3) == monthly_return


def test_staff_cannot_start_another_units_return(plan, staff_wd, unit_hc):
    with pytest.raises(PermissionDenied):
        monthly_return_start(user=staff_wd, plan=plan, unit=unit_hc, month=3)
    assert not MonthlyReturn.objects.exists()


def test_a_coordinator_cannot_start_a_return(plan, coordinator, unit_hc):
    with pytest.raises(PermissionDenied):
        monthly_return_start(user=coordinator, plan=plan, unit=unit_hc, month=3)


def test_saving_writes_figures_and_an_audit_entry_per_change(hc_return, staff_hc, flow, ratio):
    changed = _save(
        hc_return,
        staff_hc,
        {
            flow.pk: FigureInput(value=Decimal("120")),
            ratio.pk: FigureInput(numerator=Decimal(90), denominator=Decimal(100)),
        },
    )
    assert changed == 3
    assert Figure.objects.get(monthly_return=hc_return, indicator=flow).value == 120
    entries = ChangeEntry.objects.filter(monthly_return=hc_return)
    assert {(e.indicator_id, e.field, e.old_value, e.new_value, e.user_id) for e in entries} == {
        (flow.pk, "value", "", "120", staff_hc.pk),
        (ratio.pk, "numerator", "", "90", staff_hc.pk),
        (ratio.pk, "denominator", "", "100", staff_hc.pk),
    }


def test_saving_the_same_figures_again_changes_nothing(hc_return, staff_hc, flow):
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal("120"))})
    assert _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal("120.00"))}) == 0
    assert ChangeEntry.objects.count() == 1


def test_a_changed_figure_records_old_and_new(hc_return, staff_hc, flow):
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal("120"))})
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal("135"))})
    latest = ChangeEntry.objects.order_by("-pk").first()
    assert (latest.old_value, latest.new_value) == ("120", "135")


def test_progress_notes_are_saved_and_audited(hc_return, staff_hc, plan):
    measure = Measure.objects.get(action__plan=plan, action__number=1, number=1)
    _save(hc_return, staff_hc, {}, {measure.pk: ProgressInput(status="in_progress", note="开展调研")})
    assert hc_return.progress.get().note == "开展调研"
    assert set(ChangeEntry.objects.values_list("field", "new_value")) == {
        ("status", "in_progress"),
        ("note", "开展调研"),
    }


def test_a_stale_save_is_refused_and_writes_nothing(hc_return, staff_hc, flow):
    read_version = hc_return.version
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal("100"))})  # someone else saves first
    with pytest.raises(ValidationError) as error:
        monthly_return_save(
            monthly_return=hc_return,
            user=staff_hc,
            version=read_version,
            figures={flow.pk: FigureInput(value=Decimal(5))},
        )
    assert error.value.code == "stale"
    assert Figure.objects.get(indicator=flow).value == 100
    assert ChangeEntry.objects.count() == 1


def test_a_negative_figure_is_refused_and_nothing_is_saved(hc_return, staff_hc, flow, ratio):
    with pytest.raises(ValidationError):
        _save(
            hc_return,
            staff_hc,
            {
                ratio.pk: FigureInput(numerator=Decimal(1), denominator=Decimal(2)),
                flow.pk: FigureInput(value=Decimal(-1)),
            },
        )
    assert not Figure.objects.exists() and not ChangeEntry.objects.exists()
    hc_return.refresh_from_db()
    assert hc_return.version == 1


def test_a_numerator_above_its_denominator_is_refused(hc_return, staff_hc, ratio):
    with pytest.raises(ValidationError):
        _save(hc_return, staff_hc, {ratio.pk: FigureInput(numerator=Decimal(5), denominator=Decimal(4))})
    assert not Figure.objects.exists()


def test_another_units_staff_cannot_save(hc_return, staff_wd, flow):
    with pytest.raises(PermissionDenied):
        _save(hc_return, staff_wd, {flow.pk: FigureInput(value=Decimal(1))})


def test_a_coordinator_cannot_change_figures(hc_return, coordinator, flow):
    with pytest.raises(PermissionDenied):
        _save(hc_return, coordinator, {flow.pk: FigureInput(value=Decimal(1))})


def test_submit_approve_is_the_happy_path(hc_return, staff_hc, coordinator):
    monthly_return_submit(monthly_return=hc_return, user=staff_hc, now=datetime.datetime(2023, 7, 3, 9, tzinfo=TZ))
    assert hc_return.status == ReturnStatus.SUBMITTED and not hc_return.is_late
    monthly_return_approve(monthly_return=hc_return, user=coordinator)
    assert hc_return.status == ReturnStatus.APPROVED
    kinds = list(hc_return.transitions.values_list("kind", "from_status", "to_status", "user__username"))
    assert kinds == [("submit", "draft", "submitted", "hc"), ("approve", "submitted", "approved", "coordinator")]


def test_a_return_submitted_after_the_due_day_is_late(hc_return, staff_hc):
    # June's return is due on 5 July.
    monthly_return_submit(monthly_return=hc_return, user=staff_hc, now=datetime.datetime(2023, 7, 5, 23, 59, tzinfo=TZ))
    assert not hc_return.is_late
    hc_return.refresh_from_db()
    other = MonthlyReturn.objects.create(plan=hc_return.plan, unit=hc_return.unit, month=7)
    monthly_return_submit(monthly_return=other, user=staff_hc, now=datetime.datetime(2023, 8, 6, 0, 1, tzinfo=TZ))
    assert other.is_late
    assert other.transitions.get().late


def test_the_due_day_is_configurable_per_plan_year(hc_return, staff_hc):
    plan = hc_return.plan
    plan.due_day = 10
    plan.save()
    hc_return.refresh_from_db()
    monthly_return_submit(monthly_return=hc_return, user=staff_hc, now=datetime.datetime(2023, 7, 8, tzinfo=TZ))
    assert not hc_return.is_late


def test_send_back_needs_a_reason_and_the_unit_can_resubmit(hc_return, staff_hc, coordinator):
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    with pytest.raises(ValidationError) as error:
        monthly_return_send_back(monthly_return=hc_return, user=coordinator, reason="  ")
    assert error.value.code == "reason_required"
    monthly_return_send_back(monthly_return=hc_return, user=coordinator, reason="核实乡村公益性岗位")
    assert hc_return.status == ReturnStatus.RETURNED
    assert hc_return.transitions.last().reason == "核实乡村公益性岗位"
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    assert hc_return.status == ReturnStatus.SUBMITTED


def test_lateness_is_judged_on_the_first_submission(hc_return, staff_hc, coordinator):
    monthly_return_submit(monthly_return=hc_return, user=staff_hc, now=datetime.datetime(2023, 7, 1, tzinfo=TZ))
    monthly_return_send_back(monthly_return=hc_return, user=coordinator, reason="请补充说明")
    monthly_return_submit(monthly_return=hc_return, user=staff_hc, now=datetime.datetime(2023, 9, 1, tzinfo=TZ))
    assert not hc_return.is_late


@pytest.mark.parametrize("status", [ReturnStatus.SUBMITTED, ReturnStatus.APPROVED])
def test_a_return_out_of_the_units_hands_cannot_be_edited(hc_return, staff_hc, flow, status):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(1))})
    assert error.value.code == "locked"
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    "status, service, kwargs",
    [
        (ReturnStatus.DRAFT, monthly_return_approve, {}),
        (ReturnStatus.RETURNED, monthly_return_approve, {}),
        (ReturnStatus.APPROVED, monthly_return_approve, {}),
        (ReturnStatus.DRAFT, monthly_return_send_back, {"reason": "x"}),
        (ReturnStatus.APPROVED, monthly_return_send_back, {"reason": "x"}),
        (ReturnStatus.DRAFT, monthly_return_reopen, {"reason": "x"}),
        (ReturnStatus.SUBMITTED, monthly_return_reopen, {"reason": "x"}),
    ],
)
def test_refused_reviews_leave_the_return_as_it_was(hc_return, coordinator, status, service, kwargs):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        service(monthly_return=hc_return, user=coordinator, **kwargs)
    assert error.value.code == "bad_transition"
    hc_return.refresh_from_db()
    assert hc_return.status == status
    assert not ReturnTransition.objects.exists()


@pytest.mark.parametrize("status", [ReturnStatus.SUBMITTED, ReturnStatus.APPROVED])
def test_a_return_cannot_be_submitted_twice(hc_return, staff_hc, status):
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=status)
    with pytest.raises(ValidationError):
        monthly_return_submit(monthly_return=hc_return, user=staff_hc)


def test_staff_cannot_review_and_coordinators_cannot_submit(hc_return, staff_hc, coordinator):
    with pytest.raises(PermissionDenied):
        monthly_return_submit(monthly_return=hc_return, user=coordinator)
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    for service, kwargs in [(monthly_return_approve, {}), (monthly_return_send_back, {"reason": "x"})]:
        with pytest.raises(PermissionDenied):
            service(monthly_return=hc_return, user=staff_hc, **kwargs)


def test_reopen_unlocks_an_approved_return_and_keeps_its_history(hc_return, staff_hc, coordinator, flow):
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(100))})
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    monthly_return_approve(monthly_return=hc_return, user=coordinator)
    monthly_return_reopen(monthly_return=hc_return, user=coordinator, reason="数据口径调整")
    assert hc_return.status == ReturnStatus.RETURNED and hc_return.approved_at is None
    _save(hc_return, staff_hc, {flow.pk: FigureInput(value=Decimal(110))})
    history = list(ChangeEntry.objects.filter(indicator=flow).order_by("pk").values_list("old_value", "new_value"))
    assert history == [("", "100"), ("100", "110")]
    assert list(hc_return.transitions.values_list("kind", flat=True)) == ["submit", "approve", "reopen"]


def test_a_draft_keeps_a_figure_far_above_its_history_and_submitting_asks_for_its_comment(
    plan, unit_hc, hc_return, staff_hc, flow
):
    earlier = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5)
    monthly_return_save(
        monthly_return=earlier, user=staff_hc, version=1, figures={flow.pk: FigureInput(value=Decimal(40))}
    )
    monthly_return_save(
        monthly_return=hc_return, user=staff_hc, version=1, figures={flow.pk: FigureInput(value=Decimal(500))}
    )
    hc_return.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    assert error.value.code == "outlier_comment" and flow.name in error.value.messages[0]
    hc_return.refresh_from_db()
    assert hc_return.status == ReturnStatus.DRAFT

    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=hc_return.version,
        figures={flow.pk: FigureInput(value=Decimal(500), comment="集中开发一批乡村公益性岗位")},
    )
    hc_return.refresh_from_db()
    monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    assert MonthlyReturn.objects.get(pk=hc_return.pk).status == ReturnStatus.SUBMITTED


def test_lateness_is_judged_on_the_apps_day_the_demos_when_it_has_one(settings, plan, unit_hc, staff_hc):
    """On the demo's clock (NEWCITIZEN_TODAY) a June return submitted on 3 July is on time, whatever the real date."""
    import datetime

    from reports.services import monthly_return_submit

    settings.NEWCITIZEN_TODAY = datetime.date(2023, 7, 3)
    june = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=6)
    monthly_return_submit(monthly_return=june, user=staff_hc)
    june.refresh_from_db()
    assert june.is_late is False
    settings.NEWCITIZEN_TODAY = datetime.date(2023, 8, 9)
    july = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=7)
    monthly_return_submit(monthly_return=july, user=staff_hc)
    july.refresh_from_db()
    assert july.is_late is True
