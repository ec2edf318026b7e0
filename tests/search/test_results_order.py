"""The results page: windows first for a need, whatever other pages score; every category named in やさしい日本語 and
English (from directory.categories, not from template strings)."""

import pytest

from directory.categories import CATEGORIES
from search.analyzer import analyze_query
from search.engines import get_engine
from search.registry import providers, register, unregister
from search.views import search_api

from .builders import NoPages, window

NEED = "借金が返せない"


@pytest.fixture
def indexed(db):
    previous = providers().get("page")
    register("page", previous or NoPages())
    engine = get_engine()
    engine.clear()
    engine.index(
        [
            window(
                "w:debt", "消費生活センター", topics="消費生活トラブルに関すること", categories=("keizai",)
            ),
            window("w:work", "ハローワーク", topics="仕事探し", categories=("shigoto",)),
            # A policy page that says 借金 far more often than any window: it must still come after the window.
            window(
                "p:policy",
                "借金が返せない方への施策の方針",
                kind="page",
                topics="借金が返せない 借金 多重債務 借金の返済 借金が返せない",
                categories=("keizai",),
            ),
            window(
                "p:a11y", "アクセシビリティ検証結果", kind="page", topics="ウェブアクセシビリティの試験結果"
            ),
        ]
    )
    yield engine
    engine.invalidate()
    if previous is None:
        unregister("page")


def test_a_page_would_outrank_the_window_on_score_alone(indexed):
    mixed = indexed.search(analyze_query(NEED), city="yufu", kinds=["window", "page"], include_national=True)
    assert mixed.hits[0].key == "p:policy"  # what the rule below has to correct


@pytest.mark.parametrize("query", [NEED, "お金がなくて生活できない", "I cannot pay back my debts"])
def test_non_window_pages_never_outrank_a_window_for_a_need(indexed, query):
    kinds = [hit["kind"] for hit in search_api(query, city="yufu")["results"]]
    assert "window" in kinds
    first_other = next((i for i, k in enumerate(kinds) if k != "window"), len(kinds))
    assert all(k != "window" for k in kinds[first_other:]), kinds


def test_windows_first_pages_on(indexed):
    first = search_api(NEED, city="yufu", page_size=1)
    second = search_api(NEED, city="yufu", page=2, page_size=1)
    assert first["results"][0]["kind"] == "window" and second["results"][0]["kind"] == "page"
    assert first["total"] == second["total"] >= 2


def test_a_query_without_a_need_ranks_all_kinds_together(indexed):
    assert search_api("アクセシビリティ", city="yufu")["results"][0]["key"] == "p:a11y"


def test_every_category_has_easy_japanese_and_english():
    for category in CATEGORIES:
        assert category.easy and category.english, category.slug
        assert category.english.isascii()


def test_results_page_shows_each_category_in_easy_japanese_and_english(client, indexed):
    html = client.get("/search/", {"q": NEED, "city": "yufu"}).content.decode()
    keizai = next(c for c in CATEGORIES if c.slug == "keizai")
    assert f'<span class="category-gloss__easy">{keizai.easy}</span>' in html
    assert f'<span class="category-gloss__en" lang="en">{keizai.english}</span>' in html
    # Nothing found: the list of every category carries both lines too.
    html = client.get("/search/", {"q": "ぴよぴよぱたぱた", "city": "yufu"}).content.decode()
    for category in CATEGORIES:
        assert category.english in html
