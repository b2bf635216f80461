import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.demo import demo_users_load
from accounts.models import User
from maintenance.backup import project_models
from reports.demo import demo_returns_load


def _snapshot():
    return {m._meta.label: sorted(map(repr, m.objects.values_list())) for m in project_models()}


def _roles():
    return {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_unchanged(tmp_path, plan):
    demo_users_load()
    demo_returns_load()
    before, roles_before = _snapshot(), _roles()
    path = tmp_path / "backup.xml.gz"
    call_command("backup_data", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert not any(_snapshot().values())
    call_command("restore_data", str(path))

    assert _snapshot() == before
    assert _roles() == roles_before
    assert User.objects.get(username="hc").groups.filter(name="区市经办人").exists()


def test_a_restore_refuses_a_database_that_holds_data(tmp_path, plan):
    path = tmp_path / "backup.xml"
    call_command("backup_data", str(path))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_data", str(path))


def test_every_project_app_is_in_the_backup(db):
    labels = {m._meta.app_label for m in project_models()}
    assert {"accounts", "districts", "actions", "reports"} <= labels
    assert "auth" not in labels and "axes" not in labels
