"""Failure that still helps: the database down or hung, error pages with numbers, commands failing fast."""

import os
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest

pytestmark = pytest.mark.usefixtures("seeded")

REFUSED_DB = "postgres://postgres@127.0.0.1:1/tsunagu_down"  # nothing listens on port 1


@pytest.fixture
def baked(tmp_path, settings):
    settings.TSUNAGU_ERROR_PAGES_DIR = tmp_path
    call_command("bake_error_pages", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return tmp_path


def test_baked_pages_carry_front_doors_and_national_lines(baked):
    for status in (500, 503):
        html = (baked / f"{status}.html").read_text(encoding="utf-8")
        assert 'lang="ja"' in html
        assert "由布市" in html and "097-582-1111" in html  # 由布市's front door as the seed states it
        assert 'href="tel:189"' in html  # 児童相談所虐待対応ダイヤル, a national line
        assert "<script" not in html


def test_unhandled_error_gives_the_baked_500(baked, settings):
    client = Client(raise_request_exception=False)
    from portal import errors

    response = errors.server_error(None)
    assert response.status_code == 500
    assert "由布市" in response.content.decode()
    assert client.get("/no-such-page/").status_code == 404


def _run(code: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=timeout,
    )


DB_DOWN_CLIENT = """
import os, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.test'
django.setup()
from django.test import Client
c = Client(raise_request_exception=False)
for url in ['/', '/yufu/soudan/', '/api/v1/cities', '/search/?q=%E5%80%9F%E9%87%91']:
    r = c.get(url)
    print(url, r.status_code, r.get('Retry-After'), '097-582-1111' in r.content.decode())
r = c.get('/static/css/portal.css')
print('static', r.status_code, r.get('Cache-Control'))
"""


def test_database_down_gives_503_with_numbers_and_static_still_serves(baked):
    result = _run(DB_DOWN_CLIENT, {"DATABASE_URL": REFUSED_DB, "TSUNAGU_ERROR_PAGES_DIR": str(baked)})
    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    for url in ("/", "/yufu/soudan/", "/api/v1/cities", "/search/?q=%E5%80%9F%E9%87%91"):
        assert lines[url] == "503 30 True", (url, lines[url])
    assert lines["static"].startswith("200 ")


class HungServer:
    """Accepts TCP connections and never answers: a database that hangs."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.mark.parametrize(
    "command",
    [["migrate", "--check"], ["backup", "{tmp}/site.tar.gz"], ["prune_import_files"]],
    ids=["migrate", "backup", "prune_import_files"],
)
def test_manage_py_fails_in_seconds_against_a_hung_database(command, tmp_path):
    command = [part.format(tmp=tmp_path) for part in command]
    # What starting manage.py costs on this machine right now (no database), so a busy machine does not fail the
    # test: against the hung server it may take only the connect timeout (2 s) and some slack longer.
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "help"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        capture_output=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    startup = time.monotonic() - start
    server = HungServer()
    try:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{server.port}/hung",
                "DATABASE_CONNECT_TIMEOUT": "2",
            },
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            timeout=120,
        )
        elapsed = time.monotonic() - start
    finally:
        server.close()
    assert result.returncode == 3, result.stderr[-2000:]
    assert "データベースに接続できません" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < startup + 12, (elapsed, startup)
    assert list(tmp_path.iterdir()) == []  # a backup writes nothing, not even a partial archive
