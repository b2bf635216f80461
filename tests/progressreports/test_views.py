"""The report pages: who reaches them, starting a half-year report, choosing and editing its sentences, the chain's
buttons."""

import pytest
from django.urls import reverse

from bulletins.chain import Stage
from progressreports.models import ProgressReport
from progressreports.services import report_start

from .conftest import NOTE_HC, TODAY


@pytest.fixture
def started(plan, coordinator, half_year):
    return report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=TODAY)


PAGES = ["progressreports:report-detail", "progressreports:report-docx"]


@pytest.mark.parametrize("name", PAGES)
def test_district_staff_and_department_viewers_get_404_for_a_report(client, started, staff, viewer, name):
    for user in (staff, viewer):
        client.force_login(user)
        assert client.get(reverse(name, args=[started.pk])).status_code == 404


@pytest.mark.parametrize("name", ["progressreports:report-list", "progressreports:report-start"])
def test_district_staff_and_department_viewers_get_403_for_the_list_and_the_start(client, plan, staff, viewer, name):
    for user in (staff, viewer):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_the_checker_sees_the_report_but_cannot_start_one(client, started, checker):
    client.force_login(checker)
    assert client.get(reverse("progressreports:report-detail", args=[started.pk])).status_code == 200
    assert client.get(reverse("progressreports:report-start")).status_code == 403


def test_a_coordinator_starts_a_half_year_report_from_the_page(client, plan, coordinator, half_year, settings):
    settings.NEWCITIZEN_TODAY = TODAY
    client.force_login(coordinator)
    response = client.post(reverse("progressreports:report-start"), {"year": 2023, "period": "half"})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "progressreports:report-detail", args=[report.pk]
    )
    assert (report.month_from, report.month_to) == (1, 6)
    page = client.get(response["Location"]).content.decode()
    assert "新开发城镇公益性岗位120个。" in page and "拟稿" in page


def test_a_range_without_its_months_is_refused(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("progressreports:report-start"), {"year": 2023, "period": "range"})
    assert response.status_code == 200 and not ProgressReport.objects.exists()


def _edit_data(report, **changes):
    data = {"version": report.version, "title": report.title, "assessments": "", "problems": "", "next_steps": ""}
    for m, measure in enumerate(report.content["measures"]):
        for i, sentence in enumerate(measure["sentences"]):
            data[f"s-{m}-{i}-text"] = sentence["text"]
            if sentence["chosen"]:
                data[f"s-{m}-{i}-use"] = "on"
    data.update(changes)
    return data


def test_the_coordinator_unticks_and_edits_sentences_on_the_page(client, started, coordinator):
    m = next(i for i, x in enumerate(started.content["measures"]) if x["code"] == "1.2")
    data = _edit_data(started, **{f"s-{m}-0-text": "新开发岗位130个。", "next_steps": "加快岗位开发。"})
    del data[f"s-{m}-1-use"]
    client.force_login(coordinator)
    response = client.post(reverse("progressreports:report-edit", args=[started.pk]), data)
    assert response.status_code == 302
    started.refresh_from_db()
    sentences = started.content["measures"][m]["sentences"]
    assert [(s["text"], s["chosen"]) for s in sentences] == [
        ("新开发岗位130个。", True),
        ("组织专场招聘会3场。", False),
    ]
    page = client.get(reverse("progressreports:report-detail", args=[started.pk])).content.decode()
    article = page[page.index("<article") :]
    assert "环翠区：新开发岗位130个。" in article and "组织专场招聘会3场" not in article
    assert "加快岗位开发。" in article
    assert NOTE_HC not in article


def test_an_edit_on_a_stale_page_saves_nothing(client, started, coordinator):
    client.force_login(coordinator)
    data = _edit_data(started, version=started.version + 5, problems="不应保存")
    response = client.post(reverse("progressreports:report-edit", args=[started.pk]), data)
    assert response.status_code == 200
    started.refresh_from_db()
    assert started.content["problems"] != "不应保存"


def test_the_chain_through_the_pages(client, started, coordinator, checker, signer):
    client.force_login(coordinator)
    page = client.get(reverse("progressreports:report-detail", args=[started.pk])).content.decode()
    assert reverse("progressreports:report-check", args=[started.pk]) not in page  # the drafter does not check
    client.force_login(checker)
    assert (
        client.post(
            reverse("progressreports:report-check", args=[started.pk]), {"version": started.version}
        ).status_code
        == 302
    )
    started.refresh_from_db()
    client.force_login(signer)
    assert (
        client.post(reverse("progressreports:report-sign", args=[started.pk]), {"version": started.version}).status_code
        == 302
    )
    started.refresh_from_db()
    client.force_login(coordinator)
    response = client.post(
        reverse("progressreports:report-issue", args=[started.pk]),
        {"version": started.version, "number": "威人社字〔2023〕50号", "issued_on": "2023-07-10"},
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == Stage.ISSUED
    page = client.get(reverse("progressreports:report-list")).content.decode()
    assert "威人社字〔2023〕50号" in page and "分管副局长" in page


def test_the_signer_sends_back_with_a_reason(client, started, checker, signer):
    client.force_login(checker)
    client.post(reverse("progressreports:report-check", args=[started.pk]), {"version": started.version})
    started.refresh_from_db()
    client.force_login(signer)
    url = reverse("progressreports:report-send-back", args=[started.pk])
    assert client.post(url, {"version": started.version, "reason": ""}).status_code == 200
    assert client.post(url, {"version": started.version, "reason": "补充下步打算"}).status_code == 302
    started.refresh_from_db()
    assert started.status == Stage.RETURNED


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, plan, issue_report, coordinator, django_assert_num_queries
):
    issue_report(plan)
    client.force_login(coordinator)
    client.get(reverse("progressreports:report-list"))  # warm the session and the permission caches
    # the user, the reports with their plan and people (one query, whatever their number), the header's unread
    # notifications.
    with django_assert_num_queries(3):
        response = client.get(reverse("progressreports:report-list"))
    assert response.status_code == 200
