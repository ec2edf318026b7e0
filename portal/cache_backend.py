"""Django's Redis cache backend, made an accelerator that cannot take the site down.

Wagtail reads the cache on every page (site root paths), the page cache and the rate limits read it on every
request. If Redis is down or hung, Django's backend raises and each page becomes a 500 — or waits for the socket
timeout. Here a failing Redis reads as a miss and writes are dropped, and after one failure the process stops
asking Redis for `RETRY_SECONDS` (a breaker), so a hung Redis costs one timeout per process, not one per call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger("tsunagu.cache")

RETRY_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            first = self._available()
            self._down_until = time.monotonic() + RETRY_SECONDS
        if first:
            logger.error(
                "Redis cache unavailable (%s: %s); serving uncached for %ss", operation, error, RETRY_SECONDS
            )

    def _call(self, operation: str, default, func, *args, **kwargs):
        if not self._available():
            return default
        try:
            return func(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # Rate limits count with add + incr; without Redis they fail open (see RATELIMIT_FAIL_OPEN).
        if not self._available():
            raise ValueError(f"cache unavailable, key {key!r} not counted")
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._failed("incr", error)
            raise ValueError(f"cache unavailable, key {key!r} not counted") from error
