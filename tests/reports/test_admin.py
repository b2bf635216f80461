from django.urls import reverse

from reports.models import Figure


def test_an_admin_sees_returns_in_the_admin_but_cannot_edit_figures_there(client, admin_user, hc_return):
    client.force_login(admin_user)
    assert client.get(reverse("admin:reports_monthlyreturn_changelist")).status_code == 200
    page = client.get(reverse("admin:reports_monthlyreturn_change", args=[hc_return.pk]))
    assert page.status_code == 200
    client.post(reverse("admin:reports_monthlyreturn_change", args=[hc_return.pk]), {"status": "approved"})
    hc_return.refresh_from_db()
    assert hc_return.status == "draft"
    assert not Figure.objects.exists()
    assert client.get(reverse("admin:reports_changeentry_changelist")).status_code == 200
