"""The demo's clock: one setting (NEWCITIZEN_TODAY) read in one place, said in the header, refused in production."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reports.models import MonthlyReturn
from weihai_newcitizen import clock

DEMO_DAY = datetime.date(2023, 12, 8)


def test_today_is_the_demo_day_when_one_is_set_and_the_real_date_otherwise(settings):
    assert clock.today() == timezone.localdate() and clock.demo_today() is None
    settings.NEWCITIZEN_TODAY = DEMO_DAY
    assert clock.today() == DEMO_DAY


def test_the_header_says_which_day_the_demo_is_shown_as_of(client, staff_hc, settings):
    client.force_login(staff_hc)
    assert "演示数据" not in client.get(reverse("desks:desk")).content.decode()
    settings.NEWCITIZEN_TODAY = DEMO_DAY
    assert "演示数据：按2023年12月8日显示" in client.get(reverse("desks:desk")).content.decode()


def test_the_desk_counts_days_overdue_from_the_demo_day(client, staff_hc, settings, plan):
    settings.NEWCITIZEN_TODAY = DEMO_DAY
    client.force_login(staff_hc)
    response = client.get(reverse("desks:desk"))
    due = response.context["due"]
    # November is the month in progress on 2023-12-08, due on the 5th: three days overdue, not a thousand.
    assert (response.context["plan"].year, response.context["month"]) == (2023, 11)
    assert due[-1].month == 11 and due[-1].days_overdue == 3
    assert all(d.month <= 11 for d in due)


def test_load_demo_fills_the_months_up_to_the_demo_day_and_prints_the_address_served(plan, settings):
    settings.NEWCITIZEN_TODAY = DEMO_DAY
    settings.SITE_URL = "http://127.0.0.1:8701"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "http://127.0.0.1:8701/" in out.getvalue() and ":8000" not in out.getvalue()
    assert "2023-12-08" in out.getvalue()
    assert MonthlyReturn.objects.exists() and not MonthlyReturn.objects.filter(month=12).exists()
    latest = max(r.submitted_at for r in MonthlyReturn.objects.exclude(submitted_at=None))
    assert timezone.localdate(latest) <= DEMO_DAY  # nothing filed after the day the demo is shown as of


def _settings_import(module: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("NEWCITIZEN_TODAY", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_a_demo_day():
    production = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tracker.example.gov.cn"}
    refused = _settings_import("weihai_newcitizen.settings.production", NEWCITIZEN_TODAY="2023-12-08", **production)
    assert refused.returncode != 0 and "NEWCITIZEN_TODAY" in refused.stderr
    assert _settings_import("weihai_newcitizen.settings.production", **production).returncode == 0


@pytest.mark.parametrize("day", ["2023-13-01", "8.12.2023"])
def test_a_demo_day_not_written_as_yyyy_mm_dd_stops_the_start(day):
    refused = _settings_import("weihai_newcitizen.settings.base", NEWCITIZEN_TODAY=day)
    assert refused.returncode != 0 and "YYYY-MM-DD" in refused.stderr
