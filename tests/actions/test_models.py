from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from actions.models import Indicator, Target, TargetAllocation
from districts.models import ReportingUnit


def test_an_indicator_code_is_unique_within_a_plan(plan):
    existing = Indicator.objects.get(plan=plan, code="I1.2.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(plan=plan, action=existing.action, code="I1.2.1", name="dup", unit="个", kind="flow")


def test_an_indicator_has_one_target(plan):
    indicator = Indicator.objects.get(plan=plan, code="I1.2.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, comparator=">=", value=Decimal("1"))


def test_a_target_value_cannot_be_negative(plan):
    indicator = Indicator.objects.get(plan=plan, code="I1.5.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, comparator=">=", value=Decimal("-1"))


def test_an_at_least_target_needs_a_value(plan):
    indicator = Indicator.objects.get(plan=plan, code="I1.5.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, comparator=">=", value=None)


def test_a_unit_gets_one_allocation_per_target(plan):
    target = Target.objects.get(indicator__plan=plan, indicator__code="I1.2.1")
    unit = ReportingUnit.objects.get(code="HC")
    TargetAllocation.objects.create(target=target, unit=unit, value=Decimal("200"))
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetAllocation.objects.create(target=target, unit=unit, value=Decimal("300"))


def test_a_reporting_unit_code_is_unique(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingUnit.objects.create(code="HC", name="again", kind="district")


def test_a_city_can_sit_under_a_province(plan):
    province = ReportingUnit.objects.create(code="SD", name="山东省", kind="province")
    city = ReportingUnit.objects.create(code="WH", name="威海市", kind="city", parent=province)
    ReportingUnit.objects.filter(code__in=["HC", "WD"]).update(parent=city)
    assert set(ReportingUnit.objects.leaves().values_list("code", flat=True)) >= {"HC", "WD", "RC"}
    assert "WH" not in ReportingUnit.objects.leaves().values_list("code", flat=True)
    assert list(ReportingUnit.objects.roots().filter(code__in=["SD", "WH", "HC"]).values_list("code", flat=True)) == [
        "SD"
    ]


def test_only_a_target_to_build_has_a_deadline_month(plan):
    from django.core.exceptions import ValidationError

    target = Target.objects.get(indicator__plan=plan, indicator__code="I1.0.1")
    target.due_month = 6
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert error.value.error_dict["due_month"][0].code == "due_month_without_build"
    target.due_mode = Target.DueMode.BUILD
    target.full_clean()
    target.due_month = 13
    with pytest.raises(ValidationError):
        target.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(due_month=13)
