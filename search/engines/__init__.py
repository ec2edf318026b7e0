"""Engine selection by dotted path (``TSUNAGU_SEARCH["ENGINE"]``), loaded like Django's cache backends."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from search.engines.base import SearchEngine, SearchHit, SearchResults

__all__ = ["SearchEngine", "SearchHit", "SearchResults", "get_engine", "load_engine", "search_settings"]

DEFAULTS: dict[str, Any] = {
    "ENGINE": "search.engines.embedded.EmbeddedEngine",
    "ELASTICSEARCH_URL": None,
    "INDEX_PREFIX": "tsunagu",
    "MAX_QUERY_LENGTH": 200,
}

_lock = threading.Lock()
_engines: dict[tuple[str, tuple], SearchEngine] = {}


def search_settings() -> dict[str, Any]:
    return {**DEFAULTS, **getattr(settings, "TSUNAGU_SEARCH", {})}


def load_engine(dotted_path: str, options: dict[str, Any] | None = None) -> SearchEngine:
    """Instantiate an engine class from its dotted path (no caching)."""
    try:
        engine_class = import_string(dotted_path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"TSUNAGU_SEARCH ENGINE {dotted_path!r} cannot be imported: {exc}"
        ) from exc
    if not (isinstance(engine_class, type) and issubclass(engine_class, SearchEngine)):
        raise ImproperlyConfigured(f"{dotted_path!r} is not a search.engines.base.SearchEngine subclass")
    return engine_class(options if options is not None else search_settings())


def get_engine(dotted_path: str | None = None) -> SearchEngine:
    """The configured engine (or the one named), one instance per process and settings."""
    options = search_settings()
    path = dotted_path or options["ENGINE"]
    cache_key = (path, tuple(sorted((k, str(v)) for k, v in options.items())))
    engine = _engines.get(cache_key)
    if engine is None:
        with _lock:
            engine = _engines.get(cache_key)
            if engine is None:
                engine = _engines[cache_key] = load_engine(path, options)
    return engine
