"""Browser suite: a real server in a subprocess, Debian's Chromium driven by Playwright, axe-core and HTML_CodeSniffer.

The server runs ``manage.py runserver`` in a subprocess against its **own temporary SQLite file**, even when the rest of
the suite runs on PostgreSQL (``DATABASE_URL=postgres://...``): the pages are the same on both databases, the pytest-django
test database is private to the pytest process (a subprocess could not see its uncommitted rows), and a throwaway SQLite
file keeps the suite self-contained and leaves the PostgreSQL test database alone.

Missing prerequisites (``/usr/bin/chromium``, ``node_modules`` from ``npm ci``, the ``playwright`` package) skip the
suite with a reason on a developer machine, and **fail** it under ``CI=true``: CI must never pass by skipping.

Environment knobs (all optional):
- ``TSUNAGU_BROWSER_BASE_URL``: use an already running server instead of starting one.
- ``TSUNAGU_BROWSER_SETTINGS``: settings module for the subprocess server (default ``portal.settings.test``).
- ``TSUNAGU_CHROMIUM``: path of the Chromium binary (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS_JS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
CHROMIUM = Path(os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium"))
# Chromium in a closed network: no background requests, no first-run, a fresh profile per launch (see FACTS.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WIDTHS = (320, 1280)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# The environment of the suite's own server (its private database), for tests that prepare data there.
_SERVER_ENV: dict[str, str] = {}

# Every public page type. "window" is resolved at run time from the first window link on /yufu/soudan/.
PAGES = {
    "home": "/",
    "city": "/yufu/",
    "programme": "/yufu/program/",
    "business": "/yufu/program/business-1/",
    "comparison": "/hikaku/",
    "guide": "/chiiki-kyosei/",
    "accessibility-policy": "/accessibility/",
    "accessibility-results": "/accessibility-results/",
    "city-directory": "/yufu/soudan/",
    "category-city": "/yufu/soudan/keizai/",
    "category-all": "/soudan/dv/",
    "window": None,
    "window-yasashii-furigana": None,  # the same window with やさしい日本語 and ふりがな on (the toggles' markup)
    "search-hits": "/search/?q=借金&city=yufu",
    "search-none": "/search/?q=zzzzqqq",
    "search-crisis": "/search/?q=夫に殴られる&city=yufu",
    "national": "/soudan/zenkoku/",
    "form": "/yufu/tsunagu-sheet/",
    "form-routing-answer": "/yufu/tsunagu-sheet/?sender=相談支援事業所",  # the answer: window, phone, 提出方法
    "agencies": "/tsunagu-sheet/",
    "staff-table": "/yufu/soudan/ichiran/",
    "memo": "/memo/?w=",  # completed with real window ids at run time
    "not-found": "/no-such-page/",
}
EXPECTED_STATUS = {"not-found": 404}
# Pages that other issues are still building: a 404 there is an expected failure, not a pass.
PENDING: dict[str, str] = {}


def _missing_prerequisites() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")
    for path in (AXE_JS, HTMLCS_JS):
        if not path.exists():
            missing.append(f"{path.relative_to(REPO)} not found (run `npm ci` at the repo root)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package is not installed (pip install -e '.[dev]')")
    return missing


def require_prerequisites() -> None:
    missing = _missing_prerequisites()
    if not missing:
        return
    reason = "browser suite prerequisites missing: " + "; ".join(missing)
    if IN_CI:
        pytest.fail(reason + " — under CI=true this is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], env: dict[str, str], log) -> None:
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    subprocess.run(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=600)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback URL we built)
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f}s")


@pytest.fixture(scope="session")
def base_url():
    """Base URL of a running portal seeded with the five demo cities."""
    require_prerequisites()
    external = os.environ.get("TSUNAGU_BROWSER_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    workdir = Path(tempfile.mkdtemp(prefix="tsunagu-browser-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            # Always a private SQLite file, also when the suite itself runs on PostgreSQL (see the module docstring).
            "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": os.environ.get("TSUNAGU_BROWSER_SETTINGS", "portal.settings.test"),
            "TSUNAGU_INDEX_PREFIX": "tsunagu-browser",
            "PYTHONUNBUFFERED": "1",
        }
    )
    manage = [sys.executable, "manage.py"]
    log_path = workdir / "server.log"
    port = _free_port()
    proc = None
    with log_path.open("w") as log:
        try:
            _run([*manage, "migrate", "--noinput", "-v0"], env, log)
            _run([*manage, "load_seeds", "-v0"], env, log)
            commands = subprocess.run(
                [*manage, "help", "--commands"], cwd=REPO, env=env, capture_output=True, text=True, check=True
            ).stdout.split()
            if "rebuild_search_index" in commands:
                _run([*manage, "rebuild_search_index", "-v0"], env, log)
            # --insecure: the test settings run with DEBUG=False (the real 404 page) and still need static files.
            proc = subprocess.Popen(
                [*manage, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            _wait_for(f"http://127.0.0.1:{port}/", proc)
            _SERVER_ENV.update(env)
        except (subprocess.SubprocessError, RuntimeError) as exc:
            if proc is not None:
                proc.kill()
            tail = log_path.read_text(errors="replace")[-4000:]
            pytest.fail(
                f"could not start the portal for the browser suite: {exc}\n--- server log ---\n{tail}"
            )
        yield f"http://127.0.0.1:{port}"
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def run_manage(base_url):
    """Run a manage.py command against the suite's own server database (e.g. to create the staff of a journey).

    Not available with TSUNAGU_BROWSER_BASE_URL (an external server's database is not ours to change): skipped.
    """
    if not _SERVER_ENV:
        pytest.skip("the editor journey needs the suite's own server (TSUNAGU_BROWSER_BASE_URL is set)")

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=_SERVER_ENV,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout

    return run


@pytest.fixture(scope="package")
def browser(base_url):
    """One Chromium for the browser package; stopped before the database tests run (Playwright's sync API keeps an
    event loop that would trip Django's async-safety check in later ORM tests)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page in a fresh context at a given viewport width."""
    contexts = []

    def make(width: int, height: int = 900, scale: float = 1, bypass_csp: bool = False):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            locale="ja-JP",
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page_urls(base_url):
    """The PAGES table with run-time paths resolved (first window on /yufu/soudan/, memo with three windows)."""
    with urllib.request.urlopen(f"{base_url}/yufu/soudan/", timeout=20) as resp:  # noqa: S310
        html = resp.read().decode("utf-8")
    ids = re.findall(r'href="/yufu/soudan/(\d+)/"', html)
    urls = dict(PAGES)
    urls["window"] = f"/yufu/soudan/{ids[0]}/" if ids else "/yufu/soudan/1/"
    urls["window-yasashii-furigana"] = urls["window"] + "?yasashii=1&furigana=1"
    unique = list(dict.fromkeys(ids))[:3]
    urls["memo"] = "/memo/?w=" + ",".join(unique)
    return urls
