"""Two app servers behind one load balancer: two gunicorns on two loopback ports, one PostgreSQL database (the test
database), one Redis (database 7, a key prefix of this run). Each person's cookies go to whichever server, as a
load balancer without sticky sessions would send them.

Run by ``.ci/run`` after the PostgreSQL suite: ``pytest -m multiserver tests/multiserver`` with DATABASE_URL on
PostgreSQL and Redis at 127.0.0.1:6379 (``MULTISERVER_REDIS_URL`` for another).
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from accounts.models import User
from accounts.roles import COORDINATOR, DISTRICT_STAFF, PLAN_ADMIN, roles_ensure
from actions.models import Indicator
from actions.services import plan_load
from districts.models import ReportingUnit
from imports.models import ImportLog
from imports.selectors import template_rows
from imports.workbooks import template_build
from reports.models import Figure, MonthlyReturn, ReturnStatus
from reports.signals import return_changed

pytestmark = [pytest.mark.multiserver, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/7")
PASSWORD = "Two-servers-1-password"
HASHERS = ["accounts.hashers.OwaspArgon2PasswordHasher"]  # what the servers (production settings) store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


@contextmanager
def _gunicorn(*, port: int, env: dict):
    """One app server on 127.0.0.1:``port``; always stopped on the way out."""
    binary = Path(sys.executable).with_name("gunicorn")
    command = [str(binary), "weihai_newcitizen.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--timeout", "120", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/healthz") == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on {port} did not start: {process.stderr.read1(4000).decode()}")
            time.sleep(0.3)
        yield SimpleNamespace(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Person:
    """A browser: one cookie jar, whichever server answers."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, server, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        try:
            headers = {"Host": "127.0.0.1", **(headers or {})}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return SimpleNamespace(status=response.status, location=response.getheader("Location", ""), text=content)
        finally:
            conn.close()

    def get(self, server, path: str, **params):
        return self.request(server, "GET", path + ("?" + urlencode(params) if params else ""))

    def post(self, server, path: str, fields: dict, files: dict | None = None):
        if "csrftoken" not in self.cookies:
            self.get(server, "/accounts/login/")  # the login form sets the CSRF cookie
        fields = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        if not files:
            body = urlencode(fields).encode()
            return self.request(server, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        for name, (filename, data) in files.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(server, "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, server, username: str, password: str = PASSWORD):
        return self.post(server, "/accounts/login/", {"username": username, "password": password})


def _value(page: str, code: str = "I1.5.1") -> str:
    row = page[page.index(f'id="indicator-{code}"') :]
    return re.search(r'data-field="value">([^<]*)<', row).group(1)


def _api_value(person, server, code: str = "I1.5.1"):
    import json

    response = person.get(server, "/api/v1/progress", year=2023, month=1)
    assert response.status == 200, response.text[:500]
    return {i["code"]: i["value"] for i in json.loads(response.text)["indicators"]}[code]


@pytest.fixture
def city(tmp_path):
    """The plan, four people with passwords the servers accept, and January: 文登 approved, 环翠 submitted."""
    plan = plan_load().plan
    roles = roles_ensure()
    units = {u.code: u for u in ReportingUnit.objects.districts()}
    with override_settings(PASSWORD_HASHERS=HASHERS):
        people = {
            "admin": User.objects.create_user("ms-admin", password=PASSWORD, is_staff=True),
            "coordinator": User.objects.create_user("ms-coordinator", password=PASSWORD),
            "hc": User.objects.create_user("ms-hc", password=PASSWORD, reporting_unit=units["HC"]),
            "lock1": User.objects.create_user("ms-lock1", password=PASSWORD, reporting_unit=units["RC"]),
            "lock2": User.objects.create_user("ms-lock2", password=PASSWORD, reporting_unit=units["RS"]),
        }
    people["admin"].groups.add(roles[PLAN_ADMIN])
    people["coordinator"].groups.add(roles[COORDINATOR])
    for key in ("hc", "lock1", "lock2"):
        people[key].groups.add(roles[DISTRICT_STAFF])
    indicator = Indicator.objects.get(plan=plan, code="I1.5.1")
    returns = {}
    for code, value, status in (("WD", 7, ReturnStatus.APPROVED), ("HC", 5, ReturnStatus.SUBMITTED)):
        returns[code] = MonthlyReturn.objects.create(plan=plan, unit=units[code], month=1, status=status)
        Figure.objects.create(monthly_return=returns[code], indicator=indicator, value=Decimal(value))
        return_changed.send(sender=MonthlyReturn, monthly_return=returns[code])
    return SimpleNamespace(plan=plan, units=units, people=people, returns=returns, indicator=indicator)


@pytest.fixture
def servers(city, tmp_path):
    """Servers A and B: production settings, the test database, Redis database 7 under this run's own prefix."""
    if connection.vendor != "postgresql":
        pytest.skip("two servers share a PostgreSQL database; set DATABASE_URL=postgres://…")
    db = settings.DATABASES["default"]
    prefix = f"multiserver-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.multiserver.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_URL": f"{REDIS_URL}?key_prefix={prefix}",
        "MEDIA_ROOT": str(tmp_path / "media"),  # one volume both servers mount
        "LOG_LEVEL": "WARNING",
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    with ExitStack() as stack:
        a = stack.enter_context(_gunicorn(port=_free_port(), env=env))
        b = stack.enter_context(_gunicorn(port=_free_port(), env=env))
        yield SimpleNamespace(a=a, b=b, prefix=prefix)
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_a_login_on_a_works_on_b(servers, city):
    person = Person()
    response = person.log_in(servers.a, "ms-hc")
    assert response.status == 302, response.text[:500]
    page = person.get(servers.b, "/returns/")
    assert page.status == 200
    assert re.search(r'class="who"[^>]*>ms-hc\b', page.text)  # the header names who is logged in


def test_an_import_previewed_on_a_is_confirmed_on_b(servers, city):
    indicators, measures = template_rows(plan=city.plan)
    unit = city.units["JQ"]
    figures = {
        (unit.pk, i.pk): SimpleNamespace(
            value=None if i.is_ratio else Decimal(9 if i.code == "I1.5.1" else 1),
            numerator=Decimal(9) if i.is_ratio else None,
            denominator=Decimal(10) if i.is_ratio else None,
            comment="",
        )
        for i in indicators
    }
    data = template_build(
        plan=city.plan, units=[unit], month=2, indicators=indicators, measures=measures, figures=figures, progress={}
    )
    admin = Person()
    assert admin.log_in(servers.a, "ms-admin").status == 302
    upload = admin.post(servers.a, "/excel/upload/", {"plan": city.plan.pk}, files={"file": ("jq-02.xlsx", data)})
    assert upload.status == 302, upload.text[:2000]
    preview = admin.get(servers.a, upload.location)
    assert preview.status == 200 and "jq-02.xlsx" in preview.text
    log = ImportLog.objects.get(file_name="jq-02.xlsx")
    confirm = admin.post(servers.b, f"/excel/{log.pk}/confirm/", {})
    assert confirm.status == 302, confirm.text[:2000]
    log.refresh_from_db()
    assert log.status == ImportLog.Status.APPLIED and log.changes_count > 0
    figure = Figure.objects.get(monthly_return__unit=unit, monthly_return__month=2, indicator=city.indicator)
    assert figure.value == 9


def test_a_return_approved_on_a_is_on_b_s_dashboard_and_api_in_the_next_request(servers, city):
    coordinator = Person()
    assert coordinator.log_in(servers.a, "ms-coordinator").status == 302
    for server in (servers.a, servers.b):  # both servers have the page in the shared cache
        assert _value(coordinator.get(server, "/dashboards/", year=2023, month=1).text) == "7场"
        assert _api_value(coordinator, server) == 7
    import redis

    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{servers.prefix}:*dashboards:page:*"))
    pk = city.returns["HC"].pk
    review = coordinator.post(servers.a, f"/returns/{pk}/review/", {"decision": "approve", "reason": ""})
    assert review.status == 302, review.text[:2000]
    assert _value(coordinator.get(servers.b, "/dashboards/", year=2023, month=1).text) == "12场"
    assert _api_value(coordinator, servers.b) == 12


def test_five_wrong_passwords_on_a_and_one_on_b_lock_the_user(servers, city):
    person = Person()
    statuses = [person.log_in(servers.a, "ms-lock1", "wrong").status for _ in range(5)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert person.log_in(servers.b, "ms-lock1").status == 429  # the right password, on B: locked out
    # The count is shared too: four failures on A and the fifth on B lock the user on both.
    other = Person()
    assert [other.log_in(servers.a, "ms-lock2", "wrong").status for _ in range(4)] == [200] * 4
    assert other.log_in(servers.b, "ms-lock2", "wrong").status == 429
    assert other.log_in(servers.a, "ms-lock2").status == 429
