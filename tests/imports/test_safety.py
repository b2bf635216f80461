import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from imports.reading import sheets_read
from imports.safety import file_kind_check

from .conftest import xlsx


def test_it_accepts_a_real_xlsx_and_a_csv_in_utf8_or_gbk():
    assert file_kind_check(name="a.xlsx", data=xlsx({"s": [["x"]]})) == "xlsx"
    assert file_kind_check(name="a.CSV", data="区市,月份\n".encode()) == "csv"
    assert file_kind_check(name="a.csv", data="区市,月份\n".encode("gbk")) == "csv"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.xlsx", b"not a zip at all", "bad_type"),
        ("a.xlsx", b"", "empty"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1truncated", "bad_type"),
        ("a.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_excel"),
        ("a.exe", b"MZ", "bad_type"),
        ("a.pdf", b"%PDF-1.4", "bad_type"),
        ("a.csv", b"\x00\x01\x02binary", "bad_type"),
    ],
)
def test_it_refuses_files_that_are_not_xlsx_or_csv(name, data, code):
    with pytest.raises(ValidationError) as error:
        file_kind_check(name=name, data=data)
    assert error.value.code == code


def test_it_checks_the_content_not_only_the_name():
    # A zip that is not a workbook, renamed .xlsx.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as error:
        file_kind_check(name="a.xlsx", data=buffer.getvalue())
    assert error.value.code == "bad_type"


def test_it_refuses_files_above_the_size_limit(settings):
    settings.NEWCITIZEN_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        file_kind_check(name="a.csv", data=b"a," * 600)
    assert error.value.code == "too_large"


def test_it_refuses_a_zip_bomb_before_openpyxl_opens_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on disk, 60 MB unpacked
    with pytest.raises(ValidationError) as error:
        file_kind_check(name="bomb.xlsx", data=data)
    assert error.value.code == "zip_bomb"


def test_it_refuses_a_workbook_that_unpacks_above_the_limit(settings):
    settings.NEWCITIZEN_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        file_kind_check(name="a.xlsx", data=xlsx({"s": [["x" * 2000]]}))
    assert error.value.code == "zip_bomb"


def test_openpyxl_reads_with_defusedxml_installed():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_it_caps_the_number_of_rows(settings):
    settings.NEWCITIZEN_IMPORT_MAX_ROWS = 10
    with pytest.raises(ValidationError) as error:
        sheets_read(data=xlsx({"s": [[i] for i in range(20)]}), kind="xlsx", name="a.xlsx")
    assert error.value.code == "rows"
