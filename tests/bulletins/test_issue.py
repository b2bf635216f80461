"""A bulletin's numbers are frozen when it is drafted: corrections to returns afterwards leave it as it went out."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.models import TargetAllocation
from bulletins.models import IssuedBulletin
from bulletins.services import bulletin_draft
from reports.models import MonthlyReturn
from reports.services import (
    FigureInput,
    monthly_return_approve,
    monthly_return_reopen,
    monthly_return_save,
    monthly_return_submit,
)

from .conftest import REASON


@pytest.fixture
def _issue(issue_through_chain):
    def issue(coordinator, plan, month=6, number="威人社字〔2023〕45号"):
        return issue_through_chain(plan, month, number)

    return issue


def _village(snapshot) -> dict:
    return next(i for i in snapshot["indicators"] if i["code"] == "I1.2.2")


def test_an_issued_bulletin_does_not_change_when_a_return_is_reopened_and_changed(
    client, plan, coordinator, staff, half_year, indicators, _issue
):
    bulletin = _issue(coordinator, plan)
    assert _village(bulletin.snapshot)["value"] == 8070

    # The coordinator reopens 环翠区's June return; 环翠区 corrects 1,000 to 3,000 and it is approved again.
    june = MonthlyReturn.objects.get(pk=half_year["HC", 6].pk)
    monthly_return_reopen(monthly_return=june, user=coordinator, reason="数字有误")
    june.refresh_from_db()
    monthly_return_save(
        monthly_return=june,
        user=staff,
        version=june.version,
        figures={indicators["I1.2.2"].pk: FigureInput(value=Decimal(3000))},
    )
    june.refresh_from_db()
    monthly_return_submit(monthly_return=june, user=staff)
    june.refresh_from_db()
    monthly_return_approve(monthly_return=june, user=coordinator)

    client.force_login(coordinator)
    live = client.get(reverse("dashboards:api-progress"), {"year": 2023, "month": 6}).json()
    assert _village(live)["value"] == 10070  # the live numbers follow the correction ...

    bulletin.refresh_from_db()
    assert _village(bulletin.snapshot)["value"] == 8070  # ... the issued bulletin does not
    page = client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "8,070" in page and "10,070" not in page
    docx = client.get(reverse("bulletins:bulletin-docx", args=[bulletin.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_coordinator_drafts_a_bulletin_from_its_page(client, coordinator, half_year):
    client.force_login(coordinator)
    form = client.get(reverse("bulletins:bulletin-draft"), {"year": 2023, "month": 6})
    assert form.status_code == 200
    assert "（草稿，未印发）" in form.content.decode()  # the preview, before it goes out
    response = client.post(
        reverse("bulletins:bulletin-draft") + "?year=2023&month=6",
        {"year": 2023, "month": 6, "recipients": "各区市人力资源社会保障局", "completeness_reason": REASON},
    )
    bulletin = IssuedBulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bulletins:bulletin-detail", args=[bulletin.pk]
    )
    assert (bulletin.plan.year, bulletin.month, bulletin.drafted_by, bulletin.status) == (2023, 6, coordinator, "draft")
    archive = client.get(reverse("bulletins:archive")).content.decode()
    assert "拟稿" in archive and "2023年1—6月" in archive


def test_the_old_issue_address_leads_to_drafting(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("bulletins:bulletin-issue") + "?year=2023&month=6")
    assert (
        response.status_code == 302
        and response["Location"] == reverse("bulletins:bulletin-draft") + "?year=2023&month=6"
    )


def test_a_second_bulletin_for_a_month_is_refused(coordinator, plan, half_year, _issue):
    _issue(coordinator, plan)
    with pytest.raises(ValidationError) as error:
        bulletin_draft(plan=plan, month=6, recipients="x", user=coordinator, completeness_reason=REASON)
    assert error.value.code == "already_drafted"
    assert IssuedBulletin.objects.count() == 1


def test_a_month_not_yet_over_cannot_be_drafted(coordinator, plan):
    with pytest.raises(ValidationError) as error:
        bulletin_draft(
            plan=plan,
            month=6,
            recipients="x",
            user=coordinator,
            completeness_reason=REASON,
            today=datetime.date(2023, 6, 20),
        )
    assert error.value.code == "month_not_over"


def test_only_coordinators_draft(viewer, plan, half_year):
    with pytest.raises(PermissionDenied):
        bulletin_draft(plan=plan, month=6, recipients="x", user=viewer, completeness_reason=REASON)


def test_the_change_of_rank_is_measured_against_the_previous_issued_bulletin(
    coordinator, plan, units, indicators, make_return, _issue
):
    # Each has a share of 12 recruitment events. May: 文登区 holds 10, 环翠区 none, so 文登 ranks above;
    # June: 环翠区 holds 30 and 文登区 files late, so 环翠 overtakes it.
    for code in ("HC", "WD"):
        TargetAllocation.objects.create(target=indicators["I1.5.1"].target, unit=units[code], value=12)
    for month in range(1, 6):
        make_return(units["WD"], month, {"I1.5.1": 2})
        make_return(units["HC"], month, {"I1.5.1": 0})
    may = _issue(coordinator, plan, month=5, number="威人社字〔2023〕40号")
    make_return(units["WD"], 6, {"I1.5.1": 0}, late=True)
    make_return(units["HC"], 6, {"I1.5.1": 30})
    june = _issue(coordinator, plan, month=6)
    ranks = {u["code"]: u for u in june.snapshot["units"]}
    before = {u["code"]: u["rank"] for u in may.snapshot["units"]}
    assert before["WD"] < before["HC"]
    assert ranks["HC"]["previous_rank"] == before["HC"]
    assert ranks["HC"]["rank_change"] == before["HC"] - ranks["HC"]["rank"] > 0
    assert ranks["WD"]["rank_change"] == before["WD"] - ranks["WD"]["rank"] < 0
    assert june.snapshot["previous"] == {"number": "威人社字〔2023〕40号", "year": 2023, "month": 5}
    assert may.snapshot["previous"] is None


@pytest.mark.parametrize(
    ("who", "archive", "issue", "detail"),
    [
        ("staff", 403, 403, 404),
        # A department viewer sees its own measures only; a bulletin carries every indicator (issue 14).
        ("viewer", 403, 403, 404),
        ("coordinator", 200, 200, 200),
    ],
)
def test_who_sees_the_archive_and_who_issues(
    request, client, coordinator, plan, half_year, who, archive, issue, detail, _issue
):
    bulletin = _issue(coordinator, plan)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("bulletins:archive")).status_code == archive
    assert client.get(reverse("bulletins:bulletin-draft")).status_code == issue
    assert client.get(reverse("bulletins:bulletin-detail", args=[bulletin.pk])).status_code == detail
    assert client.get(reverse("bulletins:bulletin-docx", args=[bulletin.pk])).status_code == detail
