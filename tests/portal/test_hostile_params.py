"""Every public URL pattern, walked with hostile parameters: a resident-facing URL answers 2xx/3xx/4xx, never 500.

The walk is driven by Django's own URL resolver, so a public pattern added later without a sample here fails
`test_every_public_pattern_is_walked` instead of escaping the walk. The suite runs on SQLite and on PostgreSQL
(CI runs it twice), which differ exactly where these values hurt: NUL bytes and 64-bit overflows.
"""

from urllib.parse import quote

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import pytest

from directory.models import ConsultationWindow
from directory.referral import ReferralForm

HUGE = "9223372036854775808"  # 2**63: one past PostgreSQL's bigint
# Raw query-string values (already percent-encoded where needed), sent as typed by an attacker.
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    HUGE,
    "-" + HUGE,
    "99999999999999999999999999999999",
    "-1",
    "0",
    "1e9",
    "1.5",
    "NaN",
    "%ED%A0%80",  # a UTF-16 surrogate encoded as UTF-8: invalid
    "%FF%FE",
    "%E3%81",  # a truncated multi-byte character
    quote("あ" * 3000),
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "%27%20OR%201%3D1--",
    "%0D%0ASet-Cookie:%20x=1",
    "%C0%AE",
    "%F0%9F%98%80",
]
PER_PARAM_VALUES = ["a%00b", HUGE, "-" + HUGE, "%ED%A0%80"]
PARAM_NAMES = [
    "q",
    "city",
    "category",
    "situation",
    "kind",
    "page",
    "page_size",
    "w",
    "sender",
    "yasashii",
    "furigana",
    "format",
    "next",
]

# Patterns that are not resident-facing (editors' login and the admin) or that take no parameters we control.
NOT_PUBLIC = {"wagtaildocs_authenticate_with_password", "wagtailcore_authenticate_with_password"}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or "")


def public_patterns() -> set[str]:
    return {
        name
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith("admin/") and name not in NOT_PUBLIC
    }


def samples() -> dict[str, list[str]]:
    """Concrete paths per pattern name: a real object, a missing one and out-of-range path values."""
    window = ConsultationWindow.objects.filter(live=True, city__isnull=False).select_related("city").first()
    city = window.city.slug
    national = ConsultationWindow.objects.filter(live=True, city__isnull=True).first()
    form = ReferralForm.objects.filter(live=True).select_related("city").first()
    form_city = form.city.slug if form else city
    form_slug = form.slug if form else "none"
    return {
        "wagtaildocs_serve": ["/documents/1/x.pdf", f"/documents/{HUGE}/x.pdf", "/documents/0/%00.pdf"],
        "healthz": ["/healthz"],
        "privacy": ["/privacy/"],
        "api:openapi-json": ["/api/v1/openapi.json"],
        "api:openapi-view": ["/api/v1/docs"],
        "api:cities": ["/api/v1/cities"],
        "api:city_program": [f"/api/v1/cities/{city}/program", "/api/v1/cities/%00/program"],
        "api:windows": ["/api/v1/windows"],
        "api:search": ["/api/v1/search"],
        "api:window": [f"/api/v1/windows/{window.pk}", f"/api/v1/windows/{HUGE}", "/api/v1/windows/-1"],
        "api:api-root": ["/api/v1/"],
        "search:search": ["/search/"],
        "search:click": ["/search/click/"],
        "referral:index": [f"/{form_city}/tsunagu-sheet/"],
        "referral:all": ["/tsunagu-sheet/"],
        "referral:download": [
            f"/{form_city}/tsunagu-sheet/{form_slug}/pdf/",
            f"/{form_city}/tsunagu-sheet/{form_slug}/%00/",
        ],
        "referral:download_version": [
            f"/{form_city}/tsunagu-sheet/{form_slug}/versions/{HUGE}/pdf/",
            f"/{form_city}/tsunagu-sheet/{form_slug}/versions/1/%00/",
        ],
        "memo": ["/memo/"],
        "opendata:hsds": ["/opendata/hsds.json"],
        "opendata:windows_csv": [f"/opendata/{city}/windows.csv"],
        "opendata:city_hsds": [f"/opendata/{city}/hsds.json"],
        "directory:categories": ["/soudan/"],
        "directory:national": ["/soudan/zenkoku/"],
        "directory:national_window": [
            f"/soudan/zenkoku/{national.pk if national else 1}/",
            f"/soudan/zenkoku/{HUGE}/",
        ],
        "directory:category": ["/soudan/keizai/", "/soudan/no-such-category/"],
        "directory:city": [f"/{city}/soudan/"],
        "directory:staff": [f"/{city}/soudan/ichiran/"],
        "directory:window": [f"/{city}/soudan/{window.pk}/", f"/{city}/soudan/{HUGE}/"],
        "directory:city_category": [f"/{city}/soudan/keizai/"],
        "wagtailcore_login": ["/_util/login/"],
        "wagtail_serve": [
            "/",
            f"/{city}/",
            f"/{city}/program/",
            f"/{city}/program/business-1/",
            "/no-such-page/",
            "/%00/",
            f"/{city}/%00/",
            "/%ED%A0%80/",
        ],
    }


def test_every_public_pattern_is_walked(seeded):
    assert public_patterns() <= set(samples()), public_patterns() - set(samples())


@pytest.mark.parametrize("name", sorted(public_patterns()))
def test_hostile_parameters_never_give_500(seeded, name):
    client = Client(raise_request_exception=False)
    failures = []
    for path in samples()[name]:
        # Each parameter alone with the values that hurt databases (so one parameter's 400 cannot hide another's
        # 500), then every parameter at once with each hostile value.
        urls = [path] + [f"{path}?{param}={value}" for param in PARAM_NAMES for value in PER_PARAM_VALUES]
        urls += [f"{path}?" + "&".join(f"{p}={value}" for p in PARAM_NAMES) for value in HOSTILE_VALUES]
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, response.status_code))
    assert not failures, failures[:20]


def test_nul_in_a_filter_is_a_japanese_400(seeded, client):
    response = client.get("/yufu/soudan/?situation=%00")
    assert response.status_code == 400
    assert "正しくない文字" in response.content.decode()


def test_api_page_past_bigint_is_400(seeded, client):
    response = client.get(f"/api/v1/windows?page={HUGE}")
    assert response.status_code == 400
    assert "detail_ja" in response.json()
