"""One contract for every engine, subclassed per engine; skipped only where that engine is absent."""

import os
from pathlib import Path

from django.conf import settings

import pytest

from search.analyzer import analyze_query
from search.engines import get_engine, load_engine, search_settings
from search.engines.base import SearchEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine
from search.evaluation import load_queries
from search.registry import all_documents

from .builders import window


def docs():
    return [
        window(
            "w:debt",
            "消費生活センター",
            topics="多重債務や消費生活トラブルに関すること",
            categories=("keizai",),
        ),
        window(
            "w:poverty",
            "保護係",
            topics="生活困窮、生活保護に関すること",
            organisation="福祉課保護係",
            categories=("keizai",),
        ),
        window(
            "w:dv",
            "子育て支援課",
            topics="配偶者や恋人からの暴力に関すること",
            categories=("dv",),
            body="ＤＶ相談",
        ),
        window(
            "w:work",
            "社会福祉協議会",
            topics="困窮状態にある方の就労に関すること",
            categories=("shigoto",),
            body="仕事の相談",
        ),
        window("w:hiki", "地域福祉係", topics="ひきこもりに関すること", categories=("hikikomori",)),
        window(
            "w:other-city",
            "消費生活センター",
            city="beppu",
            topics="多重債務、借金の相談",
            categories=("keizai",),
        ),
        window(
            "w:national",
            "よりそいホットライン",
            city="",
            topics="借金、仕事、DV、あらゆる悩み",
            categories=("keizai", "dv"),
        ),
        window(
            "p:guide", "借金で困ったときのガイド", kind="page", topics="借金の整理", categories=("keizai",)
        ),
    ]


class EngineContract:
    """Subclasses provide an ``engine`` fixture yielding an empty engine."""

    def search(self, engine, q, **kwargs):
        return engine.search(analyze_query(q), **kwargs)

    def keys(self, results):
        return [h.key for h in results.hits]

    @pytest.fixture
    def loaded(self, engine):
        engine.index(docs())
        return engine

    def test_is_an_engine(self, engine):
        assert isinstance(engine, SearchEngine)

    def test_finds_by_analysed_tokens(self, loaded):
        assert self.keys(self.search(loaded, "ひきこもり", city="yufu"))[0] == "w:hiki"
        assert self.keys(self.search(loaded, "引き籠もり", city="yufu"))[0] == "w:hiki"

    @pytest.mark.parametrize(
        ("q", "key"), [("仕事", "w:work"), ("借金", "w:debt"), ("DV", "w:dv"), ("ＤＶ", "w:dv")]
    )
    def test_two_character_queries(self, loaded, q, key):
        assert key in self.keys(self.search(loaded, q, city="yufu", kinds=["window"]))[:3]

    def test_vocabulary_bridges_paraphrases(self, loaded):
        assert self.keys(self.search(loaded, "夫に殴られる", city="yufu", kinds=["window"]))[0] == "w:dv"
        assert (
            self.keys(self.search(loaded, "ローンが払えない", city="yufu", kinds=["window"]))[0] == "w:debt"
        )

    def test_city_filter_is_applied(self, loaded):
        keys = self.keys(self.search(loaded, "多重債務", city="yufu"))
        assert "w:other-city" not in keys and "w:national" not in keys
        assert self.keys(self.search(loaded, "多重債務", city="beppu")) == ["w:other-city"]

    def test_include_national(self, loaded):
        keys = self.keys(self.search(loaded, "借金", city="yufu", include_national=True))
        assert "w:national" in keys and "w:other-city" not in keys

    def test_kind_and_category_filters(self, loaded):
        assert self.keys(self.search(loaded, "借金", kinds=["page"])) == ["p:guide"]
        keys = self.keys(self.search(loaded, "相談", categories=["dv"]))
        assert keys and set(keys) <= {"w:dv", "w:national"}

    def test_total_and_facets(self, loaded):
        results = self.search(loaded, "借金")
        assert results.total == len(results.hits) >= 3
        assert results.facets["kind"]["page"] == 1
        assert results.facets["category"]["keizai"] >= 3

    def test_pagination_is_consistent(self, loaded):
        everything = self.keys(self.search(loaded, "借金 相談 仕事", limit=20))
        first = self.keys(self.search(loaded, "借金 相談 仕事", limit=2))
        second = self.keys(self.search(loaded, "借金 相談 仕事", limit=2, offset=2))
        assert first + second == everything[:4]

    def test_reindex_replaces_and_remove_deletes(self, loaded):
        loaded.index([window("w:hiki", "地域福祉係", topics="公民館の貸し出し", categories=("kankyo",))])
        assert self.keys(self.search(loaded, "ひきこもり", city="yufu", kinds=["window"])) == []
        assert self.keys(self.search(loaded, "公民館", city="yufu")) == ["w:hiki"]
        loaded.remove(["w:hiki", "no-such-key"])
        assert self.keys(self.search(loaded, "公民館", city="yufu")) == []

    def test_clear_by_kind_and_all(self, loaded):
        loaded.clear(kinds=["page"])
        assert self.keys(self.search(loaded, "借金", kinds=["page"])) == []
        assert self.keys(self.search(loaded, "借金", city="yufu"))
        loaded.clear()
        assert self.keys(self.search(loaded, "借金")) == []

    @pytest.mark.parametrize("q", ["", "   ", "のに", '" OR *', "NEAR(a b)", "a:" * 5000, '"' * 1000, "\x00"])
    def test_odd_queries_do_not_break(self, loaded, q):
        results = self.search(loaded, q)
        assert results.total == len(results.hits)
        if not q.strip(' "\x00のに'):
            # Nothing a resident could mean: no words, only particles or quotes.
            assert results.hits == []

    def test_health(self, loaded):
        health = loaded.health()
        assert health["ok"] is True
        assert health["documents"] >= len(docs())


@pytest.mark.django_db
class TestEmbeddedEngine(EngineContract):
    """Runs on the configured database: SQLite by default, PostgreSQL when DATABASE_URL points there."""

    @pytest.fixture
    def engine(self):
        engine = EmbeddedEngine(search_settings())
        engine.clear()  # inside the test transaction: the seeded index is back afterwards
        yield engine
        get_engine().invalidate()

    def test_large_match_sets_take_the_pre_ranked_path(self, engine, monkeypatch):
        # With a tiny pool the national search for 借金 overflows it: the database pre-ranks, facets load lazily.
        monkeypatch.setattr("search.engines.embedded.POOL", 2)
        engine.index(docs())
        results = self.search(engine, "借金", limit=1)
        assert results.total >= 3
        assert len(results.hits) == 1
        assert results.facets["category"]["keizai"] >= 3
        exact = self.search(engine, "借金", limit=20)
        assert results.hits[0].key in [h.key for h in exact.hits][:3]

    def test_title_outranks_body(self, engine):
        engine.index(
            [
                window("w:body", "総合相談", body="介護の相談も受けます"),
                window("w:title", "介護の相談", body="総合相談"),
            ]
        )
        assert self.keys(self.search(engine, "介護", city="yufu"))[0] == "w:title"


ES_URL = os.environ.get("ELASTICSEARCH_URL") or settings.TSUNAGU_SEARCH.get("ELASTICSEARCH_URL")


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against"
)
class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self):
        options = {**search_settings(), "ELASTICSEARCH_URL": ES_URL, "INDEX_PREFIX": "tsunagu-test-contract"}
        engine = ElasticsearchEngine(options)
        engine.clear()
        yield engine
        engine.drop()


@pytest.mark.elasticsearch
@pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against"
)
@pytest.mark.django_db
def test_elasticsearch_ranks_the_eval_sets_like_the_embedded_engine(seeded):
    """The same pre-analysed tokens in both engines: the top 3 of every eval query agree (built by alias swap)."""
    options = {**search_settings(), "ELASTICSEARCH_URL": ES_URL, "INDEX_PREFIX": "tsunagu-test-eval"}
    elastic = ElasticsearchEngine(options)
    embedded = load_engine("search.engines.embedded.EmbeddedEngine")
    try:
        assert elastic.rebuild_all(all_documents()) > 40
        disagreements = []
        for path in ("data/eval/dev-queries.tsv", "tests/search/fixtures/hidden_like.tsv"):
            for item in load_queries(Path(settings.BASE_DIR) / path):
                query = analyze_query(item.query)
                scope = {"city": item.city or None, "kinds": ["window"], "limit": 3, "include_national": True}
                ours = [h.key for h in embedded.search(query, **scope).hits]
                theirs = [h.key for h in elastic.search(query, **scope).hits]
                if ours != theirs:
                    disagreements.append((item.city, item.query, ours, theirs))
        assert not disagreements
    finally:
        elastic.drop()


def test_every_configured_engine_imports():
    assert isinstance(load_engine(settings.TSUNAGU_SEARCH["ENGINE"]), SearchEngine)
    for path in (
        "search.engines.embedded.EmbeddedEngine",
        "search.engines.elasticsearch.ElasticsearchEngine",
    ):
        assert isinstance(load_engine(path, {}), SearchEngine)


def test_bad_engine_path_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        load_engine("search.engines.nope.Engine")
    with pytest.raises(ImproperlyConfigured):
        load_engine("search.analyzer.AnalyzedQuery")
