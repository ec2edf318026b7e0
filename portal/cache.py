"""The anonymous page cache and its purge.

Every anonymous GET of a public page or API response is kept in the shared cache (Redis in production) under a
key that includes a *content generation*. Publishing, unpublishing, moving or deleting anything residents see
(`portal.purge`) bumps the generation, so the very next request of every process renders afresh: one published
phone change can show on a city page, a category page, search, the API and the open-data files at once, and
enumerating those URLs would miss some. The CDN in front (if any) is purged by URL through Wagtail's
frontend-cache backends, and keeps search and API answers only briefly (they cannot be enumerated).

The cache is an accelerator only: when it fails, pages are rendered from the database as if it were empty.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger("tsunagu.cache")

GENERATION_KEY = "content-generation"
# Never cached: editors' pages, downloads that check permissions, login, health, the admin's uploads.
BYPASS_PREFIXES = ("/admin/", "/documents/", "/_util/", "/healthz", "/static/", "/media/")
# Answers that depend on the query and so cannot be purged by URL at a CDN: short shared lifetime.
QUERY_PREFIXES = ("/search/", "/api/")
SESSION_COOKIE_NAMES = ("sessionid",)


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = str(time.time_ns())
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return str(value)


def bump_generation() -> None:
    """Invalidate every cached anonymous response in every process (the next request renders afresh)."""
    cache.set(GENERATION_KEY, str(time.time_ns()), None)


def _config() -> dict:
    return settings.TSUNAGU_PAGE_CACHE


def _cacheable_request(request: HttpRequest) -> bool:
    if not _config().get("ENABLED", True) or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    # Signed-in editors get Wagtail's user bar and previews: never from (or into) the shared cache.
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *SESSION_COOKIE_NAMES))


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _key(request: HttpRequest) -> str:
    """The URL's slot; the entry stored there carries the generation it was rendered in."""
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page2:{digest}"


def _headers_for_clients(request: HttpRequest, response: HttpResponse) -> None:
    if response.has_header("Cache-Control"):
        return
    shared = _config()["SHARED_MAX_AGE"]
    if request.path.startswith(QUERY_PREFIXES):
        shared = min(shared, _config()["BROWSER_MAX_AGE"])
    patch_cache_control(response, public=True, max_age=_config()["BROWSER_MAX_AGE"], s_maxage=shared)
    patch_vary_headers(response, ["Cookie"])


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            # One round trip for a hit: the current generation and the URL's entry together.
            key = _key(request)
            found = cache.get_many([GENERATION_KEY, key])
            gen = found.get(GENERATION_KEY)
            if gen is None:
                gen = generation()
            stored = found.get(key)
        except Exception:  # the cache backend is down or hung: render from the database
            logger.warning("page cache unavailable, rendering uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None and stored[0] == str(gen):  # an entry of an older generation is a miss
            _gen, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            _headers_for_clients(request, response)
            if not response.has_header("ETag"):
                # Stored with the page, so a hit answers If-None-Match without hashing the body again.
                response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'

            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-cache", "content-length")
            ]
            try:
                cache.set(
                    key,
                    (str(gen), response.status_code, headers, response.content),
                    _config()["SHARED_MAX_AGE"],
                )
            except Exception:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
            response["X-Cache"] = "MISS"
        return response
