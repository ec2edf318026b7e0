"""The one call domain code uses to search: text in, ranked SearchResults out."""

from __future__ import annotations

from collections.abc import Sequence

from search.analyzer import analyze_query
from search.engines import get_engine
from search.engines.base import SearchResults


def search_documents(
    q: str,
    *,
    city: str | None = None,
    categories: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    include_national: bool = False,
) -> SearchResults:
    """Analyse ``q`` (NFKC, truncated to MAX_QUERY_LENGTH) and search the configured engine."""
    return get_engine().search(
        analyze_query(q),
        city=city,
        categories=categories,
        kinds=kinds,
        limit=limit,
        offset=offset,
        include_national=include_national,
    )
