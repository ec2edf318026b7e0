"""The admin upload runs in the background: with django-tasks-db's DatabaseBackend an upload is only queued
until `manage.py db_worker` runs it, and the job page follows it from queued to done.

The rest of the suite uses the ImmediateBackend (portal/settings/test.py); these tests switch to the
database backend, as dev and production use it, and run the worker in batch mode themselves.
"""

import io
import logging
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from directory.models import ConsultationWindow
from guides.models import CityPage
from importers.models import STALE_SECONDS, ImportJob

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("importer", "importer@example.jp", "pw")


@pytest.fixture
def database_tasks(monkeypatch):
    """The database backend, and a worker that leaves the test process as it found it."""
    # On SQLite the worker opens its own `BEGIN EXCLUSIVE`, which cannot nest in the test's transaction;
    # on PostgreSQL (production) it uses transaction.atomic, which is what this makes it do here too.
    monkeypatch.setattr(
        "django_tasks_db.utils.connection_requires_manual_exclusive_transaction", lambda connection: False
    )
    # Between tasks the worker closes stale connections, as Django does between requests; that would close the
    # connection holding the test's transaction (PostgreSQL), so it is skipped here as the test client does.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    # db_worker installs signal handlers and sets its loggers' levels: restore them afterwards.
    signals = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    state = [(logger, logger.level, list(logger.handlers)) for logger in loggers]
    with override_settings(TASKS=DATABASE_TASKS):
        yield
    for number, handler in handlers.items():
        signal.signal(number, handler)
    for logger, level, logger_handlers in state:
        logger.setLevel(level)
        logger.handlers[:] = logger_handlers


def run_worker() -> None:
    """`manage.py db_worker --backend imports --batch`: run every queued import, then exit."""
    call_command(
        "db_worker", "--backend", "imports", batch=True, startup_delay=False, interval=0, verbosity=0
    )


def upload(client, city, name="dl_eucjp.html") -> str:
    with (FIXTURES / name).open("rb") as handle:
        response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": handle})
    assert response.status_code == 302
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def status_of(client, job_id) -> dict:
    return client.get(reverse("importers_admin:job_status", args=[job_id])).json()


@pytest.mark.django_db
def test_an_upload_waits_for_the_worker_then_reports(seeded, client, superuser, database_tasks):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    job_id = upload(client, city)
    job_url = reverse("importers_admin:job", args=[job_id])

    # Queued: nothing imported yet, the task waits in the database, the page says so and keeps polling.
    status = status_of(client, job_id)
    assert status["status"] == "queued" and status["progress"] == 0 and status["step"] == "順番待ちです"
    task = DBTaskResult.objects.get(id=ImportJob.load(job_id).task_id)
    assert task.status == TaskResultStatus.READY and task.task_path == "importers.tasks.run_import"
    assert not ConsultationWindow.objects.filter(source_document="dl_eucjp.html").exists()
    page = client.get(job_url).content.decode()
    assert 'value="0"' in page and "順番待ちです" in page and "data-status-url" in page
    assert "<script>" in page and "結果" not in page

    # Still queued long after the upload: the page tells the editor the worker may not be running.
    job = ImportJob.load(job_id)
    job.update(created=timezone.now() - timedelta(minutes=5))
    status = status_of(client, job_id)
    assert status["status"] == "queued" and "ワーカー" in status["step"]

    # The worker runs it: done, with the report, and the drafts are there.
    run_worker()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "done"
    status = status_of(client, job_id)
    assert status["status"] == "done" and status["progress"] == 100 and not status["error"]
    page = client.get(job_url).content.decode()
    assert "結果" in page and "配偶者暴力相談支援センター" in page and "0942-30-9810" in page
    assert "<script>" not in page  # no more polling
    assert ConsultationWindow.objects.filter(source_document="dl_eucjp.html", live=False).count() == 4
    assert len(ImportJob.load(job_id).report["created"]) >= 4

    # Nothing left to run: a second batch run does nothing.
    run_worker()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0


@pytest.mark.django_db
def test_a_bad_file_fails_in_the_worker_with_its_message(seeded, client, superuser, database_tasks):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "plan.pdf"
    response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": pdf})
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert status_of(client, job_id)["status"] == "queued"
    run_worker()
    status = status_of(client, job_id)
    assert status["status"] == "failed" and status["progress"] == 100 and status["error"]
    assert status["error"] in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_task_the_worker_could_not_run_shows_as_failed(seeded, client, superuser, database_tasks):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    job_id = upload(client, city)
    # The worker's record says failed (it crashed outside run_import's handlers) while the status file
    # still says queued: the page must not keep the editor waiting.
    DBTaskResult.objects.filter(id=ImportJob.load(job_id).task_id).update(status=TaskResultStatus.FAILED)
    status = status_of(client, job_id)
    assert status["status"] == "failed" and status["progress"] == 100 and "止まりました" in status["error"]
    assert ImportJob.load(job_id).status == "failed"
    assert not ConsultationWindow.objects.filter(source_document="dl_eucjp.html").exists()


@pytest.mark.django_db
def test_a_job_whose_worker_was_killed_is_marked_failed(seeded, client, superuser, database_tasks):
    """A worker killed mid-job (SIGKILL, out of memory) cannot report: the job page finds out by itself."""
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    job_id = upload(client, city)
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    job = ImportJob.load(job_id)
    job.update(
        status="running", progress=10, worker=f"{socket.gethostname()}:{worker.pid}", heartbeat=timezone.now()
    )
    assert status_of(client, job_id)["status"] == "running"  # its worker is alive: still running

    worker.kill()
    worker.wait()
    status = status_of(client, job_id)
    assert status["status"] == "failed" and status["progress"] == 100
    assert "ワーカーが停止しました" in status["error"] and "データは変更されていません" in status["error"]
    assert ImportJob.load(job_id).finished is not None
    assert not ConsultationWindow.objects.filter(source_document="dl_eucjp.html").exists()


@pytest.mark.django_db
def test_a_job_on_another_machine_without_heartbeat_is_marked_failed(
    seeded, client, superuser, database_tasks
):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    job_id = upload(client, city)
    job = ImportJob.load(job_id)
    job.update(status="running", worker="worker-2.internal:4242", heartbeat=timezone.now())
    assert status_of(client, job_id)["status"] == "running"  # another host: the heartbeat decides
    job.update(heartbeat=timezone.now() - timedelta(seconds=STALE_SECONDS + 5))
    status = status_of(client, job_id)
    assert status["status"] == "failed" and "ワーカーが停止しました" in status["error"]
