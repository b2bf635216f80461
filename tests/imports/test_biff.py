"""Percent formats read from an .xls's BIFF records, in a stream of the compound file's own sectors (the LibreOffice
files under files/ keep their small workbook stream in the mini stream: test_file_kinds.py reads those)."""

import struct

from imports.biff import percent_formats

from .workbook_files import compound


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _workbook_stream() -> bytes:
    bof = _record(0x0809, struct.pack("<HHHH", 0x0600, 0x0005, 0, 0) + bytes(8))

    def globals_(sheet_at: int) -> bytes:
        return b"".join(
            [
                bof,
                _record(0x041E, struct.pack("<HHB", 164, 4, 0) + b"0.0%"),  # FORMAT 164
                _record(0x00E0, struct.pack("<HH", 0, 0) + bytes(16)),  # XF 0: General
                _record(0x00E0, struct.pack("<HH", 0, 9) + bytes(16)),  # XF 1: the built-in 0%
                _record(0x00E0, struct.pack("<HH", 0, 164) + bytes(16)),  # XF 2: format 164
                _record(0x0085, struct.pack("<IBBBB", sheet_at, 0, 0, 2, 1) + "数据".encode("utf-16-le")),
                _record(0x000A, b""),
            ]
        )

    sheet = [
        bof,
        _record(0x0203, struct.pack("<HHHd", 1, 3, 1, 0.5)),  # NUMBER D2, 0%
        _record(0x0203, struct.pack("<HHHd", 2, 3, 0, 7)),  # NUMBER D3, General
        # MULRK on row 4 from B: B4 in format 2, C4 General
        _record(0x00BD, struct.pack("<HH", 3, 1) + struct.pack("<HI", 2, 0) + struct.pack("<HI", 0, 0) + b"\x02\x00"),
        _record(0x000A, b""),
    ]
    stream = globals_(len(globals_(0))) + b"".join(sheet)
    return stream + bytes(max(0, 4096 - len(stream)))  # in the file's own sectors, not the mini stream


def test_the_cells_formatted_as_a_percentage_are_found_by_sheet_and_place():
    data = compound({"Workbook": _workbook_stream()})
    assert percent_formats(data) == {"数据": {(1, 3): "0%", (3, 1): "0.0%"}}


def test_a_file_it_cannot_follow_gives_no_formats():
    assert percent_formats(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == {}
    assert percent_formats(compound({"Other": bytes(4096)})) == {}
