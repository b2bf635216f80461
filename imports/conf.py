"""Limits of the Excel import, read from settings with safe defaults so a bureau can tune them."""

from django.conf import settings


def max_upload_bytes() -> int:
    """The largest file accepted (NEWCITIZEN_IMPORT_MAX_BYTES, default 5 MB)."""
    return int(getattr(settings, "NEWCITIZEN_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def max_uncompressed_bytes() -> int:
    """The most an .xlsx may unpack to (NEWCITIZEN_IMPORT_MAX_UNCOMPRESSED_BYTES, default 50 MB): the zip-bomb guard."""
    return int(getattr(settings, "NEWCITIZEN_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))


def max_rows() -> int:
    """The most rows read from one file (NEWCITIZEN_IMPORT_MAX_ROWS, default 20,000)."""
    return int(getattr(settings, "NEWCITIZEN_IMPORT_MAX_ROWS", 20_000))
