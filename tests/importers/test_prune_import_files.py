"""`manage.py prune_import_files`: finished jobs older than the retention lose their uploaded bytes (the job row and
its report stay); recent, queued and running jobs keep theirs; a running job whose worker is gone is failed first."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from guides.models import CityPage
from importers.models import ImportJob

UPLOAD = "相談窓口一覧\n福祉課 電話 0977-00-0000\n".encode()


def make_job(status, *, finished_days_ago=None, created_days_ago=0, worker=""):
    city = CityPage.objects.get(slug="yufu")
    job = ImportJob.create(city_id=city.pk, filename="madoguchi.txt", data=UPLOAD, user_id=None)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        created=now - timedelta(days=created_days_ago),
        finished=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
        report={"created": 3},
        worker=worker,
        heartbeat=now - timedelta(days=created_days_ago) if worker else None,
    )
    return job.pk


def stored(pk) -> bytes:
    return bytes(ImportJob.objects.get(pk=pk).data)


@pytest.fixture
def jobs(seeded):
    return {
        "old_done": make_job(ImportJob.Status.DONE, finished_days_ago=40, created_days_ago=40),
        "old_failed": make_job(ImportJob.Status.FAILED, finished_days_ago=31, created_days_ago=31),
        "recent_done": make_job(ImportJob.Status.DONE, finished_days_ago=2, created_days_ago=2),
        "old_queued": make_job(ImportJob.Status.QUEUED, created_days_ago=45),
        "old_running_lost": make_job(ImportJob.Status.RUNNING, created_days_ago=45, worker="elsewhere:1"),
    }


def test_finished_jobs_past_the_retention_lose_their_upload(jobs, settings):
    settings.TSUNAGU_IMPORT_FILE_DAYS = 30
    out = io.StringIO()
    call_command("prune_import_files", stdout=out)
    assert "pruned the uploaded files of 3 import jobs" in out.getvalue()
    for key in ("old_done", "old_failed", "old_running_lost"):
        assert stored(jobs[key]) == b"", key
    for key in ("recent_done", "old_queued"):
        assert stored(jobs[key]) == UPLOAD, key
    lost = ImportJob.objects.get(pk=jobs["old_running_lost"])
    assert lost.status == ImportJob.Status.FAILED and lost.error
    done = ImportJob.objects.get(pk=jobs["old_done"])
    assert done.filename == "madoguchi.txt" and done.report == {"created": 3}  # the job's record stays
    out = io.StringIO()
    call_command("prune_import_files", stdout=out)
    assert "of 0 import jobs" in out.getvalue()


def test_the_retention_setting_and_dry_run(jobs, settings):
    settings.TSUNAGU_IMPORT_FILE_DAYS = 60
    call_command("prune_import_files", stdout=io.StringIO())
    assert stored(jobs["old_done"]) == UPLOAD
    out = io.StringIO()
    call_command("prune_import_files", days=1, dry_run=True, stdout=out)
    assert "would prune the uploaded files of 4 import jobs" in out.getvalue()
    assert stored(jobs["recent_done"]) == UPLOAD and stored(jobs["old_done"]) == UPLOAD
    call_command("prune_import_files", days=1, stdout=io.StringIO())
    assert stored(jobs["recent_done"]) == b""
