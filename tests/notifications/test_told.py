"""Everyone who should know is told, and nobody else: the unit's check, imports, filings, assessments, good
practice; and a review notification is settled for every coordinator once one of them has acted."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import COORDINATOR, DISTRICT_STAFF, UNIT_CHECKER
from filings.services import (
    AssessmentItemInput,
    assessment_record,
    good_practice_feature,
    good_practice_submit,
    plan_filing_accept,
    plan_filing_send_back,
    plan_filing_submit,
)
from imports.services import import_apply, import_upload_create
from notifications.models import Notification, NotificationKind
from reports.models import MonthlyReturn, ReturnStatus
from reports.services import monthly_return_approve, monthly_return_reopen, monthly_return_send_back
from reports.unit_check import monthly_return_check_back, monthly_return_hand_in
from tests.imports.conftest import long_file

TZ = ZoneInfo("Asia/Shanghai")


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def checker(make_user):
    def make(username, unit):
        user = make_user(username, DISTRICT_STAFF, reporting_unit=unit)
        user.groups.add(Group.objects.get(name=UNIT_CHECKER))
        return user

    return make


def test_the_units_checkers_hear_of_a_return_to_check_and_the_unit_of_one_sent_back(
    people, hc_return, checker, unit_hc, unit_wd
):
    unit_hc.requires_unit_check = True
    unit_hc.save()
    checker("hc_check", unit_hc)
    checker("wd_check", unit_wd)
    monthly_return_hand_in(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=people["hc"])
    assert told(NotificationKind.UNIT_CHECK) == {"hc_check"}
    assert told(NotificationKind.SUBMITTED) == set()  # the city hears nothing yet
    monthly_return_check_back(
        monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk),
        user=people["hc"].__class__.objects.get(username="hc_check"),
        reason="请核实",
    )
    assert told(NotificationKind.CHECK_BACK) == {"hc", "hc2"}


def test_an_import_that_changes_a_return_tells_that_units_staff_what_by_whom_and_from_which_file(people, plan):
    data = long_file(["HC", "2023-06", "I1.2.1", 12, None, None], ["WD", "2023-06", "I1.2.1", 20, None, None])
    log = import_upload_create(user=people["admin"], plan=plan, name="区市月报.xlsx", data=data)
    import_apply(log=log, user=people["admin"])
    assert told(NotificationKind.IMPORTED) == {"hc", "hc2", "wd"}
    note = Notification.objects.get(kind=NotificationKind.IMPORTED, recipient=people["hc"])
    assert note.monthly_return.unit.code == "HC" and note.month == 6
    assert "区市月报.xlsx" in note.message and "I1.2.1" in note.message and "12" in note.message
    assert people["admin"].username in note.message
    # The same file again changes nothing and tells nobody.
    log = import_upload_create(user=people["admin"], plan=plan, name="区市月报.xlsx", data=data)
    import_apply(log=log, user=people["admin"])
    assert Notification.objects.filter(kind=NotificationKind.IMPORTED).count() == 3


def test_an_import_into_a_unit_requiring_the_check_leaves_the_return_with_its_checker(people, plan, unit_hc, checker):
    unit_hc.requires_unit_check = True
    unit_hc.save()
    checker("hc_check", unit_hc)
    data = long_file(["HC", "2023-06", "I1.2.1", 12, None, None], ["WD", "2023-06", "I1.2.1", 20, None, None])
    import_apply(
        log=import_upload_create(user=people["admin"], plan=plan, name="f.xlsx", data=data), user=people["admin"]
    )
    assert MonthlyReturn.objects.get(unit__code="HC", month=6).status == ReturnStatus.UNIT_CHECK
    assert MonthlyReturn.objects.get(unit__code="WD", month=6).status == ReturnStatus.DRAFT
    assert told(NotificationKind.UNIT_CHECK) == {"hc_check"}
    assert told(NotificationKind.SUBMITTED) == set()


def _filing(plan, unit, user):
    return plan_filing_submit(
        plan=plan,
        unit=unit,
        user=user,
        file=SimpleUploadedFile("方案.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", content_type="application/pdf"),
        targets="城镇公益性岗位 200 个",
        schedule="5月底前完成摸底",
        now=datetime.datetime(2023, 4, 20, 10, tzinfo=TZ),
    )


def test_a_filing_accepted_or_sent_back_tells_its_unit(people, plan, unit_hc, unit_wd, media):
    plan_filing_accept(filing=_filing(plan, unit_hc, people["hc"]), user=people["coordinator"])
    assert told(NotificationKind.FILING_OK) == {"hc", "hc2"}
    plan_filing_send_back(filing=_filing(plan, unit_wd, people["wd"]), user=people["coordinator"], reason="请补充进度")
    assert told(NotificationKind.FILING_BACK) == {"wd"}
    back = Notification.objects.get(kind=NotificationKind.FILING_BACK)
    assert back.message == "请补充进度" and back.month is None and back.link.endswith("/units/WD/")


def test_an_assessment_and_a_featured_practice_tell_the_unit(people, plan, unit_hc):
    action = plan.actions.get(number=1)
    assessment_record(
        plan=plan,
        unit=unit_hc,
        user=people["coordinator"],
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        items={action.pk: AssessmentItemInput(score=Decimal("92.5"), comment="进度快")},
    )
    assert told(NotificationKind.ASSESSED) == {"hc", "hc2"}
    practice = good_practice_submit(
        unit=unit_hc, measure=action.measures.get(number=2), user=people["hc"], title="公益岗位", body="做法"
    )
    good_practice_feature(practice=practice, user=people["coordinator"], featured=True)
    assert told(NotificationKind.FEATURED) == {"hc", "hc2"}
    # Unfeaturing tells nobody.
    good_practice_feature(practice=practice, user=people["coordinator"], featured=False)
    assert Notification.objects.filter(kind=NotificationKind.FEATURED).count() == 2


@pytest.mark.parametrize("decision", ["approve", "send_back", "reopen"])
def test_a_review_notification_is_settled_for_every_coordinator_once_one_acts(people, make_user, hc_return, decision):
    second = make_user("coordinator2", COORDINATOR)
    monthly_return_hand_in(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=people["hc"])
    asks = Notification.objects.filter(kind=NotificationKind.SUBMITTED)
    assert set(asks.values_list("recipient__username", flat=True)) == {"coordinator", second.username}
    assert asks.filter(read_at__isnull=True).count() == 2
    fresh = MonthlyReturn.objects.get(pk=hc_return.pk)
    if decision == "send_back":
        monthly_return_send_back(monthly_return=fresh, user=people["coordinator"], reason="请核实")
    else:
        monthly_return_approve(monthly_return=fresh, user=people["coordinator"])
        if decision == "reopen":
            Notification.objects.filter(kind=NotificationKind.SUBMITTED).update(read_at=None)
            monthly_return_reopen(monthly_return=MonthlyReturn.objects.get(pk=hc_return.pk), user=second, reason="更正")
    assert asks.filter(read_at__isnull=True).count() == 0
