"""The resident search page and the JSON function behind the API."""

import json

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from search.engines import get_engine
from search.registry import SearchDocument, register, unregister
from search.views import mark, search_api

from ..text import without_ruby
from .builders import NoPages, debt_and_dv_windows, window


@pytest.fixture
def indexed(db):
    engine = get_engine()
    engine.clear()
    engine.index(
        [
            *debt_and_dv_windows(),
            window("p:guide", "借金の整理のしかた", kind="page", topics="借金", categories=("keizai",)),
        ]
    )
    yield engine
    engine.invalidate()


@pytest.fixture
def pages_registered():
    from search.registry import providers

    previous = providers().get("page")
    register("page", previous or NoPages())
    yield
    if previous is None:
        unregister("page")


def test_page_shows_windows_with_phone_and_marks(client, indexed, pages_registered):
    response = client.get("/search/", {"q": "借金が返せない", "city": "yufu"})
    assert response.status_code == 200
    html = without_ruby(response.content.decode())
    assert '<meta name="robots" content="noindex">' in html
    assert "消費生活センター" in html
    assert "097-000-0000" in html
    assert "<mark>" in html
    # Windows come before other kinds.
    assert html.index("消費生活センター") < html.index("の整理のしかた")


def test_query_is_escaped(client, indexed):
    response = client.get("/search/", {"q": "<script>alert(1)</script>借金"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_mark_escapes_everything_but_the_marks():
    from search.analyzer import analyze_query

    html = mark("<b>借金</b>の相談", analyze_query("借金"))
    assert html == "&lt;b&gt;<mark>借金</mark>&lt;/b&gt;の相談"


def test_long_query_is_truncated_with_a_notice(client, indexed):
    response = client.get("/search/", {"q": "借金" * 500})
    assert response.status_code == 200
    assert "最初の200文字で検索しました" in response.content.decode()


def test_zero_results_offer_a_way_on(client, indexed):
    html = client.get("/search/", {"q": "量子コンピュータ", "city": "yufu"}).content.decode()
    assert "相談先が見つかりませんでした" in html
    assert 'href="/soudan/"' in html


def test_query_is_logged_normalised_and_promotions_shown(client, indexed):
    query = Query.get("dv")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.jp/dv",
        external_link_text="DV相談ナビ",
        description="#8008",
    )
    html = client.get("/search/", {"q": "ＤＶ"}).content.decode()
    assert Query.objects.get(query_string="dv").hits == 1
    assert "DV相談ナビ" in html


def test_search_api_returns_plain_data(indexed):
    data = search_api("借金", city="yufu", kinds=["window"], categories=None, page=1, page_size=5)
    json.dumps(data)  # serialisable
    assert data["results"][0]["key"] == "w:debt"
    assert data["results"][0]["payload"]["organisation"] == "消費生活センター"
    assert data["facets"]["category"]["keizai"] == 1
    assert "多重債務" in data["concepts"]


def test_search_api_clamps_paging(indexed):
    data = search_api("借金", page=10_000, page_size=10_000)
    assert data["page"] <= 50 and data["page_size"] <= 100


def test_registry_rejects_objects_without_the_provider_methods():
    with pytest.raises(TypeError):
        register("broken", object())


def test_search_document_needs_kind_and_key():
    with pytest.raises(ValueError):
        SearchDocument(kind="", key="x", title="t")
