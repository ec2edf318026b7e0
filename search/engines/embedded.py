# ruff: noqa: S608 — SQL is assembled only from module constants and column names; every value is a parameter.
"""The default engine: the project's own database, no extra service.

SQLite: an FTS5 table over ``search_searchentry`` (external content, kept in sync by triggers; migration 0002).
Tokens are pre-analysed and space-joined; FTS5's ``unicode61`` tokenizer with ``tokenchars '@:_'`` then sees exactly
our tokens (the analyzer keeps only letters, digits and ``_`` inside a word, so nothing is split further). Every query
token is a quoted phrase ``"tok"``. Trigram tokenisation is not used: it never matches 2-character queries.

PostgreSQL: a generated ``tsvector`` column built with ``array_to_tsvector`` from the same tokens, weighted A–D with
``setweight`` (equivalent to the 'simple' configuration without its parser, which would split ``@c:多重債務``), and a
GIN index. Queries are tsquery literals of quoted lexemes.

Both: city, kind and category filters are part of the SQL. The database returns the candidates; when there are more
than ``POOL`` of them (a national search for a common word) it pre-ranks with bm25() / ts_rank_cd() (band weights
A–D) over the narrowest tier of the query that fills the pool (see ``_tiers``) and keeps the best ``POOL``; facet counts
over such large match sets are computed only when read. The final order comes from search.engines.scoring.rank, which
weights individual query terms (see there). A city search is always exact: every match is scored.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, transaction

from search.analyzer import AnalyzedQuery
from search.engines.base import SearchEngine, SearchHit, SearchResults
from search.engines.scoring import (
    BAND_WEIGHTS,
    BANDS,
    Candidate,
    category_token,
    city_token,
    facet_counts,
    kind_token,
    prepare_document,
    rank,
)
from search.registry import SearchDocument

logger = logging.getLogger("tsunagu.search")

TABLE = "search_searchentry"
FTS_TABLE = "search_searchentry_fts"
# Candidates scored in Python. A city has at most a few hundred documents, so city searches are exact; national
# searches for common words pre-rank in SQL and score the best POOL.
POOL = 300
# Query alternatives at or above this weight are the resident's words, their readings and recognised concepts;
# below it are broad category markers (see the tiers in EmbeddedEngine.search).
STRONG_WEIGHT = 0.45
FACET_INDEX = "search_entry_facets"
# How long a cached "documents in scope" count may be used for IDF (invalidated on every write in this process).
_COUNT_TTL = 60.0

_SELECT_COLUMNS = "e.key, e.kind, e.city, e.categories, e.title, e.url, e.payload, e.tokens_a, e.tokens_b, e.tokens_c, e.tokens_d"


def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _ts_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class EmbeddedEngine(SearchEngine):
    """SQLite FTS5 or PostgreSQL tsvector, chosen by the connection's vendor."""

    name = "embedded"

    def __init__(self, options: dict[str, Any] | None = None):
        super().__init__(options)
        self.alias = self.options.get("DATABASE_ALIAS", "default")
        self._count_cache: dict[tuple, tuple[float, int]] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------------------------------------------------
    @property
    def connection(self):
        return connections[self.alias]

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    def invalidate(self) -> None:
        """Forget cached statistics (after writes made outside this engine, or a rolled-back transaction)."""
        self._invalidate_counts()

    def _invalidate_counts(self) -> None:
        with self._lock:
            self._count_cache.clear()

    # -- writing -------------------------------------------------------------------------------------------------
    def index(self, documents: Iterable[SearchDocument]) -> int:
        prepared = {}
        for document in documents:
            prepared[document.key] = prepare_document(document)  # the last version of a key wins
        if not prepared:
            return 0
        rows = [
            (
                p.key,
                p.kind,
                p.city,
                " ".join(p.categories),
                p.title,
                p.url,
                json.dumps(p.payload, ensure_ascii=False),
                " ".join(p.scope),
                *(p.band_text(band) for band in BANDS),
            )
            for p in prepared.values()
        ]
        keys = list(prepared)
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            self._delete_keys(cursor, keys)
            cursor.executemany(
                f"INSERT INTO {TABLE} (key, kind, city, categories, title, url, payload, scope, "
                "tokens_a, tokens_b, tokens_c, tokens_d, updated_at) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, {self._now_sql()})",
                rows,
            )
        self._invalidate_counts()
        return len(rows)

    def _now_sql(self) -> str:
        return "CURRENT_TIMESTAMP"

    def _delete_keys(self, cursor, keys: Sequence[str]) -> int:
        deleted = 0
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE key IN ({placeholders})", chunk)
            deleted += max(cursor.rowcount, 0)
        return deleted

    def remove(self, keys: Iterable[str]) -> int:
        keys = list(keys)
        if not keys:
            return 0
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            deleted = self._delete_keys(cursor, keys)
        self._invalidate_counts()
        return deleted

    def clear(self, *, kinds: Sequence[str] | None = None) -> None:
        with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
            if kinds is None:
                cursor.execute(f"DELETE FROM {TABLE}")
                if self.vendor == "sqlite":
                    # The delete triggers already emptied the index; 'rebuild' also drops leftover segments.
                    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
            else:
                kinds = list(kinds)
                if kinds:
                    placeholders = ", ".join(["%s"] * len(kinds))
                    cursor.execute(f"DELETE FROM {TABLE} WHERE kind IN ({placeholders})", kinds)
        self._invalidate_counts()

    def optimize(self) -> None:
        """Merge FTS5 segments after a bulk load (a no-op on PostgreSQL, where VACUUM ANALYZE does the work)."""
        if self.vendor == "sqlite":
            with self.connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')")

    # -- searching -----------------------------------------------------------------------------------------------
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
        limit = max(0, int(limit))
        offset = max(0, int(offset))
        pool = max(POOL, (offset + limit) * 3)
        scope = (city or None, tuple(categories or ()), tuple(kinds or ()), bool(include_national))
        if self.vendor == "postgresql" and not city:
            candidates, total, df, facets = self._pg_national(query, scope, pool)
        else:
            candidates, total, df, facets = self._tiered(query, scope, pool)
        n_docs = self._count_in_scope(scope)
        scored = rank(query, candidates, n_docs=n_docs, df=df)
        hits = []
        for item in scored[offset : offset + limit]:
            c = item.candidate
            payload = c.payload
            if isinstance(payload, str):
                payload = json.loads(payload or "{}")
            hits.append(
                SearchHit(
                    key=c.key,
                    kind=c.kind,
                    score=item.score,
                    title=c.title,
                    url=c.url,
                    city=c.city,
                    categories=c.categories,
                    payload=payload or {},
                    matched=item.matched,
                )
            )
        return SearchResults(hits=hits, total=total, facets=facets, query=query)

    @staticmethod
    def _tiers(query: AnalyzedQuery) -> list[list[str]]:
        """The query's tokens in tiers, narrowest first: the resident's own words; plus readings and recognised
        concepts; plus broad category markers.

        The broadest tier that fits the pool is ranked exactly. A national search for a common word (仕事, 借金)
        overflows the pool already with the resident's words: then that narrowest overflowing tier defines the
        matches, the database pre-ranks them and the best POOL are scored in Python.
        """
        tokens = query.tokens()
        tiers = [
            [t for t in tokens if query.weights[t] >= 1.0],
            [t for t in tokens if query.weights[t] >= STRONG_WEIGHT],
            tokens,
        ]
        return [tier for i, tier in enumerate(tiers) if tier and tier not in tiers[i + 1 :]]

    def _tiered(self, query: AnalyzedQuery, scope: tuple, pool: int) -> tuple[list[Candidate], int, Any, Any]:
        tokens = query.tokens()
        tiers = self._tiers(query)
        counts: dict[int, int] = {}
        chosen = None
        for index, tier in enumerate(tiers):
            counts[index] = self._count_matches(tier, scope)
            if counts[index] >= pool:
                chosen = index
                break
        if chosen is None:
            # Every match of the full query is a candidate: exact ranking, frequencies and facets.
            candidates = self._candidates(tokens, scope, pool)
            total = len(candidates)
            df = None
            facets: Any = facet_counts((c.kind, " ".join(c.categories), 1) for c in candidates)
        else:
            tier = tiers[chosen]
            candidates = self._candidates(tier, scope, pool)
            total = counts[chosen]
            df = self._document_frequencies(tokens, scope)

            # Counted only if a caller reads them (the GROUP BY over a large match set costs as much as ranking).
            facets = functools.partial(self._facets, tier, scope)

        return candidates, total, df, facets

    def _pg_national(
        self, query: AnalyzedQuery, scope: tuple, pool: int
    ) -> tuple[list[Candidate], int, Any, Any]:
        """PostgreSQL without a city: a count over a common word's matches reads the heap and costs as much as the
        ranking, so each tier (narrowest first, as in _tiered) is ranked and counted in one pass, and the first
        tier that fills the pool defines the matches."""
        tokens = query.tokens()
        tiers = self._tiers(query)
        for index, tier in enumerate(tiers):
            candidates, total, df = self._pg_ranked_with_counts(tier, scope, pool)
            if total >= pool or index == len(tiers) - 1:
                break
        if total <= pool and tier == tokens:
            return (
                candidates,
                total,
                None,
                facet_counts((c.kind, " ".join(c.categories), 1) for c in candidates),
            )
        # Tokens outside the ranked tier: estimate their frequency from their share of the candidates.
        missing = [t for t in tokens if t not in df]
        if missing:
            token_sets = [c.band_texts_joined() for c in candidates]
            for token in missing:
                share = sum(1 for present in token_sets if token in present) / max(len(candidates), 1)
                df[token] = max(1, round(share * total))
        return candidates, total, df, functools.partial(self._facets, tier, scope)

    def _pg_ranked_with_counts(
        self, tokens: list[str], scope: tuple, pool: int
    ) -> tuple[list[Candidate], int, dict[str, int]]:
        """The best ``pool`` matches, the number of matches and each token's document frequency, in one pass.

        Only ids and ranks go through the window aggregate; the wide token columns are joined for the pool alone.
        """
        where, params = self._pg_where(scope)
        weights = "{" + ",".join(str(BAND_WEIGHTS[b] / BAND_WEIGHTS["a"]) for b in reversed(BANDS)) + "}"
        # With one token its frequency is the total; more tokens need one filtered count each.
        counted = tokens if len(tokens) > 1 else []
        df_columns = "".join(
            f", count(*) FILTER (WHERE e.tsv @@ %s::tsquery) OVER () AS df{i}" for i in range(len(counted))
        )
        df_select = "".join(f", m.df{i}" for i in range(len(counted)))
        tsquery = self._tsquery(tokens)
        sql = (
            f"WITH m AS (SELECT e.id, ts_rank_cd(%s::float4[], e.tsv, %s::tsquery) AS r, count(*) OVER () AS total"
            f"{df_columns} FROM {TABLE} e WHERE e.tsv @@ %s::tsquery{where} ORDER BY r DESC LIMIT %s) "
            f"SELECT {_SELECT_COLUMNS}, m.total{df_select} FROM m JOIN {TABLE} e ON e.id = m.id ORDER BY m.r DESC"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [weights, tsquery, *(_ts_lexeme(t) for t in counted), tsquery, *params, pool])
            rows = cursor.fetchall()
        if not rows:
            return [], 0, dict.fromkeys(tokens, 0)
        width = len(_SELECT_COLUMNS.split(","))
        total = int(rows[0][width])
        df = (
            {t: int(v) for t, v in zip(counted, rows[0][width + 1 :], strict=True)}
            if counted
            else {tokens[0]: total}
        )
        return [self._candidate(row[:width]) for row in rows], total, df

    # SQLite ------------------------------------------------------------------------------------------------------
    @staticmethod
    def _sqlite_scope_expr(scope: tuple) -> str:
        city, categories, kinds, include_national = scope
        parts = []
        if city:
            cities = [city_token(city)] + ([city_token("")] if include_national else [])
            parts.append("scope : (" + " OR ".join(_fts_phrase(t) for t in cities) + ")")
        if kinds:
            parts.append("scope : (" + " OR ".join(_fts_phrase(kind_token(k)) for k in kinds) + ")")
        if categories:
            parts.append("scope : (" + " OR ".join(_fts_phrase(category_token(c)) for c in categories) + ")")
        return " AND ".join(parts)

    @staticmethod
    def _sqlite_tokens_expr(tokens: Iterable[str]) -> str:
        return "{tokens_a tokens_b tokens_c tokens_d} : (" + " OR ".join(_fts_phrase(t) for t in tokens) + ")"

    def _sqlite_match(self, tokens: Iterable[str], scope: tuple) -> str:
        expr = self._sqlite_tokens_expr(tokens)
        scope_expr = self._sqlite_scope_expr(scope)
        return f"({expr}) AND {scope_expr}" if scope_expr else expr

    def _candidates(self, tokens: list[str], scope: tuple, pool: int) -> list[Candidate]:
        if self.vendor == "postgresql":
            return self._pg_candidates(tokens, scope, pool)
        return self._sqlite_candidates(tokens, scope, pool)

    def _sqlite_candidates(self, tokens: list[str], scope: tuple, pool: int) -> list[Candidate]:
        # The FTS table is ranked alone (rank = bm25 with the band weights configured in migration 0002: 0 for
        # scope, then A–D) and limited before the join, so only the pool is read from the content table.
        sql = (
            f"SELECT {_SELECT_COLUMNS}, m.rank FROM ("
            f"SELECT rowid, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"
            f") m JOIN {TABLE} e ON e.id = m.rowid ORDER BY m.rank"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [self._sqlite_match(tokens, scope), pool])
            rows = cursor.fetchall()
        return [self._candidate(row[:-1]) for row in rows]

    # PostgreSQL --------------------------------------------------------------------------------------------------
    @staticmethod
    def _pg_where(scope: tuple) -> tuple[str, list]:
        city, categories, kinds, include_national = scope
        clauses, params = [], []
        if city:
            if include_national:
                clauses.append("e.city IN (%s, '')")
            else:
                clauses.append("e.city = %s")
            params.append(city)
        if kinds:
            clauses.append("e.kind = ANY(%s)")
            params.append(list(kinds))
        if categories:
            clauses.append("string_to_array(e.categories, ' ') && %s::text[]")
            params.append(list(categories))
        return "".join(f" AND {c}" for c in clauses), params

    @staticmethod
    def _tsquery(tokens: Iterable[str]) -> str:
        return " | ".join(_ts_lexeme(t) for t in tokens)

    def _pg_candidates(self, tokens: list[str], scope: tuple, pool: int) -> list[Candidate]:
        where, params = self._pg_where(scope)
        # ts_rank_cd weights are listed D, C, B, A.
        weights = "{" + ",".join(str(BAND_WEIGHTS[b] / BAND_WEIGHTS["a"]) for b in reversed(BANDS)) + "}"
        sql = (
            f"SELECT {_SELECT_COLUMNS} FROM {TABLE} e "
            f"WHERE e.tsv @@ %s::tsquery{where} "
            f"ORDER BY ts_rank_cd(%s::float4[], e.tsv, %s::tsquery) DESC LIMIT %s"
        )
        tsquery = self._tsquery(tokens)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, *params, weights, tsquery, pool])
            rows = cursor.fetchall()
        return [self._candidate(row) for row in rows]

    # Shared ------------------------------------------------------------------------------------------------------
    @staticmethod
    def _candidate(row: Sequence[Any]) -> Candidate:
        key, kind, city, categories, title, url, payload, *bands = row
        return Candidate(
            key=key,
            kind=kind,
            city=city,
            categories=(categories or "").split(),
            title=title,
            url=url,
            payload=payload,
            band_texts=dict(zip(BANDS, (b or "" for b in bands), strict=True)),
        )

    def _count_in_scope(self, scope: tuple) -> int:
        """Documents in scope, for IDF. A city's count is cheap and always exact; national counts scan every row,
        so they are cached briefly (writes through this engine invalidate them)."""
        now = time.monotonic()
        cacheable = not scope[0]
        cached = self._count_cache.get(scope) if cacheable else None
        if cached and now - cached[0] < _COUNT_TTL:
            return cached[1]
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                where, params = self._pg_where(scope)
                cursor.execute(f"SELECT count(*) FROM {TABLE} e WHERE TRUE{where}", params)
            else:
                scope_expr = self._sqlite_scope_expr(scope)
                if scope_expr:
                    cursor.execute(
                        f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [scope_expr]
                    )
                else:
                    cursor.execute(f"SELECT count(*) FROM {TABLE}")
            count = int(cursor.fetchone()[0])
        if cacheable:
            with self._lock:
                self._count_cache[scope] = (now, count)
        return count

    def _count_matches(self, tokens: list[str], scope: tuple) -> int:
        """How many documents in scope match any of the tokens (cheap: no ranking, no row reads)."""
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                where, params = self._pg_where(scope)
                cursor.execute(
                    f"SELECT count(*) FROM {TABLE} e WHERE e.tsv @@ %s::tsquery{where}",
                    [self._tsquery(tokens), *params],
                )
            else:
                cursor.execute(
                    f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                    [self._sqlite_match(tokens, scope)],
                )
            return int(cursor.fetchone()[0])

    def _document_frequencies(self, tokens: list[str], scope: tuple) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                where, params = self._pg_where(scope)
                filters = ", ".join("count(*) FILTER (WHERE e.tsv @@ %s::tsquery)" for _ in tokens)
                cursor.execute(
                    f"SELECT {filters} FROM {TABLE} e WHERE e.tsv @@ %s::tsquery{where}",
                    [*(_ts_lexeme(t) for t in tokens), self._tsquery(tokens), *params],
                )
                return dict(zip(tokens, (int(v) for v in cursor.fetchone()), strict=True))
            df = {}
            for token in tokens:
                cursor.execute(
                    f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                    [self._sqlite_match([token], scope)],
                )
                df[token] = int(cursor.fetchone()[0])
            return df

    def _facets(self, tokens: list[str], scope: tuple) -> dict[str, dict[str, int]]:
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                where, params = self._pg_where(scope)
                cursor.execute(
                    f"SELECT e.kind, e.categories, count(*) FROM {TABLE} e "
                    f"WHERE e.tsv @@ %s::tsquery{where} GROUP BY e.kind, e.categories",
                    [self._tsquery(tokens), *params],
                )
            else:
                # The narrow covering index (migration 0003) makes this join read a few index pages instead of
                # every matching row's token text.
                cursor.execute(
                    f"SELECT e.kind, e.categories, count(*) FROM {FTS_TABLE} f "
                    f"JOIN {TABLE} e INDEXED BY {FACET_INDEX} ON e.id = f.rowid "
                    f"WHERE {FTS_TABLE} MATCH %s GROUP BY e.kind, e.categories",
                    [self._sqlite_match(tokens, scope)],
                )
            rows = cursor.fetchall()
        return facet_counts(rows)

    # -- health --------------------------------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        info: dict[str, Any] = {"engine": self.name, "vendor": None, "ok": False}
        try:
            info["vendor"] = self.vendor
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {TABLE}")
                info["documents"] = int(cursor.fetchone()[0])
                cursor.execute(f"SELECT kind, count(*) FROM {TABLE} GROUP BY kind ORDER BY kind")
                info["kinds"] = {k: int(n) for k, n in cursor.fetchall()}
                if self.vendor == "sqlite":
                    # integrity-check raises if the FTS index and the content table disagree.
                    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES('integrity-check', 1)")
                    info["index"] = "fts5"
                else:
                    info["index"] = "tsvector+gin"
            info["ok"] = True
        except Exception as exc:  # health reports, it does not raise
            info["error"] = f"{type(exc).__name__}: {exc}"
        return info
