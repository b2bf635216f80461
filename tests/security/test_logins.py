import runpy
import time
from pathlib import Path

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


@pytest.fixture
def behind_the_proxy(settings, monkeypatch, throttled):
    """The client-address settings exactly as settings/base.py makes them with BEHIND_TLS_PROXY=true."""
    monkeypatch.setenv("BEHIND_TLS_PROXY", "true")
    base = runpy.run_path(str(Path(settings.BASE_DIR) / "weihai_newcitizen" / "settings" / "base.py"))
    settings.AXES_IPWARE_PROXY_COUNT = base["AXES_IPWARE_PROXY_COUNT"]
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = base["AXES_IPWARE_META_PRECEDENCE_ORDER"]


def _via_proxy(client, username, password, client_address):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",  # the proxy's own address, the same for everyone
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_behind_the_proxy_two_clients_are_counted_apart(client, behind_the_proxy, make_user, unit_hc):
    make_user("nh", None, reporting_unit=unit_hc)
    for _ in range(3):
        _via_proxy(client, "nh", "wrong", "203.0.113.9")
    assert _via_proxy(client, "nh", "pw-for-tests", "203.0.113.9").status_code == 429
    assert _via_proxy(client, "nh", "pw-for-tests", "198.51.100.7").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_lock(client, behind_the_proxy, staff_hc):
    """A client that sends its own X-Forwarded-For gets "forged, real" from the proxy: not trusted, so the attempts
    count against the proxy's address, and varying the forged part does not reset the count."""
    for i in range(3):
        _via_proxy(client, "hc", "wrong", f"192.0.2.{i}, 203.0.113.9")
    assert _via_proxy(client, "hc", "pw-for-tests", "192.0.2.77, 203.0.113.9").status_code == 429


def test_without_the_proxy_the_forwarded_for_header_is_ignored(client, throttled, staff_hc):
    for i in range(3):
        _via_proxy(client, "hc", "wrong", f"192.0.2.{i}")
    assert _via_proxy(client, "hc", "pw-for-tests", "192.0.2.99").status_code == 429
