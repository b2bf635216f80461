import pytest

from notifications.checks import site_url_check


@pytest.mark.parametrize(
    ("site_url", "ids"),
    [
        ("http://127.0.0.1:8000", ["notifications.W001"]),
        ("http://localhost", ["notifications.W001"]),
        ("http://tracker.example.gov.cn", ["notifications.W002"]),
        ("https://tracker.example.gov.cn", []),
    ],
)
def test_the_deploy_check_warns_while_mails_would_link_to_this_machine(settings, site_url, ids):
    settings.SITE_URL = site_url
    assert [warning.id for warning in site_url_check()] == ids


def test_the_check_runs_with_check_deploy_only(settings):
    from django.core import checks

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert "notifications.W001" not in [m.id for m in checks.run_checks(include_deployment_checks=False)]
    assert "notifications.W001" in [m.id for m in checks.run_checks(include_deployment_checks=True)]
