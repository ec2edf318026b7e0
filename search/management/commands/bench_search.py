# ruff: noqa: S608 — table names are module constants; every value is a query parameter.
"""Benchmark the embedded engine on a synthetic national corpus in a scratch database.

SQLite: a temporary database file on its own connection alias. PostgreSQL (``--vendor postgresql``, needs the default
database to be PostgreSQL): a temporary schema, dropped afterwards. The project's own data is never touched.
"""

from __future__ import annotations

import importlib
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from search.analyzer import analyze_document, analyze_query
from search.engines.embedded import FTS_TABLE, TABLE, EmbeddedEngine, _fts_phrase, _ts_lexeme
from search.engines.scoring import city_token
from search.models import SearchEntry
from search.registry import SearchDocument
from search.synthetic import QUERIES, synthetic_documents

ALIAS = "search_bench"
SCHEMA = "tsunagu_search_bench"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Benchmark resident search on a synthetic national corpus in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=1741)
        parser.add_argument("--per-city", type=int, default=60)
        parser.add_argument("--rounds", type=int, default=5, help="timed runs of every query (default 5)")
        parser.add_argument("--vendor", choices=["sqlite", "postgresql"], default="sqlite")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--engine",
            choices=["embedded", "elasticsearch"],
            default="embedded",
            help="elasticsearch: the same corpus and queries against ELASTICSEARCH_URL (index tsunagu-bench-documents)",
        )
        parser.add_argument(
            "--keep-schema",
            action="store_true",
            help=f"PostgreSQL: keep the scratch schema {SCHEMA} afterwards and reuse it when it exists",
        )
        parser.add_argument(
            "--sqlite-path",
            help="keep the scratch SQLite database at this path (reused without rebuilding when it exists)",
        )

    def handle(self, *args, **options):
        if os.environ.get("ELASTICSEARCH_URL") and options["engine"] == "elasticsearch":
            return self._elasticsearch(options)
        if options["engine"] == "elasticsearch":
            raise CommandError("--engine elasticsearch needs ELASTICSEARCH_URL")
        vendor = options["vendor"]
        tmpdir = None
        reuse = False
        if vendor == "sqlite":
            path = options["sqlite_path"]
            if path:
                reuse = os.path.exists(path)
            else:
                tmpdir = tempfile.mkdtemp(prefix="tsunagu-bench-")
                path = os.path.join(tmpdir, "bench.sqlite3")
            settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
        else:
            default = connections.settings["default"]
            if default["ENGINE"] != "django.db.backends.postgresql":
                raise CommandError("--vendor postgresql needs DATABASE_URL to point to PostgreSQL")
            settings_dict = {
                **default,
                "OPTIONS": {**default.get("OPTIONS", {}), "options": f"-c search_path={SCHEMA}"},
            }
        configured = connections.configure_settings(
            {"default": connections.settings["default"], ALIAS: settings_dict}
        )
        connections.settings[ALIAS] = configured[ALIAS]
        try:
            if not reuse:
                self._create_tables(vendor)
            self._run(vendor, options, build=not reuse)
        finally:
            connection = connections[ALIAS]
            if vendor == "postgresql" and not options["keep_schema"]:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.close()
            del connections.settings[ALIAS]
            if tmpdir:
                shutil.rmtree(tmpdir, ignore_errors=True)

    def _create_tables(self, vendor: str) -> None:
        connection = connections[ALIAS]
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
                cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        fulltext = importlib.import_module("search.migrations.0002_fulltext_index")
        facets = importlib.import_module("search.migrations.0003_facet_index")
        statements = {
            "sqlite": [*fulltext.FTS_SQLITE, *facets.FACET_INDEX_SQLITE],
            "postgresql": fulltext.TSV_POSTGRES,
        }[vendor]
        with connection.schema_editor() as editor:
            editor.create_model(SearchEntry)
            for statement in statements:
                editor.execute(statement)

    def _run(self, vendor: str, options: dict, *, build: bool = True) -> None:
        out = self.stdout
        engine = EmbeddedEngine({"DATABASE_ALIAS": ALIAS})
        cities, per_city = options["cities"], options["per_city"]
        out.write(
            f"Synthetic corpus: {cities} cities × {per_city} windows = {cities * per_city:,} documents ({vendor})"
        )

        if build:
            self._build(vendor, engine, options)
        else:
            out.write("  (reusing the existing scratch database)")
        self._measure(vendor, engine, options)

    def _build(self, vendor: str, engine: EmbeddedEngine, options: dict) -> None:
        out = self.stdout
        cities, per_city = options["cities"], options["per_city"]
        # Analysis throughput without the memo (scoring.analyse_field), on a sample: a real corpus repeats less than
        # this synthetic one, so this is the rate for text never seen before.
        sample = list(synthetic_documents(min(cities, 40), per_city, options["seed"] + 1))
        started = time.perf_counter()
        for document in sample:
            for text, _weight in document.fields:
                analyze_document(text)
        rate = len(sample) / (time.perf_counter() - started)
        out.write(
            f"  analysis without memo: {rate:,.0f} documents/s → {cities * per_city / rate:,.0f} s for all"
        )

        started = time.perf_counter()
        batch: list[SearchDocument] = []
        for document in synthetic_documents(cities, per_city, options["seed"]):
            batch.append(document)
            if len(batch) >= 2000:
                engine.index(batch)
                batch = []
        if batch:
            engine.index(batch)
        engine.optimize()
        if vendor == "postgresql":
            with connections[ALIAS].cursor() as cursor:
                cursor.execute(f"ANALYZE {TABLE}")
        build = time.perf_counter() - started
        out.write(
            f"  index build (analysis with memo + insert + optimize): {build:,.1f} s = "
            f"{cities * per_city / build:,.0f} documents/s"
        )
        out.write(f"  database size: {self._size(vendor) / 1e6:,.1f} MB")

    def _elasticsearch(self, options: dict) -> None:
        """The same corpus and queries against Elasticsearch (same pre-analysed tokens), built by alias swap."""
        from search.engines.elasticsearch import ElasticsearchEngine

        engine = ElasticsearchEngine(
            {"ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"], "INDEX_PREFIX": "tsunagu-bench"}
        )
        cities, per_city = options["cities"], options["per_city"]
        self.stdout.write(f"Synthetic corpus: {cities * per_city:,} documents (Elasticsearch {engine.url})")
        started = time.perf_counter()
        engine.rebuild_all(synthetic_documents(cities, per_city, options["seed"]))
        build = time.perf_counter() - started
        self.stdout.write(
            f"  index build (alias swap): {build:,.1f} s = {cities * per_city / build:,.0f} documents/s"
        )
        analysed = {q: analyze_query(q) for q in QUERIES}
        methods = {
            "es city top20": lambda q, c: engine.search(analysed[q], city=c, limit=20),
            "es national top20 + facets": lambda q, c: engine.search(analysed[q], limit=20).facets,
        }
        self._time(methods, options)

    def _time(self, methods: dict, options: dict) -> dict[str, list[float]]:
        rng = random.Random(options["seed"])  # noqa: S311 — reproducible sampling, not security
        times: dict[str, list[float]] = {name: [] for name in methods}
        for q in QUERIES:
            for fn in methods.values():
                fn(q, "city0000")
        for _ in range(options["rounds"]):
            for q in QUERIES:
                city = f"city{rng.randrange(options['cities']):04d}"
                for name, fn in methods.items():
                    t0 = time.perf_counter()
                    fn(q, city)
                    times[name].append((time.perf_counter() - t0) * 1000)
        self.stdout.write(
            f"  latency over {options['rounds']}×{len(QUERIES)} queries (ms):      p50      p95"
        )
        for label, values in times.items():
            self.stdout.write(
                f"    {label:28}{statistics.median(values):9.2f}{percentile(values, 0.95):9.2f}"
            )
        return times

    def _measure(self, vendor: str, engine: EmbeddedEngine, options: dict) -> None:
        out = self.stdout
        cities = options["cities"]

        rng = random.Random(options["seed"])  # noqa: S311 — reproducible sampling, not security
        analysed = {q: analyze_query(q) for q in QUERIES}
        rounds = options["rounds"]
        methods: dict[str, Callable[[str, str], object]] = {
            "ours city top20": lambda q, c: engine.search(analysed[q], city=c, limit=20),
            "ours city incl. analysis": lambda q, c: engine.search(analyze_query(q), city=c, limit=20),
            "floor city top20": lambda q, c: self._floor(vendor, analysed[q], c),
            "floor city same tokens": lambda q, c: self._floor(vendor, analysed[q], c, every_token=True),
            "ours national top20": lambda q, c: engine.search(analysed[q], limit=20),
            "ours national + facets": lambda q, c: engine.search(analysed[q], limit=20).facets,
            "floor national top20": lambda q, c: self._floor(vendor, analysed[q], None),
            "floor national same tokens": lambda q, c: self._floor(
                vendor, analysed[q], None, every_token=True
            ),
            "floor national count": lambda q, c: self._floor(vendor, analysed[q], None, count=True),
        }
        for q in QUERIES:  # warm caches once
            for fn in methods.values():
                fn(q, "city0000")
        # Interleaved: every method runs on the same query back to back, so load from other processes hits all
        # methods alike and the ratios stay meaningful on a busy machine.
        times: dict[str, list[float]] = {name: [] for name in methods}
        # CPU time of this process (SQLite runs in-process): less disturbed by other load than wall time.
        cpu: dict[str, list[float]] = {name: [] for name in methods}
        per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
        ratios: list[float] = []
        same_ratios: list[float] = []
        for r in range(rounds):
            for q in QUERIES:
                city = f"city{rng.randrange(cities):04d}"
                names = list(methods)
                names = names[r % len(names) :] + names[: r % len(names)]
                sample = {}
                for name in names:
                    t0, c0 = time.perf_counter(), time.process_time()
                    methods[name](q, city)
                    sample[name] = (time.perf_counter() - t0) * 1000
                    cpu[name].append((time.process_time() - c0) * 1000)
                    times[name].append(sample[name])
                per_query[q].append(sample["ours national top20"])
                ratios.append(sample["ours national top20"] / max(sample["floor national top20"], 0.01))
                same_ratios.append(
                    sample["ours national top20"] / max(sample["floor national same tokens"], 0.01)
                )
        out.write(
            f"  latency over {rounds}×{len(QUERIES)} queries (ms):      p50      p95      max  cpu p50  cpu p95"
        )
        for label, values in times.items():
            out.write(
                f"    {label:28}{statistics.median(values):9.2f}{percentile(values, 0.95):9.2f}{max(values):9.2f}"
                f"{statistics.median(cpu[label]):9.2f}{percentile(cpu[label], 0.95):9.2f}"
            )
        out.write(
            "  national ranked / raw floor: p95 ratio "
            f"{percentile(times['ours national top20'], 0.95) / percentile(times['floor national top20'], 0.95):.2f}, "
            f"median per-query ratio {statistics.median(ratios):.2f}"
        )
        out.write(
            "  national ranked / raw floor over the SAME tokens (every token the engine searches): p95 ratio "
            f"{percentile(times['ours national top20'], 0.95) / percentile(times['floor national same tokens'], 0.95):.2f}, "
            f"median per-query ratio {statistics.median(same_ratios):.2f}"
        )
        slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:4]
        out.write(
            "  slowest national queries (median ms): "
            + ", ".join(f"{q} {statistics.median(v):.1f}" for q, v in slowest)
        )
        out.write(
            "  stock Wagtail backend: not benchmarked here (it needs an indexed Django model; "
            "search_eval compares it on the real windows through the provider's stock_search())"
        )
        out.write(
            f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
        )

    def _floor(self, vendor: str, query, city: str | None, *, count: bool = False, every_token: bool = False):
        """FTS5 / tsvector ranking by the database alone, returning row ids: over the resident's own words only
        (no expansion, no grouping), or with ``every_token`` over every token the engine searches (like with like)."""
        tokens = [
            t for g in query.groups if g.kind in {"term", "compound"} for t, w in g.alternatives if w == 1.0
        ]
        tokens = query.tokens() if every_token else (tokens or query.tokens())
        with connections[ALIAS].cursor() as cursor:
            if vendor == "sqlite":
                match = (
                    "{tokens_a tokens_b tokens_c tokens_d} : ("
                    + " OR ".join(_fts_phrase(t) for t in tokens)
                    + ")"
                )
                if city:
                    match = f"({match}) AND scope : {_fts_phrase(city_token(city))}"
                if count:
                    cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
                else:
                    cursor.execute(
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT 20",
                        [match],
                    )
            else:
                tsquery = " | ".join(_ts_lexeme(t) for t in tokens)
                where, params = ("AND city = %s", [city]) if city else ("", [])
                if count:
                    cursor.execute(
                        f"SELECT count(*) FROM {TABLE} WHERE tsv @@ %s::tsquery {where}", [tsquery, *params]
                    )
                else:
                    cursor.execute(
                        f"SELECT id FROM {TABLE} WHERE tsv @@ %s::tsquery {where} "
                        "ORDER BY ts_rank_cd(tsv, %s::tsquery) DESC LIMIT 20",
                        [tsquery, *params, tsquery],
                    )
            return cursor.fetchall()

    def _size(self, vendor: str) -> int:
        connection = connections[ALIAS]
        if vendor == "sqlite":
            connection.close()
            return os.path.getsize(connection.settings_dict["NAME"])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_total_relation_size('{SCHEMA}.{TABLE}')")
            return int(cursor.fetchone()[0])
