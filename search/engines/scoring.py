"""What every engine shares: turning a SearchDocument into banded tokens, and the ranking function.

Ranking is BM25F over four weight bands with *grouped* query terms: a query group (「借金」 with its reading, or the
concept 多重債務) contributes the score of its best alternative, times that alternative's weight. Neither FTS5's
bm25() nor PostgreSQL's ts_rank_cd() can weight individual query terms, so the embedded engine lets the database
find and filter candidates (and pre-rank them when there are many) and scores the candidates here.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from search.analyzer import CATEGORY_PREFIX, AnalyzedQuery, _safe_token, analyze_document
from search.registry import WEIGHT_CATEGORY, WEIGHT_TITLE, SearchDocument
from search.vocabulary import get_vocabulary

BANDS = ("a", "b", "c", "d")
BAND_WEIGHTS = {"a": 3.0, "b": 2.0, "c": 1.0, "d": 0.5}
K1 = 1.2
# Window texts are short and of similar length; strong length normalisation would punish a window for listing
# several topics.
B = 0.5

CITY_PREFIX = "@city:"
KIND_PREFIX = "@kind:"
NO_CITY = "_"


def band_for(weight: float) -> str:
    """Fold a field weight into a band: title 3.0 → a, topics 2.5 / organisation 2.0 → b, body 1.0 → c."""
    if weight >= 2.75:
        return "a"
    if weight >= 1.75:
        return "b"
    if weight >= 0.75:
        return "c"
    return "d"


def city_token(city: str | None) -> str:
    return CITY_PREFIX + (_safe_token(city or "") or NO_CITY)


def kind_token(kind: str) -> str:
    return KIND_PREFIX + _safe_token(kind)


def category_token(slug: str) -> str:
    return CATEGORY_PREFIX + _safe_token(slug)


@dataclass
class PreparedDocument:
    key: str
    kind: str
    city: str
    categories: list[str]
    title: str
    url: str
    payload: dict[str, Any]
    bands: dict[str, list[str]] = field(default_factory=dict)

    @property
    def scope(self) -> list[str]:
        return [city_token(self.city), kind_token(self.kind), *(category_token(c) for c in self.categories)]

    def band_text(self, band: str) -> str:
        return " ".join(self.bands.get(band, ()))


@functools.lru_cache(maxsize=50_000)
def _analysed(text: str, vocabulary: object) -> tuple[str, ...]:
    # Keyed by the vocabulary object too: reloading it (an editor's entry) starts a fresh set of analyses.
    return tuple(analyze_document(text))


def analyse_field(text: str) -> tuple[str, ...]:
    """analyze_document, memoised: a national corpus repeats organisation names, category names, hours and
    boilerplate thousands of times, and each repeat would cost a full Sudachi pass (≈ half of an index build)."""
    return _analysed(text, get_vocabulary())


def prepare_document(document: SearchDocument) -> PreparedDocument:
    """Analyse every field of a document into its weight band."""
    bands: dict[str, list[str]] = {band: [] for band in BANDS}
    fields = document.fields or [(document.title, WEIGHT_TITLE)]
    for text, weight in fields:
        if text:
            bands[band_for(weight)].extend(analyse_field(text))
    # Category markers let a recognised need (「家を追い出されそう」 → 住まい) reach windows filed under it.
    bands[band_for(WEIGHT_CATEGORY)].extend(category_token(c) for c in document.categories)
    bands["d"].extend(target_tokens(document.payload))
    if document.payload.get("is_front_door"):
        # The front door (どこに相談したらよいかわからないとき) takes every need, so every recognised need reaches it,
        # in the lowest band: it ranks below any window filed under the need, and is the answer where the city has
        # none (死にたい where no health window is listed, every need in a city with only its front door).
        bands["d"].extend(category_token(c) for c in _vocabulary_categories() if c not in document.categories)
    return PreparedDocument(
        key=document.key,
        kind=document.kind,
        city=document.city or "",
        categories=list(document.categories),
        title=document.title,
        url=document.url,
        payload=dict(document.payload),
        bands=bands,
    )


AGE_MIN_PREFIX = "@agemin:"
AGE_MAX_PREFIX = "@agemax:"
BUSINESS_MARKER = "@aud:business"
# How much a stated age or role moves a window: a window for 15–49 year-olds is not the answer for a 65-year-old's
# job search, and a 事業者向け window is rarely the first answer for a resident's need.
FIT_AGE = 1.2
MISFIT_AGE = 0.4
FIT_BUSINESS = 1.3
BUSINESS_FOR_RESIDENT = 0.6
GROUP_PREFIX = "@grp:"
# A window only for a group (障害のある方, 外国籍の住民, 男性) the query does not speak of ranks lower: a resident who
# lost their job wants ハローワーク before a 障害者就労 window.
GROUP_NOT_STATED = 0.6
GROUP_LIST_NOT_STATED = 0.9


def target_tokens(payload: dict[str, Any]) -> list[str]:
    """Markers of a window's structured 対象 (age range, 事業者向け), indexed in the lowest band."""
    tokens = []
    if payload.get("age_min") is not None:
        tokens.append(f"{AGE_MIN_PREFIX}{int(payload['age_min'])}")
    if payload.get("age_max") is not None:
        tokens.append(f"{AGE_MAX_PREFIX}{int(payload['age_max'])}")
    if payload.get("audience") == "business":
        tokens.append(BUSINESS_MARKER)
    tokens.extend(f"{GROUP_PREFIX}{group}" for group in payload.get("groups") or ())
    return tokens


def target_factor(query: AnalyzedQuery, tokens: Iterable[str]) -> float:
    """Score factor from a window's target markers and what the query states (its age, that it is a business)."""
    age_min = age_max = None
    business = False
    groups: list[str] = []
    for token in tokens:
        if token.startswith(AGE_MIN_PREFIX):
            age_min = int(token[len(AGE_MIN_PREFIX) :])
        elif token.startswith(AGE_MAX_PREFIX):
            age_max = int(token[len(AGE_MAX_PREFIX) :])
        elif token == BUSINESS_MARKER:
            business = True
        elif token.startswith(GROUP_PREFIX):
            groups.append(token[len(GROUP_PREFIX) :])
    factor = 1.0
    if query.age is not None and (age_min is not None or age_max is not None):
        fits = (age_min is None or query.age >= age_min) and (age_max is None or query.age <= age_max)
        factor *= FIT_AGE if fits else MISFIT_AGE
    if business:
        factor *= FIT_BUSINESS if query.business else BUSINESS_FOR_RESIDENT
    stated = set(query.people)
    if "women" in groups and "men" in stated:
        factor *= GROUP_NOT_STATED
    others = [group for group in groups if group != "women"]
    # The groups a window lists are who may come (any one of them), so one penalty at most: none of them stated. A
    # list of several groups (高齢者・障がい者・子育て世帯・外国人, the 住宅確保要配慮者 of a 居住支援 window) is a broad
    # target, not a window only for one group.
    if others and not stated & set(others):
        factor *= GROUP_NOT_STATED if len(others) == 1 else GROUP_LIST_NOT_STATED
    return factor


def _vocabulary_categories() -> list[str]:
    return sorted({slug for concept in get_vocabulary().concepts.values() for slug in concept.categories})


@dataclass
class Candidate:
    """A matching row as the database returns it."""

    key: str
    kind: str
    city: str
    categories: list[str]
    title: str
    url: str
    band_texts: dict[str, str]
    payload: Any = None  # dict, or raw JSON text decoded lazily
    extra: dict[str, Any] = field(default_factory=dict)

    def band_texts_joined(self) -> set[str]:
        return {token for text in self.band_texts.values() for token in text.split()}


@dataclass
class Scored:
    candidate: Candidate
    score: float
    matched: list[str]


def idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def rank(
    query: AnalyzedQuery,
    candidates: Sequence[Candidate],
    *,
    n_docs: int,
    df: dict[str, int] | None = None,
) -> list[Scored]:
    """Score candidates with grouped BM25F. ``df`` defaults to counts over the candidates, which is exact whenever
    the candidates are every match in scope (each document containing a query token is a candidate)."""
    wanted = set(query.weights)
    # Core concepts of the query's categories (see CATEGORY_CORE_CONCEPTS): counted, but never matched on their own.
    wanted.update(token for cores in query.category_cores.values() for token in cores)
    counts: list[dict[str, Counter]] = []
    band_lengths: list[dict[str, int]] = []
    lengths: dict[str, float] = dict.fromkeys(BANDS, 0.0)
    for candidate in candidates:
        per_band: dict[str, Counter] = {}
        per_len: dict[str, int] = {}
        for band in BANDS:
            tokens = candidate.band_texts.get(band, "").split()
            per_len[band] = len(tokens)
            lengths[band] += len(tokens)
            per_band[band] = Counter([t for t in tokens if t in wanted])
        counts.append(per_band)
        band_lengths.append(per_len)
    n = max(len(candidates), 1)
    avg = {band: (lengths[band] / n) or 1.0 for band in BANDS}

    if df is None:
        df = Counter()
        for per_band in counts:
            present = set()
            for band in BANDS:
                present.update(per_band[band])
            df.update(present)
    n_docs = max(n_docs, len(candidates), 1)
    idfs = {token: idf(n_docs, df.get(token, 0)) for token in wanted}

    results: list[Scored] = []
    for candidate, per_band, band_len in zip(candidates, counts, band_lengths, strict=True):

        def term_score(token: str, per_band=per_band, band_len=band_len) -> float:
            tfw = 0.0
            for band in BANDS:
                tf = per_band[band].get(token)
                if tf:
                    tfw += BAND_WEIGHTS[band] * tf / (1.0 - B + B * band_len[band] / avg[band])
            if not tfw:
                return 0.0
            return idfs[token] * tfw * (K1 + 1.0) / (K1 + tfw)

        total = 0.0
        matched: list[str] = []
        for group in query.groups:
            best = max((weight * term_score(token) for token, weight in group.alternatives), default=0.0)
            if group.kind == "category" and group.label in candidate.categories:
                # A window filed under the category may score it by the category's core concept instead: the
                # generalist window (生活困窮、金銭管理) before the specialised ones (税金, 水道料) when the need is
                # known only by its category. Windows outside the category never gain from it.
                weight = group.alternatives[0][1]
                cores = query.category_cores.get(group.label, ())
                best = max([best, *(weight * term_score(token) for token in cores)])
            if best > 0:
                total += best
                matched.append(group.label)
        if total > 0:
            markers = [
                t for t in candidate.band_texts.get("d", "").split() if t.startswith(("@age", "@aud", "@grp"))
            ]
            if markers:
                total *= target_factor(query, markers)
            results.append(Scored(candidate, total, matched))
    # Ties broken by title and key so results are stable across engines and runs.
    results.sort(key=lambda s: (-s.score, s.candidate.title, s.candidate.key))
    return results


def facet_counts(rows: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """(kind, space-joined categories, count) rows → {"kind": {...}, "category": {...}}."""
    kinds: Counter = Counter()
    categories: Counter = Counter()
    for kind, cats, count in rows:
        kinds[kind] += count
        for slug in (cats or "").split():
            categories[slug] += count
    return {"kind": dict(kinds.most_common()), "category": dict(categories.most_common())}
