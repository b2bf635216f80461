"""One way to show a rate: two decimals, half up, from the exact numerator and denominator, on every page."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Indicator, format_rate, rate_of
from dashboards.rules import Cell, Totals
from dashboards.templatetags.dashboard_tags import cell_value
from reports.models import Figure

D = Decimal


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (1150, 1270, "90.55%"),  # 90.5511…, not 90.6 padded to 90.60
        (1119, 1257, "89.02%"),  # not 89%
        (9738, 10000, "97.38%"),
        (1, 8, "12.50%"),  # 12.5 exactly: two decimals all the same
        (1, 400, "0.25%"),
        (5, 200000, "0.00%"),  # 0.0025: below the half of a hundredth
        (10, 10, "100.00%"),
        (None, 10, "—"),
        (3, 0, "—"),
    ],
)
def test_a_rate_reads_with_two_decimals_rounded_half_up_from_its_parts(numerator, denominator, shown):
    assert format_rate(numerator, denominator) == shown


def test_a_rate_at_the_half_rounds_up_not_to_even():
    assert rate_of(D("0.125"), 100) == D("0.13")  # half-even would give 0.12
    assert rate_of(D("0.135"), 100) == D("0.14")


def test_the_return_page_and_the_dashboards_show_the_same_rate(client, staff_hc, hc_return, plan):
    ratio = Indicator.objects.get(plan=plan, code="I5.0.1")
    Figure.objects.create(monthly_return=hc_return, indicator=ratio, numerator=1150, denominator=1270)
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert "1,150 / 1,270 = 90.55%" in page
    cell = Cell(totals=Totals(numerator=D(1150), denominator=D(1270)), kind=ratio.kind)
    assert cell_value(cell, ratio) == "90.55%"


def test_the_figures_csv_writes_counts_without_decimals_as_the_xlsx_does(client, coordinator, hc_return, plan):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")
    money = Indicator.objects.get(plan=plan, unit="万元", code__startswith="I2.2")
    ratio = Indicator.objects.get(plan=plan, code="I5.0.1")
    Figure.objects.create(monthly_return=hc_return, indicator=flow, value=D("63342.00"))
    Figure.objects.create(monthly_return=hc_return, indicator=money, value=D("654.90"))
    Figure.objects.create(monthly_return=hc_return, indicator=ratio, numerator=1150, denominator=1270)
    client.force_login(coordinator)
    response = client.get(reverse("imports:figures-export"), {"plan": plan.pk, "file_format": "csv"})
    rows = {row[3]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows[flow.code][7] == "63342"  # not 63342.00
    assert rows[money.code][7] == "654.90"  # a figure with decimals keeps them
    assert (rows[ratio.code][8], rows[ratio.code][9], rows[ratio.code][10]) == ("1150", "1270", "90.55")
