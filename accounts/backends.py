"""Django's ModelBackend with a person's permissions read in one query, and kept in a shared cache.

Every page asks for permissions (the menu, the scoping helpers); Django reads them in two queries (the person's own,
their groups'). Here they are one query (a UNION), and with a shared cache (``CACHE_SHARED``: ``CACHE_URL`` set) the
answer is kept per person under a permissions version that any change of groups, memberships or permissions moves,
on every server at once. Being active and being a superuser are read from the user row, which Django loads on
every request anyway, so deactivating someone takes effect at once.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger("newcitizen.cache")

VERSION_KEY = "accounts:permissions-version"
SECONDS = 3600


def _shared() -> bool:
    return bool(getattr(settings, "CACHE_SHARED", False))


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # From the clock: a version lost (evicted) and started again never meets entries kept under an old one.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def permissions_version_bump() -> None:
    """Retire every kept permission set: now, and again at commit (a request in between may keep the old set)."""
    if not _shared():
        return
    try:
        _bump()
    except Exception:  # the change itself must go through; the bump at commit tries again
        logger.warning("cache unavailable; permissions version not moved", exc_info=True)
    transaction.on_commit(_bump, robust=True)


def _read(user) -> set[str]:
    fields = ("content_type__app_label", "codename")
    own = Permission.objects.filter(user=user).order_by().values_list(*fields)
    groups = Permission.objects.filter(group__user=user).order_by().values_list(*fields)
    return {f"{app_label}.{codename}" for app_label, codename in own.union(groups)}


def _cached(user) -> set[str]:
    """The kept set if it was read under the current version (both fetched in one round trip), else read afresh."""
    key = f"accounts:permissions:{user.pk}"
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found[VERSION_KEY] if VERSION_KEY in found else _version()
    except Exception:  # a cache outage costs a query, never a page
        logger.warning("cache unavailable; permissions read from the database", exc_info=True)
        return _read(user)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    permissions = _read(user)  # read after the version: never older than the version it is kept under
    try:
        cache.set(key, (version, permissions), SECONDS)
    except Exception:
        logger.warning("cache unavailable; permissions not kept", exc_info=True)
    return permissions


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
