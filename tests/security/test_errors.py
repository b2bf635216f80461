"""Server errors leave a trace (an error id on the page and in the log line), and a database outage answers 503."""

import io
import json
import logging
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
ERROR_ID = re.compile(r'class="error-id">([0-9A-F]{8})<')


@contextmanager
def request_log():
    """What the configured ``django.request`` console handler writes, as text."""
    handler = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


def _broken_home(monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("the overview selector broke")

    monkeypatch.setattr("actions.views.plan_actions_for_overview", explode)


def test_an_unhandled_error_writes_one_log_line_with_the_id_the_page_shows(plan, staff_hc, monkeypatch):
    _broken_home(monkeypatch)
    client = Client(raise_request_exception=False)
    client.force_login(staff_hc)

    with request_log() as log:
        response = client.get(reverse("home") + "?year=2023")

    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page
    error_id = ERROR_ID.search(page).group(1)
    text = log.getvalue()
    lines = [line for line in text.splitlines() if " django.request " in line]
    assert len(lines) == 1, text
    assert f"error_id={error_id} user=hc GET /?year=2023 Internal Server Error: /" in lines[0]
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the overview selector broke" in text


def test_each_error_gets_its_own_id(plan, monkeypatch):
    _broken_home(monkeypatch)
    client = Client(raise_request_exception=False)
    with request_log() as log:
        ids = {ERROR_ID.search(client.get(reverse("home")).content.decode()).group(1) for _ in range(3)}
    assert len(ids) == 3
    assert all(f"error_id={error_id} user=anonymous GET / " in log.getvalue() for error_id in ids)


def test_a_page_that_is_not_found_is_not_logged_as_an_error(client, db):
    with request_log() as log:
        assert client.get("/no/such/page/").status_code == 404
    assert log.getvalue() == ""


@pytest.mark.django_db(transaction=True)
def test_the_database_unreachable_gives_the_503_page(plan, monkeypatch):
    def refuse(conn_params):
        raise connection.Database.OperationalError("connection refused")

    client = Client(raise_request_exception=False)
    # The test's own connection is kept aside (an in-memory SQLite database lives only as long as it does) and every
    # new connection is refused, as when the database server is down.
    kept = connection.connection
    connection.connection = None
    monkeypatch.setattr(connection, "get_new_connection", refuse)
    try:
        with request_log() as log:
            response = client.get(reverse("home"))
    finally:
        monkeypatch.undo()
        connection.connection = kept

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "请一分钟后重试" in page and "Temporarily unavailable" in page
    error_id = ERROR_ID.search(page).group(1)
    assert f"error_id={error_id}" in log.getvalue() and "OperationalError" in log.getvalue()
    assert client.get(reverse("home")).status_code == 200  # and it recovers by itself


def test_a_database_error_that_is_not_an_outage_stays_a_500(plan, monkeypatch):
    def clash(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("actions.views.plan_actions_for_overview", clash)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 500


def test_production_settings_mail_errors_to_the_admins_named_in_the_environment():
    script = (
        "import django, json, logging; django.setup(); from django.conf import settings; "
        "print(json.dumps({'admins': settings.ADMINS, "
        "'handlers': [type(h).__name__ for h in logging.getLogger('django.request').handlers]}))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "weihai_newcitizen.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "tracker.example.gov.cn",
        "ADMINS": "张三 <zhangsan@example.gov.cn>, lisi@example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["admins"] == [["张三", "zhangsan@example.gov.cn"], ["", "lisi@example.gov.cn"]]
    assert answer["handlers"] == ["StreamHandler", "AdminEmailHandler"]

    del env["ADMINS"]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout)["handlers"] == ["StreamHandler"]
