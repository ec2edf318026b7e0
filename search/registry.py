"""How domain apps tell search what to index, without search knowing them.

A domain app (directory, guides) registers a provider per kind in its ``AppConfig.ready()``::

    from search.registry import register
    register("window", WindowSearchProvider())

and calls ``search.signals.index_object("window", obj)`` / ``remove_object("window", key)`` when an object is
published, unpublished or deleted. search never imports the domain app; it only calls the provider.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# Conventional field weights. Engines fold weights into four bands (A–D, like PostgreSQL's setweight).
WEIGHT_TITLE = 3.0
WEIGHT_TOPICS = 2.5
WEIGHT_ORGANISATION = 2.0
WEIGHT_CATEGORY = 2.0
WEIGHT_BODY = 1.0


@dataclass
class SearchDocument:
    """One thing a resident can find: a window, a page, a form.

    ``fields`` is text with a weight (title 3.0, topics 2.5, organisation 2.0, body 1.0); the engine analyses it.
    ``payload`` is what a result shows without touching the domain model again (organisation, phone, …): it must be
    JSON-serialisable.
    """

    kind: str
    key: str  # unique across kinds, e.g. "window:123"
    title: str
    url: str = ""
    city: str = ""  # city slug, "" for content that belongs to no city
    categories: list[str] = field(default_factory=list)  # category slugs
    fields: list[tuple[str, float]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.kind or not self.key:
            raise ValueError("SearchDocument needs a kind and a key")


@runtime_checkable
class SearchProvider(Protocol):
    """What a domain app implements for one kind.

    Optional: ``stock_search(query, city, limit) -> list[SearchDocument]`` runs Wagtail's stock search backend over the
    same objects (used by ``manage.py search_eval`` for a side-by-side comparison).
    """

    def documents(self) -> Iterable[SearchDocument]:
        """Documents for every live (published, public) object of this kind."""
        ...

    def document_for(self, obj: Any) -> SearchDocument | None:
        """The document for one object, or None when it must not be searchable (draft, private)."""
        ...


_lock = threading.Lock()
_providers: dict[str, SearchProvider] = {}


def register(kind: str, provider: SearchProvider) -> None:
    """Register (or replace) the provider for a kind. Safe to call twice from a re-run ready()."""
    if not isinstance(provider, SearchProvider):
        raise TypeError(f"{provider!r} does not implement documents() and document_for()")
    with _lock:
        _providers[kind] = provider


def unregister(kind: str) -> None:
    with _lock:
        _providers.pop(kind, None)


def get_provider(kind: str) -> SearchProvider:
    try:
        return _providers[kind]
    except KeyError:
        raise LookupError(f"no search provider registered for kind {kind!r}") from None


def providers() -> dict[str, SearchProvider]:
    with _lock:
        return dict(_providers)


def all_documents(kinds: Iterable[str] | None = None) -> Iterable[SearchDocument]:
    wanted = set(kinds) if kinds is not None else None
    for kind, provider in providers().items():
        if wanted is None or kind in wanted:
            yield from provider.documents()


# ----------------------------------------------------------------------------------------------------------------
# Display hooks: domain apps may tell the search page how to name categories and where to send a resident when
# nothing matched. Without them the page falls back to slugs and the generic /soudan/ entry.
# ----------------------------------------------------------------------------------------------------------------

_category_labels: dict[str, str] = {}
# Category slug → (やさしい日本語, English): the lines shown under a category's name on the results page.
_category_glosses: dict[str, tuple[str, str]] = {}
# Where a category's windows are listed; {slug} and {city} are filled in. Domain apps may override it.
_category_url = {"template": "/soudan/{slug}/", "city_template": "/{city}/soudan/{slug}/"}
_kind_labels: dict[str, str] = {}
_zero_result_links: list[Callable[[str], list[tuple[str, str]]]] = []


def register_category_labels(
    labels: dict[str, str],
    *,
    url_template: str | None = None,
    city_url_template: str | None = None,
    glosses: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Category slug → display name, e.g. {"keizai": "経済"} (order is kept for the category list), optionally the
    URL patterns of a category's listing (``{slug}``, ``{city}``) and each name in やさしい日本語 and English
    (``{"keizai": ("おかね・くらし", "Money and living costs")}``)."""
    with _lock:
        _category_labels.update(labels)
        if glosses:
            _category_glosses.update(glosses)
        if url_template:
            _category_url["template"] = url_template
        if city_url_template:
            _category_url["city_template"] = city_url_template


def category_url(slug: str, city: str = "") -> str:
    template = _category_url["city_template"] if city else _category_url["template"]
    return template.format(slug=slug, city=city)


def category_labels() -> dict[str, str]:
    with _lock:
        return dict(_category_labels)


def category_glosses() -> dict[str, tuple[str, str]]:
    with _lock:
        return dict(_category_glosses)


def register_kind_label(kind: str, label: str) -> None:
    with _lock:
        _kind_labels[kind] = label


def kind_label(kind: str) -> str:
    from django.utils.translation import gettext

    defaults = {"window": gettext("相談窓口"), "page": gettext("ページ"), "form": gettext("様式")}
    return _kind_labels.get(kind) or defaults.get(kind, kind)


def register_zero_result_links(func: Callable[[str], list[tuple[str, str]]]) -> None:
    """``func(city_slug) -> [(label, url)]``: e.g. the city's front door (まずはここへ) and its directory."""
    with _lock:
        if func not in _zero_result_links:
            _zero_result_links.append(func)


def zero_result_links(city: str) -> list[tuple[str, str]]:
    from django.utils.translation import gettext

    links: list[tuple[str, str]] = []
    for func in list(_zero_result_links):
        try:
            links.extend(func(city))
        except Exception:  # a broken hook must not break the results page
            logging.getLogger("tsunagu.search").warning("zero-result link hook failed", exc_info=True)
    if not links:
        links.append((gettext("分野から相談窓口を探す"), "/soudan/"))
    return links


# ----------------------------------------------------------------------------------------------------------------
# Crisis lines: the domain app that holds the national lines tells search which ones fit a crisis kind.
# ----------------------------------------------------------------------------------------------------------------

_crisis_line_hooks: list[Callable[[Sequence[str], str], list[dict[str, Any]]]] = []


def register_crisis_lines(func: Callable[[Sequence[str], str], list[dict[str, Any]]]) -> None:
    """``func(kinds, city_slug) -> [line]``: the 24-hour lines that fit the crisis kinds, best first. Each line is
    plain data: title, organisation, description, phones [{number, tel, label}], hours_text, hours_note,
    open_now (True/False/None, computed in Asia/Tokyo when called), is_24h, url, links [{label, url, kind}]."""
    with _lock:
        if func not in _crisis_line_hooks:
            _crisis_line_hooks.append(func)


def crisis_lines(kinds: Sequence[str], city: str = "") -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for func in list(_crisis_line_hooks):
        try:
            lines.extend(func(kinds, city))
        except Exception:  # the panel's 110 / 119 must show even if the lines cannot be read
            logging.getLogger("tsunagu.search").exception("crisis line hook failed")
    return lines


# ----------------------------------------------------------------------------------------------------------------
# Never a dead end: the city's front door, lines that take any worry, and whether a listed window is open now.
# ----------------------------------------------------------------------------------------------------------------

_help_hooks: list[Callable[[str], dict[str, Any]]] = []
_open_now_hooks: list[Callable[[Sequence[int]], dict[int, bool | None]]] = []
_name_hooks: list[Callable[[str], list[str]]] = []


def register_help(func: Callable[[str], dict[str, Any]]) -> None:
    """``func(city_slug) -> {"front_door": {title, url, phones: [{number, tel}]} | None, "lines": [line…]}``:
    what a zero- or weak-result page offers (the lines are shaped like crisis lines)."""
    with _lock:
        if func not in _help_hooks:
            _help_hooks.append(func)


def help_for(city: str) -> dict[str, Any]:
    out: dict[str, Any] = {"front_door": None, "lines": []}
    for func in list(_help_hooks):
        try:
            found = func(city)
        except Exception:
            logging.getLogger("tsunagu.search").exception("help hook failed")
            continue
        out["front_door"] = out["front_door"] or found.get("front_door")
        out["lines"].extend(found.get("lines") or [])
    return out


def register_open_now(func: Callable[[Sequence[int]], dict[int, bool | None]]) -> None:
    """``func(window ids) -> {id: True / False / None}``: 受付中 now, judged by the domain's hours rules."""
    with _lock:
        if func not in _open_now_hooks:
            _open_now_hooks.append(func)


def open_now(ids: Sequence[int]) -> dict[int, bool | None]:
    result: dict[int, bool | None] = {}
    for func in list(_open_now_hooks):
        try:
            result.update(func(ids))
        except Exception:
            logging.getLogger("tsunagu.search").exception("open-now hook failed")
    return result


def register_names(func: Callable[[str], list[str]]) -> None:
    """``func(city_slug) -> [name]``: names residents may mean (window titles) for 「もしかして」 suggestions."""
    with _lock:
        if func not in _name_hooks:
            _name_hooks.append(func)


def names_for(city: str) -> list[str]:
    names: list[str] = []
    for func in list(_name_hooks):
        try:
            names.extend(func(city))
        except Exception:
            logging.getLogger("tsunagu.search").exception("name hook failed")
    return names
