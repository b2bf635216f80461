"""The progress reports reuse the bulletins' fixtures: the chain's people, and returns made straight with the ORM."""

import datetime

import pytest

from reports.models import MeasureProgress, ProgressStatus, ReturnStatus
from tests.bulletins.conftest import (  # noqa: F401
    bulletin_roles,
    checker,
    coordinator,
    indicators,
    make_return,
    make_user,
    other_staff,
    plan_admin,
    signer,
    staff,
    units,
    viewer,
)

NOTE_HC = "新开发城镇公益性岗位120个。组织专场招聘会3场。"
NOTE_WD_DRAFT = "文登区尚未审核的进展。"


@pytest.fixture
def half_year(plan, units, make_return):  # noqa: F811 — the fixtures imported above, not redefinitions
    """January to June: 环翠区 and 文登区 approved with figures; 环翠区's June note on 1.2; 文登区's June a draft."""
    returns = {}
    for month in range(1, 7):
        returns["HC", month] = make_return(units["HC"], month, {"I1.2.2": 1000, "I1.5.1": 2, "I1.0.1": 150000})
        status = ReturnStatus.DRAFT if month == 6 else ReturnStatus.APPROVED
        returns["WD", month] = make_return(units["WD"], month, {"I1.2.2": 345, "I1.5.1": 1}, status=status)
    measure = returns["HC", 6].plan.actions.get(number=1).measures.get(number=2)
    MeasureProgress.objects.create(
        monthly_return=returns["HC", 6], measure=measure, status=ProgressStatus.IN_PROGRESS, note=NOTE_HC
    )
    MeasureProgress.objects.create(
        monthly_return=returns["HC", 5], measure=measure, status=ProgressStatus.IN_PROGRESS, note="五月的旧进展。"
    )
    MeasureProgress.objects.create(
        monthly_return=returns["WD", 6], measure=measure, status=ProgressStatus.IN_PROGRESS, note=NOTE_WD_DRAFT
    )
    return returns


TODAY = datetime.date(2023, 7, 10)


@pytest.fixture
def issue_report(coordinator, checker, signer):  # noqa: F811
    """Start, check, sign and issue the 2023 half-year report by the four people of the chain."""
    from progressreports.services import report_check, report_issue, report_sign, report_start

    def issue(plan, *, number="威人社字〔2023〕50号", edit=None):
        report = report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=TODAY)
        if edit:
            report = edit(report)
        report = report_check(report=report, user=checker, version=report.version)
        report = report_sign(report=report, user=signer, version=report.version)
        return report_issue(report=report, user=coordinator, version=report.version, number=number, issued_on=TODAY)

    return issue
