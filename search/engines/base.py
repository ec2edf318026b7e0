"""The one interface every search engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.analyzer import AnalyzedQuery
from search.registry import SearchDocument


@dataclass
class SearchHit:
    key: str
    kind: str
    score: float
    title: str = ""
    url: str = ""
    city: str = ""
    categories: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)  # labels of the query groups this hit matched

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "score": round(self.score, 4),
            "title": self.title,
            "url": self.url,
            "city": self.city,
            "categories": list(self.categories),
            "payload": self.payload,
            "matched": list(self.matched),
        }


FacetCounts = dict[str, dict[str, int]]


class SearchResults:
    """Hits for the requested page, the total number of matches, and facet counts over all matches.

    ``facets`` may be given as a zero-argument callable: engines use that when counting facets over a large match
    set costs more than the ranking itself, so callers that never look at facets (the API's plain listing, the
    benchmark) do not pay for them.
    """

    def __init__(
        self,
        hits: list[SearchHit],
        total: int,
        facets: FacetCounts | Callable[[], FacetCounts] | None = None,
        query: AnalyzedQuery | None = None,
    ):
        self.hits = hits
        self.total = total
        self.query = query
        self._facets = facets if not callable(facets) else None
        self._facet_loader = facets if callable(facets) else None

    @property
    def facets(self) -> FacetCounts:
        if self._facets is None:
            loaded = self._facet_loader() if self._facet_loader else None
            self._facets = loaded or {"category": {}, "kind": {}}
        return self._facets

    @classmethod
    def empty(cls, query: AnalyzedQuery | None = None) -> SearchResults:
        return cls(hits=[], total=0, query=query)

    def __repr__(self) -> str:
        return f"<SearchResults total={self.total} hits={[h.key for h in self.hits]}>"


class SearchEngine(ABC):
    """Stores pre-analysed documents and ranks them for an AnalyzedQuery.

    Engines never analyse text themselves: search.analyzer does, once, for every engine.
    Filters (city, categories, kinds) are applied inside the engine's query, not after it.
    """

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by key). Returns how many were written."""

    @abstractmethod
    def remove(self, keys: Iterable[str]) -> int:
        """Remove documents by key. Unknown keys are ignored."""

    @abstractmethod
    def clear(self, *, kinds: Sequence[str] | None = None) -> None:
        """Remove everything (or every document of the given kinds)."""

    @abstractmethod
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
        """Ranked hits, the total number of matches and facet counts (by category and kind) over all matches.

        ``city`` restricts to that city's documents; ``include_national`` also admits documents with no city.
        """

    @abstractmethod
    def health(self) -> dict[str, Any]:
        """{"ok": bool, "engine": name, "documents": n, ...} — never raises."""

    def count(self) -> int:
        return int(self.health().get("documents", 0))
