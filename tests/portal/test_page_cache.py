"""The anonymous page cache in Redis, its client headers, and purge on publish (the next request is fresh)."""

from django.test import Client

import pytest

from directory.models import ConsultationWindow

pytestmark = pytest.mark.usefixtures("seeded")


def yufu_window():
    """A 由布市 window that shows its organisation's number (the seeds give windows their organisation's phones)."""
    return (
        ConsultationWindow.objects.filter(
            city__slug="yufu", live=True, phones__isnull=True, organisation__phones__isnull=False
        )
        .order_by("pk")
        .first()
    )


def test_pages_and_api_are_cached_with_cdn_headers(redis_cache, client):
    first = client.get("/yufu/soudan/")
    second = client.get("/yufu/soudan/")
    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    control = second["Cache-Control"]
    assert "public" in control and "max-age=60" in control and "s-maxage=600" in control
    assert second["ETag"] == first["ETag"]
    api = [client.get("/api/v1/windows?city=yufu")["X-Cache"] for _ in range(2)]
    assert api == ["MISS", "HIT"]
    # Search and API answers cannot be purged by URL at a CDN: they stay there only briefly.
    assert "s-maxage=60" in client.get("/api/v1/cities")["Cache-Control"]


def test_etag_gives_304(redis_cache, client):
    etag = client.get("/soudan/")["ETag"]
    assert client.get("/soudan/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_signed_in_editors_bypass_the_cache(redis_cache, client, django_user_model):
    user = django_user_model.objects.create_superuser("cache-editor", "e@example.jp", "pw-12345-long")
    client.force_login(user)
    assert "X-Cache" not in client.get("/yufu/soudan/")


def test_a_published_phone_change_is_visible_on_the_next_request(
    redis_cache, client, django_capture_on_commit_callbacks
):
    window = yufu_window()
    organisation = window.organisation
    old = organisation.phones.all()[0].number
    new = "097-599-0123"
    urls = [
        f"/yufu/soudan/{window.pk}/",
        "/yufu/soudan/",
        f"/api/v1/windows/{window.pk}",
        "/api/v1/windows?city=yufu&page_size=200",
        "/opendata/yufu/windows.csv",
        "/opendata/yufu/hsds.json",
    ]
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response["X-Cache"] == "HIT", url
        assert old in response.content.decode(), url

    phones = list(organisation.phones.all())
    phones[0].number = new
    organisation.phones = phones
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert new in response.content.decode(), url
    # Search reads the re-indexed window (its payload carries the phones) and is not served from before.
    search = client.get("/search/", {"q": window.title, "city": "yufu"})
    assert search["X-Cache"] == "MISS"
    assert new in search.content.decode()
    assert client.get(f"/yufu/soudan/{window.pk}/")["X-Cache"] == "HIT"


def test_a_draft_does_not_purge(redis_cache, client):
    window = yufu_window()
    client.get("/yufu/soudan/")
    window.save_revision()
    assert client.get("/yufu/soudan/")["X-Cache"] == "HIT"


def test_unpublishing_a_window_purges(redis_cache, client, django_capture_on_commit_callbacks):
    window = yufu_window()
    url = f"/yufu/soudan/{window.pk}/"
    client.get(url)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        window.unpublish()
    assert client.get(url).status_code == 404


def test_redis_down_serves_uncached(settings, client):
    settings.TSUNAGU_PAGE_CACHE = {**settings.TSUNAGU_PAGE_CACHE, "ENABLED": True}
    settings.RATELIMIT_ENABLE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in ("/", "/yufu/", "/yufu/soudan/", "/api/v1/cities", "/search/?q=借金"):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response or response["X-Cache"] == "MISS"
