"""Drafting lists the units whose return is not approved; going on without them needs a reason, printed in 说明."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from bulletins.chain import Stage
from bulletins.completeness import missing_returns
from bulletins.models import IssuedBulletin
from bulletins.services import bulletin_check, bulletin_draft, bulletin_issue, bulletin_sign
from reports.models import ReturnStatus

REASON = "南海新区6月数据未审核，未纳入本期统计"


@pytest.fixture
def june(units, make_return):
    """June: 环翠区 approved, 文登区 awaiting review, 荣成市 sent back, 乳山市 still a draft, the rest not begun."""
    make_return(units["HC"], 6, {"I1.2.2": 1000})
    make_return(units["WD"], 6, {"I1.2.2": 345}, status=ReturnStatus.SUBMITTED)
    make_return(units["RC"], 6, {"I1.2.2": 10}, status=ReturnStatus.RETURNED)
    make_return(units["RS"], 6, status=ReturnStatus.DRAFT)
    return units


def test_each_unit_without_an_approved_return_is_listed_with_its_state(plan, june):
    missing = {m["code"]: m["state"] for m in missing_returns(plan=plan, month=6, units=list(june.values()))}
    assert "HC" not in missing
    assert (missing["WD"], missing["RC"], missing["RS"], missing["NH"]) == (
        "submitted",
        "returned",
        "not_filed",
        "not_filed",
    )
    assert len(missing) == len(june) - 1


def test_counting_submitted_returns_a_submitted_one_is_not_missing(plan, june):
    units = list(june.values())
    missing = {m["code"] for m in missing_returns(plan=plan, month=6, units=units, include_submitted=True)}
    assert "WD" not in missing and {"RC", "RS", "NH"} <= missing


def test_drafting_with_returns_missing_needs_a_reason_and_saves_nothing_without_one(client, plan, coordinator, june):
    with pytest.raises(ValidationError) as error:
        bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason="  ")
    assert error.value.code == "reason_missing"

    client.force_login(coordinator)
    page = client.get(reverse("bulletins:bulletin-draft"), {"year": 2023, "month": 6}).content.decode()
    assert "文登区：待审核" in page and "荣成市：已退回" in page and "南海新区：未报送" in page
    response = client.post(reverse("bulletins:bulletin-draft"), {"year": 2023, "month": 6, "recipients": "x"})
    assert response.status_code == 200
    assert "尚未审核通过" in response.content.decode()
    assert not IssuedBulletin.objects.exists()


def test_the_reason_is_kept_and_printed_in_the_notes_on_the_page_and_in_the_issued_docx(
    client, plan, coordinator, checker, signer, june
):
    bulletin = bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    completeness = bulletin.snapshot["completeness"]
    assert completeness["reason"] == REASON
    assert {"code": "WD", "name": "文登区", "state": "submitted"} in completeness["missing"]
    bulletin = bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version)
    bulletin = bulletin_sign(bulletin=bulletin, user=signer, version=bulletin.version)
    bulletin = bulletin_issue(
        bulletin=bulletin,
        user=coordinator,
        version=bulletin.version,
        number="威人社字〔2023〕45号",
        issued_on=datetime.date(2023, 7, 8),
    )
    client.force_login(coordinator)
    page = client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk])).content.decode()
    notes = page[page.index("四、说明") :]
    assert f"{REASON}。" in notes
    document = Document(io.BytesIO(client.get(reverse("bulletins:bulletin-docx", args=[bulletin.pk])).content))
    paragraphs = [p.text for p in document.paragraphs]
    after_notes = paragraphs[next(i for i, p in enumerate(paragraphs) if "说明" in p) :]
    assert any(REASON in p for p in after_notes)


def test_a_month_with_every_return_approved_needs_no_reason(plan, coordinator, units, make_return):
    for unit in units.values():
        make_return(unit, 6, {"I1.2.2": 1})
    bulletin = bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator)
    assert bulletin.snapshot["completeness"] == {"missing": [], "reason": ""}


def test_issuing_refuses_numbers_frozen_with_returns_missing_and_no_reason(plan, coordinator, checker, signer, june):
    bulletin = bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    snapshot = {**bulletin.snapshot, "completeness": {**bulletin.snapshot["completeness"], "reason": ""}}
    IssuedBulletin.objects.filter(pk=bulletin.pk).update(snapshot=snapshot, status=Stage.SIGNED)
    bulletin.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        bulletin_issue(
            bulletin=bulletin,
            user=coordinator,
            version=bulletin.version,
            number="威人社字〔2023〕45号",
            issued_on=datetime.date(2023, 7, 8),
        )
    assert error.value.code == "reason_missing"
    assert IssuedBulletin.objects.get().status == Stage.SIGNED
