"""Elasticsearch at scale, through elasticsearch-dsl (8.x client).

The index holds the SAME pre-analysed tokens as the embedded engine, in whitespace-analysed text fields per weight
band, so both engines agree on what matches; Elasticsearch only stores and ranks. (A kuromoji analyzer could be added
as an extra field later, never as a second truth.)

Ranking mirrors search.engines.scoring: each query group is a ``dis_max`` over its alternatives × bands, each a
``term`` query boosted by alternative weight × band weight; the groups are ``should`` clauses. City, kind and category
filters are ``filter`` clauses (no effect on score, cached by Elasticsearch).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

from elasticsearch_dsl import A, Document, Keyword, Object, Q, Search, Text

from search.analyzer import AnalyzedQuery
from search.engines.base import SearchEngine, SearchHit, SearchResults
from search.engines.scoring import BAND_WEIGHTS, BANDS, prepare_document
from search.registry import SearchDocument

logger = logging.getLogger("tsunagu.search")

# Ties between dis_max alternatives: a token found in title and topics counts a little more than in one band.
TIE_BREAKER = 0.2
FACET_SIZE = 50


class SearchEntryDocument(Document):
    """One searchable thing. Token fields are pre-analysed: the whitespace analyzer only splits them."""

    key = Keyword()
    kind = Keyword()
    city = Keyword()
    categories = Keyword(multi=True)
    title = Keyword(index=False)
    url = Keyword(index=False)
    payload = Object(enabled=False)
    tokens_a = Text(analyzer="whitespace")
    tokens_b = Text(analyzer="whitespace")
    tokens_c = Text(analyzer="whitespace")
    tokens_d = Text(analyzer="whitespace")

    class Index:
        # The real name is environment-prefixed and passed explicitly (ElasticsearchEngine.index_name).
        name = "tsunagu-documents"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_search_document(cls, document: SearchDocument) -> SearchEntryDocument:
        prepared = prepare_document(document)
        return cls(
            meta={"id": prepared.key},
            key=prepared.key,
            kind=prepared.kind,
            city=prepared.city,
            categories=prepared.categories,
            title=prepared.title,
            url=prepared.url,
            payload=prepared.payload,
            **{f"tokens_{band}": prepared.band_text(band) for band in BANDS},
        )


class DocumentQuery:
    """Builds the search request; kept apart from the Document so its shape can be tested with to_dict()."""

    def __init__(self, index: str, using: Any = None):
        self.search = Search(using=using, index=index) if using is not None else Search(index=index)

    def match(self, query: AnalyzedQuery) -> DocumentQuery:
        groups = []
        for group in query.groups:
            alternatives = [
                Q(
                    "term",
                    **{f"tokens_{band}": {"value": token, "boost": round(weight * BAND_WEIGHTS[band], 4)}},
                )
                for token, weight in group.alternatives
                for band in BANDS
            ]
            groups.append(Q("dis_max", queries=alternatives, tie_breaker=TIE_BREAKER))
        self.search = self.search.query(Q("bool", should=groups, minimum_should_match=1))
        return self

    def filter_city(self, city: str | None, *, include_national: bool = False) -> DocumentQuery:
        if city:
            cities = [city, ""] if include_national else [city]
            self.search = self.search.filter("terms", city=cities)
        return self

    def filter_categories(self, categories: Sequence[str] | None) -> DocumentQuery:
        if categories:
            self.search = self.search.filter("terms", categories=list(categories))
        return self

    def filter_kinds(self, kinds: Sequence[str] | None) -> DocumentQuery:
        if kinds:
            self.search = self.search.filter("terms", kind=list(kinds))
        return self

    def with_facets(self) -> DocumentQuery:
        self.search.aggs.bucket("category", A("terms", field="categories", size=FACET_SIZE))
        self.search.aggs.bucket("kind", A("terms", field="kind", size=FACET_SIZE))
        return self

    def paginate(self, offset: int, limit: int) -> DocumentQuery:
        # Score ties are broken by key so paging is stable.
        self.search = self.search.sort("_score", {"key": "asc"}).extra(track_total_hits=True)[
            offset : offset + limit
        ]
        return self

    def to_dict(self) -> dict[str, Any]:
        return self.search.to_dict()


def alias_swap_actions(alias: str, new_index: str, current: Iterable[str]) -> list[dict[str, Any]]:
    """The one atomic ``_aliases`` request of a rebuild: the alias leaves every index it named and names the new one.

    Searches see either the old index or the complete new one, never an empty or half-built one.
    """
    return [
        *({"remove": {"index": index, "alias": alias}} for index in sorted(current) if index != new_index),
        {"add": {"index": new_index, "alias": alias}},
    ]


class ElasticsearchEngine(SearchEngine):
    """Queries and incremental writes go to ``index_name``, an alias; a full rebuild fills a new concrete index
    (``<alias>-<timestamp>``) and swaps the alias in one request (see rebuild_all)."""

    name = "elasticsearch"

    def __init__(self, options: dict[str, Any] | None = None):
        super().__init__(options)
        self.url = self.options.get("ELASTICSEARCH_URL")
        self.index_name = f"{self.options.get('INDEX_PREFIX') or 'tsunagu'}-documents"
        self.refresh = self.options.get("ELASTICSEARCH_REFRESH", "wait_for")
        self._client = None

    @property
    def client(self):
        if self._client is None:
            if not self.url:
                raise RuntimeError("TSUNAGU_SEARCH['ELASTICSEARCH_URL'] is not set")
            from elasticsearch import Elasticsearch

            self._client = Elasticsearch(self.url, request_timeout=10)
        return self._client

    def ensure_index(self) -> None:
        """Create a first concrete index behind the alias when neither exists."""
        if not self.client.indices.exists(index=self.index_name):
            concrete = self._new_index_name()
            SearchEntryDocument.init(index=concrete, using=self.client)
            self.client.indices.update_aliases(actions=alias_swap_actions(self.index_name, concrete, []))

    def _new_index_name(self) -> str:
        return f"{self.index_name}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000:03d}"

    def _bulk(self, documents: Iterable[SearchDocument], index: str, refresh: Any) -> int:
        from elasticsearch.helpers import streaming_bulk

        def actions():
            for document in documents:
                action = SearchEntryDocument.from_search_document(document).to_dict(include_meta=True)
                action["_index"] = index
                yield action

        written = 0
        for ok, _item in streaming_bulk(self.client, actions(), chunk_size=1000, refresh=refresh):
            written += int(ok)
        return written

    def index(self, documents: Iterable[SearchDocument]) -> int:
        self.ensure_index()
        return self._bulk(documents, self.index_name, self.refresh)

    def drop(self) -> None:
        """Delete the alias and every index behind it (test teardown; a deployment never needs it)."""
        indices = self.client.indices
        names = (
            list(indices.get_alias(name=self.index_name))
            if indices.exists_alias(name=self.index_name)
            else []
        )
        if not names and indices.exists(index=self.index_name):
            names = [self.index_name]
        for name in names:
            indices.delete(index=name, ignore_unavailable=True)

    def rebuild_all(self, documents: Iterable[SearchDocument]) -> int:
        """Build a complete new index and swap the alias to it atomically; then drop the old indices.

        An index that still carries the alias's own name (made before aliases were used) is deleted right before
        the swap: the only moment without an index, once per deployment.
        """
        new_index = self._new_index_name()
        SearchEntryDocument.init(index=new_index, using=self.client)
        count = self._bulk(documents, new_index, refresh=False)
        self.client.indices.refresh(index=new_index)
        indices = self.client.indices
        current = (
            list(indices.get_alias(name=self.index_name))
            if indices.exists_alias(name=self.index_name)
            else []
        )
        if not current and indices.exists(index=self.index_name):
            indices.delete(index=self.index_name)
        indices.update_aliases(actions=alias_swap_actions(self.index_name, new_index, current))
        for old in current:
            if old != new_index:
                indices.delete(index=old, ignore_unavailable=True)
        return count

    def remove(self, keys: Iterable[str]) -> int:
        from elasticsearch.helpers import bulk

        actions = [{"_op_type": "delete", "_index": self.index_name, "_id": key} for key in keys]
        if not actions:
            return 0
        success, _errors = bulk(self.client, actions, refresh=self.refresh, raise_on_error=False)
        return success

    def clear(self, *, kinds: Sequence[str] | None = None) -> None:
        self.ensure_index()
        if kinds is None:
            self.client.delete_by_query(
                index=self.index_name, query={"match_all": {}}, refresh=True, conflicts="proceed"
            )
            return
        self.client.delete_by_query(
            index=self.index_name, query={"terms": {"kind": list(kinds)}}, refresh=True, conflicts="proceed"
        )

    def build_query(
        self,
        query: AnalyzedQuery,
        *,
        city: str | None = None,
        categories: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
        limit: int = 20,
        offset: int = 0,
        include_national: bool = False,
        using: Any = None,
    ) -> DocumentQuery:
        return (
            DocumentQuery(self.index_name, using=using)
            .match(query)
            .filter_city(city, include_national=include_national)
            .filter_categories(categories)
            .filter_kinds(kinds)
            .with_facets()
            .paginate(offset, limit)
        )

    def search(
        self,
        query: AnalyzedQuery,
        *,
        city: str | None = None,
        categories: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
        limit: int = 20,
        offset: int = 0,
        include_national: bool = False,
    ) -> SearchResults:
        if query.is_empty:
            return SearchResults.empty(query)
        request = self.build_query(
            query,
            city=city,
            categories=categories,
            kinds=kinds,
            limit=limit,
            offset=offset,
            include_national=include_national,
            using=self.client,
        )
        response = request.search.execute()
        hits = [
            SearchHit(
                key=h.key,
                kind=h.kind,
                score=float(h.meta.score or 0.0),
                title=getattr(h, "title", "") or "",
                url=getattr(h, "url", "") or "",
                city=getattr(h, "city", "") or "",
                categories=list(getattr(h, "categories", []) or []),
                payload=(h.payload.to_dict() if hasattr(h, "payload") and h.payload else {}),
            )
            for h in response
        ]
        facets = {
            "category": {b.key: b.doc_count for b in response.aggregations.category.buckets},
            "kind": {b.key: b.doc_count for b in response.aggregations.kind.buckets},
        }
        return SearchResults(hits=hits, total=int(response.hits.total.value), facets=facets, query=query)

    def health(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "engine": self.name,
            "index": self.index_name,
            "url_configured": bool(self.url),
        }
        try:
            info["cluster"] = self.client.cluster.health()["status"]
            if self.client.indices.exists(index=self.index_name):
                info["documents"] = int(self.client.count(index=self.index_name)["count"])
            else:
                info["documents"] = 0
            info["ok"] = info["cluster"] in {"green", "yellow"}
        except Exception as exc:  # health reports, it does not raise
            info["ok"] = False
            info["error"] = f"{type(exc).__name__}: {exc}"
        return info
