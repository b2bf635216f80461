"""JSON kept as compressed bytes on the import log (the parsed sheets, the changes an import made).

As jsonb, a province's month was 0.7 MB of sheets and 1 MB of changes that PostgreSQL parsed and compressed on every
upload and every confirm (some 0.1 s); as zlib-compressed JSON it is about a tenth of the size, written as is.
"""

import json
import zlib


def json_pack(value) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def json_unpack(data: bytes | memoryview | None, default=None):
    """What :func:`json_pack` kept; ``default`` when nothing was kept."""
    return json.loads(zlib.decompress(bytes(data))) if data else default
