import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from filings.uploads import sniff_upload

from .conftest import docx_bytes, docx_file, jpeg_file, pdf_file, png_file


@pytest.mark.parametrize(
    "upload, extension",
    [(pdf_file(), "pdf"), (docx_file(), "docx"), (png_file(), "png"), (jpeg_file(), "jpg")],
)
def test_it_accepts_pdf_word_and_image_scans_by_their_content(upload, extension):
    assert sniff_upload(upload).extension == extension


def test_it_judges_by_content_not_by_the_name():
    # A scan uploaded under a .pdf name is still a PNG, and is stored as one.
    assert sniff_upload(png_file("plan.pdf")).extension == "png"


@pytest.mark.parametrize(
    "name, content",
    [
        ("plan.pdf", b"This is plain text pretending to be a PDF"),
        ("plan.docx", b"PK\x03\x04 not really a zip"),
        ("plan.docx", docx_bytes(main_part="xl/workbook.xml")),  # an Excel workbook renamed .docx
        ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word"),  # legacy .doc is not accepted
        ("plan.exe", b"MZ\x90\x00"),
        ("plan.html", b"<html><script>alert(1)</script>"),
    ],
)
def test_it_refuses_files_that_are_not_what_is_accepted(name, content):
    with pytest.raises(ValidationError) as error:
        sniff_upload(SimpleUploadedFile(name, content))
    assert error.value.code == "file_type"


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as error:
        sniff_upload(SimpleUploadedFile("plan.pdf", b""))
    assert error.value.code == "file_empty"


def test_it_refuses_a_file_above_the_configured_size(settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * 1024)
    with pytest.raises(ValidationError) as error:
        sniff_upload(big)
    assert error.value.code == "file_too_large"
    assert "1.0\xa0KB" in error.value.messages[0]  # the limit, said in the message


def test_a_file_at_the_limit_is_accepted(settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 1024
    exact = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n" + b"0" * (1024 - 9))
    assert sniff_upload(exact).extension == "pdf"
