import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from actions.models import Indicator, Measure
from imports.checking import CHANGED, EMPTY, NEW, REFUSED, UNCHANGED
from imports.models import ImportLog
from imports.services import ImportRefused, import_apply, import_log_check
from reports.models import ChangeEntry, ChangeSource, Figure, MeasureProgress, MonthlyReturn, ReturnStatus
from reports.services import FigureInput, monthly_return_save, monthly_return_start

from .conftest import LONG_HEADER, long_file, upload, upload_and_apply, with_cached_values, xlsx


def figure(unit_code, month, code):
    return Figure.objects.get(monthly_return__unit__code=unit_code, monthly_return__month=month, indicator__code=code)


def check_of(user, data, *, plan, name="returns.xlsx", monthly_return=None):
    log = upload(user, data, plan=plan, name=name, monthly_return=monthly_return)
    return import_log_check(log=log, user=user)


def only_error(check):
    assert len(check.errors) == 1, [e.text for e in check.errors]
    return check.errors[0]


# -- messy files that must be read ---------------------------------------------------------------------


def test_it_reads_full_width_digits_separators_text_numbers_and_spaces(plan, plan_admin):
    data = long_file(
        ["HC", "2023-06", "I1.2.1", "１２００"],
        ["HC", "2023-06", "I1.2.2", "13,000"],
        ["HC", "2023-06", "I1.3.1", " 450 "],
        ["HC", "2023-06", "I1.5.1", "\u30007\u3000"],
        [" hc ", " 2023-06 ", " i2.2.2 ", "1,234.5"],
    )
    upload_and_apply(plan_admin, data, plan=plan)
    assert figure("HC", 6, "I1.2.1").value == 1200
    assert figure("HC", 6, "I1.2.2").value == 13000
    assert figure("HC", 6, "I1.3.1").value == 450
    assert figure("HC", 6, "I1.5.1").value == 7
    assert figure("HC", 6, "I2.2.2").value == Decimal("1234.50")


def test_it_finds_the_header_below_a_title_and_skips_blank_rows(plan, plan_admin):
    data = xlsx(
        {
            "6月": [
                ["2023年6月各区市新市民乐业行动进展情况统计表"],
                [],
                ["填报单位：市人社局", None, None, "单位：人、个"],
                LONG_HEADER,
                ["HC", "2023-06", "I1.2.1", 10],
                [],
                [None, None, None, None],
                ["WD", "2023-06", "I1.2.1", 20],
                [],
                ["填表人：张三"],
            ]
        }
    )
    check = check_of(plan_admin, data, plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    assert [row.row for row in check.rows] == [5, 8]
    import_apply(log=ImportLog.objects.get(), user=plan_admin)
    assert figure("WD", 6, "I1.2.1").value == 20


@pytest.mark.parametrize(
    "header",
    [
        ["【区市代码】", "【月份】", "【指标代码】", "【本月数值】", "【分子】", "【分母】"],
        ["（区市代码）", "（月份）", "（指标代码）", "（本月数值）", "（分子）", "（分母）"],
        ["【区市代码】（必填）", "月份【必填】", "[指标代码]", "本月数值（12月）", "分子（人）", "分母（人）"],
    ],
)
def test_it_recognises_headers_written_in_brackets(plan, plan_admin, header):
    check = check_of(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 10], header=header), plan=plan)
    assert check.is_clean, [e.text for e in check.errors]
    import_apply(log=ImportLog.objects.get(), user=plan_admin)
    assert figure("HC", 6, "I1.2.1").value == 10


def test_it_reads_units_by_code_name_or_short_name(plan, plan_admin):
    data = long_file(
        ["GQ", "2023-06", "I1.2.1", 1],
        ["威海经济技术开发区", "2023-06", "I1.2.1", 2],
        ["临港区", "2023-06", "I1.2.1", 3],
        ["ｎｈ", "2023-06", "I1.2.1", 4],
    )
    upload_and_apply(plan_admin, data, plan=plan)
    assert [figure(code, 6, "I1.2.1").value for code in ("GQ", "JQ", "LG", "NH")] == [1, 2, 3, 4]


def test_it_reads_months_as_text_chinese_or_excel_dates(plan, plan_admin):
    data = long_file(
        ["HC", "2023-01", "I1.2.1", 1],
        ["HC", "2023年2月", "I1.2.1", 2],
        ["HC", datetime.datetime(2023, 3, 1), "I1.2.1", 3],
        ["HC", "2023/4", "I1.2.1", 4],
        ["HC", 5, "I1.2.1", 5],
    )
    upload_and_apply(plan_admin, data, plan=plan)
    assert [figure("HC", m, "I1.2.1").value for m in range(1, 6)] == [1, 2, 3, 4, 5]


def test_it_reads_percent_strings_and_checks_them_against_the_ratio(plan, plan_admin):
    header = ["区市", "月份", "指标代码", "分子", "分母", "比率(%)"]
    data = xlsx(
        {"s": [header, ["HC", "2023-06", "I5.0.1", 90, 100, "90%"], ["WD", "2023-06", "I5.0.1", 45, 50, 0.9]]},
        formats={("s", "F3"): "0%"},
    )
    upload_and_apply(plan_admin, data, plan=plan)
    assert (figure("HC", 6, "I5.0.1").numerator, figure("HC", 6, "I5.0.1").denominator) == (90, 100)
    assert figure("WD", 6, "I5.0.1").rate == 90

    wrong = xlsx({"s": [header, ["HC", "2023-06", "I5.0.1", 80, 100, "90%"]]})
    error = only_error(check_of(plan_admin, wrong, plan=plan))
    assert (error.row, error.column) == (2, "F")
    assert "does not match" in error.message or "不一致" in error.message


def test_it_reads_formula_results_and_explains_formulas_without_one(plan, plan_admin):
    rows = [LONG_HEADER, ["HC", "2023-06", "I1.2.1", "=100+20"], ["HC", "2023-06", "I1.2.2", "=SUM(1,2)"]]
    data = with_cached_values(xlsx({"s": rows}), {"D2": "120"})
    check = check_of(plan_admin, data, plan=plan)
    error = only_error(check)
    assert (error.sheet, error.row, error.column) == ("s", 3, "D")
    assert "公式" in error.message or "formula" in error.message

    data = with_cached_values(xlsx({"s": rows}), {"D2": "120", "D3": "3"})
    upload_and_apply(plan_admin, data, plan=plan)
    assert figure("HC", 6, "I1.2.1").value == 120
    assert figure("HC", 6, "I1.2.2").value == 3


def test_it_reads_a_csv_in_gbk(plan, plan_admin):
    text = '区市代码,月份,指标代码,本月数值\r\nHC,2023年6月,I1.2.1,"1,500"\r\n'
    upload_and_apply(plan_admin, text.encode("gbk"), plan=plan, name="六月.csv")
    assert figure("HC", 6, "I1.2.1").value == 1500


def test_it_reads_progress_notes_with_the_figures(plan, plan_admin):
    data = xlsx(
        {
            "指标": [LONG_HEADER, ["HC", "2023-06", "I1.2.1", 5]],
            "工作进展": [
                ["区市代码", "月份", "举措编号", "进展状态", "工作进展"],
                ["HC", "2023-06", "1.2", "推进中", "开发公益性岗位"],
                ["HC", "2023-06", "2.1", "已完成", ""],
            ],
        }
    )
    upload_and_apply(plan_admin, data, plan=plan)
    progress = MeasureProgress.objects.get(measure__action__number=1, measure__number=2)
    assert (progress.status, progress.note) == ("in_progress", "开发公益性岗位")
    assert MeasureProgress.objects.get(measure__action__number=2, measure__number=1).status == "done"


# -- refusals, each at its sheet, row and column ---------------------------------------------------------

REFUSALS = [
    (["XX", "2023-06", "I1.2.1", 1], "A", "unknown unit"),
    (["HC", "2023-06", "I9.9.9", 1], "C", "unknown indicator"),
    (["HC", "2023-06", "I1.2.1", "abc"], "D", "not a number"),
    (["HC", "2023-06", "I1.2.1", -3], "D", "negative"),
    (["HC", "2022-12", "I1.2.1", 1], "B", "outside the 2023 plan year"),
    (["HC", "2024年1月", "I1.2.1", 1], "B", "outside the 2023 plan year"),
    (["HC", "2023-06", "I5.0.1", None, 120, 100], "E", "numerator cannot be above"),
    (["HC", "2023-06", "I5.0.1", None, 1, 0], "F", "denominator must be above zero"),
]


@pytest.mark.parametrize(("row", "column", "message"), REFUSALS)
def test_it_refuses_a_bad_row_naming_sheet_row_and_column(plan, plan_admin, row, column, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        data = long_file(["HC", "2023-06", "I1.2.2", 7], row)
        check = check_of(plan_admin, data, plan=plan)
        error = only_error(check)
    assert (error.sheet, error.row, error.column) == ("数据", 3, column)
    assert message in error.message
    assert check.rows[1].status == REFUSED


def test_a_unit_or_month_named_above_the_header_is_refused_at_that_cell_for_every_row(plan, plan_admin):
    data = xlsx(
        {
            "表": [
                ["区市代码", "XX", "月份", "2023-13"],
                ["指标代码", "本月数值"],
                ["I1.2.1", 1],
                ["I1.2.2", 2],
            ]
        }
    )
    check = check_of(plan_admin, data, plan=plan)
    assert [(e.row, e.column) for e in check.errors] == [(1, "B"), (1, "D")] * 2
    assert [row.status for row in check.rows] == [REFUSED, REFUSED]


def test_a_unit_or_month_in_a_row_wins_over_the_one_above_the_header(plan, plan_admin):
    data = xlsx(
        {
            "表": [
                ["区市代码", "HC", "月份", "2023-06"],
                ["区市代码", "月份", "指标代码", "本月数值"],
                [None, None, "I1.2.1", 1],
                ["WD", "2023-07", "I1.2.1", 2],
                ["XX", None, "I1.2.2", 3],
            ]
        }
    )
    check = check_of(plan_admin, data, plan=plan)
    assert [(row.unit, row.month) for row in check.rows[:2]] == [("环翠区", 6), ("文登区", 7)]
    assert [(e.row, e.column) for e in check.errors] == [(5, "A")]


def test_the_refusals_read_in_chinese(plan, plan_admin):
    check = check_of(plan_admin, long_file(["XX", "2023-06", "I1.2.1", -1]), plan=plan)
    texts = [e.text for e in check.errors]
    assert "工作表“数据”第2行A列（区市代码）：未知的区市“XX”" in texts
    assert any("不能为负数" in t for t in texts)


def test_it_refuses_a_duplicated_row(plan, plan_admin):
    data = long_file(["HC", "2023-06", "I1.2.1", 1], ["环翠区", "2023年6月", "i1.2.1", 1])
    error = only_error(check_of(plan_admin, data, plan=plan))
    assert (error.row, error.column) == (3, "C")
    assert "第2行" in error.message


def test_a_file_with_one_bad_row_writes_nothing(plan, plan_admin):
    data = long_file(["HC", "2023-06", "I1.2.1", 1], ["WD", "2023-06", "I1.2.1", 2], ["RC", "2023-06", "I1.2.1", "n/a"])
    log = upload(plan_admin, data, plan=plan)
    with pytest.raises(ImportRefused) as refused:
        import_apply(log=log, user=plan_admin)
    assert len(refused.value.check.errors) == 1
    assert not MonthlyReturn.objects.exists()
    assert not Figure.objects.exists()
    assert not ChangeEntry.objects.exists()
    log.refresh_from_db()
    assert log.status == ImportLog.Status.PREVIEWED


def _filed(user, plan, unit, month, values: dict[str, int]):
    monthly_return = monthly_return_start(user=user, plan=plan, unit=unit, month=month)
    figures = {Indicator.objects.get(code=code).pk: FigureInput(value=Decimal(v)) for code, v in values.items()}
    monthly_return_save(monthly_return=monthly_return, user=user, version=monthly_return.version, figures=figures)
    return monthly_return


def test_it_refuses_a_row_that_would_change_an_approved_return(plan, plan_admin, staff_hc, hc):
    monthly_return = _filed(staff_hc, plan, hc, 6, {"I1.2.1": 10})
    MonthlyReturn.objects.filter(pk=monthly_return.pk).update(status=ReturnStatus.APPROVED)
    error = only_error(check_of(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 11]), plan=plan))
    assert (error.row, error.column) == (2, "D")
    assert "已审核通过" in error.message or "锁定" in error.message
    # The same figure is merely unchanged: exports of approved returns import back cleanly.
    check = check_of(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 10]), plan=plan)
    assert check.is_clean and check.rows[0].status == UNCHANGED


def test_a_district_user_cannot_import_another_units_template(plan, staff_wd, hc):
    data = xlsx(
        {
            "HC 环翠区": [
                ["2023年6月 环翠区"],
                ["区市代码", "HC", "区市", "环翠区", "月份", "2023-06"],
                [],
                ["指标代码", "指标名称", "本月数值"],
                ["I1.2.1", "新创设城镇公益性岗位", 5],
            ]
        }
    )
    monthly_return = monthly_return_start(user=staff_wd, plan=plan, unit=staff_wd.reporting_unit, month=6)
    check = check_of(staff_wd, data, plan=plan, monthly_return=monthly_return)
    error = only_error(check)
    assert (error.sheet, error.row, error.column) == ("HC 环翠区", 2, "B")
    assert "环翠区" in error.message
    with pytest.raises(ImportRefused):
        import_apply(log=ImportLog.objects.get(), user=staff_wd)
    assert not Figure.objects.exists()


def test_a_district_users_own_template_fills_their_draft(plan, staff_hc, hc):
    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)
    data = xlsx(
        {
            "HC": [
                ["区市代码", "HC", "月份", "2023-06"],
                ["指标代码", "本月数值", "分子", "分母", "备注"],
                ["I1.2.1", 5, None, None, "六月"],
                ["I5.0.1", None, 9, 10, None],
            ]
        }
    )
    upload_and_apply(staff_hc, data, plan=plan, monthly_return=monthly_return, name="环翠区6月.xlsx")
    monthly_return.refresh_from_db()
    assert monthly_return.status == ReturnStatus.DRAFT
    assert figure("HC", 6, "I1.2.1").comment == "六月"
    entries = ChangeEntry.objects.filter(monthly_return=monthly_return)
    assert entries.count() == 4
    assert set(entries.values_list("source", "source_name", "user")) == {
        (ChangeSource.IMPORT, "环翠区6月.xlsx", staff_hc.pk)
    }


def test_an_upload_from_a_return_page_refuses_rows_for_another_month(plan, staff_hc, hc):
    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)
    error = only_error(
        check_of(staff_hc, long_file(["HC", "2023-07", "I1.2.1", 1]), plan=plan, monthly_return=monthly_return)
    )
    assert (error.row, error.column) == (2, "B")


def test_only_the_units_staff_upload_from_its_return_page(plan, staff_wd, hc, staff_hc):
    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)
    with pytest.raises(PermissionDenied):
        upload(staff_wd, long_file(["HC", "2023-06", "I1.2.1", 1]), plan=plan, monthly_return=monthly_return)


def test_coordinators_may_not_import(plan, coordinator):
    with pytest.raises(PermissionDenied):
        upload(coordinator, long_file(["HC", "2023-06", "I1.2.1", 1]), plan=plan)


# -- the preview, idempotence, the round trip --------------------------------------------------------------


def test_the_preview_lists_each_row_as_new_changed_unchanged_or_blank(plan, plan_admin, staff_hc, hc):
    _filed(staff_hc, plan, hc, 6, {"I1.2.1": 10, "I1.2.2": 20})
    data = long_file(
        ["HC", "2023-06", "I1.2.1", 10],
        ["HC", "2023-06", "I1.2.2", 25],
        ["HC", "2023-06", "I1.3.1", 30],
        ["HC", "2023-06", "I1.5.1", None],
    )
    check = check_of(plan_admin, data, plan=plan)
    assert [row.status for row in check.rows] == [UNCHANGED, CHANGED, NEW, EMPTY]
    assert check.rows[1].changes == [("本月数值", "20", "25")]
    assert Figure.objects.get(indicator__code="I1.2.2").value == 20  # the preview wrote nothing


def test_importing_the_same_file_twice_changes_nothing_the_second_time(plan, plan_admin):
    data = long_file(["HC", "2023-06", "I1.2.1", 10], ["HC", "2023-06", "I5.0.1", None, 9, 10])
    first = upload_and_apply(plan_admin, data, plan=plan)
    assert first.changes_count == 3
    version = MonthlyReturn.objects.get().version
    entries = ChangeEntry.objects.count()
    second = upload_and_apply(plan_admin, data, plan=plan)
    assert second.changes_count == 0 and second.rows_unchanged == 2
    assert MonthlyReturn.objects.get().version == version
    assert ChangeEntry.objects.count() == entries


def test_a_blank_comment_keeps_the_comment_already_filed(plan, plan_admin):
    header = [*LONG_HEADER, "备注"]
    upload_and_apply(
        plan_admin, long_file(["HC", "2023-06", "I1.2.1", 10, None, None, "说明"], header=header), plan=plan
    )
    upload_and_apply(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 12]), plan=plan)
    assert (figure("HC", 6, "I1.2.1").value, figure("HC", 6, "I1.2.1").comment) == (12, "说明")


def test_a_file_is_applied_once(plan, plan_admin):
    log = upload(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 10]), plan=plan)
    import_apply(log=log, user=plan_admin)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_apply(log=log, user=plan_admin)


def test_confirm_checks_again_and_refuses_what_became_locked(plan, plan_admin, staff_hc, hc):
    monthly_return = _filed(staff_hc, plan, hc, 6, {"I1.2.1": 10})
    log = upload(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 11]), plan=plan)
    assert import_log_check(log=log, user=plan_admin).is_clean
    MonthlyReturn.objects.filter(pk=monthly_return.pk).update(status=ReturnStatus.SUBMITTED)
    with pytest.raises(ImportRefused):
        import_apply(log=log, user=plan_admin)
    assert figure("HC", 6, "I1.2.1").value == 10


def test_the_import_log_records_who_what_and_when(plan, plan_admin):
    log = upload_and_apply(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 10]), plan=plan, name="六月.xlsx")
    assert (log.user, log.file_name, log.status, log.rows_new) == (plan_admin, "六月.xlsx", "applied", 1)
    assert log.applied_at is not None
    assert log.change_list == [
        {
            "unit": "环翠区",
            "month": 6,
            "item": "I1.2.1 新创设城镇公益性岗位",
            "field": "本月数值",
            "old": "",
            "new": "10",
        }
    ]


def test_progress_rows_refuse_unknown_measures_and_statuses(plan, plan_admin):
    data = xlsx(
        {
            "进展": [
                ["区市代码", "月份", "举措编号", "进展状态", "工作进展"],
                ["HC", "2023-06", "9.9", "推进中", "x"],
                ["HC", "2023-06", "1.1", "差不多", "x"],
            ]
        }
    )
    check = check_of(plan_admin, data, plan=plan)
    assert [(e.row, e.column) for e in check.errors] == [(2, "C"), (3, "D")]
    assert Measure.objects.count() == 22


def test_it_refuses_figures_for_a_retired_indicator(plan, plan_admin):
    from actions.models import Indicator

    Indicator.objects.filter(plan=plan, code="I1.2.1").update(is_active=False)
    error = only_error(check_of(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 5]), plan=plan))
    assert (error.row, error.column) == (2, "C")


def test_it_refuses_a_unit_that_does_not_file_returns(plan, plan_admin, hc):
    from districts.models import ReportingUnit

    city = ReportingUnit.objects.create(code="WH", name="威海市", kind="city")
    ReportingUnit.objects.filter(pk=hc.pk).update(parent=city)
    error = only_error(check_of(plan_admin, long_file(["WH", "2023-06", "I1.2.1", 5]), plan=plan))
    assert (error.row, error.column) == (2, "A")
