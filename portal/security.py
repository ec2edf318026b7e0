"""Abuse limits and security headers for the public site.

- `RateLimitMiddleware`: per-client request budgets on search, the API and the login forms (django-ratelimit's
  counters in the shared cache), answered with 429 + Retry-After in Japanese (JSON for the API).
- `client_ip`: the resident's address, read through exactly `TSUNAGU_TRUSTED_PROXIES` reverse proxies
  (X-Forwarded-For is trusted only as far as our own proxies wrote it).
- `PermissionsPolicyMiddleware`: the site uses no camera, microphone, geolocation, payment …
- `lockout_response`: django-axes' answer to a locked-out login, in Japanese.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from django_ratelimit.core import get_usage

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def client_ip(request: HttpRequest) -> str:
    proxies = getattr(settings, "TSUNAGU_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def _rule_for(request: HttpRequest) -> tuple[str, str] | None:
    path = request.path
    for group, (prefixes, methods, rate) in settings.TSUNAGU_RATE_LIMITS.items():
        if path.startswith(tuple(prefixes)) and request.method in methods:
            return group, rate
    return None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": f"Too many requests; retry after {retry_after} seconds.",
                "detail_ja": f"短い時間にリクエストが集中しました。{retry_after}秒ほど待ってから、もう一度お試しください。",
            },
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        html = render_to_string("429.html", {"retry_after": retry_after})
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rule = _rule_for(request)
        if rule is not None:
            group, rate = rule
            usage = get_usage(request, group=group, key=_client_key, rate=rate, increment=True)
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, max(1, math.ceil(usage["time_left"])))
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes: too many failed logins for this account. The editor is told how long to wait, in Japanese."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    html = render_to_string("lockout.html", {"minutes": minutes})
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
