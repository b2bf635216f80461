import subprocess
import sys
from pathlib import Path

from django.db import DatabaseError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_the_health_endpoint_checks_the_database(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_the_health_endpoint_says_when_the_database_is_down(client, db, monkeypatch):
    class Down:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr("weihai_newcitizen.views.connection", Down())
    assert client.get(reverse("health")).status_code == 503


def test_an_unknown_page_gets_a_chinese_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_every_page_carries_a_content_security_policy(client, plan):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "onchange=" not in response.content.decode()


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "weihai_newcitizen.settings.production",
        "ALLOWED_HOSTS": "tracker.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
