"""Operations: the health endpoint and the import worker that backs off while the database is away."""

import os
import subprocess
import sys
import time

from django.conf import settings

import pytest


@pytest.mark.usefixtures("seeded")
def test_healthz_checks_database_cache_and_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert {name: check["status"] for name, check in data["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "search": "ok",
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_worker_backs_off_while_the_database_is_down():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/tsunagu_down",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--backend", "imports", "--no-startup-delay", "-v", "2"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    deadline = time.monotonic() + 90  # Django starts slowly on a busy machine
    try:
        while time.monotonic() < deadline and process.poll() is None:
            line = process.stderr.readline()
            seen.append(line)
            if "worker retries in 2 s" in line:
                break
    finally:
        process.terminate()
        process.wait(timeout=20)
    err = "".join(seen)
    # Alive after two failures (we stopped it), retrying with growing delays, no traceback.
    assert "worker retries in 1 s" in err and "worker retries in 2 s" in err, err[-2000:]
    assert "Traceback" not in err
