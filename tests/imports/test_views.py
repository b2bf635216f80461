import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportLog
from reports.models import Figure, MonthlyReturn
from reports.services import monthly_return_start

from .conftest import long_file, upload, upload_and_apply

PERSONAS = ["staff_hc", "staff_wd", "coordinator", "viewer", "plan_admin"]


@pytest.fixture
def login(client, request):
    def login_as(name):
        if name is not None:
            client.force_login(request.getfixturevalue(name))
        return client

    return login_as


@pytest.fixture
def hc_return(plan, staff_hc, hc):
    return monthly_return_start(user=staff_hc, plan=plan, unit=hc, month=6)


def xlsx_upload(data, name="六月.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# -- anonymous visitors are sent to the login page ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("imports:excel-home", []),
        ("imports:template-download", []),
        ("imports:figures-export", []),
        ("imports:import-upload", []),
        ("imports:return-upload", [1]),
        ("imports:import-preview", [1]),
        ("imports:log-list", []),
        ("imports:log-detail", [1]),
    ],
)
def test_anonymous_visitors_are_asked_to_log_in(client, plan, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_anonymous_confirm_is_sent_to_log_in(client, plan):
    response = client.post(reverse("imports:import-confirm", args=[1]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# -- the Excel page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "template", "upload_link"),
    [
        ("staff_hc", True, False),
        ("staff_wd", True, False),
        ("coordinator", False, False),
        ("viewer", False, False),
        ("plan_admin", True, True),
    ],
)
def test_the_excel_page_offers_what_each_role_may_do(login, plan, persona, template, upload_link):
    page = login(persona).get(reverse("imports:excel-home")).content.decode()
    assert ("下载月报模板" in page) is template
    assert (reverse("imports:import-upload") in page) is upload_link
    assert "导出指标数据" in page
    assert reverse("imports:excel-home") in page  # the nav link


# -- templates --------------------------------------------------------------------------------------------


def _template(client, plan, unit="", month=6):
    return client.get(reverse("imports:template-download"), {"plan": plan.pk, "unit": unit, "month": month})


def test_staff_download_their_own_units_template(login, plan):
    response = _template(login("staff_hc"), plan, "HC")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="return-HC-2023-06.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "HC 环翠区"


def test_staff_cannot_download_another_units_template(login, plan):
    assert _template(login("staff_hc"), plan, "WD").status_code == 404
    assert _template(login("staff_hc"), plan, "").status_code == 400  # staff must name their unit


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_read_only_roles_get_no_template(login, plan, persona):
    assert _template(login(persona), plan, "HC").status_code == 403


def test_admins_download_any_unit_or_all_units_at_once(login, plan):
    client = login("plan_admin")
    assert _template(client, plan, "WD").status_code == 200
    response = _template(client, plan, "")
    assert response.status_code == 200
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 10


# -- exports ----------------------------------------------------------------------------------------------


@pytest.fixture
def two_units_filed(plan, plan_admin):
    upload_and_apply(
        plan_admin,
        long_file(["HC", "2023-06", "I1.2.1", 1], ["WD", "2023-06", "I1.2.1", 2], ["WD", "2023-06", "I3.0.1", 3]),
        plan=plan,
    )


def _export(client, plan, **params):
    return client.get(reverse("imports:figures-export"), {"plan": plan.pk, "file_format": "csv", **params})


# The department viewer (the first responsible unit, 市人力资源社会保障局) sees measure 1.2's I1.2.1 of both units,
# not I3.0.1, an action's objective that belongs to no department.
@pytest.mark.parametrize(
    ("persona", "rows"), [("staff_hc", 1), ("staff_wd", 2), ("coordinator", 3), ("viewer", 2), ("plan_admin", 3)]
)
def test_exports_hold_only_what_the_user_may_see(login, plan, two_units_filed, persona, rows):
    response = _export(login(persona), plan)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").count("\n") == rows + 1


def test_exports_filter_by_unit_and_action(login, plan, two_units_filed):
    client = login("coordinator")
    assert _export(client, plan, unit="WD").content.decode("utf-8-sig").count("\n") == 3
    assert _export(client, plan, unit="WD", action=3).content.decode("utf-8-sig").count("\n") == 2
    workbook = load_workbook(io.BytesIO(_export(client, plan, file_format="xlsx").content))
    assert workbook.sheetnames == ["指标数据", "工作进展"]
    assert workbook["指标数据"]["H2"].value == 1 and workbook["指标数据"]["H2"].data_type == "n"


def test_staff_cannot_export_another_unit(login, plan, two_units_filed):
    assert _export(login("staff_hc"), plan, unit="WD").status_code == 404


# -- upload, preview, confirm -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_hc", "coordinator", "viewer"])
def test_only_admins_open_the_import_page(login, plan, persona):
    assert login(persona).get(reverse("imports:import-upload")).status_code == 403


def test_an_admin_uploads_previews_and_confirms(login, plan, plan_admin):
    client = login("plan_admin")
    assert client.get(reverse("imports:import-upload")).status_code == 200
    data = long_file(["HC", "2023-06", "I1.2.1", "1,200"], ["WD", "2023-06", "I1.2.1", 5])
    response = client.post(reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(data)})
    log = ImportLog.objects.get()
    assert response.url == reverse("imports:import-preview", args=[log.pk])
    page = client.get(response.url).content.decode()
    assert "新增2行" in page and "确认导入" in page
    assert page.count("<td>2023年6月</td>") == 2  # the month as the rest of the app writes one
    assert not Figure.objects.exists()

    response = client.post(reverse("imports:import-confirm", args=[log.pk]))
    assert response.url == reverse("imports:log-detail", args=[log.pk])
    assert Figure.objects.get(monthly_return__unit__code="HC").value == 1200
    page = client.get(response.url).content.decode()
    assert "六月.xlsx" in page and "1,200" in page
    assert page.count("<td>2023年6月</td>") == 2


def test_the_preview_shows_each_error_with_sheet_row_and_column(login, plan):
    client = login("plan_admin")
    data = long_file(["HC", "2023-06", "I1.2.1", 1], ["XX", "2023-06", "I1.2.1", 1], ["HC", "2023-13", "I1.2.1", -2])
    client.post(reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(data)})
    log = ImportLog.objects.get()
    page = client.get(reverse("imports:import-preview", args=[log.pk])).content.decode()
    assert "工作表“数据”第3行A列（区市代码）：未知的区市“XX”" in page
    assert "工作表“数据”第4行B列（月份）" in page
    assert "工作表“数据”第4行D列（本月数值）：数值不能为负数" in page
    assert "确认导入" not in page
    # Confirming anyway writes nothing.
    response = client.post(reverse("imports:import-confirm", args=[log.pk]))
    assert response.status_code == 400
    assert not Figure.objects.exists() and not MonthlyReturn.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0", "不是真正的 Excel 工作簿"),
        ("a.xlsx", b"PK not really", "不是有效的 .xlsx 工作簿"),
        ("a.txt", b"hello", "只接受 Excel（.xlsx、.xls、.xlsb）、OpenDocument（.ods）和 .csv 文件"),
    ],
)
def test_the_upload_refuses_files_that_are_not_xlsx_or_csv(login, plan, name, data, message):
    response = login("plan_admin").post(
        reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(data, name=name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportLog.objects.exists()


def test_the_upload_refuses_files_above_the_limit(login, plan, settings):
    settings.NEWCITIZEN_IMPORT_MAX_BYTES = 100
    response = login("plan_admin").post(
        reverse("imports:import-upload"), {"plan": plan.pk, "file": xlsx_upload(b"x" * 200, name="a.csv")}
    )
    assert "文件超过" in response.content.decode()
    assert not ImportLog.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("staff_wd", 404), ("coordinator", 404), ("plan_admin", 404)])
def test_an_upload_is_previewed_and_confirmed_only_by_its_uploader(login, plan, staff_hc, hc_return, persona, status):
    log = upload(staff_hc, long_file(["HC", "2023-06", "I1.2.1", 1]), plan=plan, monthly_return=hc_return)
    client = login(persona)
    assert client.get(reverse("imports:import-preview", args=[log.pk])).status_code == status
    assert client.post(reverse("imports:import-confirm", args=[log.pk])).status_code == status
    assert not Figure.objects.exists()


def test_confirm_only_accepts_post(login, plan, plan_admin):
    log = upload(plan_admin, long_file(["HC", "2023-06", "I1.2.1", 1]), plan=plan)
    assert login("plan_admin").get(reverse("imports:import-confirm", args=[log.pk])).status_code == 405


# -- a unit's upload from its return page --------------------------------------------------------------------


def test_staff_upload_their_returns_template_from_the_return_page(login, plan, hc_return):
    client = login("staff_hc")
    url = reverse("imports:return-upload", args=[hc_return.pk])
    assert client.get(url).status_code == 200
    data = long_file(["HC", "2023-06", "I1.2.1", 7])
    response = client.post(url, {"file": xlsx_upload(data)})
    log = ImportLog.objects.get()
    assert log.monthly_return == hc_return
    assert response.url == reverse("imports:import-preview", args=[log.pk])
    response = client.post(reverse("imports:import-confirm", args=[log.pk]))
    assert response.url == reverse("reports:return-detail", args=[hc_return.pk])
    assert Figure.objects.get(monthly_return=hc_return).value == 7


@pytest.mark.parametrize(
    ("persona", "status"), [("staff_wd", 404), ("coordinator", 403), ("viewer", 403), ("plan_admin", 403)]
)
def test_only_the_units_staff_upload_from_its_return_page(login, plan, hc_return, persona, status):
    url = reverse("imports:return-upload", args=[hc_return.pk])
    assert login(persona).get(url).status_code == status
    response = login(persona).post(url, {"file": xlsx_upload(long_file(["HC", "2023-06", "I1.2.1", 7]))})
    assert response.status_code == status
    assert not ImportLog.objects.exists()


def test_a_district_users_upload_of_another_units_template_is_refused(login, plan, staff_wd, wd):
    wd_return = monthly_return_start(user=staff_wd, plan=plan, unit=wd, month=6)
    client = login("staff_wd")
    client.post(
        reverse("imports:return-upload", args=[wd_return.pk]),
        {"file": xlsx_upload(long_file(["HC", "2023-06", "I1.2.1", 7]))},
    )
    log = ImportLog.objects.get()
    page = client.get(reverse("imports:import-preview", args=[log.pk])).content.decode()
    assert "工作表“数据”第2行A列（区市代码）：您无权导入环翠区的数据" in page
    assert client.post(reverse("imports:import-confirm", args=[log.pk])).status_code == 400
    assert not Figure.objects.exists()


# -- the import log ---------------------------------------------------------------------------------------------


@pytest.fixture
def logs(plan, plan_admin, staff_hc, hc_return):
    admin_log = upload_and_apply(plan_admin, long_file(["WD", "2023-06", "I1.2.1", 1]), plan=plan, name="admin.xlsx")
    staff_log = upload_and_apply(
        staff_hc, long_file(["HC", "2023-06", "I1.2.1", 1]), plan=plan, name="staff.xlsx", monthly_return=hc_return
    )
    return admin_log, staff_log


def test_admins_see_every_import_in_the_log(login, logs, django_assert_num_queries):
    client = login("plan_admin")
    client.get(reverse("imports:log-list"))  # warm the session and permission caches
    # user, logs with user, plan and return (one query); the session and the permissions come from the cache
    # +1: the header bell's unread count (issue 16, one query on every logged-in page)
    with django_assert_num_queries(3):
        page = client.get(reverse("imports:log-list")).content.decode()
    assert "admin.xlsx" in page and "staff.xlsx" in page


def test_the_log_and_the_preview_name_their_columns_in_the_right_words(login, plan, logs):
    page = login("plan_admin").get(reverse("imports:log-list")).content.decode()
    header = page[page.index("<thead>") : page.index("</thead>")]
    # The file it came from, and the rows it added (not 报送, the act of filing, nor 新值, a new value).
    assert "<th>文件</th>" in header and ">新增</th>" in header and ">更新</th>" in header
    assert "报送" not in header and "新值" not in header
    log = upload(logs[0].user, long_file(["WD", "2023-06", "I1.2.1", 5]), plan=plan)
    preview = login("plan_admin").get(reverse("imports:import-preview", args=[log.pk])).content.decode()
    assert "<h2>逐行检查结果</h2>" in preview and "<h2>行数</h2>" not in preview


def test_staff_see_only_their_own_imports(login, logs):
    admin_log, staff_log = logs
    client = login("staff_hc")
    page = client.get(reverse("imports:log-list")).content.decode()
    assert "staff.xlsx" in page and "admin.xlsx" not in page
    assert client.get(reverse("imports:log-detail", args=[staff_log.pk])).status_code == 200
    assert client.get(reverse("imports:log-detail", args=[admin_log.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"), [("staff_wd", 404), ("coordinator", 404), ("viewer", 404), ("plan_admin", 200)]
)
def test_the_log_detail_is_scoped(login, logs, persona, status):
    assert login(persona).get(reverse("imports:log-detail", args=[logs[1].pk])).status_code == status


# -- the admin ----------------------------------------------------------------------------------------------------


def test_admins_browse_the_import_log_and_figures_in_the_admin(login, logs, plan):
    client = login("plan_admin")
    assert client.get(reverse("admin:imports_importlog_changelist")).status_code == 200
    assert client.get(reverse("admin:imports_importlog_change", args=[logs[0].pk])).status_code == 200
    assert client.get(reverse("admin:imports_figurerecord_changelist")).status_code == 200


def test_the_admins_import_button_opens_the_checked_import(login, plan):
    response = login("plan_admin").get(reverse("admin:imports_figurerecord_import"))
    assert response.status_code == 302 and response.url == reverse("imports:import-upload")


def test_the_admin_export_escapes_and_types_cells(login, logs, plan):
    client = login("plan_admin")
    response = client.post(
        reverse("admin:imports_figurerecord_export"), {"format": "0", "resource": "0", **_all_fields()}
    )
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "区市代码"
    assert ws["H2"].data_type == "n"


def _all_fields():
    from imports.resources import FigureResource

    return {f"figureresource_{name}": "on" for name in FigureResource._meta.fields}


def test_the_upload_takes_the_plan_year_from_the_file_after_the_next_year_has_started(login, plan, plan_admin):
    from actions.services import plan_copy_to_year

    next_year = plan_copy_to_year(source=plan, year=2024)
    client = login("plan_admin")
    page = client.get(reverse("imports:import-upload")).content.decode()
    assert "按文件中的月份" in page  # the default: the file decides
    data = long_file(["HC", "2023-12", "I1.2.1", 30])
    client.post(reverse("imports:import-upload"), {"plan": "", "file": xlsx_upload(data)})
    client.post(reverse("imports:import-upload"), {"plan": next_year.pk, "file": xlsx_upload(data)})
    assert [log.plan.year for log in ImportLog.objects.order_by("pk")] == [2023, 2023]


def test_a_file_without_a_year_needs_the_year_chosen(login, plan, plan_admin):
    client = login("plan_admin")
    data = long_file(["HC", "12", "I1.2.1", 30])
    response = client.post(reverse("imports:import-upload"), {"plan": "", "file": xlsx_upload(data)})
    assert response.status_code == 200 and not ImportLog.objects.exists()
    assert "请选择方案年度" in response.content.decode()


def test_the_template_download_defaults_to_the_month_in_progress(login, plan, settings):
    import datetime

    settings.NEWCITIZEN_TODAY = datetime.date(2023, 7, 9)  # June's returns are being filed
    form = login("staff_hc").get(reverse("imports:excel-home")).context["template_form"]
    assert form["month"].value() == 6 and form["plan"].value() == plan.pk
    page = login("staff_hc").get(reverse("imports:excel-home")).content.decode()
    assert '<option value="6" selected>' in page
