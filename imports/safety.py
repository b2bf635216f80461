"""Checks an uploaded file passes before any parser sees it: size, type by content, and the zip-bomb guard."""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

XLSX, CSV, XLS, XLSB, ODS = "xlsx", "csv", "xls", "xlsb", "ods"
# What people's workbooks are named; the content decides which of the kinds above it is read as.
WORKBOOK_EXTENSIONS = ("xlsx", "xlsm", "xls", "xlsb", "ods")
# A zip member that unpacks to more than this many times its packed size is treated as a bomb.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 500
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .xls, or any Office file with a password
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_XLSB_MAIN = b"application/vnd.ms-excel.sheet.binary.macroEnabled.main"


def file_kind_check(*, name: str, data: bytes) -> str:
    """The kind of an uploaded file (xlsx, xls, xlsb, ods or csv), or a ValidationError saying why it is refused.

    The name must say a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) or .csv; a workbook is then read as what its
    content is (an .xls that is really an .xlsx is read as one): an .xlsx or .xlsb is a zip with
    ``[Content_Types].xml``, an .ods a zip with its mimetype, and neither unpacks to more than the limit; an .xls is
    a compound file holding a workbook stream. A compound file holding an encrypted package is a workbook with a
    password to open (Excel and WPS save every password-protected .xlsx so), which no reader opens. A .csv decodes
    as UTF-8 or GBK text.
    """
    if len(data) > conf.max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": round(conf.max_upload_bytes() / 1024 / 1024, 1)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == CSV:
        csv_decode(data)
        return CSV
    if extension in ("et", "ett", "wps"):
        raise ValidationError(
            _("WPS's own .et format is not accepted: in WPS, save the file as an Excel workbook (.xlsx)."),
            code="old_excel",
        )
    if extension not in WORKBOOK_EXTENSIONS:
        raise ValidationError(
            _("Only Excel (.xlsx, .xls, .xlsb), OpenDocument (.ods) and .csv files are accepted."), code="bad_type"
        )
    if data.startswith(OLE_MAGIC):
        return _compound_check(data)
    if data.startswith(b"PK"):
        return _zip_check(data)
    raise _not_a_workbook(extension)


def _not_a_workbook(extension: str) -> ValidationError:
    if extension == XLS:
        # Many systems export a web page or a text table and name it .xls.
        return ValidationError(
            _(
                "This file is not a real Excel workbook, though it is named .xls (systems often export a web page so): "
                "open it in Excel or WPS and save it as .xlsx."
            ),
            code="bad_type",
        )
    return ValidationError(
        _("This file is not a real .xlsx workbook: open it in Excel or WPS and save it as .xlsx."), code="bad_type"
    )


def password_protected() -> ValidationError:
    return ValidationError(
        _(
            "This workbook has a password to open, so it cannot be read: open it in Excel or WPS, remove the password "
            "(Excel: File › Info › Protect Workbook › Encrypt with Password, clear it; WPS: File › Document "
            "Encryption › Password Encryption, clear it), save it and upload it again."
        ),
        code="password",
    )


def _directory_names(data: bytes, *names: str) -> set[str]:
    """Which of ``names`` a compound file's directory holds (compared without case, as the format compares them).

    A directory entry starts on a 128-byte boundary of the file with its name in UTF-16 and the name's length in
    bytes at offset 64: read there, a cell's text never passes for one."""
    found = set()
    for wanted in names:
        pattern = re.compile(re.escape(wanted.encode("utf-16-le")) + b"\x00\x00", re.IGNORECASE)
        for match in pattern.finditer(data):
            start = match.start()
            if start % 128 == 0 and data[start + 64 : start + 66] == (2 * len(wanted) + 2).to_bytes(2, "little"):
                found.add(wanted)
                break
    return found


def _compound_check(data: bytes) -> str:
    names = _directory_names(data, "EncryptionInfo", "EncryptedPackage", "Workbook", "Book")
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        raise password_protected()
    if not {"Workbook", "Book"} & names:
        raise _not_a_workbook(XLS)
    return XLS


def _zip_check(data: bytes) -> str:
    not_xlsx = _not_a_workbook(XLSX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    names = {member.filename.replace("\\", "/").lower(): member for member in members}
    _zip_bomb_check(members)
    if "mimetype" in names:
        if _member(archive, names["mimetype"]).strip() == ODS_MIMETYPE:
            manifest = names.get("meta-inf/manifest.xml")
            # LibreOffice encrypts every part of a file saved with a password, and says so in the manifest.
            if manifest is not None and b"encryption-data" in _member(archive, manifest):
                raise password_protected()
            return ODS
    # The package's parts may lie anywhere its relationships say (calamine and LibreOffice follow them), not only
    # under xl/: what makes it a workbook is its content types and its package relationships.
    if "[content_types].xml" not in names or "_rels/.rels" not in names:
        raise not_xlsx
    return XLSB if _XLSB_MAIN in _member(archive, names["[content_types].xml"]) else XLSX


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(member)
    except Exception:
        raise _not_a_workbook(XLSX) from None


def _zip_bomb_check(members) -> None:
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
