"""An issued bulletin is one fixed document: its Chinese .docx and .xlsx are written once and served as they are."""

import datetime
import io
import logging

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from bulletins.chain import Stage
from bulletins.models import BulletinFile, IssuedBulletin
from bulletins.snapshot import bulletin_snapshot
from districts.models import ReportingUnit

ORGAN = "威海市人力资源和社会保障局"


@pytest.fixture
def issued(plan, half_year, issue_through_chain):
    return issue_through_chain(plan, 6, issued_on=datetime.date(2023, 7, 8))


def _get(client, name, bulletin):
    response = client.get(reverse(name, args=[bulletin.pk]))
    assert response.status_code == 200
    return response


def _cells(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_issuing_writes_the_docx_and_the_xlsx_once_with_their_checksums(issued):
    files = {f.kind: f for f in BulletinFile.objects.filter(bulletin=issued)}
    assert set(files) == {"docx", "xlsx"}
    for stored in files.values():
        content = bytes(stored.content)
        assert stored.sha256 == BulletinFile.checksum(content) and stored.size == len(content) > 1000
    assert content[:2] == b"PK"


@pytest.mark.parametrize(("name", "kind"), [("bulletins:bulletin-docx", "docx"), ("bulletins:bulletin-xlsx", "xlsx")])
def test_every_download_in_any_language_is_byte_identical_to_the_first(
    client, settings, coordinator, issued, name, kind
):
    client.force_login(coordinator)
    first = _get(client, name, issued)
    assert first.content == bytes(BulletinFile.objects.get(bulletin=issued, kind=kind).content)
    assert first["ETag"] == f'"{BulletinFile.checksum(first.content)}"'

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # an English session
    english = _get(client, name, issued)
    assert "Issued bulletins" in client.get(reverse("bulletins:archive")).content.decode()  # the page is English
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    settings.LANGUAGE_CODE = "en"  # and a site whose default language is English
    default_english = _get(client, name, issued)
    assert english.content == first.content == default_english.content


def test_a_bulletin_issued_from_an_english_interface_is_written_in_chinese(
    client, settings, plan, half_year, coordinator, checker, signer
):
    from bulletins.services import bulletin_check, bulletin_draft, bulletin_sign

    from .conftest import REASON

    bulletin = bulletin_draft(plan=plan, month=6, recipients="各区市", user=coordinator, completeness_reason=REASON)
    bulletin = bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version)
    bulletin = bulletin_sign(bulletin=bulletin, user=signer, version=bulletin.version)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("bulletins:bulletin-issue-step", args=[bulletin.pk]),
        {"version": bulletin.version, "number": "威人社字〔2023〕45号", "issued_on": "2023-07-08"},
    )
    assert response.status_code == 302
    docx = bytes(BulletinFile.objects.get(bulletin=bulletin, kind="docx").content)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert ORGAN in text and "威人社字〔2023〕45号" in text and "通报" in text
    assert "Bulletin on the progress" not in text
    cells = _cells(bytes(BulletinFile.objects.get(bulletin=bulletin, kind="xlsx").content))
    assert any("通报" in c for c in cells) and any(c.startswith("综合得分") for c in cells)


def test_the_xlsx_carries_the_issue_date_not_the_download_day(client, coordinator, issued):
    client.force_login(coordinator)
    cells = _cells(_get(client, "bulletins:bulletin-xlsx", issued).content)
    subtitle = next(c for c in cells if "序时进度" in c or "2023年7月8日" in c)
    assert "2023年7月8日" in subtitle
    units = {u["name"] for u in issued.snapshot["units"]}
    assert units <= set(cells)


def test_a_stored_file_that_no_longer_matches_its_checksum_is_not_served(client, coordinator, issued, caplog):
    stored = BulletinFile.objects.get(bulletin=issued, kind="docx")
    BulletinFile.objects.filter(pk=stored.pk).update(content=bytes(stored.content)[:-1] + b"!")
    client.force_login(coordinator)
    with caplog.at_level(logging.ERROR, logger="newcitizen.bulletins"):
        response = client.get(reverse("bulletins:bulletin-docx", args=[issued.pk]))
    assert response.status_code == 500
    assert "保存的文件已损坏" in response.content.decode()
    assert any("does not match its checksum" in r.getMessage() for r in caplog.records)


def test_a_legacy_issued_bulletin_gets_its_chinese_files_on_the_first_download(client, settings, plan, coordinator):
    legacy = IssuedBulletin.objects.create(
        plan=plan,
        month=6,
        status=Stage.ISSUED,
        number="威人社字〔2023〕40号",
        issued_on=datetime.date(2023, 7, 8),
        recipients="各区市人力资源社会保障局",
        snapshot=bulletin_snapshot(plan=plan, month=6, units=list(ReportingUnit.objects.leaves())),
        issued_by=coordinator,
        drafted_by=coordinator,
    )
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = _get(client, "bulletins:bulletin-docx", legacy)
    stored = BulletinFile.objects.get(bulletin=legacy, kind="docx")
    assert bytes(stored.content) == first.content
    assert ORGAN in "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert _get(client, "bulletins:bulletin-docx", legacy).content == first.content
    assert BulletinFile.objects.filter(bulletin=legacy).count() == 1  # the .xlsx waits for its own first download


def test_a_bulletin_on_its_way_is_rendered_afresh_and_nothing_is_kept(client, plan, half_year, coordinator):
    from bulletins.services import bulletin_draft

    from .conftest import REASON

    bulletin = bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    client.force_login(coordinator)
    text = "\n".join(
        p.text for p in Document(io.BytesIO(_get(client, "bulletins:bulletin-docx", bulletin).content)).paragraphs
    )
    assert "（草稿，未印发）" in text
    assert not BulletinFile.objects.exists()
