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


def test_the_same_completion_met_under_about_and_not_under_at_least_says_why(plan, units, make_return, indicators):
    from actions.models import TargetAllocation
    from dashboards.rollup import progress_rollup
    from dashboards.templatetags.dashboard_tags import status_note

    about, at_least = indicators["I1.2.1"], indicators["I1.5.1"]  # ~1,800 posts; at least 60 events
    TargetAllocation.objects.create(target=about.target, unit=units["HC"], value=1000)
    TargetAllocation.objects.create(target=at_least.target, unit=units["HC"], value=500)
    make_return(units["HC"], 12, {"I1.2.1": 956, "I1.5.1": 478})  # both 95.6 %
    rollup = progress_rollup(plan=plan, month=12, units=[units["HC"]])
    rows = {row.indicator.code: row for row in rollup.rows}
    met, not_met = rows["I1.2.1"].units[units["HC"].pk], rows["I1.5.1"].units[units["HC"].pk]
    assert (met.completion, met.met, not_met.completion, not_met.met) == (D("95.6"), True, D("95.6"), False)
    assert status_note(rows["I1.2.1"].target, met) == "“左右”目标：达到目标的95%即为达标"
    assert status_note(rows["I1.5.1"].target, not_met) == "“以上”目标：须达到目标的100%才为达标"
    assert status_note(rows["I1.2.1"].target, not_met) == ""  # 左右 not met: the status says it plainly
