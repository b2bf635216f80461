"""Workbooks made the way districts make them: from our template, then edited by hand."""

import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Side

from actions.models import Indicator, Measure
from imports.models import ImportLog
from imports.selectors import template_existing, template_rows
from imports.services import ImportRefused, import_apply, import_log_check
from imports.workbooks import template_build
from reports.models import Figure, MeasureProgress, MonthlyReturn, ProgressStatus, ReturnStatus
from reports.services import FigureInput, ProgressInput, monthly_return_save, monthly_return_start

from .conftest import LONG_HEADER, long_file, upload, xlsx

NOTE = "完成培训３期，共计：１２０人；（含脱贫人口）ＡＢＣ"


def _save(user, plan, unit, month, *, figures=None, progress=None):
    monthly_return = monthly_return_start(user=user, plan=plan, unit=unit, month=month)
    monthly_return_save(
        monthly_return=monthly_return,
        user=user,
        version=monthly_return.version,
        figures=figures or {},
        progress=progress or {},
    )
    return monthly_return


@pytest.fixture
def filed_june(plan, hc, staff_hc):
    """HC's June return with figures, a comment and notes full of Chinese punctuation."""
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    measure = Measure.objects.get(action__plan=plan, action__number=1, number=1)
    return _save(
        staff_hc,
        plan,
        hc,
        6,
        figures={
            indicators["I1.2.1"].pk: FigureInput(value=Decimal("12"), comment="含：临时岗位（３个）"),
            indicators["I2.2.2"].pk: FigureInput(value=Decimal("654.99")),
            indicators["I5.0.1"].pk: FigureInput(numerator=Decimal("90"), denominator=Decimal("100")),
        },
        progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note=NOTE)},
    )


def _template(plan, unit, month) -> bytes:
    indicators, measures = template_rows(plan=plan)
    figures, progress = template_existing(plan=plan, units=[unit], month=month)
    return template_build(
        plan=plan,
        units=[unit],
        month=month,
        indicators=indicators,
        measures=measures,
        figures=figures,
        progress=progress,
    )


def _check(user, data, *, plan, monthly_return=None):
    log = upload(user, data, plan=plan, monthly_return=monthly_return)
    return log, import_log_check(log=log, user=user)


# -- text as typed -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ReturnStatus.DRAFT, ReturnStatus.APPROVED])
def test_an_unchanged_template_uploaded_again_changes_nothing_whatever_the_state(
    plan, hc, staff_hc, filed_june, status
):
    MonthlyReturn.objects.filter(pk=filed_june.pk).update(status=status)
    data = _template(plan, hc, 6)
    log, check = _check(staff_hc, data, plan=plan, monthly_return=filed_june)
    assert check.is_clean, [e.text for e in check.errors]
    assert not check.has_changes
    assert check.counts["new"] == check.counts["changed"] == 0
    assert check.counts["unchanged"] >= 3
    applied = import_apply(log=log, user=staff_hc)
    assert applied.changes_count == 0
    assert MeasureProgress.objects.get(monthly_return=filed_june).note == NOTE


def test_notes_and_comments_keep_their_chinese_punctuation_byte_for_byte(plan, plan_admin):
    note = "走访企业１２家，签约：３家；（另有意向）２家"
    comment = "含：临时岗位（３个）；其余，待核实"
    data = xlsx(
        {
            "数据": [LONG_HEADER + ["备注"], ["HC", "2023-06", "I1.2.1", 5, None, None, comment]],
            "进展": [
                ["区市代码", "月份", "举措编号", "进展状态", "工作进展"],
                ["HC", "2023-06", "1.1", "推进中", note],
            ],
        }
    )
    log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    import_apply(log=log, user=plan_admin)
    assert MeasureProgress.objects.get().note.encode() == note.encode()
    assert Figure.objects.get().comment.encode() == comment.encode()


# -- no column dropped silently ------------------------------------------------------------------------


def test_headers_with_an_annotation_are_recognised(plan, plan_admin):
    header = ["区市代码", "月份", "指标代码", "本月数值（12月）", "分子（人）", "分母（人）"]
    data = long_file(["HC", "2023-06", "I1.2.1", 7], ["HC", "2023-06", "I5.0.1", None, 45, 50], header=header)
    log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    assert check.counts["new"] == 2
    import_apply(log=log, user=plan_admin)
    ratio = Figure.objects.get(indicator__code="I5.0.1")
    assert (ratio.numerator, ratio.denominator) == (45, 50)
    assert Figure.objects.get(indicator__code="I1.2.1").value == 7


def test_a_header_it_cannot_place_refuses_the_file_naming_the_column(plan, plan_admin):
    header = ["区市代码", "月份", "指标代码", "本月完成数"]
    data = long_file(["HC", "2023-06", "I1.2.1", 7], header=header)
    log, check = _check(plan_admin, data, plan=plan)
    assert not check.is_clean
    [error] = check.errors
    assert (error.column, error.header) == ("D", "本月完成数")
    assert "D" in error.text and "本月完成数" in error.text
    with pytest.raises(ImportRefused):
        import_apply(log=log, user=plan_admin)
    assert not Figure.objects.exists()


def test_an_unknown_header_over_an_empty_column_is_left_alone(plan, plan_admin):
    data = long_file(["HC", "2023-06", "I1.2.1", 7, None, None, None], header=LONG_HEADER + ["审核意见"])
    _log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]


# -- layouts people make -------------------------------------------------------------------------------


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_merged_unit_and_month_cells_apply_to_every_row_they_cover(plan, plan_admin):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["区市", "月份", "指标代码", "本月数值"])
    ws.append(["环翠区", "2023年6月", "I1.2.1", 1])
    ws.append([None, None, "I1.2.2", 2])
    ws.append([None, None, "I1.3.1", 3])
    ws.append(["文登区", "2023年6月", "I1.2.1", 4])
    ws.merge_cells("A2:A4")
    ws.merge_cells("B2:B4")
    log, check = _check(plan_admin, _workbook_bytes(workbook), plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    import_apply(log=log, user=plan_admin)
    assert sorted(Figure.objects.values_list("monthly_return__unit__code", "indicator__code", "value")) == [
        ("HC", "I1.2.1", 1),
        ("HC", "I1.2.2", 2),
        ("HC", "I1.3.1", 3),
        ("WD", "I1.2.1", 4),
    ]


def test_a_sign_off_row_below_the_table_is_left_out_with_a_note(plan, plan_admin):
    data = long_file(
        ["HC", "2023-06", "I1.2.1", 7],
        [None, None, None, None],
        ["填报人：张三", None, "联系电话：0631-5201234", None, "审核人：李四"],
    )
    log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    [note] = check.notes
    assert "第4行" in note and "填报人：张三" in note and "审核人：李四" in note
    assert [row.row for row in check.rows] == [2]
    import_apply(log=log, user=plan_admin)
    assert Figure.objects.count() == 1


def test_formatted_empty_rows_do_not_count_towards_the_row_limit(plan, plan_admin, settings):
    settings.NEWCITIZEN_IMPORT_MAX_ROWS = 20_000
    workbook = Workbook()
    ws = workbook.active
    ws.append(LONG_HEADER)
    ws.append(["HC", "2023-06", "I1.2.1", 7])
    thin = Side(style="thin")
    for row in range(3, 25_001):
        ws.cell(row=row, column=1).border = Border(left=thin, right=thin, top=thin, bottom=thin)
    data = _workbook_bytes(workbook)
    assert load_workbook(io.BytesIO(data), read_only=True).active.max_row == 25_000
    log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    assert [row.row for row in check.rows] == [2]


# -- the same checks as the form -----------------------------------------------------------------------


@pytest.fixture
def flow_history(plan, hc, staff_hc):
    """HC filed 10 new urban posts (I1.2.1) in each of January to May."""
    indicator = Indicator.objects.get(plan=plan, code="I1.2.1")
    for month in range(1, 6):
        _save(staff_hc, plan, hc, month, figures={indicator.pk: FigureInput(value=Decimal(10))})
    return indicator


def test_an_outlier_without_a_comment_is_refused_with_the_reason(plan, plan_admin, flow_history):
    log, check = _check(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 100]), plan=plan)
    assert not check.is_clean
    texts = " ".join(e.text for e in check.errors)
    assert "100" in texts and "10" in texts
    assert check.rows[0].status == "refused"
    with pytest.raises(ImportRefused):
        import_apply(log=log, user=plan_admin)


def test_an_outlier_with_a_comment_is_flagged_and_imported(plan, plan_admin, flow_history):
    data = long_file(["HC", "2023-06", "I1.2.1", 100, None, None, "招聘会集中签约"], header=LONG_HEADER + ["备注"])
    log, check = _check(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    [row] = check.rows
    assert row.flags and "100" in row.flags[0]
    import_apply(log=log, user=plan_admin)
    stored = Figure.objects.get(monthly_return__month=6)
    assert (stored.value, stored.comment) == (100, "招聘会集中签约")


def test_a_stock_is_held_against_its_latest_earlier_level(plan, plan_admin, hc, staff_hc):
    stock = Indicator.objects.filter(plan=plan, kind=Indicator.Kind.STOCK, is_active=True).order_by("code").first()
    _save(staff_hc, plan, hc, 1, figures={stock.pk: FigureInput(value=Decimal(100))})
    _save(staff_hc, plan, hc, 3, figures={stock.pk: FigureInput(value=Decimal(40))})
    # March's 40 is the level to hold, not January's 100: 30 is fine, 19 is below half of it.
    _log, check = _check(plan_admin, long_file(["HC", "2023-06", stock.code, 30]), plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    _log, check = _check(plan_admin, long_file(["HC", "2023-06", stock.code, 19]), plan=plan)
    texts = [e.text for e in check.errors]
    assert texts and "19" in texts[0] and "40" in texts[0], texts


def test_stocks_named_by_name_are_held_even_when_their_codes_differ_only_in_case(plan, plan_admin, hc, staff_hc):
    stock = Indicator.objects.filter(plan=plan, kind=Indicator.Kind.STOCK, is_active=True).order_by("code").first()
    twin = Indicator.objects.get(pk=stock.pk)
    twin.pk, twin.code, twin.name = None, stock.code.lower(), "另一项存量指标"
    twin.save()
    for month, level in ((1, 100), (3, 40)):
        _save(staff_hc, plan, hc, month, figures={i.pk: FigureInput(value=Decimal(level)) for i in (stock, twin)})
    header = ["区市代码", "月份", "指标名称", "本月数值"]
    data = long_file(["HC", "2023-06", stock.name, 19], ["HC", "2023-06", twin.name, 19], header=header)
    _log, check = _check(plan_admin, data, plan=plan)
    assert [row.status for row in check.rows] == ["refused", "refused"]


def test_the_outlier_check_holds_in_a_plan_without_stocks(plan, plan_admin, flow_history):
    Indicator.objects.filter(plan=plan, kind=Indicator.Kind.STOCK).update(is_active=False)
    _log, check = _check(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 100]), plan=plan)
    assert check.rows[0].status == "refused"
    assert "100" in check.errors[0].text


def test_a_fraction_of_a_person_is_refused(plan, plan_admin):
    log, check = _check(plan_admin, long_file(["HC", "2023-06", "I1.3.1", "12.5"]), plan=plan)
    assert not check.is_clean
    [error] = check.errors
    assert error.column == "D"
    with pytest.raises(ImportRefused):
        import_apply(log=log, user=plan_admin)


def test_money_keeps_its_decimals(plan, plan_admin):
    log, check = _check(plan_admin, long_file(["HC", "2023-06", "I2.2.2", "654.99"]), plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    import_apply(log=log, user=plan_admin)
    assert Figure.objects.get().value == Decimal("654.99")


@pytest.mark.parametrize("value", ["99999999999999.95", "12345678901234.56", "10000000000000"])
def test_a_figure_beyond_what_the_database_returns_exactly_is_refused(plan, plan_admin, value):
    _log, check = _check(plan_admin, long_file(["HC", "2023-06", "I2.2.2", value]), plan=plan)
    assert not check.is_clean
    assert "9,999,999,999,999.99" in check.errors[0].text


# -- parsed once, kept in the database -----------------------------------------------------------------


def test_the_workbook_is_kept_in_the_database_and_never_parsed_again(plan, plan_admin, client):
    data = long_file(["HC", "2023-06", "I1.2.1", 7])
    log = upload(plan_admin, data, plan=plan)
    stored = ImportLog.objects.get(pk=log.pk)
    assert bytes(stored.content) == data and not stored.file
    client.force_login(plan_admin)
    parsed_again = AssertionError("parsed again")
    with (
        mock.patch("openpyxl.load_workbook", side_effect=parsed_again),
        mock.patch("imports.reading._xlsx_read", side_effect=parsed_again),
    ):
        url = reverse("imports:import-preview", args=[log.pk])
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
        import_apply(log=stored, user=plan_admin)
    assert Figure.objects.get().value == 7


def test_a_sheet_with_more_cells_than_can_be_read_in_bounded_time_is_refused_at_upload(plan, plan_admin, monkeypatch):
    monkeypatch.setattr("imports.reading.MAX_CELLS_VISITED", 1_000)
    rows = [["HC", "2023-06", "I1.2.1", n] for n in range(400)]
    with pytest.raises(ValidationError) as refused:
        upload(plan_admin, long_file(*rows), plan=plan)
    assert refused.value.code == "cells"
    assert not ImportLog.objects.exists()
