from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actions.models import Indicator, Measure, Target
from actions.services import plan_copy_to_year


def test_a_new_plan_year_copies_actions_measures_indicators_and_targets(plan):
    Indicator.objects.filter(plan=plan, code="I1.5.2").update(is_active=False)
    Target.objects.filter(indicator__plan=plan, indicator__code="I4.0.1").update(baseline=Decimal("1000"))
    Target.objects.filter(indicator__plan=plan, indicator__code="I2.4.1").update(due_month=9)

    new_plan = plan_copy_to_year(source=plan, year=2024)

    assert new_plan.actions.count() == 5
    assert Measure.objects.filter(action__plan=new_plan).count() == 22
    lead = Measure.objects.get(action__plan=new_plan, action__number=2, number=2).responsibilities.order_by("order")
    assert [r.unit.name for r in lead] == ["市财政局", "市人力资源社会保障局"]
    codes = set(Indicator.objects.filter(plan=new_plan).values_list("code", flat=True))
    assert "I1.5.2" not in codes and "I1.5.1" in codes
    copied = Target.objects.get(indicator__plan=new_plan, indicator__code="I1.5.1")
    assert (copied.comparator, copied.value) == (">=", Decimal("60"))
    markets = Target.objects.get(indicator__plan=new_plan, indicator__code="I2.4.1")
    assert (markets.due_mode, markets.due_month) == ("build", 9)  # how a stock is due carries over
    # A new year's baseline is the old year's result, decided anew.
    assert Target.objects.get(indicator__plan=new_plan, indicator__code="I4.0.1").baseline is None
    assert new_plan.filing_deadline.year == 2024


def test_a_plan_year_cannot_be_started_twice(plan):
    plan_copy_to_year(source=plan, year=2024)
    with pytest.raises(ValidationError) as error:
        plan_copy_to_year(source=plan, year=2024)
    assert error.value.code == "plan_year_exists"
