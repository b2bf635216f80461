"""Free text has limits shown in the form; too much text and tampered fields get a clear answer and save nothing."""

import datetime

from django.urls import reverse

from filings.models import Assessment
from reports.models import MeasureProgress


def test_the_filing_form_shows_its_text_limits(client, staff_hc, plan):
    client.force_login(staff_hc)
    page = client.get(reverse("filings:filing-create", args=[plan.year, "HC"])).content.decode()
    assert 'maxlength="2000"' in page and "最多 2000 个字符" in page


def test_an_assessment_comment_of_a_megabyte_is_refused_and_kept(client, coordinator, plan, unit_hc):
    client.force_login(coordinator)
    comments = "x" * 1_000_000  # 1 MB of text, under the request limit
    response = client.post(
        reverse("filings:assessment-create", args=[plan.year]),
        {"unit": unit_hc.pk, "period_start": "2023-01-01", "period_end": "2023-06-30", "comments": comments},
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()
    assert response.context["form"]["comments"].value() == comments  # what was typed comes back
    assert "2000" in str(response.context["form"].errors["comments"])


def test_a_note_above_the_request_limit_gets_a_chinese_page_not_a_bare_400(client, staff_hc, hc_return, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(staff_hc)
    response = client.post(
        reverse("reports:return-edit", args=[hc_return.pk]), {"version": 1, "note_1": "进展" * 10_000}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "文字过多" in page and "后退" in page
    assert not MeasureProgress.objects.exists()


def test_an_unknown_status_is_marked_on_its_field(client, staff_hc, hc_return, plan):
    client.force_login(staff_hc)
    measure = plan.actions.get(number=1).measures.get(number=1)
    response = client.post(
        reverse("reports:return-edit", args=[hc_return.pk]), {"version": hc_return.version, f"st_{measure.pk}": "done!"}
    )
    assert response.status_code == 200
    assert f"st_{measure.pk}" in response.context["form"].errors
    page = response.content.decode()
    status_block = page[page.index(f'id="id_st_{measure.pk}"') - 400 : page.index(f'id="id_st_{measure.pk}"') + 600]
    assert "has-error" in status_block and "done!" in status_block
    assert not MeasureProgress.objects.exists()


def test_a_non_numeric_version_says_what_to_do(client, staff_hc, hc_return):
    client.force_login(staff_hc)
    response = client.post(reverse("reports:return-edit", args=[hc_return.pk]), {"version": "abc"})
    assert response.status_code == 200
    assert 'data-field="version"' in response.content.decode()
    assert "重新打开" in response.content.decode()


def test_an_unknown_review_decision_is_marked(client, coordinator, hc_return):
    hc_return.status = "submitted"
    hc_return.save()
    client.force_login(coordinator)
    response = client.post(reverse("reports:return-review", args=[hc_return.pk]), {"decision": "delete"})
    assert response.status_code == 200  # the form again with the field marked, as Django forms answer
    assert 'data-field="decision"' in response.content.decode()


def test_an_unknown_assessment_grade_is_marked(client, coordinator, plan, unit_hc):
    client.force_login(coordinator)
    action = plan.actions.get(number=1)
    response = client.post(
        reverse("filings:assessment-create", args=[plan.year]),
        {
            "unit": unit_hc.pk,
            "period_start": datetime.date(2023, 1, 1),
            "period_end": datetime.date(2023, 6, 30),
            f"grade_{action.pk}": "S+",
        },
    )
    assert response.status_code == 200
    assert f"grade_{action.pk}" in response.context["form"].errors
    assert not Assessment.objects.exists()
