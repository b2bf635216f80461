import logging

from django.urls import reverse

from reports.services import monthly_return_approve, monthly_return_submit


def test_logins_and_failed_logins_are_logged_with_who_and_where(client, staff_hc, caplog):
    with caplog.at_level(logging.INFO, logger="newcitizen"):
        client.post(reverse("login"), {"username": "hc", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
        client.post(reverse("login"), {"username": "hc", "password": "pw-for-tests"}, REMOTE_ADDR="10.1.2.3")
    messages = [r.getMessage() for r in caplog.records if r.name == "newcitizen.auth"]
    assert "failed login user=hc from=10.1.2.3" in messages
    assert "login user=hc from=10.1.2.3" in messages


def test_workflow_transitions_are_logged(hc_return, staff_hc, coordinator, caplog):
    with caplog.at_level(logging.INFO, logger="newcitizen"):
        monthly_return_submit(monthly_return=hc_return, user=staff_hc)
        monthly_return_approve(monthly_return=hc_return, user=coordinator)
    messages = [r.getMessage() for r in caplog.records if r.name == "newcitizen.reports"]
    assert any("submit by hc" in m for m in messages) and any("approve by coordinator" in m for m in messages)


def test_exports_are_logged(client, coordinator, plan, caplog):
    client.force_login(coordinator)
    with caplog.at_level(logging.INFO, logger="newcitizen"):
        client.get(reverse("imports:figures-export") + f"?plan={plan.pk}&file_format=csv")
        client.get(reverse("dashboards:bulletin-xlsx") + "?year=2023&month=6")
    messages = [r.getMessage() for r in caplog.records if r.name == "newcitizen.exports"]
    assert any(m.startswith("export figures-2023") and "by coordinator" in m for m in messages)
    assert any(m.startswith("export bulletin") for m in messages)
