"""``{% search_scope page search_city as scope %}``: which city the site search in the header searches.

A city page and everything under it search within their city and say so; a page that already knows its city
(directory views pass ``search_city``) keeps it. Anywhere else the form offers the portal's cities, and
static/js/city-choice.js remembers the resident's choice on the device (localStorage) only.

The live cities are read once per process (refreshed on a city's publication, and every CACHE_SECONDS) (the header is on every page, whose query
budgets are tested), and a page's city is found by its tree path, with no query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django import template

from guides.models import CityPage

register = template.Library()

# Refreshed at once when a city is published or withdrawn in this process (guides.signals); other processes
# catch up within this time.
CACHE_SECONDS = 600.0
_lock = threading.Lock()
_cache: dict[str, object] = {"at": 0.0, "cities": ()}


@dataclass
class SearchScope:
    slug: str = ""
    name: str = ""
    # (prefecture, [(slug, name)]) for the city choice when the page has no city of its own.
    choices: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def _live_cities() -> tuple[tuple[str, str, str, str], ...]:
    """(tree path, slug, title, prefecture) of the live cities, in 全国地方公共団体コード order."""
    now = time.monotonic()
    with _lock:
        if now - float(_cache["at"]) < CACHE_SECONDS:
            return _cache["cities"]  # type: ignore[return-value]
    cities = tuple(
        CityPage.objects.live().order_by("local_gov_code").values_list("path", "slug", "title", "prefecture")
    )
    with _lock:
        _cache["cities"] = cities
        _cache["at"] = now
    return cities


def clear_cache() -> None:
    with _lock:
        _cache["at"] = 0.0


@register.simple_tag
def search_scope(page=None, search_city: str = "") -> SearchScope:
    cities = _live_cities()
    if search_city:
        for _path, slug, title, _prefecture in cities:
            if slug == search_city:
                return SearchScope(slug, title)
    path = getattr(page, "path", "") or ""
    if path:
        for city_path, slug, title, _prefecture in cities:
            if path.startswith(city_path):
                return SearchScope(slug, title)
    groups: dict[str, list[tuple[str, str]]] = {}
    for _path, slug, title, prefecture in cities:
        groups.setdefault(prefecture, []).append((slug, title))
    return SearchScope(choices=list(groups.items()))
