"""The dashboards read in a fixed number of queries, whatever the number of units, indicators and months."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Indicator, Target, TargetAllocation
from districts.models import ReportingUnit


def _grow(plan, units, make_return, size: str) -> None:
    """``small``: eight units, two months, three indicators. ``large``: twelve units (four of them under a new
    county group), five more indicators with targets and shares, every indicator in every month of the year."""
    if size == "small":
        for unit in list(units.values())[:8]:
            make_return(unit, 1, {"I1.5.1": 2, "I1.0.1": 100, "I5.0.1": (9, 10)})
            make_return(unit, 2, {"I1.5.1": 3, "I1.0.1": 110, "I5.0.1": (9, 10)})
        return
    county = ReportingUnit.objects.create(code="XC", name="新县", kind=ReportingUnit.Kind.COUNTY, sort_order=20)
    extra_units = [
        ReportingUnit.objects.create(
            code=f"X{n}", name=f"新区{n}", kind=ReportingUnit.Kind.DISTRICT, sort_order=20 + n, parent=county
        )
        for n in range(1, 5)
    ]
    action = plan.actions.get(number=1)
    for n, kind in enumerate(["flow", "stock", "ratio", "flow", "stock"], start=1):
        indicator = Indicator.objects.create(
            plan=plan, action=action, code=f"IX.{n}", name=f"新指标{n}", unit="个", kind=kind, sort_order=100 + n
        )
        target = Target.objects.create(indicator=indicator, comparator=">=", value=Decimal(100))
        TargetAllocation.objects.create(target=target, unit=extra_units[0], value=Decimal(10))
    codes = [i.code for i in Indicator.objects.filter(plan=plan)]
    for unit in [*units.values(), *extra_units]:
        for month in range(1, 13):
            figures = {}
            for code in codes:
                kind = Indicator.objects.get(plan=plan, code=code).kind if code.startswith("IX") else None
                figures[code] = (month, 12) if kind == "ratio" or code in ("I5.0.1", "I5.4.1") else month
            make_return(unit, month, figures)


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_city_dashboard_reads_in_the_same_number_of_queries_for_any_size(
    client, plan, units, make_return, coordinator, django_assert_num_queries, size
):
    _grow(plan, units, make_return, size)
    client.force_login(coordinator)
    # user, the user's and their groups' permissions (one query; the session comes from the cache), visible
    # units, plan years (selector), the plan, indicators with targets, allocations, summed flows and ratios,
    # latest stocks
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    # +1: the units' returns of the month, whose are counted and why the others are not (issue 23)
    with django_assert_num_queries(11):
        response = client.get(reverse("dashboards:progress"), {"year": 2023, "month": 12})
    assert response.status_code == 200
    page = response.content.decode()
    if size == "large":  # the larger data really is on the page: new indicators, the new county's units
        assert "新指标5" in page and "新区4" in page
        assert 'data-field="value">936场<' in page  # 招聘活动: 12 units × (1 + … + 12)


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_matrix_and_the_bulletin_read_in_a_fixed_number_of_queries(
    client, plan, units, make_return, coordinator, django_assert_num_queries, size
):
    _grow(plan, units, make_return, size)
    client.force_login(coordinator)
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    # +1: the units' returns of the month (issue 23)
    with django_assert_num_queries(11):  # as the dashboard
        assert client.get(reverse("dashboards:matrix"), {"year": 2023, "month": 12}).status_code == 200
    # As the dashboard, plus the returns' filing dates, minus the permissions (kept in the cache since the matrix).
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    # +1: the units' returns of the month (issue 23)
    with django_assert_num_queries(11):
        assert client.get(reverse("dashboards:bulletin"), {"year": 2023, "month": 12}).status_code == 200


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_drill_down_and_the_api_read_in_a_fixed_number_of_queries(
    client, plan, units, make_return, coordinator, size
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(plan, units, make_return, size)
    client.force_login(coordinator)
    counts = {}
    for name, args in [("dashboards:indicator-detail", ["I1.5.1"]), ("dashboards:api-progress", [])]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args), {"year": 2023, "month": 12}).status_code == 200
        counts[name] = len(queries)
    # The same at both sizes: one row per unit and month must not mean one query per row. The drill-down is the
    # dashboard's reads plus the indicator and its figures with their returns; the API the dashboard's, minus the
    # plan-year selector, the permissions (kept in the cache since the drill-down) and, on the page, the header
    # bell's unread count (issue 16; JSON has no header). Both +1 since issue 23: the units' returns of the month.
    assert counts == {"dashboards:indicator-detail": 14, "dashboards:api-progress": 9}
