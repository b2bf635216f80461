import pytest
from django.urls import reverse

from accounts.models import User
from filings.models import FilingStatus, PlanFiling
from filings.services import plan_filing_send_back, plan_filing_submit

from .conftest import local, pdf_file

ALL = ["anonymous", "staff_hc", "staff_wd", "coordinator", "viewer", "plan_admin"]


@pytest.fixture
def filing(plan, hc, staff_hc):
    """环翠区 filed on time, awaiting review."""
    return plan_filing_submit(
        plan=plan,
        unit=hc,
        user=staff_hc,
        file=pdf_file(),
        targets="城镇公益性岗位 200 个",
        schedule="5月底前完成摸底",
        now=local(2023, 4, 25, 9, 0),
    )


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# The list of units


@pytest.mark.parametrize(
    "persona, rows",
    [("staff_hc", 1), ("staff_wd", 1), ("coordinator", 8), ("viewer", 8), ("plan_admin", 8)],
    indirect=["persona"],
)
def test_the_list_shows_the_units_a_person_may_see(client, filing, persona, rows):
    response = client.get(reverse("filings:filing-list", args=[2023]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == rows
    if persona.reporting_unit_id:
        assert [r.unit for r in response.context["rows"]] == [persona.reporting_unit]


def test_the_list_asks_anonymous_people_to_log_in(client, plan):
    assert_login_redirect(client.get(reverse("filings:filing-list", args=[2023])))


def test_the_list_is_refused_to_a_login_without_a_role(client, plan):
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(reverse("filings:filing-list", args=[2023])).status_code == 403


def test_the_list_tells_coordinators_who_filed_late_or_not_at_all(
    client, plan, filing, wd, staff_wd, coordinator, django_assert_num_queries
):
    plan_filing_submit(
        plan=plan, unit=wd, user=staff_wd, file=pdf_file(), targets="t", schedule="s", now=local(2023, 5, 2, 9, 0)
    )
    client.force_login(coordinator)
    # user, permissions (user's and groups' in one query), plan year, units with annotations, latest versions;
    # the session comes from the cache
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    with django_assert_num_queries(6):
        response = client.get(reverse("filings:filing-list", args=[2023]))
    page = response.content.decode()
    assert page.count('class="filing-state-on_time"') == 1
    assert page.count('class="filing-state-late"') == 1
    assert page.count('class="filing-state-missing"') == 6
    assert "2023年4月30日" in page  # the deadline, the Chinese way


def test_the_section_redirects_to_the_current_plan_year(client, plan, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("filings:filing-current"))
    assert response.url == reverse("filings:filing-list", args=[2023])


# A unit's page


@pytest.mark.parametrize(
    "persona, status, review_form",
    [
        ("staff_hc", 200, False),
        ("staff_wd", 404, None),
        ("coordinator", 200, True),
        ("viewer", 200, False),
        ("plan_admin", 200, False),
    ],
    indirect=["persona"],
)
def test_a_units_page_per_persona(client, filing, persona, status, review_form):
    response = client.get(reverse("filings:filing-unit", args=[2023, "HC"]))
    assert response.status_code == status
    if status == 200:
        assert (response.context["review_form"] is not None) == review_form
        assert "城镇公益性岗位 200 个" in response.content.decode()


def test_a_units_page_asks_anonymous_people_to_log_in(client, filing):
    assert_login_redirect(client.get(reverse("filings:filing-unit", args=[2023, "HC"])))


def test_an_unknown_unit_is_404(client, plan, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("filings:filing-unit", args=[2023, "XX"])).status_code == 404


# Filing


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("staff_hc", 200),
        ("staff_wd", 404),
        ("coordinator", 403),
        ("viewer", 403),
        ("plan_admin", 403),
    ],
    indirect=["persona"],
)
def test_only_the_units_staff_open_its_filing_form(client, plan, persona, status):
    assert client.get(reverse("filings:filing-create", args=[2023, "HC"])).status_code == status


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 302), ("staff_wd", 404), ("coordinator", 403), ("viewer", 403), ("plan_admin", 403)],
    indirect=["persona"],
)
def test_nobody_else_files_a_units_plan(client, plan, persona, status):
    data = {"file": pdf_file(), "targets": "t", "schedule": "s"}
    assert client.post(reverse("filings:filing-create", args=[2023, "HC"]), data).status_code == status
    assert not PlanFiling.objects.exists()


def test_staff_file_their_units_plan(client, plan, hc, staff_hc):
    client.force_login(staff_hc)
    response = client.post(
        reverse("filings:filing-create", args=[2023, "HC"]),
        {"file": pdf_file(), "targets": "目标", "schedule": "安排"},
        follow=True,
    )
    filing = PlanFiling.objects.get()
    assert (filing.unit, filing.version, filing.targets, filing.schedule) == (hc, 1, "目标", "安排")
    assert response.redirect_chain[-1][0] == reverse("filings:filing-unit", args=[2023, "HC"])


def test_a_pdf_name_on_other_content_is_refused_with_a_message(client, plan, staff_hc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_hc)
    response = client.post(
        reverse("filings:filing-create", args=[2023, "HC"]),
        {"file": SimpleUploadedFile("方案.pdf", b"<html>not a pdf</html>"), "targets": "t", "schedule": "s"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "PDF" in response.content.decode()
    assert not PlanFiling.objects.exists()


def test_a_file_above_the_limit_is_refused_with_a_message(client, plan, staff_hc, settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 10
    client.force_login(staff_hc)
    response = client.post(
        reverse("filings:filing-create", args=[2023, "HC"]), {"file": pdf_file(), "targets": "t", "schedule": "s"}
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not PlanFiling.objects.exists()


# Download


@pytest.mark.parametrize(
    "persona, status",
    [("staff_hc", 200), ("staff_wd", 404), ("coordinator", 200), ("viewer", 200), ("plan_admin", 200)],
    indirect=["persona"],
)
def test_the_document_downloads_only_through_the_scoped_view(client, filing, persona, status):
    response = client.get(reverse("filings:filing-download", args=[filing.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_gone_from_the_storage_answers_a_404_that_says_so(client, filing, coordinator):
    filing.file.storage.delete(filing.file.name)
    client.force_login(coordinator)
    response = client.get(reverse("filings:filing-download", args=[filing.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "文件缺失" in page and "已不在服务器上" in page


def test_the_download_asks_anonymous_people_to_log_in(client, filing):
    assert_login_redirect(client.get(reverse("filings:filing-download", args=[filing.pk])))


def test_the_unit_page_links_to_the_scoped_download_not_to_media(client, filing, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("filings:filing-unit", args=[2023, "HC"])).content.decode()
    assert reverse("filings:filing-download", args=[filing.pk]) in page
    assert "/media/" not in page and filing.file.name not in page


# Review


@pytest.mark.parametrize(
    "persona, status",
    [("anonymous", 302), ("staff_hc", 403), ("staff_wd", 404), ("viewer", 403), ("plan_admin", 403)],
    indirect=["persona"],
)
def test_only_coordinators_review(client, filing, persona, status):
    response = client.post(reverse("filings:filing-review", args=[filing.pk]), {"decision": "accept"})
    assert response.status_code == status
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_a_coordinator_accepts_a_plan(client, filing, coordinator):
    client.force_login(coordinator)
    client.post(reverse("filings:filing-review", args=[filing.pk]), {"decision": "accept"})
    filing.refresh_from_db()
    assert (filing.status, filing.reviewed_by) == (FilingStatus.ACCEPTED, coordinator)


def test_sending_back_without_a_reason_changes_nothing(client, filing, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("filings:filing-review", args=[filing.pk]), {"decision": "send_back"}, follow=True)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_review_is_post_only(client, filing, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("filings:filing-review", args=[filing.pk])).status_code == 405


def test_the_unit_sees_the_reason_refiles_and_the_history_stays(client, filing, coordinator, staff_hc):
    client.force_login(coordinator)
    client.post(
        reverse("filings:filing-review", args=[filing.pk]), {"decision": "send_back", "reason": "请补充时间节点"}
    )
    client.force_login(staff_hc)
    unit_page = reverse("filings:filing-unit", args=[2023, "HC"])
    assert "请补充时间节点" in client.get(unit_page).content.decode()

    client.post(
        reverse("filings:filing-create", args=[2023, "HC"]),
        {"file": pdf_file(), "targets": "目标 v2", "schedule": "安排 v2"},
    )
    response = client.get(unit_page)
    assert [f.version for f in response.context["history"]] == [2, 1]
    assert response.context["latest"].targets == "目标 v2"
    page = response.content.decode()
    assert "请补充时间节点" in page  # the earlier version's reason, in the history table
    assert reverse("filings:filing-download", args=[filing.pk]) in page


def test_a_coordinator_can_send_back_a_late_refiling_again(client, filing, coordinator, staff_hc, plan, hc):
    plan_filing_send_back(filing=filing, user=coordinator, reason="缺目标")
    second = plan_filing_submit(
        plan=plan, unit=hc, user=staff_hc, file=pdf_file(), targets="t", schedule="s", now=local(2023, 5, 9, 9, 0)
    )
    client.force_login(coordinator)
    client.post(reverse("filings:filing-review", args=[second.pk]), {"decision": "send_back", "reason": "再改"})
    second.refresh_from_db()
    assert (second.status, second.review_reason, second.is_late) == (FilingStatus.RETURNED, "再改", True)
