"""Entries in the shared cache that stay live: each is kept with the version it was built under, and a change moves
the version instead of deleting keys one by one (dashboard pages, a person's permissions).

The version starts from the clock, never from 1: if the version key was evicted while entries of an old version
survived, a restart at 1 could serve them again. A cache that fails is logged and bypassed, never fatal: it is an
accelerator, and a Redis outage must not take a page down.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("newcitizen.cache")

T = TypeVar("T")


def _version_of(version_key: str) -> int:
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, time.time_ns(), timeout=None)
        version = cache.get(version_key)
    return version


def _move(version_key: str) -> None:
    try:
        cache.incr(version_key)
    except ValueError:  # not there (evicted, or never read): a new start from the clock is past every old one
        cache.add(version_key, time.time_ns(), timeout=None)


def bump_versions(version_keys: list[str]) -> None:
    """Move each version; call it in the transaction of the change.

    They move now, so that this process's next read misses, and again when the transaction commits: a request on
    another server between now and the commit may have kept the old state under the versions taken now.
    """

    def move_all():
        for version_key in version_keys:
            _move(version_key)

    try:
        move_all()
    except Exception:  # the change itself must go through; the move at commit tries again
        logger.warning("cache unavailable; %s not moved", ", ".join(version_keys), exc_info=True)
    transaction.on_commit(move_all, robust=True)


class VersionedCache:
    def __init__(self, version_key: str):
        self.version_key = version_key

    def version(self) -> int:
        """The current version; read it before the data, so an entry is never kept under a newer one than it."""
        return _version_of(self.version_key)

    def bump(self) -> None:
        """Move the version (see ``bump_versions``)."""
        bump_versions([self.version_key])

    def get_or_build(self, key: str, build: Callable[[], T], *, timeout: int, also: tuple[str, ...] = ()) -> T:
        """What ``key`` holds for the current version (both read in one round trip), else ``build()`` kept under it.

        ``also``: further version keys the entry depends on (moved by ``bump_versions``); it answers while none moved.
        """
        version_keys = [self.version_key, *also]
        try:
            found = cache.get_many([*version_keys, key])
            versions = tuple(found[k] if k in found else _version_of(k) for k in version_keys)
        except Exception:
            logger.warning("cache unavailable; %s built without it", key, exc_info=True)
            return build()
        version = versions if also else versions[0]
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        value = build()  # the version was read before the data: the entry is never newer than its version says
        try:
            cache.set(key, (version, value), timeout=timeout)
        except Exception:
            logger.warning("cache unavailable; %s not kept", key, exc_info=True)
        return value
