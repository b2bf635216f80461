import pytest
from django.urls import reverse

from accounts.models import User

from .test_views_filings import filing  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    "name",
    [
        "admin:filings_planfiling_changelist",
        "admin:filings_assessment_changelist",
        "admin:filings_goodpractice_changelist",
    ],
)
def test_an_admin_can_open_the_filing_pages_in_the_admin(client, plan, name):
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(reverse(name) + "?q=1").status_code == 200


def test_the_admin_offers_the_document_through_the_scoped_view_only(client, filing):  # noqa: F811
    client.force_login(User.objects.create_superuser("root", password="x"))
    page = client.get(reverse("admin:filings_planfiling_change", args=[filing.pk])).content.decode()
    assert reverse("filings:filing-download", args=[filing.pk]) in page
    assert filing.file.name not in page


def test_assessments_and_good_practice_are_read_only_in_the_admin(client, plan_admin, plan):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(superuser)
    for name in ("admin:filings_assessment_add", "admin:filings_goodpractice_add"):
        assert client.get(reverse(name)).status_code == 403
