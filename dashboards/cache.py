"""Dashboard pages and API answers served from the cache, yet live.

An answer is kept under a key made of the page (its path and the parameters the dashboards read), the language,
what the person may see (``reports.scoping.units_key_for_user``: the units; ``actions.scoping.measures_key_for_user``:
the measures) and today's date (the default month and "not yet
due" depend on it), together with the **data version** it was built under; it answers only while that is still the
current version. Every change the dashboards show moves the data version: each summary
refresh (every workflow step of a return, in its transaction), a bulk rebuild, and any save of the plan or the
units (``receivers.py``). A request after a change therefore misses on every server sharing the cache, renders
afresh and replaces the entry.

Beside it, two finer versions for what depends on finished months only (the desk's month before, say): the **plan
version**, moved by the plan, the units and bulk rebuilds, and one **month version** per plan year and month, moved by
a change to a return of that month or an earlier one (a year-to-date to the end of a month reads nothing later). On a
deadline day December's steps move neither November's version nor the plan's (``cached_for_month``).

Only a shared cache (``CACHE_URL``) reaches every process; with the local-memory default the cache stays off unless
``NEWCITIZEN["DASHBOARD_CACHE_SECONDS"]`` turns it on (one process, as in the tests).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import get_language

from actions.scoping import measures_key_for_user
from reports.scoping import units_key_for_user
from weihai_newcitizen import clock
from weihai_newcitizen.versioned_cache import VersionedCache, bump_versions

VERSION_KEY = "dashboards:data-version"
PLAN_VERSION_KEY = "dashboards:plan-version"
# The only query parameters a dashboard page or the API reads (``params.py``); others never change the answer.
PARAMS = ("year", "month", "unit", "submitted")

T = TypeVar("T")


def cache_seconds() -> int:
    return int(settings.NEWCITIZEN.get("DASHBOARD_CACHE_SECONDS", 0))


_versions = VersionedCache(VERSION_KEY)
_plan_versions = VersionedCache(PLAN_VERSION_KEY)


def month_version_key(plan_id: int, month: int) -> str:
    return f"dashboards:month-version:{plan_id}:{month}"


def data_version() -> int:
    """The current data version (see ``VersionedCache.version``)."""
    return _versions.version()


def data_version_bump(*, plan_id: int | None = None, month: int | None = None) -> None:
    """Move the data version; call it in the transaction of the change (now, and again at commit).

    A change to returns of one plan year gives ``plan_id`` (and ``month``, the earliest month it touches): the month
    versions from there to December move too. Without ``plan_id`` (the plan, the units, a rebuild) everything moves.
    """
    if not cache_seconds():
        return
    if plan_id is None:
        bump_versions([VERSION_KEY, PLAN_VERSION_KEY])
    else:
        bump_versions([VERSION_KEY, *(month_version_key(plan_id, m) for m in range(month or 1, 13))])


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
        clock.today().isoformat(),
    ]
    return "dashboards:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_for_month(key: str, build: Callable[[], T], *, plan_id: int, month: int) -> T:
    """What ``key`` holds while neither the plan nor a return of ``month`` or earlier changed, else ``build()``."""
    if not cache_seconds():
        return build()
    also = (month_version_key(plan_id, month),)
    return _plan_versions.get_or_build(key, build, timeout=cache_seconds(), also=also)


def cached(key: str | None, build: Callable[[], T]) -> T:
    """What ``key`` holds for the current data version, else ``build()`` kept under it (None: the cache is off)."""
    if key is None:
        return build()
    return _versions.get_or_build(key, build, timeout=cache_seconds())
