"""Every URL against every role: the status each one gets, in one table.

A URL that is not in the table fails `test_every_url_is_in_the_matrix`, so a new page cannot ship without deciding
who may open it. Objects belong to 环翠区 (HC): "own" is HC's staff, "other" is 文登区's.
"""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Indicator, Measure
from bulletins.chain import Stage
from bulletins.models import IssuedBulletin
from bulletins.snapshot import bulletin_snapshot
from districts.models import ReportingUnit
from filings.models import Assessment, GoodPractice, PlanFiling
from imports.models import ImportLog
from notifications.models import Notification, NotificationKind
from reports.models import Figure, MonthlyReturn, ReturnQuestion

ROLES = ["anonymous", "own_staff", "other_staff", "viewer", "coordinator", "admin"]

# url name -> (method, args key, expected status per role in ROLES order)
# 302 for anonymous is the redirect to the login page (checked below); 302 for others is a redirect after a POST
# or to the right page. POSTs carry no data: a refused one must not reach the form's validation.
MATRIX = {
    "home": ("get", None, [200, 200, 200, 200, 200, 200]),
    "health": ("get", None, [200, 200, 200, 200, 200, 200]),
    "favicon": ("get", None, [301, 301, 301, 301, 301, 301]),
    "login": ("get", None, [200, 200, 200, 200, 200, 200]),
    "password_change": ("get", None, [302, 200, 200, 200, 200, 200]),
    "password_change_done": ("get", None, [302, 200, 200, 200, 200, 200]),
    "actions:plan-detail": ("get", "year", [200, 200, 200, 200, 200, 200]),
    "reports:return-list": ("get", None, [302, 200, 200, 200, 200, 200]),
    "reports:return-start": ("post", None, [302, 302, 302, 403, 403, 403]),
    "reports:return-detail": ("get", "return", [302, 200, 404, 200, 200, 200]),
    "reports:return-edit": ("get", "return", [302, 200, 404, 403, 403, 403]),
    "reports:return-submit": ("post", "return", [302, 302, 404, 403, 403, 403]),
    "reports:return-review": ("post", "return", [302, 403, 404, 403, 200, 200]),  # the form again, with its errors
    "reports:return-check": ("post", "return", [302, 302, 404, 403, 403, 403]),  # the unit's own check
    "reports:returns-approve": ("post", None, [302, 403, 403, 403, 302, 302]),  # nothing ticked: back to the list
    "reports:return-history": ("get", "return", [302, 200, 404, 200, 200, 200]),
    "reports:question-answer": ("post", "question", [302, 302, 404, 403, 403, 403]),
    "imports:excel-home": ("get", None, [302, 200, 200, 200, 200, 200]),
    "imports:template-download": ("get", None, [302, 400, 400, 403, 403, 400]),
    "imports:figures-export": ("get", "export_query", [302, 200, 200, 200, 200, 200]),
    "imports:import-upload": ("get", None, [302, 403, 403, 403, 403, 200]),
    "imports:return-upload": ("get", "return", [302, 200, 404, 403, 403, 403]),
    "imports:import-preview": ("get", "import_log", [302, 200, 404, 404, 404, 404]),
    # The kept file has no table, so the uploader's confirm is refused (400, nothing written) and it stays previewed.
    "imports:import-confirm": ("post", "import_log", [302, 400, 404, 404, 404, 404]),
    "imports:log-list": ("get", None, [302, 200, 200, 200, 200, 200]),
    # An upload that was only previewed is its uploader's alone; admins see imports once they are applied.
    "imports:log-detail": ("get", "import_log", [302, 200, 404, 404, 404, 404]),
    "filings:filing-current": ("get", None, [302, 302, 302, 302, 302, 302]),
    "filings:filing-list": ("get", "year", [302, 200, 200, 200, 200, 200]),
    "filings:filing-unit": ("get", "year_unit", [302, 200, 404, 200, 200, 200]),
    "filings:filing-create": ("get", "year_unit", [302, 200, 404, 403, 403, 403]),
    "filings:filing-download": ("get", "filing", [302, 200, 404, 200, 200, 200]),
    "filings:filing-review": ("post", "filing", [302, 403, 404, 403, 302, 302]),
    "filings:breakdown": ("get", "year", [302, 200, 200, 200, 200, 200]),
    "filings:breakdown-edit": ("get", "year_unit", [302, 403, 404, 403, 200, 200]),
    "filings:assessment-list": ("get", "year", [302, 200, 200, 200, 200, 200]),
    "filings:assessment-create": ("get", "year", [302, 403, 403, 403, 200, 200]),
    "filings:assessment-detail": ("get", "assessment", [302, 200, 404, 200, 200, 200]),
    "filings:assessment-edit": ("get", "assessment", [302, 403, 404, 403, 200, 200]),
    "filings:practice-list": ("get", "year", [302, 200, 200, 200, 200, 200]),
    "filings:practice-create": ("get", "year", [302, 200, 200, 403, 403, 403]),
    # The practice is of measure 1.1, not the viewer's department's (市教育局: 5.4): outside its sight, 404.
    "filings:practice-detail": ("get", "practice", [302, 200, 404, 404, 200, 200]),
    "filings:practice-feature": ("post", "practice", [302, 403, 404, 404, 302, 302]),
    "dashboards:progress": ("get", None, [302, 200, 200, 200, 200, 200]),
    "dashboards:matrix": ("get", None, [302, 200, 200, 200, 200, 200]),
    "dashboards:timeliness": ("get", None, [302, 200, 200, 200, 200, 200]),
    # I1.2.1 belongs to measure 1.2, not the viewer's department's: 404 (its own I5.4.1 is in VIEWER_DOWNLOADS).
    "dashboards:indicator-detail": ("get", "indicator", [302, 200, 200, 404, 200, 200]),
    "dashboards:indicator-trend": ("get", "indicator", [302, 200, 200, 404, 200, 200]),
    # The printable 通报 ranks the units on every indicator: the coordinator's, never a department viewer's.
    "dashboards:bulletin": ("get", None, [302, 403, 403, 403, 200, 200]),
    "dashboards:bulletin-xlsx": ("get", None, [302, 403, 403, 403, 200, 200]),
    "dashboards:api-progress": ("get", None, [401, 200, 200, 200, 200, 200]),
    "dashboards:api-openapi": ("get", None, [401, 200, 200, 200, 200, 200]),
    # A notification is its recipient's alone (HC's staff here); everyone else gets 404, colleagues included.
    "notifications:notification-list": ("get", None, [302, 200, 200, 200, 200, 200]),
    "notifications:notification-open": ("post", "notification", [302, 302, 404, 404, 404, 404]),
    "notifications:notification-read": ("post", "notification", [302, 302, 404, 404, 404, 404]),
    "notifications:notification-read-all": ("post", None, [302, 302, 302, 302, 302, 302]),
    "notifications:profile": ("get", None, [302, 200, 200, 200, 200, 200]),
    "notifications:reminder-send": ("post", None, [302, 403, 403, 403, 302, 302]),
    "desks:desk": ("get", None, [302, 200, 200, 200, 200, 200]),
    # The task ledger is the city's view of who does what: not a district's, nor a department's.
    "ledger:ledger": ("get", None, [302, 403, 403, 403, 200, 200]),
    "ledger:unit-notes": ("get", "ledger_cell", [302, 403, 403, 403, 200, 200]),
    "bulletins:archive": ("get", None, [302, 403, 403, 403, 200, 200]),
    "bulletins:bulletin-draft": ("get", None, [302, 403, 403, 403, 200, 200]),
    # The old address of issuing: a redirect to drafting, for everyone logged in (drafting decides who may).
    "bulletins:bulletin-issue": ("get", None, [302, 302, 302, 302, 302, 302]),
    "bulletins:draft-docx": ("get", None, [302, 403, 403, 403, 200, 200]),
    "bulletins:bulletin-detail": ("get", "issued_bulletin", [302, 404, 404, 404, 200, 200]),
    "bulletins:bulletin-docx": ("get", "issued_bulletin", [302, 404, 404, 404, 200, 200]),
    "bulletins:bulletin-xlsx": ("get", "issued_bulletin", [302, 404, 404, 404, 200, 200]),
    # The chain's steps on an issued bulletin: 403 for a person without the step's permission (the coordinator
    # neither checks nor signs); the superuser passes and its empty form is refused on the bulletin's page (200, with
    # the error), as is the coordinator's.
    "bulletins:bulletin-redraft": ("post", "issued_bulletin", [302, 404, 404, 404, 200, 200]),
    "bulletins:bulletin-check": ("post", "issued_bulletin", [302, 404, 404, 404, 403, 200]),
    "bulletins:bulletin-sign": ("post", "issued_bulletin", [302, 404, 404, 404, 403, 200]),
    "bulletins:bulletin-send-back": ("post", "issued_bulletin", [302, 404, 404, 404, 403, 200]),
    "bulletins:bulletin-issue-step": ("post", "issued_bulletin", [302, 404, 404, 404, 200, 200]),
    # The progress report to the province speaks for the city on every measure: the bulletin's readers only.
    "progressreports:report-list": ("get", None, [302, 403, 403, 403, 200, 200]),
    "progressreports:report-start": ("get", None, [302, 403, 403, 403, 200, 200]),
    "progressreports:report-detail": ("get", "progress_report", [302, 404, 404, 404, 200, 200]),
    "progressreports:report-docx": ("get", "progress_report", [302, 404, 404, 404, 200, 200]),
    # Its chain's steps on an issued report, as the bulletin's: an empty form is refused on the page (200).
    "progressreports:report-edit": ("post", "progress_report", [302, 404, 404, 404, 200, 200]),
    "progressreports:report-check": ("post", "progress_report", [302, 404, 404, 404, 403, 200]),
    "progressreports:report-sign": ("post", "progress_report", [302, 404, 404, 404, 403, 200]),
    "progressreports:report-send-back": ("post", "progress_report", [302, 404, 404, 404, 403, 200]),
    "progressreports:report-issue": ("post", "progress_report", [302, 404, 404, 404, 200, 200]),
}
# URLs that are not pages of their own: Django's language switch (POST, open to all) and logout (POST).
OUTSIDE_THE_MATRIX = {"set_language", "logout"}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - OUTSIDE_THE_MATRIX == set(MATRIX)


@pytest.fixture
def objects(plan, unit_hc, staff_hc, coordinator):
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=6)
    filing = PlanFiling.objects.create(
        plan=plan,
        unit=unit_hc,
        version=1,
        file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        original_name="方案.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=13,
        targets="目标",
        schedule="进度",
        filed_at=timezone.now(),
        filed_by=staff_hc,
    )
    assessment = Assessment.objects.create(
        plan=plan,
        unit=unit_hc,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 6, 30),
        assessed_by=coordinator,
    )
    practice = GoodPractice.objects.create(
        unit=unit_hc,
        measure=Measure.objects.filter(action__plan=plan).first(),
        title="零工市场",
        body="经验",
        submitted_by=staff_hc,
    )
    import_log = ImportLog.objects.create(
        user=staff_hc,
        plan=plan,
        monthly_return=monthly_return,
        file_name="hc.xlsx",
        sheets=b"",  # what the upload parsed: nothing readable
    )
    notification = Notification.objects.create(
        recipient=staff_hc,
        kind=NotificationKind.REMINDER,
        plan=plan,
        unit=unit_hc,
        month=6,
        monthly_return=monthly_return,
    )
    question = ReturnQuestion.objects.create(
        monthly_return=monthly_return,
        indicator=Indicator.objects.get(code="I1.2.1"),
        text="请核实",
        asked_by=coordinator,
    )
    issued = IssuedBulletin.objects.create(
        plan=plan,
        month=6,
        status=Stage.ISSUED,
        drafted_by=coordinator,
        number="威人社字〔2023〕45号",
        issued_on=datetime.date(2023, 7, 8),
        recipients="各区市人力资源社会保障局",
        snapshot=bulletin_snapshot(plan=plan, month=6, units=list(ReportingUnit.objects.leaves())),
        issued_by=coordinator,
    )
    report = _issued_report(plan=plan, coordinator=coordinator)
    return {
        "progress_report": [report.pk],
        "notification": [notification.pk],
        "issued_bulletin": [issued.pk],
        "year": [plan.year],
        "year_unit": [plan.year, unit_hc.code],
        "return": [monthly_return.pk],
        "question": [question.pk],
        "filing": [filing.pk],
        "assessment": [assessment.pk],
        "practice": [practice.pk],
        "import_log": [import_log.pk],
        "indicator": ["I1.2.1"],
        "export_query": [],
        "ledger_cell": [plan.year, unit_hc.code, 1, 1],
    }


def _issued_report(*, plan, coordinator):
    """An issued half-year report with its kept .docx."""
    from progressreports.docx import render_report_docx
    from progressreports.models import ProgressReport, ProgressReportFile
    from progressreports.selectors import report_sources
    from progressreports.writing import draft_content

    snapshot = report_sources(user=coordinator, plan=plan, month_from=1, month_to=6)
    report = ProgressReport.objects.create(
        plan=plan,
        month_from=1,
        month_to=6,
        status=Stage.ISSUED,
        title="关于2023年上半年新市民乐业行动工作进展情况的报告",
        recipients="省人力资源社会保障厅",
        snapshot=snapshot,
        content=draft_content(snapshot),
        number="威人社字〔2023〕50号",
        issued_on=datetime.date(2023, 7, 10),
        signer_name="分管副局长",
        drafted_by=coordinator,
        issued_by=coordinator,
    )
    content = render_report_docx(report)
    ProgressReportFile.objects.create(
        report=report, content=content, sha256=ProgressReportFile.checksum(content), size=len(content)
    )
    return report


QUERIES = {"export_query": lambda plan: f"?plan={plan.pk}&file_format=xlsx"}


@pytest.mark.parametrize("name", MATRIX)
def test_each_role_gets_the_expected_status(client, personas, objects, plan, name):
    method, key, expected = MATRIX[name]
    url = reverse(name, args=objects[key] if key else []) + (QUERIES[key](plan) if key in QUERIES else "")
    got = []
    for role in ROLES:
        client.logout()
        if personas[role] is not None:
            client.force_login(personas[role])
        response = getattr(client, method)(url)
        got.append(response.status_code)
        if role == "anonymous" and response.status_code == 302 and name not in ("filings:filing-current",):
            assert response["Location"].startswith(reverse("login")), name
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


ADMIN_PAGES = ["admin:index", "admin:reports_monthlyreturn_changelist", "admin:imports_importlog_changelist"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_only_admins_reach_the_admin_site(client, personas, objects, name):
    got = {}
    for role in ROLES:
        client.logout()
        if personas[role] is not None:
            client.force_login(personas[role])
        got[role] = client.get(reverse(name)).status_code
    assert got == {
        "anonymous": 302,
        "own_staff": 302,
        "other_staff": 302,
        "viewer": 302,
        "coordinator": 302,
        "admin": 200,
    }


# Every export and download as a department viewer (市教育局, measure 5.4): the status, and the indicators it names.
# url name, args key, query, expected status; a 200 must name no indicator but the department's own I5.4.1.
VIEWER_DOWNLOADS = [
    ("imports:figures-export", None, "?plan={plan}&file_format=csv", 200),
    ("imports:figures-export", None, "?plan={plan}&file_format=xlsx", 200),
    ("imports:template-download", None, "?plan={plan}&unit=HC&month=6", 403),
    ("imports:template-download", None, "?plan={plan}&month=6", 403),
    ("dashboards:bulletin-xlsx", None, "?year=2023&month=6", 403),
    ("dashboards:progress", None, "?year=2023&month=6&format=xlsx", 200),
    ("dashboards:matrix", None, "?year=2023&month=6&format=xlsx", 200),
    ("dashboards:api-progress", None, "?year=2023&month=6", 200),
    ("dashboards:indicator-detail", "own_indicator", "?year=2023&month=6", 200),
    ("dashboards:indicator-trend", "own_indicator", "?year=2023&month=6", 200),
    ("filings:filing-download", "filing", "", 200),
]


@pytest.mark.parametrize(("name", "key", "query", "expected"), VIEWER_DOWNLOADS)
def test_a_department_viewer_downloads_only_its_departments_indicators(
    client, personas, objects, plan, name, key, query, expected
):
    monthly_return = MonthlyReturn.objects.get(pk=objects["return"][0])
    Figure.objects.bulk_create(
        Figure(monthly_return=monthly_return, indicator=i, numerator=1, denominator=2, value=None if i.is_ratio else 5)
        for i in Indicator.objects.filter(plan=plan)
    )
    client.force_login(personas["viewer"])
    args = {**objects, "own_indicator": ["I5.4.1"]}[key] if key else []
    response = client.get(reverse(name, args=args) + query.format(plan=plan.pk))
    assert response.status_code == expected
    if response.status_code == 200:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if response["Content-Type"].startswith("application/vnd.openxmlformats"):
            # An .xlsx is a zip: read its cells, not its compressed bytes.
            workbook = load_workbook(io.BytesIO(content), read_only=True)
            text = " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
        else:
            text = content.decode("utf-8-sig", errors="replace")
        assert set(re.findall(r"\bI\d+\.\d+\.\d+\b", text)) <= {"I5.4.1"}


# The admin's user pages under each role, and under a 系统管理员 who is not a superuser ("plan_admin"): it manages
# district staff, but neither opens a coordinator's account for change nor sets its password (accounts.rights).
# url name, whose account, expected status per role in ROLES order and then plan_admin.
ADMIN_USER_PAGES = [
    ("admin:accounts_user_changelist", None, [302, 302, 302, 302, 302, 200, 200]),
    ("admin:accounts_user_add", None, [302, 302, 302, 302, 302, 200, 200]),
    ("admin:accounts_user_change", "own_staff", [302, 302, 302, 302, 302, 200, 200]),
    ("admin:auth_user_password_change", "own_staff", [302, 302, 302, 302, 302, 200, 200]),
    ("admin:accounts_user_change", "coordinator", [302, 302, 302, 302, 302, 200, "view"]),
    ("admin:auth_user_password_change", "coordinator", [302, 302, 302, 302, 302, 200, 403]),
    ("admin:auth_user_password_change", "admin", [302, 302, 302, 302, 302, 302, 403]),
    ("admin:accounts_user_delete", "coordinator", [302, 302, 302, 302, 302, 200, 403]),
]


@pytest.mark.parametrize(("name", "whose", "expected"), ADMIN_USER_PAGES)
def test_the_admins_user_pages_under_each_role(client, personas, make_user, name, whose, expected):
    from accounts.roles import PLAN_ADMIN

    people = {**personas, "plan_admin": make_user("plan-admin", PLAN_ADMIN, is_staff=True)}
    url = reverse(name, args=[people[whose].pk] if whose else [])
    got = []
    for role in [*ROLES, "plan_admin"]:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.get(url)
        if (
            response.status_code == 200
            and b'name="_save"' not in response.content
            and name == "admin:accounts_user_change"
        ):
            got.append("view")  # the read-only view of an account one may not change
        else:
            got.append(response.status_code)
    assert got == expected
