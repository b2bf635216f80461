"""Django's ModelBackend with a person's permissions read in one query, and kept in a shared cache.

Every page asks for permissions (the menu, the scoping helpers); Django reads them in two queries (the person's own,
their groups'). Here they are one query (a UNION), and with a shared cache (``CACHE_SHARED``: ``CACHE_URL`` set) the
answer is kept per person under a permissions version that any change of groups, memberships or permissions moves,
on every server at once. Being active and being a superuser are read from the user row, which Django loads on
every request anyway, so deactivating someone takes effect at once.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from weihai_newcitizen.versioned_cache import VersionedCache

VERSION_KEY = "accounts:permissions-version"
SECONDS = 3600


def _shared() -> bool:
    return bool(getattr(settings, "CACHE_SHARED", False))


_versions = VersionedCache(VERSION_KEY)


def permissions_version_bump() -> None:
    """Retire every kept permission set: now, and again at commit (a request in between may keep the old set)."""
    if _shared():
        _versions.bump()


def _read(user) -> set[str]:
    fields = ("content_type__app_label", "codename")
    own = Permission.objects.filter(user=user).order_by().values_list(*fields)
    groups = Permission.objects.filter(group__user=user).order_by().values_list(*fields)
    return {f"{app_label}.{codename}" for app_label, codename in own.union(groups)}


def _cached(user) -> set[str]:
    """The kept set if it was read under the current version, else read afresh (a cache outage costs a query)."""
    return _versions.get_or_build(f"accounts:permissions:{user.pk}", lambda: _read(user), timeout=SECONDS)


class PermissionCacheBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None or user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _cached(user_obj) if _shared() else _read(user_obj)
        return user_obj._perm_cache


_WATCHED = {Group, Permission}


@receiver(m2m_changed, dispatch_uid="accounts_permissions_m2m_changed")
def _memberships_changed(sender, **kwargs):
    # The through tables of user.groups, user.user_permissions and group.permissions.
    if {field.related_model for field in sender._meta.get_fields() if field.is_relation} & _WATCHED:
        permissions_version_bump()


@receiver(post_save, dispatch_uid="accounts_permissions_saved")
@receiver(post_delete, dispatch_uid="accounts_permissions_deleted")
def _permissions_changed(sender, **kwargs):
    if sender in _WATCHED:
        permissions_version_bump()
