from django.urls import reverse

from accounts.models import User
from demo.users import DEMO_PASSWORD, demo_users_load


def test_the_login_page_is_in_chinese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_a_wrong_password_gets_a_clear_chinese_error(client, staff_hc):
    response = client.post(reverse("login"), {"username": "hc", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_staff_log_in_and_out(client, staff_hc):
    response = client.post(reverse("login"), {"username": "hc", "password": "pw-for-tests"})
    assert response.status_code == 302
    assert client.get(reverse("reports:return-list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("reports:return-list")).status_code == 302


def test_the_login_page_and_a_login_run_a_fixed_number_of_queries(client, staff_hc, django_assert_num_queries):
    # The deadline day's first two requests of every filer (issue 28): beside them, only the password's hash.
    with django_assert_num_queries(0):
        assert client.get(reverse("login")).status_code == 200
    with django_assert_num_queries(9):  # the person, the lockout check and its reset, the session, last_login
        response = client.post(reverse("login"), {"username": "hc", "password": "pw-for-tests"})
    assert response.status_code == 302


def test_a_person_changes_their_password(client, staff_hc):
    client.force_login(staff_hc)
    assert "修改密码" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests", "new_password1": "Harbour-Lights-88", "new_password2": "Harbour-Lights-88"},
    )
    assert response.status_code == 302
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("Harbour-Lights-88")


def test_the_demo_creates_a_login_per_unit_named_by_its_code(plan):
    logins = dict(demo_users_load())
    assert {"admin", "coordinator", "hc", "wd", "rc", "rs", "gq", "jq", "lg", "nh"} <= set(logins)
    hc = User.objects.get(username="hc")
    assert hc.reporting_unit.code == "HC" and hc.check_password(DEMO_PASSWORD)
    assert hc.has_perm("reports.file_return") and not hc.has_perm("reports.review_return")
    assert User.objects.get(username="coordinator").has_perm("reports.review_return")
    demo_users_load()
    assert User.objects.filter(username="hc").count() == 1


def test_demo_logins_get_demo_addresses_for_the_notification_mails(plan):
    demo_users_load()
    addresses = dict(User.objects.values_list("username", "email"))
    assert addresses["hc"] == "hc@newcitizen-demo.example"
    assert addresses["coordinator"] == "coordinator@newcitizen-demo.example"
    assert all(address.endswith("@newcitizen-demo.example") for address in addresses.values())


def _change(client, old, address="10.0.0.1"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": "Harbour-Lights-88", "new_password2": "Harbour-Lights-88"},
        REMOTE_ADDR=address,
    )


def test_guessing_the_old_password_locks_out_like_the_login(client, staff_hc, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(staff_hc)
    for _ in range(3):
        response = _change(client, "wrong-guess")
        assert response.status_code in (200, 429)
    # Locked out: even the right old password is not checked, and the lock-out page says why.
    response = _change(client, "pw-for-tests")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("pw-for-tests")
    # The same person on the login page, from the same address, is locked out too: one count for both.
    client.logout()
    login = client.post(reverse("login"), {"username": "hc", "password": "pw-for-tests"}, REMOTE_ADDR="10.0.0.1")
    assert login.status_code == 429


def test_a_wrong_old_password_is_refused_with_a_message_below_the_limit(client, staff_hc, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(staff_hc)
    response = _change(client, "wrong-guess")
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode() or "原密码" in response.content.decode()
    assert _change(client, "pw-for-tests").status_code == 302
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("Harbour-Lights-88")
