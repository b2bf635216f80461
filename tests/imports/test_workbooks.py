import csv
import io
import zipfile
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook

from actions.models import Indicator
from districts.models import ReportingUnit
from imports.selectors import figures_for_export, template_existing, template_rows
from imports.services import import_apply, import_log_check
from imports.workbooks import cell_escape, export_csv, export_xlsx, template_build
from reports.models import ChangeEntry, Figure, MonthlyReturn, ReturnStatus

from .conftest import long_file, upload, upload_and_apply


def _template(plan, units, month=6):
    indicators, measures = template_rows(plan=plan)
    figures, progress = template_existing(plan=plan, units=units, month=month)
    return template_build(
        plan=plan,
        units=units,
        month=month,
        indicators=indicators,
        measures=measures,
        figures=figures,
        progress=progress,
    )


def test_the_template_has_chinese_headers_the_unit_and_month_typed_cells_and_instructions(plan, hc):
    workbook = load_workbook(io.BytesIO(_template(plan, [hc])))
    assert workbook.sheetnames == ["HC 环翠区", "工作进展", "填表说明"]
    ws = workbook["HC 环翠区"]
    assert [ws.cell(2, c).value for c in range(1, 7)] == ["区市代码", "HC", "区市", "环翠区", "月份", "2023-06"]
    assert [c.value for c in ws[4]] == [
        "指标代码", "行动", "举措编号", "指标名称", "计量单位", "类型", "本月数值", "分子", "分母", "说明",
    ]  # fmt: skip
    first = [c.value for c in ws[5]]
    assert first[0] == "I1.0.1" and first[3] == "县域农村转移就业人员规模" and first[4] == "人"
    with translation.override("zh-hans"):
        assert first[5] == str(Indicator.Kind.STOCK.label)
    last = 4 + Indicator.objects.filter(plan=plan, is_active=True).count()
    assert ws.cell(last + 1, 1).value is None
    # The sign-off block below the table, blank until the return has been handed in.
    assert [ws.cell(last + 2, 1).value, ws.cell(last + 3, 1).value] == ["填报人：", "审核人："]
    assert ws.max_row == last + 3
    assert ws["G5"].number_format == "#,##0"
    assert any("G5" in str(v.sqref) and v.type == "decimal" for v in ws.data_validations.dataValidation)
    assert "填表说明" in workbook["填表说明"]["A1"].value


def test_a_template_filled_in_imports_and_a_blank_one_changes_nothing(plan, staff_hc, hc):
    from reports.services import monthly_return_start

    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)
    blank = _template(plan, [hc])
    log = upload_and_apply(staff_hc, blank, plan=plan, monthly_return=monthly_return, name="t.xlsx")
    assert log.changes_count == 0 and log.rows_new == 0

    workbook = load_workbook(io.BytesIO(blank))
    ws = workbook["HC 环翠区"]
    ws["G6"] = "1,800"  # I1.2.1, as text
    ws["H31"], ws["I31"] = 95, 100  # I5.0.1 numerator / denominator
    workbook["工作进展"]["F3"] = "推进中"
    buffer = io.BytesIO()
    workbook.save(buffer)
    log = upload_and_apply(staff_hc, buffer.getvalue(), plan=plan, monthly_return=monthly_return, name="t.xlsx")
    assert Figure.objects.get(indicator__code="I1.2.1").value == 1800
    assert Figure.objects.get(indicator__code="I5.0.1").rate == 95
    assert log.rows_new == 3

    # The next template for the same month comes pre-filled, and imports back unchanged.
    again = upload_and_apply(staff_hc, _template(plan, [hc]), plan=plan, monthly_return=monthly_return)
    assert again.changes_count == 0 and again.rows_unchanged == 3


def test_the_template_protects_what_it_says_not_to_change_and_leaves_the_input_cells_open(plan, hc):
    workbook = load_workbook(io.BytesIO(_template(plan, [hc])))
    ws = workbook["HC 环翠区"]
    assert ws.protection.sheet and not ws.protection.password  # no password: a unit can still lift it
    ratio_row = next(row for row in range(5, ws.max_row + 1) if ws.cell(row, 1).value == "I5.0.1")
    # Unit code, month, headers, indicator codes and names are locked.
    for coordinate in ("B2", "F2", "A4", "G4", "A5", "D5", f"A{ratio_row}", f"G{ratio_row}"):
        assert ws[coordinate].protection.locked, coordinate
    # The figures and the comment are not: a value, or a ratio's numerator and denominator.
    for coordinate in ("G5", "J5", f"H{ratio_row}", f"I{ratio_row}", f"J{ratio_row}"):
        assert not ws[coordinate].protection.locked, coordinate
    progress = workbook["工作进展"]
    assert progress.protection.sheet
    assert all(progress.cell(2, column).protection.locked for column in (1, 3, 4, 5))  # unit, month, measure
    assert not progress["F2"].protection.locked and not progress["G2"].protection.locked  # status and note


def test_a_protected_template_filled_in_where_it_is_open_round_trips(plan, staff_hc, hc):
    from reports.services import monthly_return_start

    monthly_return = monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)
    workbook = load_workbook(io.BytesIO(_template(plan, [hc])))
    ws = workbook["HC 环翠区"]
    assert not ws["G6"].protection.locked and not ws["J6"].protection.locked
    ws["G6"], ws["J6"] = 1800, "含临时岗位"
    workbook["工作进展"]["F3"], workbook["工作进展"]["G3"] = "推进中", "已开班"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled = buffer.getvalue()
    assert b"<sheetProtection" in zipfile.ZipFile(io.BytesIO(filled)).read("xl/worksheets/sheet1.xml")
    log = upload_and_apply(staff_hc, filled, plan=plan, monthly_return=monthly_return, name="t.xlsx")
    figure = Figure.objects.get(indicator__code="I1.2.1")
    assert (figure.value, figure.comment) == (1800, "含临时岗位") and log.rows_new == 2
    # The next download carries what was filed, still protected, and imports back unchanged.
    again = _template(plan, [hc])
    assert load_workbook(io.BytesIO(again))["HC 环翠区"]["G6"].value == 1800
    assert upload_and_apply(staff_hc, again, plan=plan, monthly_return=monthly_return).changes_count == 0


def test_the_multi_unit_template_has_a_sheet_per_unit(plan):
    units = list(ReportingUnit.objects.leaves())
    workbook = load_workbook(io.BytesIO(_template(plan, units)))
    assert len(workbook.sheetnames) == 8 + 2
    assert workbook.sheetnames[4] == "GQ 高区"


def test_exports_escape_cells_that_a_spreadsheet_would_run():
    for dangerous in ('=HYPERLINK("x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert cell_escape(dangerous) == "'" + dangerous
    assert cell_escape("正常") == "正常"
    assert cell_escape(Decimal("5")) == Decimal("5")

    ws = load_workbook(io.BytesIO(export_xlsx(sheets=[("s", ["a"], [["=1+1"], [Decimal("3")]])]))).active
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"
    assert ws["A3"].value == 3 and ws["A3"].data_type == "n"
    text = export_csv(headers=["a"], rows=[["@cmd"], [Decimal("2.50")]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["a"], ["'@cmd"], ["2.50"]]


def test_round_trip_export_a_year_import_it_and_nothing_changes(plan, plan_admin, staff_hc, hc):
    from django.test import Client

    header = ["区市代码", "月份", "指标代码", "本月数值", "分子", "分母", "备注"]
    rows = []
    for unit in ("HC", "WD", "GQ"):
        for month in (1, 2, 3):
            rows += [
                [unit, f"2023-{month:02d}", "I1.2.1", 1000 + month],
                [unit, f"2023-{month:02d}", "I2.2.2", "12.5"],
                [unit, f"2023-{month:02d}", "I5.0.1", None, 90, 100 + month],
                [unit, f"2023-{month:02d}", "I1.5.1", 3, None, None, "=not a formula"],
            ]
    upload_and_apply(plan_admin, long_file(*rows, header=header), plan=plan)
    MonthlyReturn.objects.filter(unit__code="GQ", month=1).update(status=ReturnStatus.APPROVED)
    assert Figure.objects.count() == 36
    before = list(Figure.objects.order_by("pk").values_list("value", "numerator", "denominator", "comment"))
    changes, versions = ChangeEntry.objects.count(), list(MonthlyReturn.objects.values_list("version", flat=True))

    client = Client()
    client.force_login(plan_admin)
    for file_format in ("xlsx", "csv"):
        response = client.get("/excel/export/", {"plan": plan.pk, "file_format": file_format})
        assert response.status_code == 200
        log = upload(plan_admin, response.content, plan=plan, name=f"export.{file_format}")
        log = import_apply(log=log, user=plan_admin)
        assert (log.rows_unchanged, log.rows_new, log.rows_changed, log.changes_count) == (36, 0, 0, 0)

    assert list(Figure.objects.order_by("pk").values_list("value", "numerator", "denominator", "comment")) == before
    assert ChangeEntry.objects.count() == changes
    assert list(MonthlyReturn.objects.values_list("version", flat=True)) == versions


def test_staff_export_only_their_units_figures(plan, plan_admin, staff_hc):
    upload_and_apply(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 1], ["WD", "2023-06", "I1.2.1", 2]), plan=plan)
    assert figures_for_export(user=staff_hc, plan=plan).count() == 1
    assert figures_for_export(user=plan_admin, plan=plan).count() == 2


def test_an_admins_indicator_name_starting_with_equals_is_text_in_the_template(plan, plan_admin):
    indicator = Indicator.objects.get(plan=plan, code="I1.2.1")
    indicator.name = '=HYPERLINK("http://example.com","岗位")'
    indicator.save(update_fields=["name"])
    hc = ReportingUnit.objects.get(code="HC")
    workbook = load_workbook(io.BytesIO(_template(plan, [hc])))
    names = [row[3] for row in workbook.worksheets[0].iter_rows(min_row=5, values_only=True)]
    assert "'" + indicator.name in names
    assert not any(isinstance(name, str) and name.startswith("=") for name in names)
    check = import_log_check(log=upload(plan_admin, _template(plan, [hc]), plan=plan), user=plan_admin)
    assert check.is_clean, [e.text for e in check.errors]
