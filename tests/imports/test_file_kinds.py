"""Workbooks people have besides .xlsx: .xls (Excel 97–2003, still WPS's and many offices' format), .ods and .xlsb
are read through the same checks; a workbook with a password to open is told so; a package whose parts lie outside
xl/ is read where its relationships say. The .xls and .ods files are LibreOffice's (files/make.py); the .xlsb and the
compound files are built in workbook_files.py."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from imports.models import ImportLog
from imports.reading import sheets_read
from imports.safety import file_kind_check
from reports.models import Figure, MonthlyReturn

from .conftest import LONG_HEADER, xlsx
from .test_reading import patched
from .test_views import xlsx_upload
from .workbook_files import compound, encrypted_workbook, fixture, xlsb

LONG_ROWS = [
    ["HC", "2023-06", "I1.2.1", 1200],
    ["HC", "2023-06", "I5.0.1", None, 95, 100],
    ["WD", "2023-06", "I1.2.1", 5],
]


def _xlsb(rows=LONG_ROWS, **extra) -> bytes:
    return xlsb({"数据": [LONG_HEADER, *rows]}, **extra)


FILES = {
    "xls": lambda bad=False: fixture("long-table-bad-row.xls" if bad else "long-table.xls"),
    "ods": lambda bad=False: fixture("long-table-bad-row.ods" if bad else "long-table.ods"),
    "xlsb": lambda bad=False: _xlsb(
        [["HC", "2023-06", "I1.2.1", 1200], ["WD", "2023-06", "I1.2.1", -5]] if bad else LONG_ROWS
    ),
}


@pytest.fixture
def login(client, plan_admin):
    def login_as(_name):
        client.force_login(plan_admin)
        return client

    return login_as


def _read(data: bytes, name: str):
    return sheets_read(data=data, kind=file_kind_check(name=name, data=data), name=name)


def _refusal(name: str, data: bytes) -> ValidationError:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        _read(data, name)
    return error.value


# -- each kind is read as the same sheets -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xls", "ods", "xlsb"])
def test_xls_ods_and_xlsb_are_read_as_the_same_rows_as_an_xlsx(kind):
    data = FILES[kind]()
    assert file_kind_check(name=f"六月.{kind}", data=data) == kind
    [sheet] = _read(data, f"六月.{kind}")
    assert sheet.name == "数据"
    assert [[cell.value for cell in cells] for _number, cells in sheet.rows] == [
        LONG_HEADER,
        ["HC", "2023-06", "I1.2.1", 1200],
        ["HC", "2023-06", "I5.0.1", None, 95, 100],
        ["WD", "2023-06", "I1.2.1", 5],
    ]
    assert isinstance(sheet.rows[1][1][3].value, int)  # 1200 as openpyxl gave it, not 1200.0


def test_a_workbook_is_read_as_what_its_content_is_whatever_its_name_says():
    assert file_kind_check(name="六月.xls", data=xlsx({"s": [["x"]]})) == "xlsx"  # an .xlsx renamed .xls
    assert file_kind_check(name="六月.xlsx", data=fixture("long-table.xls")) == "xls"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("导出.xls", b"<html><body><table><tr><td>HC</td></tr></table></body></html>", "不是真正的 Excel 工作簿"),
        ("报表.xls", compound({"WordDocument": bytes(4096)}), "不是真正的 Excel 工作簿"),  # a Word file renamed
        ("报表.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为 Excel 工作簿（.xlsx）"),
        ("报表.numbers", b"PK\x03\x04", "只接受 Excel（.xlsx、.xls、.xlsb）、OpenDocument（.ods）和 .csv 文件"),
    ],
)
def test_what_is_not_a_workbook_is_refused_saying_what_to_do(name, data, words):
    assert words in _refusal(name, data).messages[0]


# -- a password to open --------------------------------------------------------------------------------------------


def _filepass(data: bytes) -> bytes:
    """LibreOffice's .xls with its CODEPAGE record turned into a FILEPASS one: a workbook encrypted with RC4."""
    codepage = b"\x42\x00\x02\x00\xb0\x04"
    assert data.count(codepage) == 1
    return data.replace(codepage, b"\x2f\x00\x02\x00\x01\x00")


def _encrypted_ods() -> bytes:
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>'
    )
    return patched(fixture("long-table.ods"), {"META-INF/manifest.xml": manifest, "content.xml": bytes(range(256))})


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("六月.xlsx", encrypted_workbook()),  # Excel and WPS save an .xlsx with a password so
        ("六月.xlsb", encrypted_workbook()),
        ("六月.xls", encrypted_workbook()),
        ("六月.xls", "filepass"),  # an Excel 97–2003 workbook with a password
        ("六月.ods", "ods"),
    ],
)
def test_a_workbook_with_a_password_to_open_is_told_so(name, data):
    data = {"filepass": lambda: _filepass(fixture("long-table.xls")), "ods": _encrypted_ods}.get(data, lambda: data)()
    refusal = _refusal(name, data)
    assert refusal.code == "password"
    assert "此工作簿设有打开密码" in refusal.messages[0] and "取消密码" in refusal.messages[0]
    assert "不是有效的" not in refusal.messages[0]


# -- no file makes the reader allocate without bound ---------------------------------------------------------------


def test_an_xlsb_cell_far_right_is_refused_not_laid_out():
    # One value at column 100,000 of row 1,001: some 100 million cells, which calamine would reserve at once.
    refusal = _refusal("六月.xlsb", _xlsb(far=(1000, 100_000)))
    assert refusal.code == "cells"


def test_an_ods_row_repeated_down_the_whole_sheet_is_refused_not_laid_out():
    row = (
        b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell office:value-type="float" '
        b'office:value="1" table:number-columns-repeated="16384"/></table:table-row>'
    )
    data = patched(
        fixture("long-table.ods"),
        {"content.xml": lambda xml: xml.replace(b"</table:table>", row + b"</table:table>", 1)},
    )
    assert _refusal("六月.ods", data).code == "cells"


def test_the_same_limits_apply_as_to_an_xlsx(settings):
    settings.NEWCITIZEN_IMPORT_MAX_ROWS = 2
    for kind in ("xls", "ods", "xlsb"):
        assert _refusal(f"六月.{kind}", FILES[kind]()).code == "rows"


# -- parts outside xl/ ---------------------------------------------------------------------------------------------


def _moved(data: bytes) -> bytes:
    """The package with every part of xl/ at its root, the relationships saying so (a valid package)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name.endswith(".rels") or name == "[Content_Types].xml":
                content = content.replace(b"/xl/", b"/").replace(b'Target="xl/', b'Target="')
            target.writestr(name.removeprefix("xl/"), content)
    return out.getvalue()


def test_a_package_whose_workbook_lies_outside_xl_is_read_where_its_relationships_say():
    data = _moved(xlsx({"数据": [LONG_HEADER, ["HC", "2023-06", "I1.2.1", "90%"]]}, formats={("数据", "D2"): "0%"}))
    assert "workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any(name.startswith("xl/") for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    [sheet] = _read(data, "六月.xlsx")
    assert [cell.value for cell in sheet.rows[1][1]] == ["HC", "2023-06", "I1.2.1", "90%"]
    assert sheet.rows[1][1][3].number_format == "0%"  # its styles are read from there too


def test_a_sheet_outside_xl_is_bounded_like_any_other():
    from .test_reading_guards import BOMB, _read_in_child

    data = _moved(xlsx({"s": [["x"]]}))
    data = patched(
        data,
        {
            "worksheets/sheet1.xml": lambda xml: re.sub(
                rb"<sheetData>.*</sheetData>", b"<sheetData>" + BOMB + b"</sheetData>", xml
            )
        },
    )
    assert _read_in_child(data) == "cells"


# -- through the upload page: the same checks, all or nothing ------------------------------------------------------


@pytest.mark.parametrize("kind", ["xls", "ods", "xlsb", "moved xlsx"])
def test_each_kind_uploads_previews_and_imports_through_the_page(login, plan, kind):
    client = login("plan_admin")
    if kind == "moved xlsx":
        name, data = "六月.xlsx", _moved(xlsx({"数据": [LONG_HEADER, *LONG_ROWS]}))
    else:
        name, data = f"六月.{kind}", FILES[kind]()
    response = client.post(reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(data, name=name)})
    log = ImportLog.objects.get()
    assert response.url == reverse("imports:import-preview", args=[log.pk])
    page = client.get(response.url).content.decode()
    assert "新增3行" in page and "确认导入" in page
    client.post(reverse("imports:import-confirm", args=[log.pk]))
    assert Figure.objects.get(monthly_return__unit__code="HC", indicator__code="I1.2.1").value == 1200
    assert Figure.objects.get(indicator__code="I5.0.1").rate == 95
    assert Figure.objects.get(monthly_return__unit__code="WD").value == 5


@pytest.mark.parametrize("kind", ["xls", "ods", "xlsb"])
def test_one_refused_row_in_any_kind_imports_nothing(login, plan, kind):
    client = login("plan_admin")
    client.post(
        reverse("imports:import-upload"),
        {"plan": plan.pk, "file": xlsx_upload(FILES[kind](bad=True), name=f"六月.{kind}")},
    )
    log = ImportLog.objects.get()
    page = client.get(reverse("imports:import-preview", args=[log.pk])).content.decode()
    assert "工作表“数据”第3行D列（本月数值）：数值不能为负数" in page and "确认导入" not in page
    assert client.post(reverse("imports:import-confirm", args=[log.pk])).status_code == 400
    assert not Figure.objects.exists() and not MonthlyReturn.objects.exists()


@pytest.mark.parametrize(("name", "data"), [("六月.xlsx", encrypted_workbook()), ("六月.xls", "filepass")])
def test_the_page_tells_a_workbook_with_a_password_so(login, plan, name, data):
    data = _filepass(fixture("long-table.xls")) if data == "filepass" else data
    response = login("plan_admin").post(
        reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(data, name=name)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "此工作簿设有打开密码" in page and "另存为 .xlsx" not in page
    assert not ImportLog.objects.exists()


# -- percent formats, which calamine does not give -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_figure_typed_as_a_percentage_reads_as_one_as_in_an_xlsx(kind):
    [sheet] = _read(fixture(f"percent.{kind}"), f"六月.{kind}")
    _header, (_n2, second), (_n3, third) = sheet.rows
    assert (second[3].value, third[3].value) == (0.5, 0.9512)
    assert "%" in second[3].number_format and "%" in third[3].number_format
    assert [cell.number_format for cell in third[4:]] == ["General", "General"]


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_check_reads_the_percentage_as_it_reads_an_xlsxs(plan, plan_admin, kind):
    from imports.services import import_log_check

    from .conftest import upload

    log = upload(plan_admin, fixture(f"percent.{kind}"), plan=plan, name=f"六月.{kind}")
    with translation.override("zh-hans"):
        check = import_log_check(log=log, user=plan_admin)
    first, second = check.rows
    # 50% under a figure counted in 个 (jobs) is refused; 95.12% beside 9512 / 10000 agrees with them.
    assert [error.message for error in first.errors] == ["I1.2.1 的计量单位是个，不是百分比"]
    assert (first.errors[0].column, first.errors[0].row) == ("D", 2)
    assert not second.errors


def test_an_ods_formula_holding_a_greater_than_sign_does_not_move_the_cells_after_it():
    from imports.ods import _ods_read

    xml = (
        b'<table:table table:name="s"><table:table-row>'
        b'<table:table-cell table:formula="of:=IF([.B1]>0;1;0)" office:value-type="float" office:value="1" '
        b'table:number-columns-repeated="2"/>'
        b'<table:table-cell office:value-type="percentage" office:value="0.5"/></table:table-row>'
        b'<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        b'<table:table-row><table:covered-table-cell/><table:table-cell office:value-type="percentage"/>'
        b"</table:table-row></table:table>"
    )
    assert _ods_read(xml) == ({"s": {(0, 2): "0%", (4, 1): "0%"}}, {})


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_unit_and_month_merged_down_a_block_apply_to_every_row_of_it(kind):
    [sheet] = _read(fixture(f"merged.{kind}"), f"六月.{kind}")
    assert [[cell.value for cell in cells][:3] for _number, cells in sheet.rows[1:]] == [
        ["HC", "2023-06", "I1.2.1"],
        ["HC", "2023-06", "I5.0.1"],
    ]
