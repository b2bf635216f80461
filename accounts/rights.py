"""Who may act on whose account: nobody gives, or acts on an account holding, a right they do not hold themselves.

"Rights" are every permission held directly or through a group, plus two flags: a superuser is acted on only by a
superuser, and someone who uses the admin site (staff) only by someone who does too. The accounts' admin asks here
before it shows a change form, sets a password, deletes, or offers a group.

The 系统管理员 role holds the rights of district staff (``accounts.roles``) so that it can manage their accounts;
those rights act only on the person's own unit, and an admin belongs to none (nor may one give itself a unit).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q


def _permissions_of(user):
    return Permission.objects.filter(Q(user=user) | Q(group__user=user))


def rights_of(user) -> set[str]:
    """Every permission ``user`` holds, directly or through a group, as "app_label.codename".

    Read from the tables rather than ``get_all_permissions``, which answers nothing for an inactive user: a
    deactivated coordinator still holds a coordinator's rights, or a lesser admin could reactivate it with a password
    of their own.
    """
    rows = _permissions_of(user).values_list("content_type__app_label", "codename").distinct()
    return {f"{app}.{codename}" for app, codename in rows}


def outranks(target, actor) -> bool:
    """Whether ``target`` holds a right ``actor`` lacks, so that ``actor`` may not change, delete or set its password."""
    if target.pk == actor.pk or actor.is_superuser:
        return False
    if target.is_superuser or (target.is_staff and not actor.is_staff):
        return True
    return not rights_of(target) <= rights_of(actor)


def grantable_groups(actor):
    """The groups ``actor`` may give: those holding no permission ``actor`` lacks (a superuser may give any)."""
    groups = Group.objects.order_by("name")
    if actor.is_superuser:
        return groups
    held = _permissions_of(actor).values("pk")
    return groups.exclude(permissions__in=Permission.objects.exclude(pk__in=held))
