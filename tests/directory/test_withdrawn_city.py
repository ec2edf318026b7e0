"""Withdrawing (unpublishing) a city withdraws everything it owns from the public side."""

import re

from wagtail.actions.unpublish_page import UnpublishPageAction

import pytest

from directory.models import ConsultationWindow
from guides.models import CityPage

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def withdrawn_sanjo(django_capture_on_commit_callbacks, admin_user):
    # What an editor does in the admin: unpublish the city page with its subpages.
    city = CityPage.objects.get(slug="sanjo")
    with django_capture_on_commit_callbacks(execute=True):
        UnpublishPageAction(city, user=admin_user, include_descendants=True).execute()
    return city


def test_windows_of_an_unpublished_city_are_not_public(client, withdrawn_sanjo):
    window = ConsultationWindow.objects.filter(city=withdrawn_sanjo).first()
    assert client.get(f"/api/v1/windows/{window.pk}").status_code == 404
    assert client.get("/api/v1/windows", {"city": "sanjo"}).status_code == 404
    listed = client.get("/api/v1/windows", {"page_size": 200}).json()["results"]
    assert all(w["city"] != "sanjo" for w in listed)
    assert "三条" not in client.get("/memo/", {"w": str(window.pk)}).content.decode()


def test_unpublished_city_leaves_the_search_index(client, withdrawn_sanjo):
    data = client.get("/api/v1/search", {"q": "ひきこもり"}).json()
    assert all("sanjo" not in (r.get("url") or "") for r in data["results"])


def test_city_parameter_must_be_a_slug(client):
    html = client.get("/search/", {"q": "借金", "city": "/evil.example"}).content.decode()
    assert not re.search(r'href="[^"]*evil\.example', html)
    assert 'href="//' not in html
