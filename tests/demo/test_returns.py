from demo.returns import demo_returns_load
from demo.users import demo_users_load
from reports.models import MonthlyReturn, ReturnStatus


def test_the_demo_year_has_returns_in_every_state(plan):
    demo_users_load()
    created = demo_returns_load()
    assert created == MonthlyReturn.objects.count() > 80
    statuses = set(MonthlyReturn.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ReturnStatus}
    assert MonthlyReturn.objects.filter(is_late=True).exists()
    assert MonthlyReturn.objects.filter(unit__code="RS", month=12).count() == 0  # a missing return
    returned = MonthlyReturn.objects.get(status=ReturnStatus.RETURNED)
    assert returned.transitions.last().reason
    assert demo_returns_load() == 0


def test_the_demo_splits_every_city_target_so_the_bulletin_ranks_on_every_targeted_indicator(plan):
    from actions.models import Target, TargetAllocation
    from dashboards.selectors.bulletin import bulletin_for
    from districts.models import ReportingUnit

    demo_returns_load()
    units = list(ReportingUnit.objects.leaves())
    targeted = Target.objects.filter(indicator__plan=plan, indicator__is_active=True).count()
    bulletin = bulletin_for(plan=plan, month=9, units=units)
    assert [e.scored for e in bulletin.entries] == [targeted] * 8
    # The shares add up to the city's figure (任务分解), e.g. the 300,000 of 县域农村转移就业人员规模.
    employment = Target.objects.get(indicator__plan=plan, indicator__code="I1.0.1")
    shares = TargetAllocation.objects.filter(target=employment).values_list("value", flat=True)
    assert len(shares) == 8 and sum(shares) == employment.value
