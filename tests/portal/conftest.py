"""Fixtures for the production-behaviour tests: the real Redis that runs on this machine and in CI."""

import os
import uuid

import pytest

REDIS_URL = os.environ.get("TSUNAGU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(settings):
    """The default cache switched to the local Redis, under a key prefix of this test's own."""
    if not redis_reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Redis is not reachable at {REDIS_URL}; .ci/run starts it, so under CI this is a failure."
            )
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (start redis-server; CI does)")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.TSUNAGU_PAGE_CACHE = {**settings.TSUNAGU_PAGE_CACHE, "ENABLED": True}
    settings.RATELIMIT_ENABLE = True
    from django.core.cache import cache

    yield cache
    cache.clear()
