"""Measure search quality on a query set (data/eval/dev-queries.tsv format).

Format, tab-separated, ``#`` comments: ``city  query  expected organisation substrings joined by |  note  [kinds]``.
A query passes at k when one of the first k windows returned for that city names one of the expected organisations.

- ``kinds`` (optional, comma-separated: dialect, hiragana, typo, english, romaji …) groups the rows in the report.
- City ``*`` is a national query: it is searched the way the top page without a chosen city searches it, place
  names in the text included (search.places). An expected ``slug/substring`` then also requires the window's city.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.analyzer import analyze_query
from search.engines.base import SearchEngine
from search.places import resolve_city

MRR_DEPTH = 10
NATIONAL = "*"


@dataclass(frozen=True)
class EvalQuery:
    city: str
    query: str
    expected: tuple[str, ...]
    note: str = ""
    kinds: tuple[str, ...] = ()

    @property
    def is_national(self) -> bool:
        return self.city in ("", NATIONAL)


@dataclass
class EvalRow:
    item: EvalQuery
    names: list[str]  # result names in rank order (up to MRR_DEPTH)
    rank: int | None  # 1-based rank of the first expected result, None if not found

    def hit_at(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k


@dataclass
class EvalReport:
    k: int
    rows: list[EvalRow] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.rows)

    def hit_at(self, k: int) -> float:
        return sum(r.hit_at(k) for r in self.rows) / self.n if self.rows else 0.0

    @property
    def mrr(self) -> float:
        return sum(1.0 / r.rank for r in self.rows if r.rank) / self.n if self.rows else 0.0

    @property
    def misses(self) -> list[EvalRow]:
        return [r for r in self.rows if not r.hit_at(self.k)]

    @property
    def zero_results(self) -> int:
        return sum(1 for r in self.rows if not r.names)

    def by_kind(self) -> dict[str, EvalReport]:
        """One report per kind tag (a row with several kinds counts in each); untagged rows under ``-``."""
        groups: dict[str, EvalReport] = {}
        for row in self.rows:
            for kind in row.item.kinds or ("-",):
                groups.setdefault(kind, EvalReport(k=self.k)).rows.append(row)
        return dict(sorted(groups.items()))


def parse_queries(text: str) -> list[EvalQuery]:
    queries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            continue
        expected = tuple(e.strip() for e in cells[2].split("|") if e.strip())
        kinds = tuple(k.strip() for k in cells[4].split(",") if k.strip()) if len(cells) > 4 else ()
        queries.append(
            EvalQuery(
                cells[0].strip(),
                cells[1].strip(),
                expected,
                cells[3].strip() if len(cells) > 3 else "",
                kinds,
            )
        )
    return queries


def load_queries(path: str | Path) -> list[EvalQuery]:
    return parse_queries(Path(path).read_text(encoding="utf-8"))


def result_name(title: str, payload: dict[str, Any] | None) -> str:
    """What an expected substring is matched against: organisation names and the title."""
    payload = payload or {}
    parts = [
        str(payload.get("parent_organisation") or ""),
        str(payload.get("organisation") or ""),
        str(payload.get("organisation_name") or ""),
        title or "",
    ]
    return " / ".join(p for p in parts if p)


_CITY_EXPECTATION = re.compile(r"^([a-z][a-z0-9-]*)/(.+)$")


def _matches(name: str, expected: str) -> bool:
    """``expected`` is a substring of the result name; ``slug/substring`` also requires the result's city (names
    from engine_searcher start with ``slug/``)."""
    qualified = _CITY_EXPECTATION.match(expected)
    if qualified:
        slug, rest = qualified.groups()
        return name.startswith(f"{slug}/") and rest in name
    return expected in name


def first_rank(names: Sequence[str], expected: Iterable[str]) -> int | None:
    expected = list(expected)
    for index, name in enumerate(names, start=1):
        if any(_matches(name, e) for e in expected):
            return index
    return None


Searcher = Callable[[EvalQuery, int], list[str]]


def engine_searcher(engine: SearchEngine, kind: str = "window") -> Searcher:
    """Search like the site: a city row within its city; a national row (``*``) with the place in its text."""

    def run(item: EvalQuery, limit: int) -> list[str]:
        if item.is_national:
            city, text = resolve_city(item.query)
            results = engine.search(analyze_query(text), city=city, kinds=[kind], limit=limit)
        else:
            results = engine.search(analyze_query(item.query), city=item.city, kinds=[kind], limit=limit)
        return [f"{h.city or NATIONAL}/{result_name(h.title, h.payload)}" for h in results.hits]

    return run


def evaluate(queries: Iterable[EvalQuery], searcher: Searcher, *, k: int = 3) -> EvalReport:
    report = EvalReport(k=k)
    depth = max(k, MRR_DEPTH)
    for item in queries:
        names = searcher(item, depth)
        report.rows.append(EvalRow(item, names, first_rank(names, item.expected)))
    return report
