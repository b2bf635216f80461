"""Reading .xlsx with python-calamine: the cells come back as openpyxl gave them (the guards around calamine are in
test_reading_guards.py). Every workbook here is a real .xlsx, written by openpyxl and, where a writer other than
Excel is imitated, edited at the XML level."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from imports.reading import UNCOMPUTED, Cell, Sheet, sheets_dump, sheets_load, sheets_read

from .conftest import with_cached_values, xlsx


def read(data: bytes) -> list[Sheet]:
    return sheets_read(data=data, kind="xlsx", name="t.xlsx")


def rows(sheet: Sheet) -> dict[int, list]:
    return {number: [cell.value for cell in cells] for number, cells in sheet.rows}


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(data: bytes, changes: dict) -> bytes:
    """The .xlsx with some members rewritten: {path: new bytes, or a function of the old bytes (None if absent)}."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, change in changes.items():
            old = source.read(name) if name in source.namelist() else None
            new = change(old) if callable(change) else change
            if new is not None:
                target.writestr(name, new)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def with_sheet_data(inner: bytes) -> bytes:
    """A one-sheet workbook whose <sheetData> holds exactly ``inner``."""
    return patched(
        xlsx({"s": [["x"]]}),
        {SHEET: lambda xml: re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + inner + b"</sheetData>", xml)},
    )


# -- values and where they are -----------------------------------------------------------------------------------


def test_a_table_starting_at_c3_keeps_its_row_and_column_positions():
    workbook = Workbook()
    ws = workbook.active
    ws["C3"], ws["D3"] = "区市", "本月数值"
    ws["C5"], ws["D5"] = "HC", 7
    [sheet] = read(saved(workbook))
    assert sheet.rows[0][0] == 3
    assert rows(sheet) == {3: [None, None, "区市", "本月数值"], 5: [None, None, "HC", 7]}


def test_whole_numbers_come_back_as_int_and_fractions_as_float():
    [sheet] = read(xlsx({"s": [[48092, 12.5, 0, 3.0, 2**60]]}))
    values = rows(sheet)[1]
    assert values[:4] == [48092, 12.5, 0, 3]
    assert [type(value) for value in values] == [int, float, int, int, float]


def test_a_date_cell_is_a_datetime_as_openpyxl_gave_it():
    data = xlsx({"s": [[datetime.date(2023, 6, 1), datetime.datetime(2023, 3, 1, 8, 30), datetime.time(10, 30), True]]})
    [sheet] = read(data)
    assert rows(sheet)[1] == [
        datetime.datetime(2023, 6, 1),
        datetime.datetime(2023, 3, 1, 8, 30),
        datetime.time(10, 30),
        True,
    ]
    assert type(rows(sheet)[1][0]) is datetime.datetime


def test_empty_and_blank_cells_are_trimmed_and_empty_rows_left_out():
    [sheet] = read(xlsx({"s": [["a", None, "b", "  ", None], [None, "   "], [], ["c"]]}))
    assert rows(sheet) == {1: ["a", None, "b"], 4: ["c"]}


def test_a_percent_formatted_cell_carries_a_percent_format_and_a_plain_one_does_not():
    data = xlsx(
        {"s": [[0.9, 0.9, 0.125, 1500]]}, formats={("s", "A1"): "0%", ("s", "C1"): "0.0%", ("s", "D1"): "#,##0"}
    )
    [sheet] = read(data)
    formats = [cell.number_format for cell in sheet.rows[0][1]]
    assert "%" in formats[0] and "%" in formats[2]
    assert "%" not in formats[1] and "%" not in formats[3]


def test_a_workbook_without_a_percent_style_reads_every_format_as_general():
    [sheet] = read(xlsx({"s": [[1500, 0.5]]}, formats={("s", "A1"): "#,##0"}))
    assert [cell.number_format for cell in sheet.rows[0][1]] == ["General", "General"]


def test_a_formula_without_a_stored_value_is_uncomputed_and_one_with_a_value_keeps_it():
    data = with_cached_values(xlsx({"s": [["=1+1", "=2+2", 5]]}), {"B1": "4"})
    [sheet] = read(data)
    assert rows(sheet)[1] == [UNCOMPUTED, 4, 5]


def test_an_error_cell_reads_as_its_text():
    data = with_sheet_data(
        b'<row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1" t="e"><v>#N/A</v></c>'
        b'<c r="C1" t="n"><v>3</v></c></row>'
    )
    [sheet] = read(data)
    assert rows(sheet)[1] == ["#DIV/0!", "#N/A", 3]


def test_hidden_sheets_are_read_and_chartsheets_left_out_as_before():
    workbook = Workbook()
    workbook.active.title = "数据"
    workbook.active.append(["HC", 1])
    hidden = workbook.create_sheet("隐藏")
    hidden.append(["WD", 2])
    hidden.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(workbook.active, min_col=2, min_row=1, max_row=1))
    workbook.create_chartsheet("图表").add_chart(chart)
    sheets = read(saved(workbook))
    assert [sheet.name for sheet in sheets] == ["数据", "隐藏"]
    assert rows(sheets[1]) == {1: ["WD", 2]}


def test_a_block_merged_down_several_rows_fills_every_row_it_covers():
    workbook = Workbook()
    ws = workbook.active
    for row in (["区市", "指标"], ["环翠区", "I1"], [None, "I2"], [None, "I3"], ["文登区", "I1"]):
        ws.append(row)
    ws.merge_cells("A2:A4")
    [sheet] = read(saved(workbook))
    assert [values[0] for values in rows(sheet).values()] == ["区市", "环翠区", "环翠区", "环翠区", "文登区"]


@pytest.mark.parametrize(
    "change",
    [
        {SHEET: lambda xml: xml[: len(xml) // 2]},  # cut short
        {SHEET: None},  # the sheet the workbook names is missing
        {"xl/workbook.xml": b"<workbook><sheets><sheet"},
    ],
)
def test_a_file_calamine_cannot_open_is_unreadable(change):
    with pytest.raises(ValidationError) as error:
        read(patched(xlsx({"s": [["x", 1]]}), change))
    assert error.value.code == "unreadable"


def _no_refs(xml: bytes) -> bytes:
    return re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", xml)  # each cell goes right of the one before it


def _single_quotes(xml: bytes) -> bytes:
    return re.sub(rb'<c r="([A-Z]+[0-9]+)"(.*?) s="([0-9]+)"', rb"<c r='\1'\2 s='\3'", xml)


def _quoted_style_and_type(xml: bytes) -> bytes:
    # r as Excel writes it, the style and the type in single quotes: the quick patterns must not be trusted then.
    xml = re.sub(rb'(<c r="[A-Z]+[0-9]+"[^>]*?) s="([0-9]+)"', rb"\1 s='\2'", xml)
    return re.sub(rb'(<c r="[A-Z]+[0-9]+"[^>]*?) t="e"', rb"\1 t='e'", xml)


def _spaced(xml: bytes) -> bytes:
    xml = re.sub(rb'(<c r="[A-Z]+[0-9]+"[^>]*?) s="([0-9]+)"', rb'\1 s = "\2"', xml)
    return re.sub(rb'(<c r="[A-Z]+[0-9]+"[^>]*?) t="e"', rb'\1 t = "e"', xml)


def _prefixed(xml: bytes) -> bytes:
    xml = re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|f|is|t)\b", rb"<\1x:\2", xml)
    return xml.replace(b'xmlns="http', b'xmlns:x="http', 1)


@pytest.mark.parametrize("writer", [_no_refs, _single_quotes, _quoted_style_and_type, _spaced, _prefixed])
def test_an_unusual_writer_reads_the_same_as_excel(writer):
    """The slow walk through the XML places percent formats, errors and formulas where calamine puts the cells."""
    data = xlsx(
        {"s": [["a", 0.5, None, "=1+1"], [], ["b", "#DIV/0!", 7]]},
        # C1 gets a style so that it is written: without r, D1 would otherwise land on C1.
        formats={("s", "B1"): "0%", ("s", "C1"): "0.00"},
    )
    usual = read(data)
    [sheet] = usual
    assert rows(sheet) == {1: ["a", 0.5, None, UNCOMPUTED], 3: ["b", "#DIV/0!", 7]}
    assert "%" in sheet.rows[0][1][1].number_format
    changed = patched(data, {SHEET: writer})
    assert changed != data
    assert [(s.name, s.rows) for s in read(changed)] == [(s.name, s.rows) for s in usual]


# -- kept as JSON on the import log ------------------------------------------------------------------------------


def test_the_sheets_survive_the_json_round_trip():
    cells = [
        Cell("a"),
        Cell(7),
        Cell(0.9, "0%"),
        Cell(None),
        Cell(UNCOMPUTED),
        Cell(True),
        Cell(datetime.datetime(2023, 6, 1, 8, 30)),
        Cell(datetime.date(2023, 6, 1)),
        Cell(datetime.time(10, 30)),
        Cell(datetime.timedelta(hours=30)),
    ]
    [sheet] = sheets_load(sheets_dump([Sheet("s", [(4, cells)])]))
    assert sheet.rows == [(4, cells)]
    assert [type(cell.value) for cell in sheet.rows[0][1]] == [type(cell.value) for cell in cells]


def test_sheets_kept_by_an_earlier_version_still_load():
    kept = [
        {
            "name": "数据",
            "rows": [
                [1, ["区市代码", "本月数值"], {}],
                [2, ["HC", 1500, {"d": "2023-06-01"}, {"u": 1}, {"b": False}], {"1": "#,##0", "7": "0%"}],
            ],
        }
    ]
    [sheet] = sheets_load(kept)
    assert sheet.rows[1] == (
        2,
        [Cell("HC"), Cell(1500, "#,##0"), Cell(datetime.date(2023, 6, 1)), Cell(UNCOMPUTED), Cell(False)],
    )
    assert sheets_dump([sheet]) == [
        {"name": "数据", "rows": [[1, ["区市代码", "本月数值"], {}], [2, kept[0]["rows"][1][1], {"1": "#,##0"}]]}
    ]


def test_an_error_cell_written_in_single_quotes_in_a_workbook_without_percent_styles_reads_as_its_text():
    data = with_sheet_data(b'<row r="1"><c r="A1" t=\'e\'><v>#N/A</v></c><c r="B1" t = "e"><v>#REF!</v></c></row>')
    [sheet] = read(data)
    assert rows(sheet)[1] == ["#N/A", "#REF!"]
