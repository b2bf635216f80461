from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN
from actions.models import Target, TargetAllocation
from filings.models import Assessment, FilingStatus, GoodPractice, PlanFiling
from filings.services import (
    AssessmentItemInput,
    allocation_set,
    allocations_set,
    assessment_record,
    good_practice_feature,
    good_practice_submit,
    plan_filing_accept,
    plan_filing_send_back,
    plan_filing_submit,
)

from .conftest import local, pdf_file, png_file


def file_plan(plan, unit, user, *, now=None, upload=None):
    return plan_filing_submit(
        plan=plan,
        unit=unit,
        user=user,
        file=upload or pdf_file(),
        targets="城镇公益性岗位 200 个",
        schedule="5月底前完成摸底",
        now=now or local(2023, 4, 20, 10, 0),
    )


# Filing on time and late


def test_a_plan_filed_on_the_deadline_day_is_on_time(plan, hc, staff_hc):
    filing = file_plan(plan, hc, staff_hc, now=local(2023, 4, 30, 23, 59))
    assert filing.version == 1
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.is_late is False
    assert filing.filed_by == staff_hc


def test_a_plan_filed_the_day_after_the_deadline_is_late(plan, hc, staff_hc):
    # 00:30 on 1 May in Weihai is still 30 April in UTC: the deadline is judged on the local date.
    filing = file_plan(plan, hc, staff_hc, now=local(2023, 5, 1, 0, 30))
    assert filing.is_late is True


def test_the_deadline_is_the_plan_years_setting(plan, hc, staff_hc):
    plan.filing_deadline = plan.filing_deadline.replace(month=5, day=31)
    plan.save()
    assert file_plan(plan, hc, staff_hc, now=local(2023, 5, 20, 9, 0)).is_late is False


def test_without_a_deadline_nothing_is_late(plan, hc, staff_hc):
    plan.filing_deadline = None
    plan.save()
    assert file_plan(plan, hc, staff_hc, now=local(2023, 12, 1, 9, 0)).is_late is False


def test_the_file_is_stored_through_the_storage_api_under_its_real_type(plan, hc, staff_hc):
    filing = file_plan(plan, hc, staff_hc, upload=png_file("plan.pdf"))
    assert filing.extension == "png"
    assert filing.content_type == "image/png"
    assert filing.original_name == "plan.pdf"
    assert filing.file.name.startswith("filings/2023/HC/v1-") and filing.file.name.endswith(".png")
    assert default_storage.exists(filing.file.name)
    with filing.file.open("rb") as stored:
        assert stored.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_non_pdf_named_pdf_is_refused_and_nothing_is_stored(plan, hc, staff_hc):
    with pytest.raises(ValidationError) as error:
        file_plan(plan, hc, staff_hc, upload=SimpleUploadedFile("plan.pdf", b"just text"))
    assert error.value.code == "file_type"
    assert not PlanFiling.objects.exists()


def test_a_file_above_the_limit_is_refused(plan, hc, staff_hc, settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 16
    with pytest.raises(ValidationError) as error:
        file_plan(plan, hc, staff_hc)
    assert error.value.code == "file_too_large"
    assert not PlanFiling.objects.exists()


def test_targets_and_schedule_are_required(plan, hc, staff_hc):
    with pytest.raises(ValidationError) as error:
        plan_filing_submit(plan=plan, unit=hc, user=staff_hc, file=pdf_file(), targets=" ", schedule="x")
    assert error.value.code == "targets_required"


@pytest.mark.parametrize("who", ["staff_wd", "coordinator", "viewer", "plan_admin"])
def test_only_the_units_own_staff_file_its_plan(plan, hc, who, request):
    with pytest.raises(PermissionDenied):
        file_plan(plan, hc, request.getfixturevalue(who))


# Review, send-back and re-filing


def test_send_back_needs_a_reason(plan, hc, staff_hc, coordinator):
    filing = file_plan(plan, hc, staff_hc)
    with pytest.raises(ValidationError) as error:
        plan_filing_send_back(filing=filing, user=coordinator, reason="  ")
    assert error.value.code == "reason_required"
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_refiling_after_send_back_keeps_every_version(plan, hc, staff_hc, coordinator):
    first = file_plan(plan, hc, staff_hc, now=local(2023, 4, 20, 9, 0))
    plan_filing_send_back(filing=first, user=coordinator, reason="缺少时间安排")
    second = file_plan(plan, hc, staff_hc, now=local(2023, 5, 8, 9, 0))
    plan_filing_accept(filing=second, user=coordinator)

    versions = list(PlanFiling.objects.for_plan(plan).for_unit(hc).order_by("version"))
    assert [(f.version, f.status) for f in versions] == [(1, "returned"), (2, "accepted")]
    assert versions[0].review_reason == "缺少时间安排"
    assert versions[0].reviewed_by == coordinator
    # Each version keeps its own file and its own date against the deadline.
    assert versions[0].file.name != versions[1].file.name
    assert default_storage.exists(versions[0].file.name)
    assert (versions[0].is_late, versions[1].is_late) == (False, True)


def test_refiling_before_review_replaces_the_waiting_version(plan, hc, staff_hc, coordinator):
    first = file_plan(plan, hc, staff_hc)
    file_plan(plan, hc, staff_hc)
    first.refresh_from_db()
    assert first.status == FilingStatus.SUPERSEDED
    with pytest.raises(ValidationError) as error:
        plan_filing_accept(filing=first, user=coordinator)
    assert error.value.code == "bad_transition"


def test_an_accepted_version_cannot_be_sent_back(plan, hc, staff_hc, coordinator):
    filing = file_plan(plan, hc, staff_hc)
    plan_filing_accept(filing=filing, user=coordinator)
    with pytest.raises(ValidationError):
        plan_filing_send_back(filing=filing, user=coordinator, reason="迟了")


@pytest.mark.parametrize(
    "score, grade",
    [("95", "poor"), ("90", "good"), ("89.9", "excellent"), ("80", "fair"), ("60", "poor"), ("59.9", "fair")],
)
def test_a_grade_off_its_score_band_is_refused(plan, hc, coordinator, score, grade):
    action = plan.actions.get(number=1)
    with pytest.raises(ValidationError) as error:
        assess(plan, hc, coordinator, items={action.pk: AssessmentItemInput(score=Decimal(score), grade=grade)})
    assert [e.code for e in error.value.error_list] == ["grade_off_band"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "score, grade", [("100", "excellent"), ("90", "excellent"), ("89.9", "good"), ("60", "fair"), ("0", "poor")]
)
def test_a_grade_within_its_score_band_is_kept(plan, hc, coordinator, score, grade):
    action = plan.actions.get(number=1)
    item = assess(plan, hc, coordinator, items={action.pk: AssessmentItemInput(score=Decimal(score), grade=grade)})
    assert item.items.get().grade == grade


@pytest.mark.parametrize("who", ["staff_hc", "viewer", "plan_admin"])
def test_only_coordinators_review_plans(plan, hc, staff_hc, who, request):
    filing = file_plan(plan, hc, staff_hc)
    with pytest.raises(PermissionDenied):
        plan_filing_accept(filing=filing, user=request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        plan_filing_send_back(filing=filing, user=request.getfixturevalue(who), reason="x")


# Target breakdown


def city_target(code="I1.2.1") -> Target:
    return Target.objects.select_related("indicator__plan").get(indicator__code=code)


@pytest.mark.parametrize("who", ["coordinator", "plan_admin"])
def test_coordinators_and_admins_record_a_units_share(plan, hc, who, request):
    user = request.getfixturevalue(who)
    target = city_target()
    allocation = allocation_set(target=target, unit=hc, value=Decimal("300"), user=user)
    assert allocation.value == Decimal("300")
    allocation_set(target=target, unit=hc, value=Decimal("320"), user=user)
    assert TargetAllocation.objects.get(target=target, unit=hc).value == Decimal("320")
    assert allocation_set(target=target, unit=hc, value=None, user=user) is None
    assert not TargetAllocation.objects.filter(target=target, unit=hc).exists()


@pytest.mark.parametrize("who", ["staff_hc", "viewer"])
def test_staff_and_viewers_do_not_split_targets(plan, hc, who, request):
    with pytest.raises(PermissionDenied):
        allocation_set(target=city_target(), unit=hc, value=Decimal(1), user=request.getfixturevalue(who))


def test_a_share_cannot_be_negative(plan, hc, coordinator):
    with pytest.raises(ValidationError) as error:
        allocation_set(target=city_target(), unit=hc, value=Decimal(-1), user=coordinator)
    assert error.value.code == "negative_share"


def test_only_city_targets_with_a_value_are_split(plan, hc, coordinator):
    per_district = Target.objects.select_related("indicator__plan").filter(scope=Target.Scope.PER_DISTRICT).first()
    increase = Target.objects.select_related("indicator__plan").filter(comparator=Target.Comparator.INCREASE).first()
    for target in (per_district, increase):
        with pytest.raises(ValidationError) as error:
            allocation_set(target=target, unit=hc, value=Decimal(1), user=coordinator)
        assert error.value.code == "not_allocatable"


def test_several_shares_are_saved_all_or_nothing(plan, hc, coordinator):
    good, other = city_target("I1.2.1"), city_target("I1.2.2")
    with pytest.raises(ValidationError):
        allocations_set(plan=plan, unit=hc, values={good.pk: Decimal(5), other.pk: Decimal(-5)}, user=coordinator)
    assert not TargetAllocation.objects.exists()


# Assessment


def assess(plan, unit, user, **kwargs):
    action = plan.actions.get(number=1)
    defaults = {
        "period_start": local(2023, 1, 1).date(),
        "period_end": local(2023, 6, 30).date(),
        "items": {action.pk: AssessmentItemInput(score=Decimal("92.5"), comment="岗位开发进度快")},
        "overall_grade": "good",
        "comments": "总体良好",
    }
    return assessment_record(plan=plan, unit=unit, user=user, **(defaults | kwargs))


def test_a_coordinator_records_an_assessment_with_scores_per_action(plan, hc, coordinator):
    assessment = assess(plan, hc, coordinator)
    item = assessment.items.get()
    assert (item.action.number, item.score, item.comment) == (1, Decimal("92.5"), "岗位开发进度快")
    assert assessment.get_overall_grade_display()


def test_correcting_an_assessment_replaces_its_items(plan, hc, coordinator):
    assessment = assess(plan, hc, coordinator)
    action2 = plan.actions.get(number=2)
    assess(plan, hc, coordinator, assessment=assessment, items={action2.pk: AssessmentItemInput(grade="excellent")})
    assert [(i.action.number, i.grade) for i in assessment.items.all()] == [(2, "excellent")]


@pytest.mark.parametrize(
    "kwargs, code",
    [
        ({"period_end": local(2022, 12, 31).date()}, "bad_period"),
        ({"items": {}, "overall_grade": ""}, "empty"),
    ],
)
def test_an_assessment_needs_a_sound_period_and_some_grade(plan, hc, coordinator, kwargs, code):
    with pytest.raises(ValidationError) as error:
        assess(plan, hc, coordinator, **kwargs)
    assert code in [e.code for e in error.value.error_list]


def test_an_item_needs_a_score_in_range_or_a_grade(plan, hc, coordinator):
    action = plan.actions.get(number=1)
    for item, code in [
        (AssessmentItemInput(score=Decimal(101)), "bad_score"),
        (AssessmentItemInput(comment="only words"), "score_or_grade"),
    ]:
        with pytest.raises(ValidationError) as error:
            assess(plan, hc, coordinator, items={action.pk: item})
        assert code in [e.code for e in error.value.error_list]


@pytest.mark.parametrize("who", ["staff_hc", "viewer", "plan_admin"])
def test_only_coordinators_assess(plan, hc, who, request):
    with pytest.raises(PermissionDenied):
        assess(plan, hc, request.getfixturevalue(who))


# Good practice


def test_staff_submit_their_units_good_practice_and_coordinators_feature_it(plan, hc, staff_hc, coordinator):
    measure = plan.actions.get(number=1).measures.get(number=2)
    practice = good_practice_submit(unit=hc, measure=measure, user=staff_hc, title="公益岗位", body="做法与成效")
    assert not practice.is_featured
    good_practice_feature(practice=practice, user=coordinator, featured=True)
    assert list(GoodPractice.objects.featured()) == [practice]
    good_practice_feature(practice=practice, user=coordinator, featured=False)
    assert not GoodPractice.objects.featured().exists()


def test_other_units_staff_cannot_submit_for_a_unit(plan, hc, staff_wd):
    measure = plan.actions.get(number=1).measures.get(number=2)
    with pytest.raises(PermissionDenied):
        good_practice_submit(unit=hc, measure=measure, user=staff_wd, title="x", body="y")


@pytest.mark.parametrize("who", ["staff_hc", "viewer", "plan_admin"])
def test_only_coordinators_feature_good_practice(plan, hc, staff_hc, who, request):
    measure = plan.actions.get(number=1).measures.get(number=2)
    practice = good_practice_submit(unit=hc, measure=measure, user=staff_hc, title="公益岗位", body="做法")
    with pytest.raises(PermissionDenied):
        good_practice_feature(practice=practice, user=request.getfixturevalue(who), featured=True)


# Roles


def test_migrate_grants_the_filing_permissions_to_the_role_groups(db):
    def perms(group):
        return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))

    assert "file_plan" in perms(DISTRICT_STAFF)
    assert {"review_filing", "allocate_targets", "record_assessment", "feature_practice"} <= perms(COORDINATOR)
    assert "view_all_filings" in perms(DEPARTMENT_VIEWER) and "review_filing" not in perms(DEPARTMENT_VIEWER)
    assert {"view_all_filings", "allocate_targets"} <= perms(PLAN_ADMIN)
    # The returns' permissions are still there: roles_ensure only adds.
    assert "file_return" in perms(DISTRICT_STAFF)
