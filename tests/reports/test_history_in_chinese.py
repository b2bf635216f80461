"""The change history reads in Chinese: field names, statuses and numbers with separators."""

from decimal import Decimal

from django.urls import reverse

from actions.models import Indicator, Measure
from reports.models import ProgressStatus
from reports.services import FigureInput, ProgressInput, monthly_return_save


def test_the_history_names_fields_statuses_and_numbers_in_chinese(client, plan, staff_hc, hc_return):
    flow = Indicator.objects.get(plan=plan, code="I1.2.1")
    measure = Measure.objects.filter(action__plan=plan).first()
    monthly_return_save(
        monthly_return=hc_return,
        user=staff_hc,
        version=1,
        figures={flow.pk: FigureInput(value=Decimal("12345"))},
        progress={measure.pk: ProgressInput(status=ProgressStatus.IN_PROGRESS, note="推进中")},
    )
    client.force_login(staff_hc)
    page = client.get(reverse("reports:return-history", args=[hc_return.pk])).content.decode()
    assert "12,345" in page  # with separators
    assert "· 数据" in page and "· 状态" in page and "· 工作进展" in page
    assert ">推进中<" in page and "in_progress" not in page
    assert 'class="number nowrap"' in page


def test_admins_get_a_link_to_the_admin_and_others_do_not(client, admin_user, coordinator):
    client.force_login(admin_user)
    assert 'href="/admin/"' in client.get(reverse("home")).content.decode()
    client.force_login(coordinator)
    assert 'href="/admin/"' not in client.get(reverse("home")).content.decode()


def test_the_admins_access_log_section_is_in_chinese(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "登录安全：访问日志" in page and "登录尝试" in page and "Access attempts" not in page


def test_favicon_ico_answers_with_the_apps_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
