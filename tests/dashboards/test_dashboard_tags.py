"""How the dashboards write numbers: rounded once, half up; figures with the decimals they were entered with."""

from decimal import Decimal

import pytest

from dashboards.templatetags.dashboard_tags import as_entered, pct, points

D = Decimal


@pytest.mark.parametrize(
    ("value", "shown"), [(D("0.75"), "+0.8"), (D("-0.75"), "−0.8"), (D("0.05"), "+0.1"), (D("-0.04"), "0.0")]
)
def test_a_gap_is_rounded_half_up_never_cut_off(value, shown):
    assert points(value) == shown


def test_a_percentage_is_rounded_half_up():
    assert pct(D("50.75")) == "50.8%"
    assert pct(D("8.333333")) == "8.3%"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(D("654.99"), "654.99"), (D("93.29"), "93.29"), (D("655.00"), "655"), (D("1234.50"), "1,234.5"), (None, "—")],
)
def test_a_figure_reads_as_it_was_entered(value, shown):
    assert as_entered(value) == shown
