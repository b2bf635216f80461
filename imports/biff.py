"""The percent number formats of an .xls, which calamine does not give: read from the workbook stream itself.

calamine gives an .xls cell's value only, so a figure typed as 90% would read as 0.9. This module reads the OLE
compound file (MS-CFB) far enough to find the workbook stream, then its BIFF8 records (MS-XLS): the number formats,
the cell formats (XF) that use them, each sheet's name, and the cells whose format shows a percentage. It runs in
the child process that reads the file (:mod:`imports.apart`), and any file it cannot follow gives no formats rather
than a refusal: calamine has the last word on whether a file can be read.
"""

import struct

Position = tuple[int, int]

_END_OF_CHAIN, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
# Cell records that carry a format index at offset 4: NUMBER, RK, FORMULA, and BLANK/LABEL/LABELSST/BOOLERR.
_CELLS = {0x0203, 0x027E, 0x0006, 0x0201, 0x0204, 0x00FD, 0x0205}
_MULRK = 0x00BD


def _stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream of ``names`` (compared without case, calamine's order) in a compound file."""
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    size, mini_size = 1 << shift, 1 << mini_shift
    fat_count, directory_start = struct.unpack_from("<II", data, 44)
    cutoff, mini_fat_start, _mini_fat_count, difat_start, difat_count = struct.unpack_from("<IIIII", data, 56)
    sectors = max((len(data) - size) // size, 0) if size >= 512 else 0

    def sector(index: int) -> bytes:
        return data[(index + 1) * size : (index + 2) * size]

    fat_sectors = [i for i in struct.unpack_from("<109I", data, 76) if i < sectors]
    following = difat_start
    for _ in range(min(difat_count, sectors)):
        if following >= sectors:
            break
        entries = struct.unpack(f"<{size // 4}I", sector(following))
        fat_sectors += [i for i in entries[:-1] if i < sectors]
        following = entries[-1]
    fat_bytes = b"".join(sector(i) for i in fat_sectors[:fat_count] or fat_sectors)
    fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes[: len(fat_bytes) // 4 * 4])

    def chain(start: int, table) -> list[int]:
        found, seen = [], set()
        while start < len(table) and start not in seen:
            seen.add(start)
            found.append(start)
            start = table[start]
        return found

    directory = b"".join(sector(i) for i in chain(directory_start, fat))
    entries = []
    for offset in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, offset + 64)
        name = directory[offset : offset + min(length, 64)].decode("utf-16-le", "replace").rstrip("\0")
        start, stream_size = struct.unpack_from("<IQ", directory, offset + 116)
        entries.append((name, kind, start, stream_size if shift > 9 else stream_size & 0xFFFFFFFF))
    if not entries:
        return None
    for wanted in names:
        for name, kind, start, stream_size in entries:
            if kind != 2 or name.lower() != wanted.lower():
                continue
            if stream_size >= cutoff:
                return b"".join(sector(i) for i in chain(start, fat))[:stream_size]
            mini_fat_bytes = b"".join(sector(i) for i in chain(mini_fat_start, fat))
            mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes[: len(mini_fat_bytes) // 4 * 4])
            mini_stream = b"".join(sector(i) for i in chain(entries[0][2], fat))
            return b"".join(mini_stream[i * mini_size : (i + 1) * mini_size] for i in chain(start, mini_fat))[
                :stream_size
            ]
    return None


def _records(stream: bytes, start: int = 0):
    offset = start
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, stream[offset + 4 : offset + 4 + length]
        offset += 4 + length


def _unicode(body: bytes, offset: int, count: int) -> str:
    """An XLUnicodeString's characters from ``offset`` (its flags byte), compressed or UTF-16."""
    wide = body[offset] & 1
    raw = body[offset + 1 : offset + 1 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def percent_formats(data: bytes) -> dict[str, dict[Position, str]]:
    """Sheet name -> {(row, column): percent format} of an .xls; empty where the file cannot be followed."""
    try:
        return _percent_formats(data)
    except Exception:
        return {}


def _percent_formats(data: bytes) -> dict[str, dict[Position, str]]:
    stream = _stream(data, ("Workbook", "Book"))
    if stream is None:
        return {}
    codes: dict[int, str] = dict(_BUILTIN_PERCENT)
    styles: list[int] = []
    sheets: list[tuple[int, str]] = []
    for kind, body in _records(stream):
        if kind == 0x041E and len(body) >= 5:  # FORMAT
            number, count = struct.unpack_from("<HH", body)
            codes[number] = _unicode(body, 4, count)
        elif kind == 0x00E0 and len(body) >= 4:  # XF
            styles.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET8
            position, count = struct.unpack_from("<I", body)[0], body[6]
            sheets.append((position, _unicode(body, 7, count)))
        elif kind == 0x000A:  # EOF of the globals
            break
    percent = {index for index, number in enumerate(styles) if "%" in codes.get(number, "")}
    if not percent:
        return {}
    found: dict[str, dict[Position, str]] = {}
    for position, name in sheets:
        cells = found.setdefault(name, {})
        for kind, body in _records(stream, position):
            if kind in _CELLS and len(body) >= 6:
                row, column, style = struct.unpack_from("<HHH", body)
                if style in percent:
                    cells[(row, column)] = codes[styles[style]]
            elif kind == _MULRK and len(body) >= 6:
                row, first = struct.unpack_from("<HH", body)
                for index in range((len(body) - 6) // 6):
                    style = struct.unpack_from("<H", body, 4 + 6 * index)[0]
                    if style in percent:
                        cells[(row, first + index)] = codes[styles[style]]
            elif kind == 0x000A:
                break
    return {name: cells for name, cells in found.items() if cells}
