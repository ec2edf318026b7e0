"""「もしかして」: spelling suggestions for a query that found little.

Candidates are the reviewed vocabulary (concept names and phrases) and the names domain apps register (window
titles of the city). Both sides are compared as folded katakana readings (so 借金 and しゃっきん meet, and a kana
typo is one edit away), then by edit distance: a candidate within about a third of the query's length is offered.
"""

from __future__ import annotations

import functools
import unicodedata

from search.analyzer import _to_katakana, katakana_reading, normalize_text
from search.registry import names_for

MAX_SUGGESTIONS = 3
_SMALL = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")


def _fold(text: str) -> str:
    """Katakana reading, small kana enlarged, long marks and spaces dropped, Latin lowercased."""
    text = normalize_text(text).lower()
    if not text:
        return ""
    reading = katakana_reading(text) if not text.isascii() else text
    folded = _to_katakana(reading).translate(_SMALL)
    return "".join(ch for ch in folded if ch != "ー" and not unicodedata.category(ch).startswith(("Z", "P")))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once every path exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@functools.lru_cache(maxsize=4)
def _vocabulary_candidates(version: int) -> tuple[tuple[str, str], ...]:
    from search.vocabulary import get_vocabulary

    seen: dict[str, str] = {}
    for concept in get_vocabulary().concepts.values():
        if concept.crisis:
            continue  # never suggest a crisis phrase to someone who did not write one
        for text in (concept.name, *concept.phrases):
            if text.startswith("~") or len(text) > 20:
                continue
            key = _fold(text)
            if key and key not in seen:
                seen[key] = text
    return tuple((key, text) for key, text in seen.items())


def _candidates(city: str) -> list[tuple[str, str]]:
    from search.vocabulary import get_vocabulary

    out = list(_vocabulary_candidates(id(get_vocabulary())))
    out.extend((_fold(name), name) for name in names_for(city) if name)
    return out


def suggestions(query: str, city: str = "", limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` spellings close to the query, closest first; never the query itself."""
    folded = _fold(query)
    if len(folded) < 2:
        return []
    budget = max(1, len(folded) // 3)
    scored: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for key, text in _candidates(city):
        if not key or key == folded or text in seen:
            continue
        distance = edit_distance(folded, key, budget)
        if distance <= budget:
            seen.add(text)
            scored.append((distance, abs(len(key) - len(folded)), text))
    scored.sort()
    return [text for _d, _l, text in scored[:limit]]
