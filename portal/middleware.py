"""Request hygiene in front of every view.

`RejectHostileInputMiddleware` answers 400 to a NUL byte or an unpaired surrogate anywhere in the path or the query
string. No URL of the portal needs either, PostgreSQL refuses NUL inside text (psycopg raises before the query is
sent), and catching it here covers every view, Wagtail's page routing included, instead of each filter one by one.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .errors import is_database_unavailable, service_unavailable

logger = logging.getLogger("tsunagu.requests")

# Far above any real URL (a 200-character search is ~1,800 bytes encoded) but bounded; gunicorn stops at 8190.
MAX_QUERY_STRING = 16384


def _hostile(text: str) -> bool:
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    logger.info("400 %s: %s", request.path[:200], reason)
    return HttpResponse(render_to_string("400.html", request=None), status=400)


class RejectHostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _hostile(request.path):
            return bad_request(request, "NUL or surrogate in path")
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return bad_request(request, "query string too long")
        for key, values in request.GET.lists():
            if _hostile(key) or any(_hostile(v) for v in values):
                return bad_request(request, f"NUL or surrogate in query parameter {key[:40]!r}")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that refuses, drops or times out answers 503 + Retry-After with the baked contact page.

    Residents still get every city's front-door number and the national lines (baked at deploy time), and a load
    balancer or CDN sees a retryable status instead of a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.error("503 %s: database unavailable: %s", request.path[:200], exception)
        return service_unavailable()
