"""The roll-up against hand-computed cases: every kind, every comparator, shares, per-district targets, levels."""

from decimal import Decimal

import pytest

from actions.models import Target, TargetAllocation
from dashboards.rollup import Status, progress_rollup
from dashboards.selectors.scope import UnitTree
from districts.models import ReportingUnit
from reports.models import ReturnStatus

D = Decimal


def rollup_for(plan, month, *, units=None, node=None, include_submitted=False):
    units = units if units is not None else list(ReportingUnit.objects.leaves())
    return progress_rollup(plan=plan, month=month, units=units, node=node, include_submitted=include_submitted)


def row_of(rollup, code):
    return next(r for r in rollup.rows if r.indicator.code == code)


def test_a_flow_sums_the_months_and_the_units_up_to_the_chosen_month(plan, units, make_return):
    # 线上线下招聘活动: at least 60 for the city.
    make_return(units["HC"], 1, {"I1.5.1": 5})
    make_return(units["HC"], 2, {"I1.5.1": 7})
    make_return(units["HC"], 3, {"I1.5.1": 3})
    make_return(units["WD"], 2, {"I1.5.1": 10})

    total = row_of(rollup_for(plan, 3), "I1.5.1").total
    assert total.value == D(25)  # 5 + 7 + 3 + 10
    assert total.target == D(60)
    assert total.completion == D("41.7")  # 25 / 60
    assert total.required == D("25.0")  # 序时进度 3/12
    assert total.gap == D("16.7")
    assert total.status == Status.ON_SCHEDULE
    assert total.met is False

    assert row_of(rollup_for(plan, 2), "I1.5.1").total.value == D(22)  # month 3 not yet


def test_only_approved_returns_count_unless_submitted_ones_are_asked_for(plan, units, make_return):
    make_return(units["HC"], 1, {"I1.5.1": 5})
    make_return(units["RC"], 1, {"I1.5.1": 100}, status=ReturnStatus.SUBMITTED)
    make_return(units["RS"], 1, {"I1.5.1": 1000}, status=ReturnStatus.DRAFT)
    make_return(units["GQ"], 1, {"I1.5.1": 1000}, status=ReturnStatus.RETURNED)

    assert row_of(rollup_for(plan, 1), "I1.5.1").total.value == D(5)
    with_submitted = row_of(rollup_for(plan, 1, include_submitted=True), "I1.5.1").total
    assert with_submitted.value == D(105)
    assert with_submitted.met is True  # 105 >= 60


def test_an_about_flow_is_due_by_the_share_of_the_year_and_behind_at_96_per_cent_of_it_in_june(
    plan, units, make_return
):
    # 新创设城镇公益性岗位 ~1800: by the end of June 900 (50 %) is due, 左右 or not. 864 is 96 % of that: behind.
    make_return(units["HC"], 6, {"I1.2.1": 864})
    total = row_of(rollup_for(plan, 6), "I1.2.1").total
    assert total.required == D("50.0")  # not 47.5: the tolerance does not bend the schedule
    assert total.completion == D("48.0")  # 864 / 1800
    assert total.gap == D("-2.0")
    assert total.status == Status.SLIGHTLY_BEHIND
    assert total.met is False


def test_an_about_flow_at_96_per_cent_in_december_is_met(plan, units, make_return):
    make_return(units["HC"], 12, {"I1.2.1": 1728, "I1.5.1": D("57.6")})  # both 96 % of the year's target
    rollup = rollup_for(plan, 12)
    about = row_of(rollup, "I1.2.1").total
    assert (about.required, about.completion, about.gap) == (D("100.0"), D("96.0"), D("-4.0"))
    assert about.met is True and about.status == Status.MET  # 左右: 95 % of 1,800 is enough
    at_least = row_of(rollup, "I1.5.1").total
    assert at_least.met is False and at_least.status == Status.NOT_MET  # 以上 60: 57.6 is not


def test_a_flow_a_hair_short_of_what_is_due_is_not_on_schedule(plan, units, make_return):
    # By the end of October 1,500 of 1,800 is due; 1,497 is short of it, whatever the 左右.
    make_return(units["HC"], 10, {"I1.2.1": 1497})
    total = row_of(rollup_for(plan, 10), "I1.2.1").total
    assert (total.completion, total.required, total.gap) == (D("83.2"), D("83.3"), D("-0.2"))
    assert total.status == Status.SLIGHTLY_BEHIND


def test_the_tolerance_and_the_colour_thresholds_come_from_settings(plan, units, make_return, settings):
    settings.NEWCITIZEN = {**settings.NEWCITIZEN, "ABOUT_TOLERANCE": 0.9, "STATUS_THRESHOLDS": (0, -5, -20)}
    make_return(units["HC"], 6, {"I1.2.1": 792})  # 44 % against 50 % due
    total = row_of(rollup_for(plan, 6), "I1.2.1").total
    assert total.required == D("50.0")
    assert total.gap == D("-6.0")
    assert total.status == Status.BEHIND  # would be "slightly behind" with the default −10
    make_return(units["HC"], 12, {"I1.2.1": 838})  # 1,630 = 90.6 % of 1,800: met at 90 %, not at the default 95 %
    assert row_of(rollup_for(plan, 12), "I1.2.1").total.status == Status.MET


def test_a_stock_takes_each_units_latest_month_even_when_one_unit_missed_the_last_month(plan, units, make_return):
    # 县域农村转移就业人员规模 ~300,000, a level at month end.
    make_return(units["HC"], 1, {"I1.0.1": 100000})
    make_return(units["HC"], 2, {"I1.0.1": 120000})
    make_return(units["HC"], 3, {"I1.0.1": 130000})
    make_return(units["WD"], 1, {"I1.0.1": 50000})
    make_return(units["WD"], 2, {"I1.0.1": 60000})
    make_return(units["WD"], 3, {"I1.5.1": 1})  # filed March, but without the stock figure
    make_return(units["RC"], 4, {"I1.0.1": 999999})  # after the chosen month

    row = row_of(rollup_for(plan, 3), "I1.0.1")
    assert row.units[units["HC"].pk].value == D(130000)
    assert row.units[units["WD"].pk].value == D(60000)  # February carries
    assert row.units[units["RC"].pk].value is None
    total = row.total
    assert total.value == D(190000)  # not 130,000 + 0, not the sum of all months
    assert total.required == D("100.0")  # a level to hold is judged every month against the whole target
    assert total.completion == D("63.3")
    assert total.gap == D("-36.7")
    assert total.status == Status.FAR_BEHIND
    assert total.met is False


def test_a_level_to_hold_is_judged_in_march_against_the_whole_target(plan, units, make_return, indicators):
    assert indicators["I1.0.1"].target.due_mode == Target.DueMode.HOLD  # 稳定在30万人左右
    make_return(units["HC"], 3, {"I1.0.1": 280000})  # 93.3 %: below the level, though a quarter of the year is gone
    total = row_of(rollup_for(plan, 3), "I1.0.1").total
    assert (total.required, total.completion, total.gap) == (D("100.0"), D("93.3"), D("-6.7"))
    assert total.met is False and total.status == Status.SLIGHTLY_BEHIND
    make_return(units["WD"], 3, {"I1.0.1": 5000})  # 285,000 = 95 % of 300,000: about the level, held
    total = row_of(rollup_for(plan, 3), "I1.0.1").total
    assert total.met is True and total.status == Status.ON_SCHEDULE


def test_a_ratio_is_the_latest_rate_the_city_divides_latest_numerators_by_latest_denominators(plan, units, make_return):
    # 基本公共服务覆盖农民工群体, full coverage. HC 90/100 = 90 %, WD 10/20 = 50 %:
    # the average of percentages would say 70 %, the true city rate is 100/120 = 83.33 %.
    make_return(units["HC"], 1, {"I5.0.1": (90, 100)})
    make_return(units["WD"], 1, {"I5.0.1": (10, 20)})
    row = row_of(rollup_for(plan, 1), "I5.0.1")
    assert row.total.value == D("83.33")
    assert row.total.target == D(100)
    assert row.total.completion == D("83.3")
    assert row.total.gap == D("-16.7")
    assert row.total.status == Status.BEHIND
    assert row.units[units["WD"].pk].value == D("50.00")

    # HC's February 95/100 replaces its January: HC 95 %, and the city (95 + 10) / (100 + 20) = 87.50 %,
    # where summing the months would say (90 + 10 + 95) / (100 + 20 + 100) = 88.64 %.
    make_return(units["HC"], 2, {"I5.0.1": (95, 100)})
    row = row_of(rollup_for(plan, 2), "I5.0.1")
    assert row.total.totals.numerator == D(105) and row.total.totals.denominator == D(120)
    assert row.total.value == D("87.50")
    assert row.units[units["HC"].pk].value == D("95.00")
    assert row.units[units["HC"].pk].status == Status.SLIGHTLY_BEHIND  # every unit is held to 100 %


def test_a_unit_whose_latest_ratio_month_is_missing_counts_its_last_month_with_both_parts(plan, units, make_return):
    make_return(units["HC"], 1, {"I5.0.1": (90, 100)})
    make_return(units["HC"], 2, {"I5.0.1": (None, 110)})  # February without a numerator
    make_return(units["HC"], 3, {"I1.5.1": 1})  # March filed without the rate at all
    make_return(units["WD"], 3, {"I5.0.1": (45, 50)})
    row = row_of(rollup_for(plan, 3), "I5.0.1")
    assert row.units[units["HC"].pk].value == D("90.00")  # January's parts still stand
    assert row.total.totals.numerator == D(135) and row.total.totals.denominator == D(150)
    assert row.total.value == D("90.00")


def test_a_full_target_is_met_only_at_one_hundred_per_cent(plan, units, make_return):
    make_return(units["HC"], 1, {"I5.0.1": (100, 100)})
    row = row_of(rollup_for(plan, 1), "I5.0.1")
    assert row.total.met is True
    assert row.total.status == Status.ON_SCHEDULE
    # A unit that reported no rate has no figure to judge, and is not scored.
    assert row.units[units["WD"].pk].status == Status.NO_DATA
    assert not row.units[units["WD"].pk].is_scored


def test_an_increase_target_is_met_only_above_the_baseline(plan, units, make_return, indicators):
    # 县域农民工参加企业职工基本养老保险: 持续扩大 over last year-end, entered by an admin.
    Target.objects.filter(indicator=indicators["I4.0.1"]).update(baseline=200000)
    make_return(units["HC"], 2, {"I4.0.1": 150000})
    make_return(units["WD"], 2, {"I4.0.1": 50000})
    row = row_of(rollup_for(plan, 2), "I4.0.1")
    assert row.total.value == D(200000)
    assert row.total.target == D(200000)
    assert row.total.met is False  # equal is not an increase
    assert row.total.completion == D("100.0")
    assert row.total.status == Status.SLIGHTLY_BEHIND

    make_return(units["RC"], 2, {"I4.0.1": 10000})
    row = row_of(rollup_for(plan, 2), "I4.0.1")
    assert row.total.met is True
    assert row.total.completion == D("105.0")
    assert row.total.status == Status.ON_SCHEDULE
    # Units have no baseline of their own: their cells show no target.
    assert row.units[units["HC"].pk].status == Status.NO_TARGET


def test_a_units_allocation_on_an_increase_target_is_its_own_baseline(plan, units, make_return, indicators):
    target = indicators["I4.0.1"].target
    TargetAllocation.objects.create(target=target, unit=units["HC"], value=20000)
    make_return(units["HC"], 3, {"I4.0.1": 21000})
    make_return(units["WD"], 3, {"I4.0.1": 9000})
    row = row_of(rollup_for(plan, 3), "I4.0.1")
    hc = row.units[units["HC"].pk]
    assert (hc.target, hc.completion, hc.met, hc.status) == (D(20000), D("105.0"), True, Status.ON_SCHEDULE)
    assert row.units[units["WD"].pk].status == Status.NO_TARGET  # no baseline of its own: nothing to judge


def test_an_increase_target_exceeded_on_an_allocated_baseline_scores_100_not_more(plan, units, make_return, indicators):
    # 养老保险 (a level) and 随迁子女比例 (a rate), both 持续扩大: HC's own baselines are 20,000 people and 80 %.
    TargetAllocation.objects.create(target=indicators["I4.0.1"].target, unit=units["HC"], value=20000)
    TargetAllocation.objects.create(target=indicators["I5.4.1"].target, unit=units["HC"], value=80)
    make_return(units["HC"], 6, {"I4.0.1": 24000, "I5.4.1": (96, 100), "I2.4.1": 1})
    rollup = rollup_for(plan, 6)
    level = row_of(rollup, "I4.0.1").units[units["HC"].pk]
    rate = row_of(rollup, "I5.4.1").units[units["HC"].pk]
    assert (level.completion, level.met) == (D("120.0"), True)  # shown as it is
    assert (rate.completion, rate.met) == (D("120.0"), True)
    assert level.score(D(120)) == D(100) and rate.score(D(120)) == D(100)  # scored as the whole target
    # Every one of HC's scored cells is at 100 % or above: the mean is 100, never 120 × 2 + 100 over 3.
    assert rollup.unit_completion_scores()[units["HC"].pk] == D("100.0")


def test_an_increase_target_without_a_baseline_has_nothing_to_judge(plan, units, make_return):
    make_return(units["HC"], 2, {"I4.0.1": 150000})
    row = row_of(rollup_for(plan, 2), "I4.0.1")
    assert row.total.status == Status.NO_TARGET
    assert row.total.value == D(150000)


def test_a_target_to_build_is_in_progress_before_its_deadline_and_not_met_from_it(plan, units, make_return):
    # 公益性零工市场: at least one in every unit, built by the end of the year. Seven have one, 南海新区 none yet.
    for code in ["HC", "WD", "RC", "RS", "GQ", "JQ", "LG"]:
        make_return(units[code], 6, {"I2.4.1": 1 + (code == "HC")})
    make_return(units["NH"], 6, {"I2.4.1": 0})
    row = row_of(rollup_for(plan, 6), "I2.4.1")
    assert row.units[units["NH"].pk].status == Status.IN_PROGRESS  # not "behind" in June
    assert row.units[units["HC"].pk].status == Status.ON_SCHEDULE
    assert row.total.laggards == [units["NH"]]
    assert (row.total.units_met, row.total.units_judged) == (7, 8)
    assert row.total.completion == D("87.5")  # 7 of 8 units
    assert row.total.met is False
    assert row.total.status == Status.IN_PROGRESS

    make_return(units["NH"], 12, {"I2.4.1": 0})
    row = row_of(rollup_for(plan, 12), "I2.4.1")
    assert row.units[units["NH"].pk].status == Status.NOT_MET
    assert row.units[units["HC"].pk].status == Status.MET
    assert row.total.status == Status.NOT_MET


def test_an_admin_may_set_an_earlier_deadline_for_a_target_to_build(plan, units, make_return, indicators):
    Target.objects.filter(indicator=indicators["I2.4.1"]).update(due_month=6)
    make_return(units["NH"], 5, {"I2.4.1": 0})
    assert row_of(rollup_for(plan, 5), "I2.4.1").units[units["NH"].pk].status == Status.IN_PROGRESS
    assert row_of(rollup_for(plan, 6), "I2.4.1").units[units["NH"].pk].status == Status.NOT_MET


def test_a_level_at_twice_its_target_scores_100_not_200(plan, units, make_return, indicators):
    TargetAllocation.objects.create(target=indicators["I1.0.1"].target, unit=units["HC"], value=60000)
    make_return(units["HC"], 6, {"I1.0.1": 120000, "I2.4.1": 1})
    rollup = rollup_for(plan, 6)
    level = row_of(rollup, "I1.0.1").units[units["HC"].pk]
    assert level.completion == D("200.0")  # shown as it is
    assert level.score(D(120)) == D(100)  # but scored as the whole target, not more
    assert rollup.unit_completion_scores()[units["HC"].pk] == D("100.0")  # (100 + 100) / 2, never 150


def test_a_unit_without_an_allocation_has_no_target_and_no_score(plan, units, make_return, indicators):
    target = indicators["I1.5.1"].target
    TargetAllocation.objects.create(target=target, unit=units["HC"], value=20)
    TargetAllocation.objects.create(target=target, unit=units["WD"], value=10)
    make_return(units["HC"], 6, {"I1.5.1": 10})
    make_return(units["WD"], 6, {"I1.5.1": 2})
    make_return(units["RC"], 6, {"I1.5.1": 40})
    rollup = rollup_for(plan, 6)
    row = row_of(rollup, "I1.5.1")
    hc, wd, rc = (row.units[units[c].pk] for c in ["HC", "WD", "RC"])
    assert (hc.target, hc.completion, hc.status) == (D(20), D("50.0"), Status.ON_SCHEDULE)
    assert (wd.target, wd.completion, wd.status) == (D(10), D("20.0"), Status.BEHIND)
    assert (rc.target, rc.completion, rc.status) == (None, None, Status.NO_TARGET)
    assert row.total.target == D(60)  # the city keeps the plan's figure
    assert row.total.value == D(52)

    scores = rollup.unit_completion_scores()
    # HC: 零工市场 0 of 1 → 0 %, 招聘活动 50 % of 50 % due → 100 %; mean 50.
    assert scores[units["HC"].pk] == D("50.0")
    # RC: only the per-district 零工市场 counts (0 %); its 40 recruitment events have no target and no weight.
    assert scores[units["RC"].pk] == D("0.0")


def test_a_level_of_the_tree_rolls_up_its_own_units_against_their_shares(plan, units, make_return, indicators):
    east = ReportingUnit.objects.create(code="EAST", name="东部片区", kind=ReportingUnit.Kind.COUNTY, sort_order=0)
    ReportingUnit.objects.filter(code__in=["HC", "WD"]).update(parent=east)
    target = indicators["I1.5.1"].target
    TargetAllocation.objects.create(target=target, unit=units["HC"], value=20)
    TargetAllocation.objects.create(target=target, unit=units["WD"], value=10)
    make_return(units["HC"], 6, {"I1.5.1": 9})
    make_return(units["WD"], 6, {"I1.5.1": 6})
    make_return(units["RC"], 6, {"I1.5.1": 100})

    tree = UnitTree(list(ReportingUnit.objects.active().districts()))
    assert [u.code for u in tree.leaves(east)] == ["HC", "WD"]
    assert len(tree.leaves()) == 8  # the group itself does not file
    east = tree.by_code["EAST"]
    total = row_of(rollup_for(plan, 6, units=tree.leaves(east), node=east), "I1.5.1").total
    assert total.value == D(15)
    assert total.target == D(30)  # 20 + 10
    assert total.completion == D("50.0")

    TargetAllocation.objects.create(target=target, unit=east, value=40)  # a share set for the group itself wins
    assert row_of(rollup_for(plan, 6, units=tree.leaves(east), node=east), "I1.5.1").total.target == D(40)


def test_an_indicator_without_a_target_is_shown_but_not_judged(plan, units, make_return):
    make_return(units["HC"], 1, {"I1.5.2": 4})
    total = row_of(rollup_for(plan, 1), "I1.5.2").total
    assert total.value == D(4)
    assert total.status == Status.NO_TARGET
    assert not total.has_target


@pytest.mark.parametrize(("month", "share"), [(1, "8.3"), (6, "50.0"), (12, "100.0")])
def test_the_schedule_share_is_the_elapsed_part_of_the_year(plan, month, share):
    assert rollup_for(plan, month).schedule_share == D(share)


def test_schedule_is_judged_on_exact_figures_not_on_rounded_percentages(plan, units, make_return):
    # 农民工补贴性职业技能培训 >= 5,000: 416.67 is due by the end of January; 414 rounds to the same 8.3 % but is short.
    make_return(units["HC"], 1, {"I3.0.1": 414})
    total = row_of(rollup_for(plan, 1), "I3.0.1").total
    assert (total.completion, total.required) == (D("8.3"), D("8.3"))
    assert total.status == Status.SLIGHTLY_BEHIND


def test_a_target_missed_by_a_hair_is_not_met(plan, units, make_return):
    make_return(units["HC"], 12, {"I3.0.1": 4998})
    total = row_of(rollup_for(plan, 12), "I3.0.1").total
    assert total.met is False and total.status != Status.ON_SCHEDULE


def test_full_coverage_needs_every_last_person(plan, units, make_return):
    make_return(units["HC"], 1, {"I5.0.1": (99996, 100000)})  # 99.996 % shows as 100.00 %
    total = row_of(rollup_for(plan, 1), "I5.0.1").total
    assert total.met is False
