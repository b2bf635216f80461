"""Checks an uploaded file passes before any parser sees it: size, type by content, and the zip-bomb guard."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

XLSX, CSV = "xlsx", "csv"
# A zip member that unpacks to more than this many times its packed size is treated as a bomb.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 500


def file_kind_check(*, name: str, data: bytes) -> str:
    """The kind of an uploaded file ("xlsx" or "csv"), or a ValidationError saying why it is refused.

    The name's extension must say .xlsx or .csv, and the content must agree: an .xlsx is a zip with
    ``[Content_Types].xml`` that does not unpack to more than the limit; a .csv decodes as UTF-8 or GBK text.
    """
    if len(data) > conf.max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": round(conf.max_upload_bytes() / 1024 / 1024, 1)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == XLSX:
        _xlsx_check(data)
        return XLSX
    if extension == CSV:
        csv_decode(data)
        return CSV
    if extension in ("xls", "et", "wps"):
        raise ValidationError(
            _("Old-style .xls files are not accepted: open the file in Excel or WPS and save it as .xlsx."),
            code="old_excel",
        )
    raise ValidationError(_("Only .xlsx and .csv files are accepted."), code="bad_type")


def _xlsx_check(data: bytes) -> None:
    not_xlsx = ValidationError(
        _("This file is not a real .xlsx workbook: open it in Excel or WPS and save it as .xlsx."), code="bad_type"
    )
    if not data.startswith(b"PK"):
        raise not_xlsx
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise not_xlsx
    too_big = ValidationError(
        _("The workbook unpacks to more than %(limit)s MB; it is refused as unsafe.")
        % {"limit": round(conf.max_uncompressed_bytes() / 1024 / 1024)},
        code="zip_bomb",
    )
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_big
    total = 0
    for member in members:
        total += member.file_size
        if member.compress_size and member.file_size / member.compress_size > MAX_COMPRESSION_RATIO:
            if member.file_size > 1024 * 1024:
                raise too_big
    if total > conf.max_uncompressed_bytes():
        raise too_big


def csv_decode(data: bytes) -> str:
    """The text of a .csv file: UTF-8 (with or without BOM) or GBK/GB18030, as Excel and WPS save them."""
    if b"\x00" in data:
        raise ValidationError(_("This .csv file is not text."), code="bad_type")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("This .csv file is neither UTF-8 nor GBK text."), code="bad_type")
