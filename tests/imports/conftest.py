import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN, roles_ensure
from actions.models import ResponsibleUnit
from districts.models import ReportingUnit
from imports.services import import_apply, import_upload_create


@pytest.fixture
def groups(db):
    return roles_ensure(extra={PLAN_ADMIN: ["imports.view_importlog", "imports.view_figurerecord"]})


def _user(username, group=None, **extra):
    user = User.objects.create_user(username, password="x", **extra)
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def hc(plan):
    return ReportingUnit.objects.get(code="HC")


@pytest.fixture
def wd(plan):
    return ReportingUnit.objects.get(code="WD")


@pytest.fixture
def staff_hc(groups, hc):
    return _user("staff_hc", groups[DISTRICT_STAFF], reporting_unit=hc)


@pytest.fixture
def staff_wd(groups, wd):
    return _user("staff_wd", groups[DISTRICT_STAFF], reporting_unit=wd)


@pytest.fixture
def coordinator(groups, plan):
    return _user("coordinator", groups[COORDINATOR])


@pytest.fixture
def viewer(groups, plan):
    return _user("viewer", groups[DEPARTMENT_VIEWER], responsible_unit=ResponsibleUnit.objects.first())


@pytest.fixture
def plan_admin(groups, plan):
    return _user("plan_admin", groups[PLAN_ADMIN], is_staff=True)


def xlsx(sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """A real .xlsx built with openpyxl: {sheet name: rows}; formats maps (sheet, "B3") to a number format."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    for (sheet, coordinate), number_format in (formats or {}).items():
        workbook[sheet][coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """An .xlsx whose formula cells carry the value Excel would have stored when saving ({"D2": "120"})."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = content.decode()
                for coordinate, value in values.items():
                    text = re.sub(
                        rf'(<c r="{coordinate}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?',
                        rf"\1\2<v>{value}</v>",
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


LONG_HEADER = ["区市代码", "月份", "指标代码", "本月数值", "分子", "分母"]


def long_file(*rows, header=LONG_HEADER, sheet="数据") -> bytes:
    return xlsx({sheet: [header, *rows]})


def upload(user, data: bytes, *, plan, name="returns.xlsx", monthly_return=None):
    return import_upload_create(user=user, plan=plan, name=name, data=data, monthly_return=monthly_return)


def upload_and_apply(user, data: bytes, *, plan, name="returns.xlsx", monthly_return=None):
    log = upload(user, data, plan=plan, name=name, monthly_return=monthly_return)
    return import_apply(log=log, user=user)
