"""Workbooks in the formats openpyxl does not write, built byte by byte for the tests: an .xlsb (MS-XLSB records)
and an OLE compound file (MS-CFB) such as Excel saves a password-protected workbook in. The .xls and .ods files are
LibreOffice's own, under files/ (made by files/make.py)."""

import io
import pathlib
import struct
import zipfile

FILES = pathlib.Path(__file__).parent / "files"


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


# -- .xlsb --------------------------------------------------------------------------------------------------------


def _record(kind: int, body: bytes = b"") -> bytes:
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = len(body), b""
    while True:
        byte, size = size & 0x7F, size >> 7
        length += bytes([byte | (0x80 if size else 0)])
        if not size:
            return head + length + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _sheet_bin(rows: list[list], far: tuple[int, int] | None = None) -> bytes:
    records = [_record(0x81), _record(0x94, struct.pack("<4I", 0, max(len(rows) - 1, 0), 0, 9)), _record(0x91)]
    for number, row in enumerate(rows):
        records.append(_record(0x00, struct.pack("<I", number) + bytes(13)))  # BrtRowHdr
        for column, value in enumerate(row):
            if value is None:
                continue
            head = struct.pack("<II", column, 0)
            if isinstance(value, str):
                records.append(_record(0x06, head + _wide(value)))  # BrtCellSt
            else:
                records.append(_record(0x05, head + struct.pack("<d", value)))  # BrtCellReal
    if far is not None:  # one value far away: (row, column)
        records.append(_record(0x00, struct.pack("<I", far[0]) + bytes(13)))
        records.append(_record(0x05, struct.pack("<II", far[1], 0) + struct.pack("<d", 1)))
    records += [_record(0x92), _record(0x82)]
    return b"".join(records)


def xlsb(sheets: dict[str, list[list]], *, far: tuple[int, int] | None = None) -> bytes:
    """An .xlsb of {sheet name: rows} (text and numbers), as calamine and Excel read one."""
    bundle = b"".join(
        _record(0x9C, struct.pack("<II", 0, index + 1) + _wide(f"rId{index + 1}") + _wide(name))
        for index, name in enumerate(sheets)
    )
    workbook = _record(0x83) + _record(0x8F) + bundle + _record(0x90) + _record(0x84)
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i + 1}.bin"/>'
        for i in range(len(sheets))
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
            '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.bin"/></Relationships>',
        )
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr(
            "xl/_rels/workbook.bin.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels
            + "</Relationships>",
        )
        for index, rows in enumerate(sheets.values()):
            archive.writestr(f"xl/worksheets/sheet{index + 1}.bin", _sheet_bin(rows, far if index == 0 else None))
    return out.getvalue()


# -- OLE compound file --------------------------------------------------------------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) holding ``streams`` at its root, each of 4,096 bytes or more so
    that none lives in the mini stream: one FAT sector, one directory sector, then the streams."""
    assert len(streams) <= 3 and all(len(data) >= 4096 for data in streams.values())
    sectors: list[bytes] = []
    fat = [_FAT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in streams.values():
        data += bytes(-len(data) % 512)
        first = 2 + len(sectors)
        starts.append(first)
        count = len(data) // 512
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        sectors += [data[i : i + 512] for i in range(0, len(data), 512)]
    assert len(fat) <= 128

    def entry(name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, _END, 0, child=1 if names else _FREE)
    for index, name in enumerate(names):
        directory += entry(
            name, 2, starts[index], len(streams[name]), right=index + 2 if index + 1 < len(names) else _FREE
        )
    directory = directory.ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", _FREE) * (128 - len(fat))
    return header + fat_sector + directory + b"".join(sectors)


def encrypted_workbook() -> bytes:
    """What Excel or WPS saves an .xlsx with a password to open as: a compound file with the encryption's
    description and the encrypted package (here filler bytes: no reader gets past the names)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + bytes(4088)  # agile encryption, version 4.4
    return compound({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 6000) + bytes(6000)})
