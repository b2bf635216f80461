"""Dashboard pages and API answers served from the cache, yet live.

An answer is kept under a key made of the page (its path and the parameters the dashboards read), the language,
what the person may see (``reports.scoping.units_key_for_user``: the units; ``actions.scoping.measures_key_for_user``:
the measures) and today's date (the default month and "not yet
due" depend on it), together with the **data version** it was built under; it answers only while that is still the
current version. Every change the dashboards show moves the data version: each summary
refresh (every workflow step of a return, in its transaction), a bulk rebuild, and any save of the plan or the
units (``receivers.py``). A request after a change therefore misses on every server sharing the cache, renders
afresh and replaces the entry.

Only a shared cache (``CACHE_URL``) reaches every process; with the local-memory default the cache stays off unless
``NEWCITIZEN["DASHBOARD_CACHE_SECONDS"]`` turns it on (one process, as in the tests).
"""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from actions.scoping import measures_key_for_user
from reports.scoping import units_key_for_user

logger = logging.getLogger("newcitizen.cache")

VERSION_KEY = "dashboards:data-version"
# The only query parameters a dashboard page or the API reads (``params.py``); others never change the answer.
PARAMS = ("year", "month", "unit", "submitted")

T = TypeVar("T")


def cache_seconds() -> int:
    return int(settings.NEWCITIZEN.get("DASHBOARD_CACHE_SECONDS", 0))


def data_version() -> int:
    """The current data version; read before the data, so an answer is never kept under a newer version than it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, never from 1: if the key was evicted while pages of an old version survived, a
        # restart at 1 could serve them again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or never read): any new start from the clock is past every old one
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def data_version_bump() -> None:
    """Move the data version; call it in the transaction of the change.

    It moves now, so that this process's next read misses, and again when the transaction commits: a request on
    another server between now and the commit may have kept the old figures under the version taken now. A failure
    of the cache at commit is logged, not raised (the data is written; entries expire after the cache time).
    """
    if not cache_seconds():
        return
    try:
        _bump()
    except Exception:  # the change itself must go through; the bump at commit tries again
        logger.warning("dashboard cache unavailable; data version not moved", exc_info=True)
    transaction.on_commit(_bump, robust=True)


def page_key(request, *, user, page: str) -> str | None:
    """The cache key of ``page`` as ``request`` asks for it on behalf of ``user``; None when the cache is off."""
    if not cache_seconds():
        return None
    parts = [
        page,
        request.path,
        *(f"{name}={request.GET.get(name, '')}" for name in PARAMS),
        get_language() or "",
        units_key_for_user(user),
        measures_key_for_user(user),
        timezone.localdate().isoformat(),
    ]
    return "dashboards:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached(key: str | None, build: Callable[[], T]) -> T:
    """What ``key`` holds for the current data version, else ``build()`` kept under it.

    The entry carries the version it was built under, and is read together with the current version in one round
    trip; a rebuilt entry replaces the old one. A cache that fails is logged and bypassed, never fatal.
    """
    if key is None:
        return build()
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found[VERSION_KEY] if VERSION_KEY in found else data_version()
    except Exception:  # the cache is an accelerator: a Redis outage must not take the dashboards down
        logger.warning("dashboard cache unavailable; rendering without it", exc_info=True)
        return build()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = build()  # the version was read before the data: the entry is never newer than its version says
    try:
        cache.set(key, (version, value), timeout=cache_seconds())
    except Exception:
        logger.warning("dashboard cache unavailable; answer not kept", exc_info=True)
    return value
