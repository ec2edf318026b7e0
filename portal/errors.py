"""Error pages that still help: 404/500/503 in Japanese, the 500/503 ones with every city's front-door number and
the national lines, rendered to static HTML at deploy time so they need neither the database nor the cache.

`manage.py bake_error_pages` writes `<TSUNAGU_ERROR_PAGES_DIR>/500.html` and `503.html`; the views below serve
those files, and fall back to rendering the bare template (without numbers) only if the deploy never baked them.
A reverse proxy can serve the same files when the application itself is down (docs/deploy.md).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("tsunagu.errors")

RETRY_AFTER_SECONDS = 30


def baked_path(status: int) -> Path:
    return Path(settings.TSUNAGU_ERROR_PAGES_DIR) / f"{status}.html"


def error_page_html(status: int) -> str:
    try:
        return baked_path(status).read_text(encoding="utf-8")
    except OSError:
        logger.warning("error page %s was not baked; run manage.py bake_error_pages at deploy", status)
        return render_to_string(f"{status}.html", {})


def is_database_unavailable(exception: BaseException | None) -> bool:
    """The database is down, unreachable, hung (connect or statement timeout) or dropped the connection."""
    if isinstance(exception, OperationalError | InterfaceError):
        return True
    if isinstance(exception, DatabaseError):
        cause = exception.__cause__
        name = type(cause).__name__ if cause is not None else ""
        return name in {"QueryCanceled", "ConnectionTimeout", "AdminShutdown", "CannotConnectNow"}
    return False


def service_unavailable() -> HttpResponse:
    response = HttpResponse(error_page_html(503), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the baked page; a database outage that escaped the middleware is still a 503."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    response = HttpResponse(error_page_html(500), status=500)
    response["Cache-Control"] = "no-store"
    return response
