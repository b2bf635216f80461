"""Who holds more rights than whom, so that nobody changes a person above them (accounts' admin asks here).

Three levels: a superuser, then people who use the admin site (staff), then everyone who works only through the
site's pages (district staff, coordinators, department viewers), whose accounts it is the admins' job to manage.
Between two staff members, the one holding a permission the other lacks is the higher.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q


def rights_of(user) -> set[str]:
    """Every permission ``user`` holds, directly or through a group, as "app_label.codename".

    Read from the tables rather than ``get_all_permissions``, which answers nothing for an inactive user: a
    deactivated admin still outranks a lesser one, or that one could reactivate it with a password of their own.
    """
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app}.{codename}" for app, codename in rows}


def _level(user) -> int:
    return 2 if user.is_superuser else 1 if user.is_staff else 0


def outranks(target, actor) -> bool:
    """Whether ``target`` holds more rights than ``actor``: a superuser outranks everyone but a superuser."""
    if target.pk == actor.pk or actor.is_superuser:
        return False
    if _level(target) != _level(actor):
        return _level(target) > _level(actor)
    return target.is_staff and not rights_of(target) <= rights_of(actor)
