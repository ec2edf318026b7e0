"""Rate limits (429 + Retry-After) on search, API and login; login lockout per account; security headers."""

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def tight_limits(redis_cache, settings):
    settings.TSUNAGU_RATE_LIMITS = {
        "login": (("/admin/login/", "/_util/login/"), ("POST",), "100/m"),
        "search": (("/search/", "/api/v1/search"), ("GET", "HEAD"), "5/m"),
        "api": (("/api/", "/opendata/"), ("GET", "HEAD"), "8/m"),
    }


def test_search_burst_gets_429_with_retry_after_in_japanese(tight_limits, client):
    statuses = [client.get("/search/", {"q": f"借金 {i}"}).status_code for i in range(8)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    response = client.get("/search/", {"q": "借金"})
    assert int(response["Retry-After"]) >= 1
    assert "アクセスが集中しています" in response.content.decode()


def test_api_burst_gets_json_429(tight_limits, client):
    statuses = [client.get("/api/v1/cities").status_code for _ in range(10)]
    assert statuses.count(429) == 2
    response = client.get("/api/v1/cities")
    assert response.status_code == 429 and "detail_ja" in response.json()
    assert int(response["Retry-After"]) >= 1


def test_limits_are_per_client_address(tight_limits, client, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = 1
    for _ in range(6):
        client.get("/search/", {"q": "借金"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client.get("/search/", {"q": "借金"}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert client.get("/search/", {"q": "借金"}, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_login_lockout_after_five_wrong_passwords(tight_limits, client, django_user_model):
    django_user_model.objects.create_user("moderator-yufu", "m@example.jp", "correct-horse-battery-9")
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "moderator-yufu", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(
        "/admin/login/", {"username": "moderator-yufu", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 429
    assert "ログインを一時的に停止しています" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_login_burst_from_one_address_gets_429(redis_cache, settings, client):
    settings.TSUNAGU_RATE_LIMITS = {"login": (("/admin/login/",), ("POST",), "3/m")}
    statuses = [
        client.post("/admin/login/", {"username": f"user{i}", "password": "x"}).status_code for i in range(5)
    ]
    assert statuses[3:] == [429, 429]


def test_public_pages_carry_csp_and_permissions_policy(client):
    response = client.get("/yufu/soudan/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_open_data_api_allows_any_origin_read_only(client):
    response = client.get("/api/v1/cities", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    page = client.get("/yufu/soudan/", HTTP_ORIGIN="https://data.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_public_templates_have_no_inline_script_or_style(client):
    import re

    for url in (
        "/",
        "/yufu/",
        "/yufu/program/",
        "/yufu/soudan/",
        "/soudan/keizai/",
        "/search/?q=借金",
        "/memo/",
    ):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
        assert not scripts, (url, scripts)
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url
