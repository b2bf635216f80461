"""Every dashboard table exports to .xlsx, with the filters it was read with in its title rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


@pytest.fixture
def half_year(units, make_return):
    for month in range(1, 7):
        make_return(units["HC"], month, {"I1.5.1": 2, "I1.2.2": 1000})
        make_return(units["WD"], month, {"I1.5.1": 1}, late=month == 4)


def _sheets(response) -> dict[str, list[list]]:
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in workbook.worksheets}


def _texts(rows) -> list[str]:
    return [str(v) for row in rows for v in row if v is not None]


@pytest.mark.parametrize("name", ["dashboards:progress", "dashboards:matrix", "dashboards:timeliness"])
def test_each_table_exports_with_its_filters_in_the_title_rows(client, coordinator, half_year, name):
    client.force_login(coordinator)
    response = client.get(reverse(name), {"year": 2023, "month": 6, "unit": "HC", "submitted": "1", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('-202306.xlsx"')
    for rows in _sheets(response).values():
        head = _texts(rows[:6])
        assert "计划年度：2023" in head
        assert "统计期间：2023年1月至2023年6月" in head
        assert "层级：环翠区" in head
        assert "统计口径：含已报送未审核的月报" in head


def test_the_progress_export_carries_the_page_numbers(client, coordinator, half_year):
    client.force_login(coordinator)
    (rows,) = _sheets(client.get(reverse("dashboards:progress"), {"year": 2023, "month": 6, "format": "xlsx"})).values()
    recruiting = next(row for row in rows if row[1] == "I1.5.1")
    assert recruiting[4] == 18  # (2 + 1) × 6
    assert recruiting[6] == 30  # 18 of 60
    assert "层级：全市" in _texts(rows[:6]) and "统计口径：只统计审核通过的月报" in _texts(rows[:6])


def test_the_timeliness_export_is_a_unit_by_month_grid(client, coordinator, half_year):
    client.force_login(coordinator)
    (rows,) = _sheets(
        client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 6, "format": "xlsx"})
    ).values()
    wd = next(row for row in rows if row[0] == "文登区")
    assert wd[1:7] == ["按时", "按时", "按时", "逾期", "按时", "按时"]


def test_district_staff_export_only_their_own_unit(client, staff, half_year):
    client.force_login(staff)
    (rows,) = _sheets(
        client.get(reverse("dashboards:timeliness"), {"year": 2023, "month": 6, "format": "xlsx"})
    ).values()
    units = [row[0] for row in rows[6:] if row[0]]
    assert "环翠区" in units and "文登区" not in units
