from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from filings.models import Assessment
from filings.selectors import latest_assessments
from filings.services import AssessmentItemInput, assessment_record

from .conftest import local


@pytest.fixture
def assessment(plan, hc, coordinator):
    return assessment_record(
        plan=plan,
        unit=hc,
        user=coordinator,
        period_start=local(2023, 1, 1).date(),
        period_end=local(2023, 6, 30).date(),
        items={plan.actions.get(number=1).pk: AssessmentItemInput(score=Decimal("88"), comment="进度较快")},
        overall_grade="good",
        comments="上半年督察意见",
    )


@pytest.mark.parametrize(
    "persona, count",
    [("staff_hc", 1), ("staff_wd", 0), ("coordinator", 1), ("viewer", 1), ("plan_admin", 1)],
    indirect=["persona"],
)
def test_the_list_shows_the_unit_its_own_assessments_only(client, assessment, persona, count):
    response = client.get(reverse("filings:assessment-list", args=[2023]))
    assert response.status_code == 200
    assert len(response.context["assessments"]) == count


def test_the_list_pins_its_queries(client, assessment, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    # user, plan year, assessments with units, items with actions (the session and the permissions come from the
    # cache: the assessment's service already read the coordinator's permissions)
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    with django_assert_num_queries(5):
        response = client.get(reverse("filings:assessment-list", args=[2023]))
    assert "2023年1月–2023年6月" in response.content.decode()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 200),
        ("staff_wd", 404),
        ("coordinator", 200),
        ("viewer", 200),
        ("plan_admin", 200),
    ],
    indirect=["persona"],
)
def test_an_assessment_is_seen_by_its_unit_and_the_city(client, assessment, persona, status):
    response = client.get(reverse("filings:assessment-detail", args=[assessment.pk]))
    assert response.status_code == status
    if status == 200:
        # The overall comments speak of every action: a department viewer reads only its actions' parts.
        assert ("上半年督察意见" in response.content.decode()) is (persona.username != "viewer")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 403),
        ("staff_wd", 403),
        ("coordinator", 200),
        ("viewer", 403),
        ("plan_admin", 403),
    ],
    indirect=["persona"],
)
def test_only_coordinators_open_the_assessment_form(client, plan, persona, status):
    assert client.get(reverse("filings:assessment-create", args=[2023])).status_code == status


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 403),
        ("staff_wd", 404),
        ("coordinator", 200),
        ("viewer", 403),
        ("plan_admin", 403),
    ],
    indirect=["persona"],
)
def test_only_coordinators_correct_an_assessment(client, assessment, persona, status):
    assert client.get(reverse("filings:assessment-edit", args=[assessment.pk])).status_code == status


def test_a_coordinator_records_an_assessment_through_the_form(client, plan, hc, coordinator):
    client.force_login(coordinator)
    action1, action3 = plan.actions.get(number=1), plan.actions.get(number=3)
    response = client.post(
        reverse("filings:assessment-create", args=[2023]),
        {
            "unit": hc.pk,
            "period_start": "2023-01-01",
            "period_end": "2023-09-30",
            "overall_grade": "excellent",
            "comments": "前三季度",
            f"score_{action1.pk}": "95",
            f"grade_{action3.pk}": "good",
            f"comment_{action3.pk}": "培训到位",
        },
    )
    assessment = Assessment.objects.get()
    assert response.url == reverse("filings:assessment-detail", args=[assessment.pk])
    assert [(i.action.number, i.score, i.grade) for i in assessment.items.all()] == [
        (1, Decimal(95), ""),
        (3, None, "good"),
    ]


def test_a_period_that_ends_before_it_starts_is_refused(client, plan, hc, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("filings:assessment-create", args=[2023]),
        {"unit": hc.pk, "period_start": "2023-06-01", "period_end": "2023-01-31", "overall_grade": "good"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"]
    assert not Assessment.objects.exists()


def test_the_latest_assessments_partial_renders_for_the_dashboard(assessment, plan):
    html = render_to_string("filings/includes/latest_assessments.html", {"assessments": latest_assessments(plan=plan)})
    assert "环翠区" in html and "2023年6月" in html and "88" in html
    empty = render_to_string("filings/includes/latest_assessments.html", {"assessments": []})
    assert "<table" not in empty


@pytest.fixture
def assessed_on_every_action(plan, hc, coordinator):
    items = {
        action.pk: AssessmentItemInput(score=Decimal(f"7{action.number}.5"), comment=f"行动{action.number}点评")
        for action in plan.actions.all()
    }
    return assessment_record(
        plan=plan,
        unit=hc,
        user=coordinator,
        period_start=local(2023, 1, 1).date(),
        period_end=local(2023, 6, 30).date(),
        items=items,
        overall_grade="good",
        comments="上半年总体督察意见",
    )


@pytest.mark.parametrize("page", ["list", "detail"])
def test_a_department_viewer_reads_only_its_actions_scores_and_comments(client, assessed_on_every_action, page):
    from accounts.models import User
    from accounts.roles import DEPARTMENT_VIEWER, roles_ensure
    from actions.models import ResponsibleUnit

    viewer = User.objects.create_user("edu", responsible_unit=ResponsibleUnit.objects.get(code="EDU"))
    viewer.groups.add(roles_ensure()[DEPARTMENT_VIEWER])
    url = (
        reverse("filings:assessment-list", args=[2023])
        if page == "list"
        else reverse("filings:assessment-detail", args=[assessed_on_every_action.pk])
    )
    client.force_login(viewer)  # 市教育局: measure 5.4, action 5
    text = client.get(url).content.decode()
    assert "行动5点评" in text or page == "list"
    assert "75.5" in text
    for number in (1, 2, 3, 4):
        assert f"行动{number}点评" not in text and f"7{number}.5" not in text
    assert "上半年总体督察意见" not in text


def test_the_coordinator_reads_the_whole_assessment(client, assessed_on_every_action, coordinator):
    client.force_login(coordinator)
    text = client.get(reverse("filings:assessment-detail", args=[assessed_on_every_action.pk])).content.decode()
    assert all(f"行动{n}点评" in text for n in range(1, 6)) and "上半年总体督察意见" in text


def test_a_grade_that_does_not_follow_its_score_is_refused_and_says_why(client, plan, hc, coordinator):
    client.force_login(coordinator)
    action1 = plan.actions.get(number=1)
    response = client.post(
        reverse("filings:assessment-create", args=[2023]),
        {
            "unit": hc.pk,
            "period_start": "2023-01-01",
            "period_end": "2023-06-30",
            f"score_{action1.pk}": "95",
            f"grade_{action1.pk}": "poor",
        },
    )
    assert response.status_code == 200
    assert "行动1：95分的等次是优秀，不是较差" in response.content.decode()
    assert not Assessment.objects.exists()
