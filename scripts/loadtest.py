#!/usr/bin/env python
"""`make loadtest`: a bounded load bench against the local production stack (`make prod`), loopback only.

Three phases, each bounded in time (and the whole run in requests):
1. cached   — anonymous residents re-reading popular pages (top, city, directory, category, window, API);
2. search   — uncached resident searches (every query distinct) at 16 concurrent users;
3. mixed    — the resident mix (pages, search, windows, API, open data) while an editor publishes a window every
               30 s through Wagtail's revisions (which purges the page cache).
Prints req/s, p50/p95/p99 and errors per phase. Client addresses are drawn from a large pool and sent as
X-Forwarded-For (the bench plays the reverse proxy, TSUNAGU_TRUSTED_PROXIES=1), so per-resident rate limits apply
as they would to a crowd; 429s are reported separately from errors.

The client runs in several processes (Python threads alone cannot drive 800 req/s); on a 2-core machine it takes
CPU from the server, so the numbers are a floor for the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_SECONDS = 600
MAX_REQUESTS = 2_000_000

SEARCH_WORDS = [
    "借金",
    "返せない",
    "ひきこもり",
    "介護",
    "つかれた",
    "DV",
    "子育て",
    "不登校",
    "仕事がない",
    "家賃",
    "生活保護",
    "障害",
    "認知症",
    "ヤングケアラー",
    "8050",
    "孤独",
    "病気",
    "お金",
    "暴力",
    "相談したい",
    "親",
    "息子",
    "高齢",
    "家計",
    "ごはん",
    "住まい",
    "学校",
    "いじめ",
    "外国人",
    "就労",
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[index]


def discover(base: str) -> dict[str, list[str]]:
    """Real URLs from the running site's own API (cities, windows, categories)."""
    conn = _conn(base)

    def get_json(path: str):
        conn.request("GET", path, headers={"X-Forwarded-For": "10.255.0.1"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}; is `make prod` running at {base}?")
        return json.loads(body)

    cities = [c["slug"] for c in get_json("/api/v1/cities")]
    windows = get_json("/api/v1/windows?page_size=200")["results"]
    window_paths = [urllib.parse.urlparse(w["url"]).path for w in windows if w.get("url")]
    categories = ["keizai", "koreisha", "shogai", "kodomo", "hikikomori", "dv", "kenko", "sumai", "shigoto"]
    pages = ["/", "/soudan/", "/hikaku/", "/memo/"]
    pages += (
        [f"/{c}/" for c in cities] + [f"/{c}/soudan/" for c in cities] + [f"/{c}/program/" for c in cities]
    )
    pages += [f"/soudan/{c}/" for c in categories]
    api = ["/api/v1/cities"] + [f"/api/v1/windows?city={c}" for c in cities]
    api += [f"/api/v1/cities/{c}/program" for c in cities]
    opendata = [f"/opendata/{c}/windows.csv" for c in cities] + [f"/opendata/{c}/hsds.json" for c in cities]
    return {"pages": pages, "windows": window_paths, "api": api, "opendata": opendata, "cities": cities}


def _conn(base: str) -> http.client.HTTPConnection:
    parsed = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=30)


def search_url(rng: random.Random, cities: list[str], unique: int) -> str:
    words = rng.sample(SEARCH_WORDS, rng.choice([1, 2, 2, 3]))
    # A distinct tail (a resident's own wording) makes every query a cache miss.
    query = " ".join(words) + f" {unique}"
    params = {"q": query}
    if cities and rng.random() < 0.5:
        params["city"] = rng.choice(cities)
    return "/search/?" + urllib.parse.urlencode(params)


def pick(kind: str, urls: dict, rng: random.Random, counter: list[int]) -> str:
    if kind == "cached":
        pool = urls["pages"] + urls["windows"][:40] + urls["api"]
        return rng.choice(pool)
    if kind == "search":
        counter[0] += 1
        return search_url(rng, urls["cities"], os.getpid() * 10_000_000 + counter[0])
    # mixed: a resident session (pages, windows, search, API, open data)
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(urls["pages"])
    if roll < 0.60:
        return rng.choice(urls["windows"])
    if roll < 0.80:
        counter[0] += 1
        # Half of residents type what others typed (cacheable), half their own words.
        unique = counter[0] if rng.random() < 0.5 else rng.randrange(50)
        return search_url(rng, urls["cities"], unique)
    if roll < 0.95:
        return rng.choice(urls["api"])
    return rng.choice(urls["opendata"])


def worker_process(base, kind, urls, threads, deadline, max_requests, seed, queue):
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def run(thread_index: int):
        rng = random.Random(seed * 1000 + thread_index)  # noqa: S311 (traffic shape, not security)
        conn = _conn(base)
        counter = [0]
        local: list[tuple[float, int]] = []
        while time.monotonic() < deadline and len(local) < max_requests:
            path = pick(kind, urls, rng, counter)
            client = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"X-Forwarded-For": client, "Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = _conn(base)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = _conn(base)
            local.append((time.perf_counter() - started, status))
        with lock:
            results.extend(local)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put(results)


def run_phase(base, kind, urls, concurrency, seconds, processes, on_started=None) -> dict:
    processes = max(1, min(processes, concurrency))
    per_process = [
        concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)
    ]
    queue: mp.Queue = mp.Queue()
    started = time.monotonic()
    deadline = started + seconds
    procs = [
        mp.Process(
            target=worker_process,
            args=(base, kind, urls, n, deadline, MAX_REQUESTS // max(1, concurrency), i + 1, queue),
        )
        for i, n in enumerate(per_process)
    ]
    for proc in procs:
        proc.start()
    if on_started is not None:
        on_started()  # after the fork: the client processes carry no Django and no editor thread
    results = []
    for _ in procs:
        results.extend(queue.get())
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - started
    latencies = [lat * 1000 for lat, _status in results]
    statuses: dict[int, int] = {}
    for _lat, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    errors = sum(n for s, n in statuses.items() if s == 0 or s >= 500)
    return {
        "phase": kind,
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "req_per_s": round(len(results) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
        "errors": errors,
        "rate_limited_429": statuses.get(429, 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


class Editor(threading.Thread):
    """Publishes a window every `interval` seconds through Wagtail revisions, in this process with the stack's
    settings (.env), exactly as the admin's publish does: the signals purge the page cache and re-index search."""

    def __init__(self, interval: float, deadline: float):
        super().__init__(daemon=True)
        self.interval, self.deadline = interval, deadline
        self.published: list[float] = []
        self.failures: list[str] = []

    def publish_one(self) -> None:
        from django.db import close_old_connections

        from directory.models import ConsultationWindow

        close_old_connections()
        window = ConsultationWindow.objects.filter(live=True, city__isnull=False).order_by("?").first()
        # A visible edit an editor would make: the verification note gets today's check.
        window.topics = (window.topics or "").rstrip("\n") + (
            "\n" if not window.topics.endswith("\n") else ""
        )
        window.save_revision().publish()

    @staticmethod
    def prepare() -> None:
        """Set Django up before the client processes fork (on a busy machine setup alone takes many seconds)."""
        import django
        from django.db import connections

        sys.path.insert(0, str(ROOT))
        django.setup()
        connections.close_all()

    def run(self):
        while time.monotonic() + 1 < self.deadline:
            started = time.monotonic()
            try:
                self.publish_one()
                self.published.append(round(time.monotonic() - started, 2))
            except Exception as error:  # reported, the bench goes on
                self.failures.append(f"{type(error).__name__}: {error}")
            time.sleep(
                max(0.0, min(self.interval - (time.monotonic() - started), self.deadline - time.monotonic()))
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--cached-seconds", type=float, default=30)
    parser.add_argument("--cached-concurrency", type=int, default=32)
    parser.add_argument("--search-seconds", type=float, default=30)
    parser.add_argument("--search-concurrency", type=int, default=16)
    parser.add_argument("--mixed-seconds", type=float, default=90)
    parser.add_argument("--mixed-concurrency", type=int, default=16)
    parser.add_argument("--publish-every", type=float, default=30)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--phases", default="cached,search,mixed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    host = urllib.parse.urlparse(args.base_url).hostname
    if host not in LOOPBACK:
        parser.error(f"refusing to load-test {host}: loopback only")
    for name in ("cached_seconds", "search_seconds", "mixed_seconds"):
        if not 0 < getattr(args, name) <= MAX_SECONDS:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and {MAX_SECONDS}")
    if max(args.cached_concurrency, args.search_concurrency, args.mixed_concurrency) > 128:
        parser.error("concurrency is bounded to 128")

    # The editor runs manage.py with the stack's own variables.
    env_file = ROOT / ".env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                os.environ.setdefault(key.strip(), value.strip())

    urls = discover(args.base_url)
    if "mixed" in args.phases:
        Editor.prepare()
    reports = []
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    for phase in phases:
        if phase == "cached":
            # Warm every URL once so the phase measures the cache.
            conn = _conn(args.base_url)
            for path in urls["pages"] + urls["windows"][:40] + urls["api"]:
                conn.request("GET", path, headers={"X-Forwarded-For": "10.255.0.2"})
                conn.getresponse().read()
            report = run_phase(
                args.base_url, "cached", urls, args.cached_concurrency, args.cached_seconds, args.processes
            )
        elif phase == "search":
            report = run_phase(
                args.base_url, "search", urls, args.search_concurrency, args.search_seconds, args.processes
            )
        elif phase == "mixed":
            editor = Editor(args.publish_every, time.monotonic() + args.mixed_seconds)
            report = run_phase(
                args.base_url,
                "mixed",
                urls,
                args.mixed_concurrency,
                args.mixed_seconds,
                args.processes,
                on_started=editor.start,
            )
            editor.join(timeout=5)
            report["editor_publishes"] = len(editor.published)
            report["editor_publish_seconds"] = editor.published
            report["editor_failures"] = editor.failures
        else:
            parser.error(f"unknown phase {phase!r}")
        reports.append(report)
        if not args.json:
            print(  # noqa: T201 (a command-line report)
                f"{report['phase']:<7} c={report['concurrency']:<3} {report['seconds']:>6}s "
                f"{report['requests']:>7} req  {report['req_per_s']:>7} req/s  "
                f"p50 {report['p50_ms']:>6} ms  p95 {report['p95_ms']:>6} ms  p99 {report['p99_ms']:>6} ms  "
                f"errors {report['errors']}  429 {report['rate_limited_429']}"
                + (
                    f"  publishes {report['editor_publishes']} (failed {len(report['editor_failures'])})"
                    if "editor_publishes" in report
                    else ""
                ),
                flush=True,
            )
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))  # noqa: T201
    return 1 if any(r["errors"] or r.get("editor_failures") for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
