"""The 文号 is written 机关代字〔YYYY〕N号: six-sided brackets, a four-digit year, no leading zero, unique."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bulletins.chain import Stage
from bulletins.forms import IssueForm
from bulletins.models import IssuedBulletin
from bulletins.services import bulletin_check, bulletin_draft, bulletin_issue, bulletin_sign
from bulletins.validators import parse_document_number

from .conftest import REASON


@pytest.mark.parametrize(
    ("number", "parts"),
    [("威人社字〔2023〕45号", ("威人社字", 2023, 45)), ("威人社发〔2024〕1号", ("威人社发", 2024, 1))],
)
def test_a_well_written_number_is_read_into_its_parts(number, parts):
    parsed = parse_document_number(number)
    assert (parsed.organ, parsed.year, parsed.serial) == parts


@pytest.mark.parametrize(
    ("number", "code", "says"),
    [
        ("威人社字[2023]45号", "number_brackets", "请填写：威人社字〔2023〕45号"),
        ("威人社字(2023)45号", "number_brackets", "六角括号"),
        ("威人社字【2023】45号", "number_brackets", "六角括号"),
        ("威人社字〔2023〕099号", "number_leading_zero", "请填写：威人社字〔2023〕99号"),
        ("威人社字[2023]099号", "number_brackets", "威人社字〔2023〕99号"),
        ("威人社字〔23〕45号", "number_year", "四位"),
        ("威人社字〔2023〕45", "number_format", "机关代字〔YYYY〕N号"),
        ("第45号", "number_format", "例如：威人社字〔2023〕45号"),
        ("威人社字〔2023〕4５号", "number_digits", "请填写：威人社字〔2023〕45号"),
        ("威人社字〔２０２３〕45号", "number_digits", "半角阿拉伯数字"),
        ("威人社字〔٢٠٢٣〕45号", "number_digits", "威人社字〔2023〕45号"),
    ],
)
def test_a_badly_written_number_is_refused_saying_what_to_type(number, code, says):
    with pytest.raises(ValidationError) as error:
        parse_document_number(number)
    assert error.value.code == code
    assert says in error.value.messages[0]
    form = IssueForm({"version": 1, "number": number, "issued_on": "2023-07-08"})  # the form uses the same rule
    assert not form.is_valid() and error.value.messages[0] in form.errors["number"]


@pytest.fixture
def signed(plan, half_year, coordinator, checker, signer):
    bulletin = bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    bulletin = bulletin_check(bulletin=bulletin, user=checker, version=bulletin.version)
    return bulletin_sign(bulletin=bulletin, user=signer, version=bulletin.version)


@pytest.mark.parametrize(
    ("number", "issued_on", "code"),
    [
        ("威人社字[2023]45号", datetime.date(2023, 7, 8), "number_brackets"),
        ("威人社字〔2023〕099号", datetime.date(2023, 7, 8), "number_leading_zero"),
        ("威人社字〔2022〕45号", datetime.date(2023, 7, 8), "number_year_mismatch"),
        ("威人社字〔2023〕45号", datetime.date(2023, 6, 30), "issued_too_early"),  # a June bulletin dated in June
    ],
)
def test_the_service_refuses_the_same_numbers_and_leaves_the_bulletin_signed(
    signed, coordinator, number, issued_on, code
):
    with pytest.raises(ValidationError) as error:
        bulletin_issue(bulletin=signed, user=coordinator, version=signed.version, number=number, issued_on=issued_on)
    assert error.value.code == code
    signed.refresh_from_db()
    assert signed.status == Stage.SIGNED and signed.number is None


def test_a_number_is_used_once(signed, plan, coordinator, issue_through_chain, units, make_return):
    issue_through_chain(plan, 5, "威人社字〔2023〕45号")
    with pytest.raises(ValidationError) as error:
        bulletin_issue(
            bulletin=signed,
            user=coordinator,
            version=signed.version,
            number="威人社字〔2023〕45号",
            issued_on=datetime.date(2023, 7, 8),
        )
    assert error.value.code == "number_taken"


def test_the_issue_form_on_the_page_refuses_square_brackets(client, signed, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("bulletins:bulletin-issue-step", args=[signed.pk]),
        {"version": signed.version, "number": "威人社字[2023]45号", "issued_on": "2023-07-08"},
    )
    assert response.status_code == 200
    assert "请填写：威人社字〔2023〕45号" in response.content.decode()
    assert IssuedBulletin.objects.get().status == Stage.SIGNED
