"""Rankings only where they are official: the coordinator's bulletin ranks the units on every indicator; a department
viewer sees its own indicators across the units, never a ranking or a score built from them, on any page, download
or in the API."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import DEPARTMENT_VIEWER
from actions.models import ResponsibleUnit
from dashboards.services import api_token_create

JUNE = {"year": 2023, "month": 6}


@pytest.fixture
def edu(make_user, plan):
    """市教育局: measure 5.4 only, whose indicator is I5.4.1 (随迁子女在公办学校就读比例)."""
    return make_user("edu", DEPARTMENT_VIEWER, responsible_unit=ResponsibleUnit.objects.get(code="EDU"))


@pytest.fixture
def june(plan, units, make_return):
    for month in range(1, 7):
        make_return(units["HC"], month, {"I5.4.1": (90, 100), "I1.5.1": 2})
        make_return(units["WD"], month, {"I5.4.1": (80, 100), "I1.5.1": 1}, late=month == 3)


def _workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)


@pytest.mark.parametrize("name", ["dashboards:bulletin", "dashboards:bulletin-xlsx", "bulletins:draft-docx"])
def test_a_department_viewer_cannot_open_the_printable_bulletin(client, edu, june, name):
    client.force_login(edu)
    assert client.get(reverse(name), JUNE).status_code == 403


@pytest.mark.parametrize("name", ["dashboards:bulletin", "dashboards:bulletin-xlsx", "bulletins:draft-docx"])
def test_the_coordinator_opens_the_printable_bulletin(client, coordinator, june, name):
    client.force_login(coordinator)
    assert client.get(reverse(name), JUNE).status_code == 200


def test_the_dashboard_links_to_the_bulletin_only_for_who_may_open_it(client, edu, coordinator, june):
    link = f'href="{reverse("dashboards:bulletin")}'
    client.force_login(edu)
    assert link not in client.get(reverse("dashboards:progress"), JUNE).content.decode()
    client.force_login(coordinator)
    assert link in client.get(reverse("dashboards:progress"), JUNE).content.decode()


def test_the_matrix_shows_a_department_viewer_no_completion_score(client, edu, coordinator, june):
    client.force_login(edu)
    page = client.get(reverse("dashboards:matrix"), JUNE).content.decode()
    assert 'data-code="I5.4.1"' in page  # its own indicator, across the units
    assert "<tfoot>" not in page and "任务完成得分" not in page and "完成得分" not in page
    client.force_login(coordinator)
    assert "<tfoot>" in client.get(reverse("dashboards:matrix"), JUNE).content.decode()


def test_the_matrix_download_carries_no_completion_score_for_a_department_viewer(client, edu, coordinator, june):
    client.force_login(edu)
    response = client.get(reverse("dashboards:matrix"), {**JUNE, "format": "xlsx"})
    assert response.status_code == 200
    text = _workbook_text(response.content)
    assert "随迁子女" in text and "完成得分" not in text
    client.force_login(coordinator)
    assert "完成得分" in _workbook_text(client.get(reverse("dashboards:matrix"), {**JUNE, "format": "xlsx"}).content)


def test_the_api_gives_a_department_viewer_the_units_without_a_ranking(client, edu, coordinator, june):
    client.force_login(edu)
    answer = client.get(reverse("dashboards:api-progress"), JUNE).json()
    assert [i["code"] for i in answer["indicators"]] == ["I5.4.1"]
    assert set(answer["indicators"][0]["units"]) >= {"HC", "WD"}  # its indicator, unit by unit
    assert answer["units"] and all(set(u) == {"code", "name"} for u in answer["units"])
    client.force_login(coordinator)
    ranked = client.get(reverse("dashboards:api-progress"), JUNE).json()["units"]
    assert ranked[0]["rank"] == 1 and {"completion_score", "on_time_rate", "composite"} <= set(ranked[0])


def test_a_department_viewers_api_token_gets_no_ranking_either(client, edu, june):
    _token, key = api_token_create(user=edu, name="edu")
    answer = client.get(reverse("dashboards:api-progress"), JUNE, HTTP_AUTHORIZATION=f"Token {key}").json()
    assert all("rank" not in u for u in answer["units"])


def test_the_desk_of_a_department_viewer_ranks_nobody(client, edu, june):
    client.force_login(edu)
    page = client.get(reverse("desks:desk")).content.decode()
    assert "随迁子女" in page
    assert "排名" not in page and "综合得分" not in page and "完成得分" not in page


def test_a_department_viewer_without_a_department_gets_no_coordinators_desk(client, make_user, plan, june):
    nobody = make_user("no-department", DEPARTMENT_VIEWER)
    client.force_login(nobody)
    page = client.get(reverse("desks:desk")).content.decode()
    assert "排名" not in page and "综合得分" not in page
    assert "线上线下招聘活动" not in page and "随迁子女" not in page  # no indicator at all
