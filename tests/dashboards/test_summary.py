"""The year-to-date summary follows every write to a return, in the same transaction: approved now, counted now."""

from decimal import Decimal

from dashboards.models import UnitYearToDate
from dashboards.rollup import progress_rollup
from dashboards.summary import summary_rebuild, unit_year_rows
from reports.models import ReturnStatus
from reports.services import (
    FigureInput,
    monthly_return_approve,
    monthly_return_reopen,
    monthly_return_save,
    monthly_return_send_back,
    monthly_return_start,
    monthly_return_submit,
)

FIELDS = ("plan_id", "unit_id", "indicator_id", "month", "value_sum", "value_last", "numerator", "denominator",
          "all_value_sum", "all_value_last", "all_numerator", "all_denominator",
          "value_month", "ratio_month", "all_value_month", "all_ratio_month")  # fmt: skip


def _rows():
    return sorted(UnitYearToDate.objects.values_list(*FIELDS))


def _city_value(plan, units, code, *, month=12, include_submitted=False):
    rollup = progress_rollup(plan=plan, month=month, units=list(units.values()), include_submitted=include_submitted)
    return next(r for r in rollup.rows if r.indicator.code == code).total.value


def _filed(plan, unit, staff, indicators, month, figures):
    monthly_return = monthly_return_start(user=staff, plan=plan, unit=unit, month=month)
    monthly_return_save(
        monthly_return=monthly_return,
        user=staff,
        version=monthly_return.version,
        figures={indicators[code].pk: FigureInput(**data) for code, data in figures.items()},
    )
    monthly_return_submit(monthly_return=monthly_return, user=staff)
    return monthly_return


def test_a_return_counts_on_the_dashboard_as_soon_as_it_is_approved_and_no_longer_once_reopened(
    plan, units, indicators, staff, coordinator
):
    monthly_return = _filed(plan, units["HC"], staff, indicators, 3, {"I1.5.1": {"value": Decimal(4)}})
    assert _city_value(plan, units, "I1.5.1") is None  # submitted: not counted yet
    assert _city_value(plan, units, "I1.5.1", include_submitted=True) == Decimal(4)

    monthly_return_approve(monthly_return=monthly_return, user=coordinator)
    assert _city_value(plan, units, "I1.5.1") == Decimal(4)
    assert _city_value(plan, units, "I1.5.1", month=2) is None  # a March return counts from March on

    monthly_return_reopen(monthly_return=monthly_return, user=coordinator, reason="请核实")
    assert _city_value(plan, units, "I1.5.1") is None
    assert _city_value(plan, units, "I1.5.1", include_submitted=True) is None


def test_a_corrected_and_re_approved_return_shows_its_new_figures(plan, units, indicators, staff, coordinator):
    monthly_return = _filed(plan, units["HC"], staff, indicators, 1, {"I1.0.1": {"value": Decimal(1000)}})
    monthly_return_send_back(monthly_return=monthly_return, user=coordinator, reason="数字有误")
    monthly_return_save(
        monthly_return=monthly_return,
        user=staff,
        version=monthly_return.version,
        figures={indicators["I1.0.1"].pk: FigureInput(value=Decimal(1200))},
    )
    monthly_return_submit(monthly_return=monthly_return, user=staff)
    monthly_return_approve(monthly_return=monthly_return, user=coordinator)
    assert _city_value(plan, units, "I1.0.1") == Decimal(1200)


def test_the_summary_kept_on_write_equals_one_rebuilt_from_scratch(
    plan, units, indicators, staff, other_staff, coordinator
):
    for month, level in ((1, 100), (2, 90), (4, 120)):
        r = _filed(
            plan,
            units["HC"],
            staff,
            indicators,
            month,
            {
                "I1.0.1": {"value": Decimal(level)},
                "I1.5.1": {"value": Decimal(month)},
                "I5.0.1": {"numerator": Decimal(9), "denominator": Decimal(10)},
            },
        )
        if month != 2:
            monthly_return_approve(monthly_return=r, user=coordinator)
    _filed(plan, units["WD"], other_staff, indicators, 1, {"I1.5.1": {"value": Decimal(7)}})
    kept = _rows()
    summary_rebuild()
    assert _rows() == kept
    # HC's stock: the latest approved level (April's), under both rules; with February submitted it counts in March.
    hc = {(r[2], r[3]): r for r in kept if r[1] == units["HC"].pk}
    stock = indicators["I1.0.1"].pk
    assert hc[(stock, 3)][5] == Decimal(100) and hc[(stock, 3)][9] == Decimal(90)
    assert hc[(stock, 12)][5] == Decimal(120)


def test_deleting_a_return_takes_its_figures_off_the_dashboard(plan, units, indicators, staff, coordinator):
    monthly_return = _filed(plan, units["HC"], staff, indicators, 5, {"I1.5.1": {"value": Decimal(3)}})
    monthly_return_approve(monthly_return=monthly_return, user=coordinator)
    assert _city_value(plan, units, "I1.5.1") == Decimal(3)
    monthly_return.delete()
    assert _city_value(plan, units, "I1.5.1") is None


def test_year_to_date_rows_sum_flows_keep_the_latest_level_and_the_latest_ratio_parts_given_together():
    approved, submitted, draft = ReturnStatus.APPROVED, ReturnStatus.SUBMITTED, ReturnStatus.DRAFT
    rows = unit_year_rows(
        [
            (1, approved, 1, Decimal(5), None, None),
            (2, submitted, 1, Decimal(6), None, None),
            (3, draft, 1, Decimal(100), None, None),
            (1, approved, 2, None, Decimal(3), Decimal(4)),
            (2, approved, 2, None, Decimal(1), None),
            (4, approved, 2, None, Decimal(7), Decimal(8)),
        ]
    )
    by = {(r["indicator_id"], r["month"]): r for r in rows}
    assert len(rows) == 24  # two indicators × twelve months
    assert (by[(1, 3)]["value_sum"], by[(1, 3)]["value_last"]) == (Decimal(5), Decimal(5))
    assert (by[(1, 3)]["all_value_sum"], by[(1, 3)]["all_value_last"]) == (Decimal(11), Decimal(6))
    assert (by[(2, 3)]["numerator"], by[(2, 3)]["denominator"]) == (Decimal(3), Decimal(4))  # Feb lacks a part
    assert (by[(2, 12)]["numerator"], by[(2, 12)]["denominator"]) == (Decimal(7), Decimal(8))  # not 10 / 12
    assert by[(2, 12)]["value_sum"] is None
    # The month each latest figure comes from, under each rule: the draft of March never counts.
    assert (by[(1, 12)]["value_month"], by[(1, 12)]["all_value_month"]) == (1, 2)
    assert (by[(2, 3)]["ratio_month"], by[(2, 12)]["ratio_month"]) == (1, 4)  # February gave one part only
    assert by[(1, 12)]["ratio_month"] is None


def test_the_migration_fills_in_the_month_of_each_latest_figure(plan, units, make_return):
    import importlib

    from django.apps import apps

    make_return(units["HC"], 3, {"I1.0.1": 7, "I5.0.1": (9, 10)})
    rebuilt = _rows()
    UnitYearToDate.objects.update(value_month=None, ratio_month=None)  # as the rows were before the columns
    migration = importlib.import_module("dashboards.migrations.0004_months_of_latest_figures")
    migration.rebuild_summary(apps, None)
    assert _rows() == rebuilt
    assert set(UnitYearToDate.objects.filter(month=12).values_list("value_month", "ratio_month")) == {
        (3, None),
        (None, 3),
    }


def test_the_migration_rebuilds_summed_ratio_parts_as_latest_parts(plan, units, make_return):
    """Existing summaries held running sums of ratio parts; migrating rebuilds them from the figures as entered."""
    import importlib

    from django.apps import apps

    from reports.models import Figure

    make_return(units["HC"], 1, {"I5.0.1": (90, 100), "I1.5.1": 2})
    make_return(units["HC"], 2, {"I5.0.1": (95, 100), "I1.0.1": 7})
    rebuilt = _rows()
    figures = sorted(Figure.objects.values_list("indicator_id", "value", "numerator", "denominator"))
    UnitYearToDate.objects.filter(month=2, numerator__isnull=False).update(numerator=185, denominator=200)  # old sums
    assert _rows() != rebuilt
    migration = importlib.import_module("dashboards.migrations.0003_rebuild_latest_ratio_parts")
    migration.rebuild_summary(apps, None)
    assert _rows() == rebuilt
    assert _city_value(plan, units, "I5.0.1", month=2) == Decimal("95.00")
    assert sorted(Figure.objects.values_list("indicator_id", "value", "numerator", "denominator")) == figures
