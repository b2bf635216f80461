from accounts.demo import demo_users_load
from reports.demo import demo_returns_load
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
