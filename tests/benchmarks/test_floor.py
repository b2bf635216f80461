"""The benchmark's floor query follows the roll-up's rules, so "the same numbers as the hand-written SQL" means it."""

from decimal import Decimal

import pytest
from django.db import connection

from actions.models import Indicator
from benchmarks.floor import floor_totals
from benchmarks.measure import MONTH, rollup_compare
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn, ReturnStatus
from reports.signals import return_changed

D = Decimal
pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the floor is PostgreSQL SQL")


def _file(plan, unit, month, figures, status=ReturnStatus.APPROVED):
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit, month=month, status=status)
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    Figure.objects.bulk_create(
        Figure(monthly_return=monthly_return, indicator=indicators[code], numerator=v[0], denominator=v[1])
        if isinstance(v, tuple)
        else Figure(monthly_return=monthly_return, indicator=indicators[code], value=v)
        for code, v in figures.items()
    )
    return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)


def test_the_floor_takes_each_units_latest_ratio_parts_and_agrees_with_the_app(plan):
    assert connection.vendor == "postgresql"
    hc, wd = ReportingUnit.objects.get(code="HC"), ReportingUnit.objects.get(code="WD")
    _file(plan, hc, 1, {"I5.0.1": (D(90), D(100)), "I1.5.1": D(2), "I1.0.1": D(10)})
    _file(plan, hc, 2, {"I5.0.1": (D(95), D(100)), "I1.5.1": D(3)})
    _file(plan, hc, 3, {"I5.0.1": (None, D(120))})  # no rate in March: February's parts stand
    _file(plan, wd, 1, {"I5.0.1": (D(10), D(20)), "I1.0.1": D(5)})
    _file(plan, wd, 4, {"I5.0.1": (D(1), D(1))}, status=ReturnStatus.SUBMITTED)  # not counted

    coverage = Indicator.objects.get(plan=plan, code="I5.0.1")
    _value, numerator, denominator = floor_totals(plan=plan, month=MONTH)[coverage.pk]
    assert (numerator, denominator) == (D(105), D(120))  # 95 + 10 over 100 + 20, not the months summed
    assert rollup_compare(plan=plan, repeat=1).same_numbers
