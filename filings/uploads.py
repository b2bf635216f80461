"""What an uploaded implementation plan may be: its type is read from its first bytes, never from its name."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# 20 MB holds a scanned plan of a few dozen pages; a deployment may change it with FILINGS_MAX_UPLOAD_BYTES.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "FILINGS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
JPEG = FileKind("jpg", "image/jpeg")
PNG = FileKind("png", "image/png")


def _is_docx(upload) -> bool:
    # A .docx is a ZIP package with a Word main part; any other ZIP (or a renamed .xlsx) is refused.
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def sniff_upload(upload) -> FileKind:
    """The kind of ``upload`` judged by its content, or a ValidationError saying what is accepted.

    Refuses empty files, files above the size limit, and anything that is not a PDF, a Word .docx, a JPEG or a PNG.
    """
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s. Scan at a lower resolution or split it.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"PK\x03\x04") and _is_docx(upload):
        kind = DOCX
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _("This file is not a PDF, a Word (.docx) document or a JPEG/PNG scan, whatever its name says."),
            code="file_type",
        )
    return kind
