"""Storing an upload is all or nothing: a storage that refuses leaves a message and no file, and no row."""

import pytest
from django.urls import reverse

from filings.models import PlanFiling
from imports.models import ImportLog
from imports.services import import_upload_create
from tests.filings.conftest import pdf_file
from tests.imports.conftest import long_file

from .conftest import files_under

MESSAGE = "文件未能保存到服务器（存储空间已满或不可写入）"


def _file_a_plan(client, staff):
    client.force_login(staff)
    return client.post(
        reverse("filings:filing-create", args=[2023, "HC"]), {"file": pdf_file(), "targets": "目标", "schedule": "安排"}
    )


def test_a_plan_filed_into_a_read_only_media_folder_gets_the_message_and_leaves_no_file(
    client, plan, staff_hc, read_only_media
):
    response = _file_a_plan(client, staff_hc)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not PlanFiling.objects.exists()
    assert files_under(read_only_media) == []


def test_a_plan_filed_onto_a_full_disk_leaves_no_empty_file_behind(client, plan, staff_hc, full_media):
    response = _file_a_plan(client, staff_hc)
    assert MESSAGE in response.content.decode()
    assert not PlanFiling.objects.exists()
    assert files_under(full_media) == []


def test_a_plan_filed_into_a_working_media_folder_is_on_disk(client, plan, staff_hc, media):
    response = _file_a_plan(client, staff_hc)
    assert response.status_code == 302
    (stored,) = files_under(media)
    assert stored.read_bytes().startswith(b"%PDF-")
    assert PlanFiling.objects.get().file.name == stored.relative_to(media).as_posix()


@pytest.mark.parametrize("fault", ["read_only_media", "full_media"])
def test_an_import_file_is_kept_in_the_database_whatever_the_media_folder(request, plan, admin_user, fault):
    # Since issue 13 an uploaded workbook lives on its import log, so a full or read-only media folder cannot
    # refuse it, and nothing is written there.
    media = request.getfixturevalue(fault)
    data = long_file(["HC", "2023-06", "I1.2.1", 1])
    log = import_upload_create(user=admin_user, plan=plan, name="六月.xlsx", data=data)
    assert bytes(ImportLog.objects.get(pk=log.pk).content) == data
    assert files_under(media) == []
