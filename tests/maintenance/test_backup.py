import gzip
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from demo.returns import demo_returns_load
from demo.users import demo_users_load
from filings.models import PlanFiling
from filings.services import plan_filing_submit
from imports.models import ImportLog
from imports.services import import_upload_create
from maintenance.backup import EXCLUDED, project_models
from tests.filings.conftest import pdf_file
from tests.imports.conftest import long_file


def _snapshot():
    return {m._meta.label: sorted(map(repr, m.objects.values_list())) for m in project_models()}


def _roles():
    return {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}


def _command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _count(pattern: str, text: str) -> tuple[int, int]:
    objects, files = re.search(pattern, text).groups()
    return int(objects), int(files)


def _move_to_a_new_server(tmp_path, settings):
    """An empty database and an empty media folder, as on the machine a backup is restored onto."""
    call_command("flush", interactive=False, verbosity=0)
    new_media = tmp_path / "new-media"
    new_media.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(new_media)}},
    }
    return new_media


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_unchanged(tmp_path, plan):
    demo_users_load()
    demo_returns_load()
    before, roles_before = _snapshot(), _roles()
    path = tmp_path / "backup.tar.gz"
    written, _err = _command("backup_data", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert not any(_snapshot().values())
    restored, _err = _command("restore_data", str(path))

    assert _snapshot() == before
    assert _roles() == roles_before
    assert User.objects.get(username="hc").groups.filter(name="区市经办人").exists()
    # The restore counts what it loaded, as the backup counted what it wrote: each figure once, not again as the
    # import's proxy model of it.
    objects, _files = _count(r"Wrote (\d+) objects and (\d+) files", written)
    assert _count(r"Restored (\d+) objects and (\d+) files", restored)[0] == objects
    with gzip.open(path) as archive:
        assert archive.read().count(b"<object ") == objects


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_on_a_new_server_serves_the_filed_plan(
    client, tmp_path, settings, plan, unit_hc, staff_hc, coordinator, admin_user, media
):
    filing = plan_filing_submit(
        plan=plan, unit=unit_hc, user=staff_hc, file=pdf_file(), targets="目标", schedule="安排"
    )
    document = filing.file.read()
    workbook = long_file(["HC", "2023-06", "I1.2.1", 1])
    import_upload_create(user=admin_user, plan=plan, name="六月.xlsx", data=workbook)
    path = tmp_path / "backup.tar.gz"
    written, _err = _command("backup_data", str(path))
    # The filed plan is a file; the import's workbook is kept in the database (issue 13), so it travels as data.
    assert _count(r"Wrote (\d+) objects and (\d+) files", written)[1] == 1

    new_media = _move_to_a_new_server(tmp_path, settings)
    restored, err = _command("restore_data", str(path))

    assert _count(r"Restored (\d+) objects and (\d+) files", restored)[1] == 1
    assert err == ""
    assert len([p for p in new_media.rglob("*") if p.is_file()]) == 1
    assert bytes(ImportLog.objects.get().content) == workbook
    filing = PlanFiling.objects.get()
    client.force_login(User.objects.get(username=coordinator.username))
    response = client.get(reverse("filings:filing-download", args=[filing.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document


@pytest.mark.django_db(transaction=True)
def test_an_xml_backup_of_an_earlier_version_restores_and_names_the_documents_to_copy(
    tmp_path, settings, plan, unit_hc, staff_hc, media
):
    filing = plan_filing_submit(
        plan=plan, unit=unit_hc, user=staff_hc, file=pdf_file(), targets="目标", schedule="安排"
    )
    path = tmp_path / "backup.xml.gz"
    call_command("dumpdata", format="xml", natural_foreign=True, exclude=EXCLUDED, output=str(path), verbosity=0)

    _move_to_a_new_server(tmp_path, settings)
    restored, err = _command("restore_data", str(path))

    assert "Restored" in restored and PlanFiling.objects.get().file.name == filing.file.name
    assert "1 documents the data refers to are not in the storage" in err and filing.file.name in err


def test_a_backup_says_which_documents_the_storage_has_lost(tmp_path, plan, unit_hc, staff_hc, media):
    filing = plan_filing_submit(
        plan=plan, unit=unit_hc, user=staff_hc, file=pdf_file(), targets="目标", schedule="安排"
    )
    filing.file.storage.delete(filing.file.name)
    written, err = _command("backup_data", str(tmp_path / "backup.tar"))
    assert _count(r"Wrote (\d+) objects and (\d+) files", written)[1] == 0
    assert filing.file.name in err


def test_a_restore_refuses_a_database_that_holds_data(tmp_path, plan):
    path = tmp_path / "backup.tar"
    call_command("backup_data", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_data", str(path))


def test_every_project_app_is_in_the_backup(db):
    labels = {m._meta.app_label for m in project_models()}
    assert {"accounts", "districts", "actions", "reports"} <= labels
    assert "auth" not in labels and "axes" not in labels
