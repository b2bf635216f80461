import pytest
from django.urls import reverse

from accounts.models import User
from actions.models import Target


def test_the_home_page_presents_the_plan_to_everyone(client, plan, django_assert_num_queries):
    # plan, actions, measures, responsibilities+units, indicators+targets, plan years, featured good practice
    with django_assert_num_queries(7):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="measure-text"') == 22
    assert "新市民公共服务质量提升行动" in page
    assert "市住房城乡建设局" in page
    assert "300,000人" in page


def test_the_home_page_is_in_chinese_by_default(client, plan):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "主要目标" in page


def test_the_actions_are_named_as_the_plan_names_them(client, plan):
    page = client.get(reverse("home")).content.decode()
    labels = ["行动一", "行动二", "行动三", "行动四", "行动五"]
    assert [label for label in labels if f'<span class="num">{label}</span>' in page] == labels
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<span class="num">Action 3</span>' in client.get(reverse("home")).content.decode()


def test_the_language_switch_turns_the_page_english(client, plan):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Main objective" in page


def test_a_plan_year_has_its_own_page(client, plan):
    assert client.get(reverse("actions:plan-detail", args=[2023])).status_code == 200
    assert client.get(reverse("actions:plan-detail", args=[1999])).status_code == 404


def test_a_retarget_shows_on_the_home_page(client, plan):
    Target.objects.filter(indicator__code="I1.5.1").update(value=75)
    assert "75场以上" in client.get(reverse("home")).content.decode()


ADMIN_PAGES = [
    "admin:actions_planyear_changelist",
    "admin:actions_action_changelist",
    "admin:actions_measure_changelist",
    "admin:actions_indicator_changelist",
    "admin:actions_target_changelist",
    "admin:actions_responsibleunit_changelist",
    "admin:districts_reportingunit_changelist",
    "admin:accounts_user_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_an_admin_can_open_every_plan_page_in_the_admin(client, plan, name):
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    response = client.get(reverse(name) + "?q=1")
    assert response.status_code == 200


def test_starting_the_next_plan_year_asks_first_and_says_what_it_will_create(client, plan):
    client.force_login(User.objects.create_superuser("root", password="x"))
    changelist = reverse("admin:actions_planyear_changelist")
    response = client.post(changelist, {"action": "copy_to_next_year", "_selected_action": [plan.pk]})
    assert response.status_code == 200 and not plan.__class__.objects.filter(year=2024).exists()
    page = response.content.decode()
    assert "2024方案年度（复制自2023年度）" in page
    assert "22项工作举措及其责任单位" in page  # 5 + 4 + 3 + 3 + 7
    assert "不复制" in page

    response = client.post(
        changelist,
        {"action": "copy_to_next_year", "_selected_action": [plan.pk], "confirm": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert plan.__class__.objects.filter(year=2024).exists()


def test_an_english_browser_still_gets_chinese_until_the_switch_is_used(client, plan):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page


def test_an_admin_sets_how_a_stock_target_is_due_in_the_admin(client, plan):
    client.force_login(User.objects.create_superuser("root", password="x"))
    target = Target.objects.get(indicator__plan=plan, indicator__code="I2.4.1")
    url = reverse("admin:actions_target_change", args=[target.pk])
    page = client.get(url).content.decode()
    assert 'name="due_mode"' in page and 'name="due_month"' in page
    response = client.post(
        url,
        {
            "indicator": target.indicator_id,
            "comparator": target.comparator,
            "scope": target.scope,
            "value": "1",
            "baseline": "",
            "note": target.note,
            "due_mode": "build",
            "due_month": "9",
            "allocations-TOTAL_FORMS": "0",
            "allocations-INITIAL_FORMS": "0",
            "allocations-MIN_NUM_FORMS": "0",
            "allocations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert (target.due_mode, target.due_month) == ("build", 9)
