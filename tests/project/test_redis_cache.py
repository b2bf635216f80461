"""The shared cache's backend: Django's Redis backend with one redis-py client per pool (weihai_newcitizen.redis_cache).

The first test talks to the Redis server at 127.0.0.1:6379 (database 8), as CI and this machine have; it is skipped
where none answers.
"""

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS = {"default": {"BACKEND": "weihai_newcitizen.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/8"}}


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis at 127.0.0.1:6379")
@override_settings(CACHES=REDIS)
def test_every_call_shares_one_client_and_reads_what_was_written():
    cache = caches["default"]
    try:
        client = cache._cache.get_client()
        cache.set("redis-cache-test", {"人": 1}, 30)
        assert cache.get("redis-cache-test") == {"人": 1}
        assert cache.get_many(["redis-cache-test", "absent"]) == {"redis-cache-test": {"人": 1}}
        assert cache.add("redis-cache-count", 1, 30) and cache.incr("redis-cache-count") == 2
        assert cache._cache.get_client() is client
        assert cache._cache.get_client(write=True) is client  # one server: reads and writes share the pool
    finally:
        cache.delete_many(["redis-cache-test", "redis-cache-count"])
        cache.close()


def test_a_redis_cache_url_selects_the_pooled_backend(monkeypatch):
    import importlib

    import weihai_newcitizen.settings.base as base

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/8")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.CACHES["default"]["BACKEND"] == "weihai_newcitizen.redis_cache.RedisCache"
    finally:
        monkeypatch.delenv("CACHE_URL")
        importlib.reload(base)
