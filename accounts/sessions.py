"""Sessions kept in the database and read through the shared cache (SESSION_ENGINE with ``CACHE_URL`` set).

Django's ``cached_db`` store, which saves a query per page; except that a cache outage costs that query again
instead of the page: reads fall back to the database, and a failed write or delete of the cached copy is logged.
(A logout during an outage deletes the session from the database; its cached copy, if the cache kept it, lives
until it expires with the session.)
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger("newcitizen.cache")


class SessionStore(CachedDBStore):
    def load(self):
        try:
            return super().load()
        except Exception:  # the cache failed after the database read: read it again, without the cache
            logger.warning("cache unavailable; session read from the database", exc_info=True)
            return DBStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            return DBStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)  # the database first, then the cached copy
        except Exception:
            logger.error("cache unavailable; a deleted session's cached copy is left to expire", exc_info=True)
