"""The guards around calamine: no .xlsx can make it allocate without bound, and no XML entity is expanded.

A sheet calamine would lay out across the whole grid aborts the process that reads it, so those files are read in a
forked child under a memory limit: a guard that fails shows as "crashed", not as a dead test run."""

import io
import os
import re
import resource

import pytest
from django.core.exceptions import ValidationError

from .conftest import xlsx
from .test_reading import SHEET, patched, read, rows, with_sheet_data

# -- no file makes the reader allocate without bound -------------------------------------------------------------


def _read_in_child(data: bytes) -> str:
    """ "ok", the refusal's code, or "crashed": calamine aborts the whole process when it cannot allocate a sheet."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        result = b"ok"
        try:
            os.close(read_end)
            # 2 GB above what the process already maps: the reader needs far less, a laid-out bomb far more.
            mapped = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            resource.setrlimit(resource.RLIMIT_AS, (mapped + (2 << 30), mapped + (2 << 30)))
            read(data)
        except ValidationError as error:
            result = str(error.code).encode()
        except BaseException as error:
            result = type(error).__name__.encode()
        finally:
            os.write(write_end, result)
            os._exit(0)
    os.close(write_end)
    _pid, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        result = pipe.read().decode()
    return result if os.WIFEXITED(status) and result else "crashed"


A1 = b'<c r="A1" t="n"><v>1</v></c>'


@pytest.mark.parametrize(
    "sheet_data",
    [
        b'<row r="1">' + A1 + b'</row><row r="1048576"><c r="XFD1048576" t="n"><v>2</v></c></row>',
        # calamine places a cell by the last of repeated r attributes
        b'<row r="1">' + A1 + b'<c r="B1" r="XFD1048576" t="n"><v>2</v></c></row>',
        b'<row r="1">' + A1 + b'<c r="B1"r="XFD1048576" t="n"><v>2</v></c></row>',
        b'<row r="1">' + A1 + b"<c r='XFD1048576' t='n'><v>2</v></c></row>",
        b'<row r="1">' + A1 + b'<c r = "XFD1048576" t="n"><v>2</v></c></row>',
        b'<row r="1">' + A1 + b'<x:c xmlns:x="urn:x" r="XFD1048576" t="n"><x:v>2</x:v></x:c></row>',
        b'<row r="1">' + A1 + b'<c r="A99999999999" t="n"><v>2</v></c></row>',  # overflows calamine's row number
        # a cell without r sits right of the one before it: far right, then far down
        b'<row r="1"><c r="XFD1" t="n"><v>1</v></c></row><row r="1048576"><c t="n"><v>2</v></c></row>',
    ],
)
def test_a_sheet_spanning_the_whole_grid_is_refused_before_calamine_lays_it_out(sheet_data):
    assert _read_in_child(with_sheet_data(sheet_data)) == "cells"


BOMB = b'<row r="1">' + A1 + b'</row><row r="1048576"><c r="XFD1048576" t="n"><v>2</v></c></row>'
RELS = "xl/_rels/workbook.xml.rels"


def test_a_sheet_named_in_another_case_is_found_as_calamine_finds_it():
    data = patched(xlsx({"s": [["x", 1]]}), {RELS: lambda xml: xml.replace(b"sheet1.xml", b"SHEET1.xml")})
    assert rows(read(data)[0]) == {1: ["x", 1]}


@pytest.mark.parametrize(
    "change",
    [
        # the workbook names the part in another case: calamine compares names without case
        {RELS: lambda xml: xml.replace(b"sheet1.xml", b"SHEET1.xml")},
        # a part the workbook does not name at all is bounded too
        {"xl/worksheets/sheet9.xml": lambda _xml: b"<worksheet><sheetData>" + BOMB + b"</sheetData></worksheet>"},
    ],
)
def test_every_part_calamine_could_read_as_a_worksheet_is_bounded(change):
    data = with_sheet_data(BOMB) if RELS in change else xlsx({"s": [["x"]]})
    assert _read_in_child(patched(data, change)) == "cells"


def test_a_block_merged_down_to_the_last_row_costs_only_the_rows_there_are():
    # 9,001 merges of a million rows each: walked row by row, as before, this would not finish in hours.
    # (Written into the XML: openpyxl itself would make a million cells for each merge.)
    merges = [b"A2:A1048576"] + [f"{column}1:{column}1048576".encode() for column in ("C", "D", "E") * 3_000]
    data = patched(
        xlsx({"s": [["区市", "指标"], ["环翠区", "I1"], [None, "I2"]]}),
        {
            SHEET: lambda xml: xml.replace(
                b"</sheetData>",
                b"</sheetData><mergeCells>"
                + b"".join(b'<mergeCell ref="' + m + b'"/>' for m in merges)
                + b"</mergeCells>",
            )
        },
    )
    [sheet] = read(data)
    assert rows(sheet) == {1: ["区市", "指标"], 2: ["环翠区", "I1"], 3: ["环翠区", "I2"]}


def test_cell_tags_piled_on_one_cell_count_towards_the_limit(monkeypatch):
    # Valid sheets hold one tag per cell; a writer repeating one cell a million times is refused, not walked.
    monkeypatch.setattr("imports.reading.MAX_CELLS_VISITED", 1_000)
    with pytest.raises(ValidationError) as error:
        read(with_sheet_data(b'<row r="1">' + b"<c r='A1'><v>1</v></c>" * 1_001 + b"</row>"))
    assert error.value.code == "cells"
    [sheet] = read(with_sheet_data(b'<row r="1">' + b"<c r='A1'><v>1</v></c>" * 999 + b"</row>"))
    assert rows(sheet) == {1: [1]}


@pytest.mark.parametrize("far", [b"Z9999", b"B20000", b"AB300"])
def test_a_sheet_within_the_limit_is_read_whichever_check_bounds_it(far):
    # Z9999 is the bound the quick check accepts; beyond it every reference is read.
    data = with_sheet_data(b'<row r="1">' + A1 + b'</row><row r="9999"><c r="' + far + b'" t="n"><v>2</v></c></row>')
    [sheet] = read(data)
    [(number, cells)] = sheet.rows[1:]
    assert cells[-1].value == 2 and len(cells) == sum(
        26**i * (c - 64) for i, c in enumerate(reversed(far.rstrip(b"0123456789")))
    )


# -- a format left far down a sheet is not a cell to read -----------------------------------------------------


def _table_with(last_row: bytes) -> bytes:
    """Ten columns by five rows of values, then ``last_row`` (Excel leaves a format on a cell once used)."""
    table = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d" t="n"><v>%d</v></c>' % (bytes([64 + c]), r, c) for c in range(1, 11))
        + b"</row>"
        for r in range(1, 6)
    )
    return with_sheet_data(table + last_row)


@pytest.mark.parametrize(
    "last_row",
    [
        b'<row r="100001" s="1" customFormat="1"><c r="J100001" s="1"/></row>',  # as Excel and WPS save it
        b'<row r="100001"><c r="J100001" s="1" t="n"></c></row>',  # as openpyxl saves it
        b"<row r='100001'><c r='J100001' s='1'/></row>",  # quoted otherwise: the slow walk
        b'<row r="100001"><c r="J100001" s="1">\n </c></row>',
    ],
)
def test_one_formatted_empty_cell_far_down_does_not_refuse_a_valid_file(last_row):
    # 10 columns down to row 100,001 is more than the million cells the reader lays out: only values bound a sheet.
    [sheet] = read(_table_with(last_row))
    assert len(sheet.rows) == 5 and rows(sheet)[5] == list(range(1, 11))


def test_a_workbook_saved_by_openpyxl_with_a_format_on_row_100001_reads():
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    workbook = load_workbook(io.BytesIO(xlsx({"s": [["区市代码", "月份"], ["HC", "2023-06"]]})))
    workbook["s"].cell(100_001, 10).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    [sheet] = read(buffer.getvalue())
    assert rows(sheet) == {1: ["区市代码", "月份"], 2: ["HC", "2023-06"]}


@pytest.mark.parametrize(
    "last_row",
    [
        b'<row r="100001"><c r="J100001" t="n"><v>1</v></c></row>',
        b"<row r='100001'><c r='J100001'><v>1</v></c></row>",
        b'<row r="100001"><c r="J100001" t="inlineStr"><is><t>x</t></is></c></row>',
        # "/>" inside an attribute value does not end the tag: this cell holds a value
        b'<row r="100001"><c r="J100001" x="/>"><v>1</v></c></row>',
    ],
)
def test_a_value_in_that_cell_is_still_counted(last_row):
    assert _read_in_child(_table_with(last_row)) == "cells"


# -- XML attacks -------------------------------------------------------------------------------------------------

LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
EXTERNAL = b'<!DOCTYPE x [<!ENTITY d SYSTEM "file:///etc/passwd">]>'
SHARED_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _with_shared_string(text: bytes, doctype: bytes = b"") -> bytes:
    """A workbook whose A1 is a shared string and whose B1 has a percent style (so its styles are parsed too)."""
    sst = (
        b'<?xml version="1.0"?>' + doctype + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' count="1" uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    )
    return patched(
        xlsx({"s": [["x", 0.5]]}, formats={("s", "B1"): "0%"}),
        {
            SHEET: lambda xml: re.sub(rb'<c r="A1"[^>]*>.*?</c>', b'<c r="A1" t="s"><v>0</v></c>', xml),
            "xl/sharedStrings.xml": sst,
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdS" Type="' + SHARED_TYPE + b'" Target="sharedStrings.xml"/></Relationships>',
            ),
            "[Content_Types].xml": lambda xml: xml.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        },
    )


def _entity_in(xml: bytes, doctype: bytes, where: bytes, reference: bytes = b"&d;") -> bytes:
    """The part with a DOCTYPE declaring entity d, referenced right after ``where``."""
    assert where in xml
    xml = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    return b'<?xml version="1.0"?>' + doctype + xml.replace(where, where + reference, 1)


def test_shared_strings_and_styles_are_read():
    # The control for the attacks below: the same workbook without a DOCTYPE reads.
    [sheet] = read(_with_shared_string(b"hello"))
    assert rows(sheet) == {1: ["hello", 0.5]}
    assert "%" in sheet.rows[0][1][1].number_format


@pytest.mark.parametrize("doctype", [LAUGHS, EXTERNAL], ids=["billion laughs", "external entity"])
@pytest.mark.parametrize("part", ["sheet", "shared strings", "workbook", "styles", "relationships"])
def test_entities_are_never_expanded_the_file_is_unreadable(doctype, part):
    data = _with_shared_string(b"hello")
    if part == "shared strings":
        data = _with_shared_string(b"&d;", doctype)
    elif part == "sheet":
        cell = b'<c r="A1" t="inlineStr"><is><t>'
        data = patched(
            data,
            {
                SHEET: lambda xml: _entity_in(
                    xml.replace(b'<c r="A1" t="s"><v>0</v></c>', cell + b"</t></is></c>"), doctype, cell
                )
            },
        )
    elif part == "workbook":
        data = patched(data, {"xl/workbook.xml": lambda xml: _entity_in(xml, doctype, b' name="s')})
    elif part == "styles":
        data = patched(data, {"xl/styles.xml": lambda xml: _entity_in(xml, doctype, b'<cellStyle name="Normal')})
    else:
        data = patched(data, {"xl/_rels/workbook.xml.rels": lambda xml: _entity_in(xml, doctype, b'Id="rId1')})
    with pytest.raises(ValidationError) as error:
        read(data)
    assert error.value.code == "unreadable"
