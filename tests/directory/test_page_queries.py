"""Every public page type costs a bounded number of SQL queries, whatever the number of cities and windows.

The site grows from the five seeds by synthetic cities (importers.national_corpus, the corpus `manage.py bench_site`
measures at 1,741 cities) and every page must issue the same number of queries at both sizes. The national page
limits are lowered so that the small corpus takes the paths a national site takes (prefectures, not cities).
Times are measured by `manage.py bench_site`, never here.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory import counts, views
from directory.models import Category, ConsultationWindow, Situation
from directory.queries import filter_by_situation, live_cities, public_windows
from directory.serializers import encode_cursor
from guides.models import HomePage, ProgramPage
from importers.national_corpus import load_national_corpus
from portal.benchpages import PAGE_TYPES
from search.signals import rebuild_index

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def national_limits(monkeypatch):
    """National behaviour from a handful of cities: lists give way to prefectures above 8 cities."""
    monkeypatch.setattr(views, "CITY_LIMIT", 8)
    monkeypatch.setattr(views, "LIST_LIMIT", 10)
    monkeypatch.setattr(HomePage, "CITY_LIST_LIMIT", 8)


def grow(cities: int) -> None:
    load_national_corpus(cities, 6)
    rebuild_index(["window"])


def query_counts(client) -> dict[str, int]:
    """The most queries each page type issues over a few cities (an empty list skips its prefetches)."""
    program = ProgramPage.objects.live().order_by("path").first()
    result: dict[str, int] = {}
    for city in ("city0001", "city0002", "city0005"):
        window = ConsultationWindow.objects.filter(city__slug=city).order_by("pk").last()
        for page in PAGE_TYPES:
            deep = encode_cursor(ConsultationWindow.objects.order_by("-pk").first().pk - 20)
            url = page.url.format(city=city, window=window.get_url(), program=program.url, deep=deep)
            client.get(url)  # the first read after a change recounts stale cities once (directory.counts)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            result[page.label] = max(result.get(page.label, 0), len(captured.captured_queries))
    return result


@pytest.mark.usefixtures("national_limits")
def test_queries_do_not_grow_with_the_country(client):
    grow(10)
    small = query_counts(client)
    grow(24)
    large = query_counts(client)
    assert large == small, {k: (small[k], large[k]) for k in large if small[k] != large[k]}
    budgets = {page.label: page.budget for page in PAGE_TYPES}
    over = {label: (n, budgets[label]) for label, n in large.items() if n > budgets[label]}
    assert not over, f"pages over their query budget (queries, budget): {over}"


@pytest.mark.usefixtures("national_limits")
def test_national_pages_stay_small(client):
    grow(30)
    home = client.get("/").content.decode()
    assert "/soudan/?pref=hokkaido" in home  # prefectures, not one link per city
    assert "/city0029/" not in home
    category = client.get("/soudan/keizai/").content.decode()
    assert "?pref=" in category and "/city0029/soudan/" not in category
    hokkaido = client.get("/soudan/?pref=hokkaido").content.decode()
    # 北海道's synthetic cities are city0000, city0047 …; only city0000 exists at 30 cities.
    assert "/city0000/soudan/" in hokkaido and "/city0001/soudan/" not in hokkaido


def test_counts_follow_publication(client):
    """The summary recounts a city when a window is unpublished, recategorised or its city withdrawn."""
    yufu = counts.total(city=None, category=None)
    window = ConsultationWindow.objects.filter(city__slug="yufu", live=True).exclude(categories=None).first()
    keizai_before = {c.slug: c.count for c in counts.category_facets()}
    window.categories.clear()
    window.save()
    after = {c.slug: c.count for c in counts.category_facets()}
    assert sum(after.values()) < sum(keizai_before.values())
    window.unpublish()
    assert counts.total() == yufu - 1
    city = window.city
    city.unpublish()
    assert counts.total(city=city) == 0
    assert counts.total() < yufu - 1


def test_counts_match_the_windows_they_summarise():
    """The summary agrees with counting public_windows() directly: per city, category and situation."""
    for situation in [None, *Situation.objects.all()]:
        for city in live_cities():
            windows = public_windows().filter(city=city)
            if situation:
                windows = filter_by_situation(windows, situation)
            expected = {c.slug: windows.filter(categories=c).count() for c in Category.objects.all()}
            facets = {c.slug: c.count for c in counts.category_facets(city=city, situation=situation)}
            assert facets == expected, (city.slug, situation)
            assert counts.total(city=city, situation=situation) == windows.count()
