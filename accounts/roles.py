"""Roles are Django groups with permissions; which unit a person belongs to is data on the user."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

DISTRICT_STAFF = "区市经办人"
COORDINATOR = "市级统筹"
DEPARTMENT_VIEWER = "责任单位"
# A department's own staff file its returns on its measures (部门报送) and read those measures' district figures.
DEPARTMENT_STAFF = "部门经办人"
PLAN_ADMIN = "系统管理员"
# Given, besides 区市经办人, to the person of a unit who checks its returns before they go to the city.
UNIT_CHECKER = "单位审核人"

_REPORT_PERMS = {
    DISTRICT_STAFF: ["reports.file_return", "reports.view_monthlyreturn"],
    UNIT_CHECKER: ["reports.check_unit_return", "reports.view_monthlyreturn"],
    COORDINATOR: ["reports.review_return", "reports.view_all_returns", "reports.view_monthlyreturn"],
    DEPARTMENT_VIEWER: ["reports.view_all_returns", "reports.view_monthlyreturn"],
    DEPARTMENT_STAFF: ["reports.file_return", "reports.view_all_returns", "reports.view_monthlyreturn"],
    # An admin manages district staff's accounts, so it holds their rights (accounts.rights): filing acts only on
    # one's own unit, and an admin has none.
    PLAN_ADMIN: [
        "reports.file_return",
        "reports.view_all_returns",
        "reports.view_monthlyreturn",
        "reports.import_returns",
        "reports.check_unit_return",
        "actions.add_planyear",
        "actions.change_planyear",
        "actions.view_planyear",
        "actions.add_indicator",
        "actions.change_indicator",
        "actions.view_indicator",
        "actions.add_target",
        "actions.change_target",
        "actions.view_target",
        "actions.add_targetallocation",
        "actions.change_targetallocation",
        "actions.delete_targetallocation",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_ensure(extra: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Create the role groups and give them their permissions; safe to call again."""
    spec = {name: list(perms) for name, perms in _REPORT_PERMS.items()}
    for name, perms in (extra or {}).items():
        spec.setdefault(name, []).extend(perms)
    groups = {}
    for name, perms in spec.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(p) for p in perms])
        groups[name] = group
    return groups
