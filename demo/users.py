"""Demo logins for `make run`; the production settings never call this."""

from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.db import transaction

from accounts.models import User
from accounts.roles import COORDINATOR, DEPARTMENT_STAFF, DISTRICT_STAFF, PLAN_ADMIN, UNIT_CHECKER, roles_ensure
from accounts.validators import DEMO_PASSWORD, NotDemoPasswordValidator
from actions.models import ResponsibleUnit
from bulletins.roles import BULLETIN_CHECKER, BULLETIN_SIGNER, bulletin_roles_ensure
from districts.models import ReportingUnit

__all__ = ["DEMO_PASSWORD", "demo_users_load"]


def _check_demo_password(user: User) -> None:
    # The demo password meets every rule but the one that refuses it for real accounts (accounts.validators).
    rules = [v for v in get_default_password_validators() if not isinstance(v, NotDemoPasswordValidator)]
    validate_password(DEMO_PASSWORD, user, password_validators=rules)


def _user(username: str, *, groups, **fields) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@newcitizen-demo.example", **fields}
    )
    if created:
        _check_demo_password(user)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(*groups)
    return user


@transaction.atomic
def demo_users_load() -> list[tuple[str, str]]:
    """Create the demo logins that do not exist yet; return (username, description) for each."""
    roles = {**roles_ensure(), **bulletin_roles_ensure()}
    logins = []
    _user("admin", groups=[roles[PLAN_ADMIN]], is_staff=True, is_superuser=True, full_name="系统管理员")
    logins.append(("admin", "系统管理员 admin: plan, targets, users, imports (/admin/)"))
    _user("coordinator", groups=[roles[COORDINATOR]], full_name="市人社局就业促进与失业保险科")
    logins.append(("coordinator", "市级统筹 coordinator: reviews returns, dashboards, drafts and issues bulletins"))
    _user("checker", groups=[roles[BULLETIN_CHECKER]], full_name="就业促进与失业保险科科长")
    logins.append(("checker", "通报审核 checker: checks (审核) a drafted bulletin or sends it back"))
    _user("signer", groups=[roles[BULLETIN_SIGNER]], full_name="市人社局分管副局长")
    logins.append(("signer", "通报签发 signer: signs (签发) a checked bulletin or sends it back"))
    for department in ResponsibleUnit.objects.select_related("reporting_unit").order_by("sort_order"):
        username = department.code.lower()
        _user(
            username,
            groups=[roles[DEPARTMENT_STAFF]],
            responsible_unit=department,
            reporting_unit=department.reporting_unit,
            full_name=f"{department.name}经办人",
        )
        logins.append((username, f"部门经办人 department staff: files {department.name}'s returns, reads its measures"))
    for unit in ReportingUnit.objects.roots().order_by("sort_order"):
        username = unit.code.lower()
        _user(username, groups=[roles[DISTRICT_STAFF]], reporting_unit=unit, full_name=f"{unit}经办人")
        logins.append((username, f"区市经办人 district staff: {unit.name}"))
    # The demo units check their returns inside the unit before 报送 (填报人 → 单位审核人), each with its checker.
    for unit in ReportingUnit.objects.roots().order_by("sort_order"):
        username = f"{unit.code.lower()}_check"
        _user(
            username,
            groups=[roles[DISTRICT_STAFF], roles[UNIT_CHECKER]],
            reporting_unit=unit,
            full_name=f"{unit}审核人",
        )
        logins.append((username, f"单位审核人 unit checker: checks {unit.name}'s returns before 报送"))
    ReportingUnit.objects.roots().update(requires_unit_check=True)
    return logins
