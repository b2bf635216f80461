"""Hostile input on every form and import path: a clear error in Chinese, never a 500, nothing saved."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from actions.models import Indicator, Measure
from filings.models import PlanFiling
from imports.models import ImportLog
from reports.models import ChangeEntry, Figure, MeasureProgress

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["区市代码", "月份", "指标代码", "本月数值"])
    workbook.active.append(["HC", "2023-06", "I1.2.1", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (80 * 1024 * 1024))
    return buffer.getvalue()


HOSTILE_FILES = {
    "not_a_workbook": ("returns.xlsx", b"MZ\x90\x00 this is an executable, not a workbook"),
    "truncated": ("returns.xlsx", _real_xlsx()[:900]),
    "zip_bomb": ("returns.xlsx", _zip_bomb()),
    "html_as_csv": ("returns.csv", b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00" + bytes(range(256))),
    "empty": ("returns.xlsx", b""),
}


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_a_hostile_file_gets_a_clear_error_and_writes_nothing(client, admin_user, plan, case):
    name, data = HOSTILE_FILES[case]
    client.force_login(admin_user)
    response = client.post(
        reverse("imports:import-upload"), {"plan": plan.pk, "file": SimpleUploadedFile(name, data, content_type=XLSX)}
    )
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert 'role="alert"' in page or "errorlist" in page
    assert not ImportLog.objects.filter(status=ImportLog.Status.APPLIED).exists()
    assert not Figure.objects.exists()


def _post_return(client, monthly_return, **fields):
    form = client.get(reverse("reports:return-edit", args=[monthly_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data["version"] = monthly_return.version
    data.update(fields)
    return client.post(reverse("reports:return-edit", args=[monthly_return.pk]), data)


@pytest.mark.parametrize("typed", ["Infinity", "-Infinity", "1e400", "NaN", "1" * 40, "0x10", "１２,,３", "<b>5</b>"])
def test_odd_numbers_on_the_return_form_are_refused_without_a_500(client, staff_hc, hc_return, plan, typed):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")
    client.force_login(staff_hc)
    response = _post_return(client, hc_return, **{f"val_{flow.pk}": typed})
    assert response.status_code == 200
    assert response.context["form"].errors[f"val_{flow.pk}"]
    assert not Figure.objects.exists() and not ChangeEntry.objects.exists()


def test_markup_in_a_progress_note_is_shown_escaped(client, staff_hc, coordinator, hc_return, plan):
    measure = Measure.objects.filter(action__plan=plan).order_by("action__number", "number").first()
    client.force_login(staff_hc)
    response = _post_return(client, hc_return, **{f"note_{measure.pk}": '<script>alert("x")</script>'})
    assert response.status_code == 302
    client.force_login(coordinator)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_very_long_note_is_refused_and_nothing_is_saved(client, staff_hc, hc_return, plan):
    measure = Measure.objects.filter(action__plan=plan).first()
    client.force_login(staff_hc)
    response = _post_return(client, hc_return, **{f"note_{measure.pk}": "长" * 20000})
    assert response.status_code == 200
    assert "2000" in str(response.context["form"].errors[f"note_{measure.pk}"])
    assert not MeasureProgress.objects.exists()


def test_a_forged_version_or_unknown_fields_do_not_break_the_form(client, staff_hc, hc_return):
    client.force_login(staff_hc)
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), {"version": "abc", "val_999999": "5"})
    assert response.status_code == 200
    assert not Figure.objects.exists()


def test_a_fake_pdf_filing_is_refused(client, staff_hc, plan):
    client.force_login(staff_hc)
    response = client.post(
        reverse("filings:filing-create", args=[plan.year, "HC"]),
        {"file": SimpleUploadedFile("方案.pdf", b"<html>not a pdf</html>"), "targets": "t", "schedule": "s"},
    )
    assert response.status_code in (200, 400)
    assert not PlanFiling.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["?year=abc&month=13", "?year=99999&month=-1", "?year=2023&month=6&level=<script>", "?include_submitted=%00"],
)
def test_odd_dashboard_parameters_never_give_a_500(client, coordinator, plan, query):
    client.force_login(coordinator)
    for name in ("dashboards:progress", "dashboards:matrix", "dashboards:timeliness", "dashboards:bulletin"):
        assert client.get(reverse(name) + query).status_code in (200, 400, 404), name
    assert client.get(reverse("dashboards:api-progress") + query).status_code in (200, 400, 404)


def test_a_review_reason_full_of_markup_is_stored_as_text(client, staff_hc, coordinator, hc_return):
    client.force_login(staff_hc)
    client.post(reverse("reports:return-submit", args=[hc_return.pk]))
    client.force_login(coordinator)
    client.post(
        reverse("reports:return-review", args=[hc_return.pk]),
        {"decision": "send_back", "reason": "<img src=x onerror=alert(1)>"},
    )
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


@pytest.mark.parametrize("year", ["²", "٣", "2023abc", "-1"])
def test_an_odd_year_on_the_return_pages_never_gives_a_500(client, staff_hc, plan, year):
    client.force_login(staff_hc)
    assert client.get(reverse("reports:return-list"), {"year": year}).status_code in (200, 404)
    assert client.post(reverse("reports:return-start") + f"?year={year}", {"month": "3"}).status_code in (302, 404)
