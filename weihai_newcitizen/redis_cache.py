"""Django's Redis cache backend, with one redis-py client per connection pool instead of one per cache call.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every operation, and redis-py's constructor fills its
table of some 170 response callbacks each time: on a dashboard page served from the cache (a session, the
permissions, the page: three reads) that cost more than the reads themselves. A redis-py client holds no connection
of its own (its pool does) and is safe to share between threads, so one per pool is kept. Everything else is
Django's backend as it is; settings.py swaps it in for ``CACHE_URL=redis://…``.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _PooledClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _PooledClient
