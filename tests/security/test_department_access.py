"""A department's own return (部门报送) against every kind of person: its staff, another department's, a district's,
the coordinator and the admin. Another unit's return answers 404, never telling whether it exists."""

import pytest
from django.urls import reverse

from actions.models import ResponsibleUnit
from reports.models import MonthlyReturn

PEOPLE = ["fin", "psb", "own_staff", "viewer", "coordinator", "admin"]

# url name, method, expected status per person in PEOPLE order, for 市财政局's June return (a draft).
PAGES = [
    ("reports:return-detail", "get", [200, 404, 404, 404, 200, 200]),
    ("reports:return-edit", "get", [200, 404, 404, 404, 403, 403]),
    ("reports:return-history", "get", [200, 404, 404, 404, 200, 200]),
    ("reports:return-submit", "post", [302, 404, 404, 404, 403, 403]),
    ("reports:return-review", "post", [403, 404, 404, 404, 200, 200]),
]


@pytest.fixture
def people(personas, department_staff):
    return {**personas, "fin": department_staff("fin", "FIN"), "psb": department_staff("psb", "PSB")}


@pytest.mark.parametrize(("name", "method", "expected"), PAGES)
def test_a_departments_return_under_each_person(client, plan, people, name, method, expected):
    june = MonthlyReturn.objects.create(plan=plan, unit=ResponsibleUnit.objects.get(code="FIN").reporting_unit, month=6)
    got = []
    for who in PEOPLE:
        client.force_login(people[who])
        got.append(getattr(client, method)(reverse(name, args=[june.pk])).status_code)
        june.refresh_from_db()
        if june.status != "draft":  # the department's submit went through: put it back for the next person
            MonthlyReturn.objects.filter(pk=june.pk).update(status="draft")
    assert got == expected


def test_the_returns_list_shows_a_department_its_own_row_and_the_districts(client, plan, people):
    client.force_login(people["fin"])
    codes = [unit.code for unit, _slots in client.get(reverse("reports:return-list")).context["rows"]]
    assert codes[:8] == ["HC", "WD", "RC", "RS", "GQ", "JQ", "LG", "NH"] and codes[8:] == ["DEPT-FIN"]
    client.force_login(people["coordinator"])
    codes = [unit.code for unit, _slots in client.get(reverse("reports:return-list")).context["rows"]]
    assert len(codes) == 8 + 9
