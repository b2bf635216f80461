"""Every .xlsx the app hands out prints as it should: A4 landscape, one page wide (fitToPage set, as Excel needs it),
and the table's header repeated on every printed page."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from imports.workbooks import export_xlsx

# (url name, query, who asks); each sheet repeats its column headings, found as the first row of bold cells
DOWNLOADS = [
    ("dashboards:progress", "?year=2023&month=6&format=xlsx", "coordinator"),
    ("dashboards:matrix", "?year=2023&month=6&format=xlsx", "coordinator"),
    ("dashboards:timeliness", "?year=2023&month=6&format=xlsx", "coordinator"),
    ("dashboards:bulletin-xlsx", "?year=2023&month=6", "coordinator"),
    ("reports:return-list", "?year=2023&format=xlsx", "coordinator"),
    ("imports:figures-export", "?plan={plan}&file_format=xlsx", "coordinator"),
    ("imports:template-download", "?plan={plan}&unit=HC&month=6", "staff"),
    ("imports:template-download", "?plan={plan}&month=6", "plan_admin"),  # every unit's sheet
]


@pytest.fixture
def half_year(plan, units, make_return):
    """环翠区 and 文登区 file January to June, approved."""
    for month in range(1, 7):
        make_return(units["HC"], month, {"I1.2.2": 1000, "I1.5.1": 2})
        make_return(units["WD"], month, {"I1.2.2": 345})


def _prints_as_it_should(ws) -> None:
    assert ws.page_setup.paperSize in (9, "9"), ws.title  # A4
    assert ws.page_setup.orientation == "landscape", ws.title
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title


def _header_row(ws) -> int | None:
    """The first row with a bold cell in each of its first two columns: the table's column headings."""
    for row in ws.iter_rows(min_row=1, max_row=12):
        cells = [c for c in row[:2] if c.value not in (None, "")]
        if len(cells) == 2 and all(c.font.bold for c in cells):
            return cells[0].row
    return None


@pytest.mark.parametrize(("name", "query", "who"), DOWNLOADS)
def test_every_xlsx_download_prints_one_page_wide_in_landscape_with_its_header_repeated(
    client, request, plan, half_year, name, query, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name) + query.format(plan=plan.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets
    for ws in workbook.worksheets:
        _prints_as_it_should(ws)
        header = _header_row(ws)
        if header is None:  # the template's instructions: text, no table
            assert ws.max_column == 1 and not ws.print_title_rows, ws.title
            continue
        assert re.fullmatch(rf"\$?{header}:\$?{header}", ws.print_title_rows or ""), (ws.title, ws.print_title_rows)


def test_the_admins_export_prints_the_same_way():
    workbook = load_workbook(io.BytesIO(export_xlsx(sheets=[("figures", ["code", "value"], [["I1.2.2", 5]])])))
    ws = workbook.worksheets[0]
    _prints_as_it_should(ws)
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_the_bulletin_workbook_is_fitted_to_one_page_wide(client, coordinator, half_year):
    client.force_login(coordinator)
    content = client.get(reverse("dashboards:bulletin-xlsx"), {"year": 2023, "month": 6}).content
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows.replace("$", "") == "4:4"  # the ranked table's headings


def test_every_module_that_writes_a_workbook_sets_it_up_for_print(settings):
    """A new writer cannot skip the helper: each module that makes a Workbook calls ``sheet_print_setup``."""
    root = settings.BASE_DIR
    writers = [
        path
        for path in root.rglob("*.py")
        if not {"tests", "benchmarks", ".venv", "node_modules"} & set(path.relative_to(root).parts)
        and "Workbook()" in path.read_text(encoding="utf-8")
    ]
    assert len(writers) >= 3  # the tables, the bulletin, the template and exports
    assert [p.name for p in writers if "sheet_print_setup(" not in p.read_text(encoding="utf-8")] == []
