import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN
from actions.models import ResponsibleUnit
from districts.models import ReportingUnit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime.datetime:
    """An aware datetime on Weihai's clock."""
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def pdf_file(name: str = "方案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", content_type="application/pdf")


def docx_bytes(main_part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


def docx_file(name: str = "方案.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")


def png_file(name: str = "scan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")


def jpeg_file(name: str = "scan.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 32, content_type="image/jpeg")


def _user(username: str, group: str, **extra) -> User:
    user = User.objects.create_user(username, password="x", **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def hc(plan) -> ReportingUnit:
    return ReportingUnit.objects.get(code="HC")


@pytest.fixture
def wd(plan) -> ReportingUnit:
    return ReportingUnit.objects.get(code="WD")


@pytest.fixture
def staff_hc(hc) -> User:
    """District staff of 环翠区."""
    return _user("hc_staff", DISTRICT_STAFF, reporting_unit=hc)


@pytest.fixture
def staff_wd(wd) -> User:
    """District staff of 文登区, another unit."""
    return _user("wd_staff", DISTRICT_STAFF, reporting_unit=wd)


@pytest.fixture
def coordinator(plan) -> User:
    return _user("coordinator", COORDINATOR)


@pytest.fixture
def viewer(plan) -> User:
    """A department viewer (责任单位)."""
    return _user("viewer", DEPARTMENT_VIEWER, responsible_unit=ResponsibleUnit.objects.first())


@pytest.fixture
def plan_admin(plan) -> User:
    return _user("plan_admin", PLAN_ADMIN, is_staff=True)


@pytest.fixture
def persona(request, client):
    """Log in as the persona named by the test's parameter ("anonymous" stays logged out); return the user."""
    name = request.param
    if name == "anonymous":
        return None
    user = request.getfixturevalue(name)
    client.force_login(user)
    return user
