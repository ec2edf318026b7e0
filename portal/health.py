"""`/healthz` for the load balancer: the database, the cache and the search index, each checked for real.

200 with {"status": "ok", …} when all three answer; 503 naming the part that failed otherwise, so a balancer takes
the process out of rotation (the CDN keeps serving cached pages meanwhile). Never cached, never rate limited.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from search.engines import get_engine


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("the cache did not return what was written")
    return "ok"


def _search() -> str:
    count = get_engine().count()
    if count <= 0:
        raise RuntimeError("the search index is empty")
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks, ok = {}, True
    for name, check in (("database", _database), ("cache", _cache), ("search", _search)):
        started = time.monotonic()
        try:
            checks[name] = {"status": check()}
        except Exception as error:  # a health check reports, it does not raise
            ok = False
            checks[name] = {"status": "error", "error": f"{type(error).__name__}: {str(error)[:200]}"}
        checks[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
