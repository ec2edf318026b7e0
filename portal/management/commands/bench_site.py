"""Benchmark every public page type, search and API paging on the synthetic national corpus, uncached.

    manage.py bench_site                      # 1,741 cities × 60 windows (built once, then reused)
    manage.py bench_site --cities 100 --check-queries   # the CI version: fails on a query-count regression

The corpus is a separate SQLite file (var/bench/…), built through the real commands (migrate, load_seeds,
load_national_corpus, rebuild_search_index) in child processes; the project's own database is never touched.
Measurements run in a child process on that file, with Django's cache replaced by a dummy one, through Django's
test client (view + middleware + template; no HTTP server). Times are wall-clock medians and 95th percentiles of
sequential requests, and CPU time of this process, which the other load on a shared machine disturbs less.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.benchpages import PAGE_TYPES


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Time every public page type, search and API paging on the synthetic national corpus (uncached)."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=1741)
        parser.add_argument("--per-city", type=int, default=60)
        parser.add_argument(
            "--rounds", type=int, default=20, help="timed requests per page type (default 20)"
        )
        parser.add_argument(
            "--db", help="corpus SQLite file (default var/bench/site-<cities>x<per-city>.sqlite3)"
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="rebuild the corpus even if the file exists"
        )
        parser.add_argument(
            "--check-queries",
            action="store_true",
            help="exit 1 if a page type issues more queries than its budget",
        )
        parser.add_argument("--measure", action="store_true", help=("internal: measure in this process"))

    def handle(self, *args, **options):
        if options["measure"]:
            return self._measure(options)
        path = Path(options["db"] or Path(settings.BASE_DIR) / "var" / "bench" / self._name(options))
        if options["rebuild"] or not path.exists():
            self._build(path, options)
        else:
            self.stdout.write(f"Reusing the corpus {path} (--rebuild to build it again)")
        argv = [
            sys.executable,
            "manage.py",
            "bench_site",
            "--measure",
            f"--cities={options['cities']}",
            f"--rounds={options['rounds']}",
            f"--db={path}",
        ]
        if options["check_queries"]:
            argv.append("--check-queries")
        result = subprocess.run(argv, env=self._env(path), cwd=settings.BASE_DIR, check=False)
        if result.returncode:
            raise CommandError("query budget exceeded" if options["check_queries"] else "measurement failed")

    @staticmethod
    def _name(options) -> str:
        return f"site-{options['cities']}x{options['per_city']}.sqlite3"

    @staticmethod
    def _env(path: Path) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{path}",
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        }

    def _build(self, path: Path, options) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        env = self._env(partial)
        stats = {}
        steps = [
            ("migrate", ["migrate", "--noinput", "-v0"]),
            ("load_seeds", ["load_seeds", "-v0"]),
            (
                "load_national_corpus",
                [
                    "load_national_corpus",
                    f"--cities={options['cities']}",
                    f"--per-city={options['per_city']}",
                ],
            ),
            ("rebuild_search_index", ["rebuild_search_index"]),
        ]
        for name, argv in steps:
            self.stdout.write(f"== {name}")
            started = time.perf_counter()
            subprocess.run([sys.executable, "manage.py", *argv], env=env, cwd=settings.BASE_DIR, check=True)
            stats[name] = round(time.perf_counter() - started, 1)
        windows = options["cities"] * options["per_city"]
        stats["windows"] = windows
        stats["index_rate"] = round(windows / stats["rebuild_search_index"])
        partial.rename(path)
        path.with_suffix(".json").write_text(json.dumps(stats, indent=2))

    # -- in the child process, on the corpus ---------------------------------------------------------------------
    def _measure(self, options) -> None:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        from directory.models import ConsultationWindow
        from directory.serializers import encode_cursor
        from guides.models import ProgramPage

        out = self.stdout
        rng = random.Random(1)  # noqa: S311 — reproducible sampling, not security
        cities = options["cities"]
        rounds = options["rounds"]
        program = ProgramPage.objects.live().order_by("path").first()
        windows = list(
            ConsultationWindow.objects.filter(city__slug__startswith="city", live=True)
            .values_list("city__slug", "pk")
            .order_by("?")[:rounds]
        )
        last = ConsultationWindow.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        deep = encode_cursor(int(last * 0.95))
        client = Client(HTTP_HOST="localhost")
        rows = []
        over = []
        dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        with override_settings(CACHES=dummy, DEBUG=False):
            for page in PAGE_TYPES:
                walls, cpus, queries, size = [], [], 0, 0
                for i in range(rounds + 1):
                    city = f"city{rng.randrange(cities):04d}"
                    w_city, w_pk = windows[i % len(windows)]
                    url = page.url.format(
                        city=city,
                        window=f"/{w_city}/soudan/{w_pk}/",
                        program=program.url if program else "/",
                        deep=deep,
                    )
                    with CaptureQueriesContext(connection) as captured:
                        t0, c0 = time.perf_counter(), time.process_time()
                        response = client.get(url)
                        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    if response.status_code != 200:
                        raise CommandError(f"{url}: HTTP {response.status_code}")
                    if i == 0:
                        continue  # the first request warms the process (templates, dictionaries)
                    walls.append(wall * 1000)
                    cpus.append(cpu * 1000)
                    queries = max(queries, len(captured.captured_queries))
                    size = max(size, len(response.content))
                rows.append((page, walls, cpus, queries, size))
                if queries > page.budget:
                    over.append(f"{page.label}: {queries} queries > budget {page.budget}")

        out.write(
            f"Pages, uncached, {cities} synthetic cities (+ 5 seeds), {rounds} sequential requests each "
            "(wall ms; CPU ms of this process; max SQL queries; max KB of HTML/JSON):"
        )
        out.write(f"  {'page type':34}{'p50':>8}{'p95':>8}{'cpu p50':>9}{'queries':>9}{'budget':>8}{'KB':>8}")
        for page, walls, cpus, queries, size in rows:
            out.write(
                f"  {page.label:34}{statistics.median(walls):8.1f}{percentile(walls, 0.95):8.1f}"
                f"{statistics.median(cpus):9.1f}{queries:9d}{page.budget:8d}{size / 1024:8.1f}"
            )
        stats_path = Path(options["db"]).with_suffix(".json")
        if stats_path.exists():
            stats = json.loads(stats_path.read_text())
            out.write(
                f"Corpus build (last run): migrate {stats['migrate']} s, load_seeds {stats['load_seeds']} s, "
                f"corpus {stats['load_national_corpus']} s, search index {stats['rebuild_search_index']} s "
                f"= {stats['index_rate']:,} windows/s end to end"
            )
        out.write(
            f"Peak RSS of the measuring process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
        )
        if over:
            for line in over:
                self.stderr.write(f"QUERY BUDGET EXCEEDED: {line}")
            if options["check_queries"]:
                sys.exit(1)
