import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_SEEN, LOGIN_AT


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_that_username_on_that_address(client, throttled, staff_hc):
    for _ in range(3):
        _login(client, "hc", "wrong")
    response = _login(client, "hc", "pw-for-tests")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_out_username_does_not_lock_out_the_office(client, throttled, staff_hc, staff_wd):
    for _ in range(3):
        _login(client, "hc", "wrong")
    assert _login(client, "wd", "pw-for-tests").status_code == 302


def test_an_attacker_elsewhere_cannot_lock_a_colleague_out(client, throttled, staff_hc):
    for _ in range(3):
        _login(client, "hc", "wrong", address="203.0.113.9")
    assert _login(client, "hc", "pw-for-tests", address="10.0.0.1").status_code == 302


def test_the_session_key_changes_at_login(client, staff_hc):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "x"
    client.session.save()
    before = client.session.session_key
    _login(client, "hc", "pw-for-tests")
    assert client.session.session_key != before


def test_an_idle_session_ends(client, staff_hc, settings):
    _login(client, "hc", "pw-for-tests")
    session = client.session
    session[LAST_SEEN] = time.time() - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("reports:return-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_ends_some_hours_after_login_however_busy(client, staff_hc, settings):
    _login(client, "hc", "pw-for-tests")
    session = client.session
    session[LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT - 5
    session.save()
    assert client.get(reverse("reports:return-list")).status_code == 302


def test_an_active_session_goes_on(client, staff_hc):
    _login(client, "hc", "pw-for-tests")
    assert client.get(reverse("reports:return-list")).status_code == 200
    assert client.get(reverse("reports:return-list")).status_code == 200


def test_weak_passwords_are_refused(client, staff_hc):
    client.force_login(staff_hc)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    staff_hc.refresh_from_db()
    assert staff_hc.check_password("pw-for-tests")
