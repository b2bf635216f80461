"""Every table says its units: the matrix download has a unit column, the bulletin's scores say they are points."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

JUNE = {"year": 2023, "month": 6}


@pytest.fixture
def half_year(units, make_return):
    for month in range(1, 7):
        make_return(units["HC"], month, {"I1.5.1": 2, "I1.2.2": 1000})
        make_return(units["WD"], month, {"I1.5.1": 1})


def _rows(content: bytes, sheet: str) -> list[list]:
    ws = load_workbook(io.BytesIO(content))[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_matrix_download_gives_each_indicator_its_unit(client, coordinator, half_year):
    client.force_login(coordinator)
    rows = _rows(client.get(reverse("dashboards:matrix"), {**JUNE, "format": "xlsx"}).content, "累计完成")
    header = next(row for row in rows if row[0] == "指标")
    assert header[:3] == ["指标", "计量单位", "环翠区"]
    recruiting = next(row for row in rows if row[0] == "线上线下招聘活动")
    assert recruiting[1:4] == ["场", 12, 6]


def test_the_bulletin_page_and_workbook_say_the_scores_are_points(client, coordinator, half_year):
    client.force_login(coordinator)
    page = client.get(reverse("dashboards:bulletin"), JUNE).content.decode()
    assert "任务完成得分（分）" in page and "综合得分（分）" in page and "按时报送率（%）" in page
    rows = _rows(client.get(reverse("dashboards:bulletin-xlsx"), JUNE).content, "2023")
    assert rows[3][2:5] == ["任务完成得分（分）", "按时报送率（%）", "综合得分（分）"]
