"""An import job: one uploaded file and the state of its import, shared through the database.

The web process creates the job (with the file's bytes) and enqueues `importers.tasks.run_import`; a worker
(`manage.py db_worker --backend imports`), on this machine or another, runs it and writes its progress here;
the job page polls it. No file system is shared between the two.

A worker that dies mid-job (killed, out of memory, machine gone) cannot say so, so the running job writes a
**heartbeat** every `HEARTBEAT_SECONDS` and names its worker (host and process id). `ImportJob.checked`, which
every job page and status poll calls, marks a running job failed — with a message for editors — when its
heartbeat is older than `STALE_SECONDS`, or at once when its worker ran on this host and that process is gone.
The database itself is safe either way: `Loader.load` is one transaction.
"""

from __future__ import annotations

import os
import re
import socket
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_tasks import TaskResultStatus, task_backends
from django_tasks.exceptions import InvalidTaskBackendError, TaskResultDoesNotExist, TaskResultMismatch

__all__ = ["HEARTBEAT_SECONDS", "QUEUED_HINT_SECONDS", "STALE_SECONDS", "ImportJob", "this_worker"]

HEARTBEAT_SECONDS = 5
# A running job whose heartbeat is older than this has lost its worker.
STALE_SECONDS = 60
# A job still queued after this long most likely has no worker to run it: the page says so.
QUEUED_HINT_SECONDS = 30
TASK_BACKEND = "imports"

_STOPPED_JA = gettext_lazy(
    "取り込みの処理が途中で止まりました（処理していたワーカーが停止しました）。"
    "データは変更されていません。もう一度お試しください。"
)


def this_worker() -> str:
    """「host:pid」 of this process, as a job records the worker running it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _new_id() -> str:
    return uuid.uuid4().hex


def _process_gone(worker: str) -> bool:
    """The job's worker ran on this host and its process no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("順番待ち")
        RUNNING = "running", gettext_lazy("実行中")
        DONE = "done", gettext_lazy("完了")
        FAILED = "failed", gettext_lazy("失敗")

    id = models.CharField(primary_key=True, max_length=32, default=_new_id, editable=False)
    city = models.ForeignKey("guides.CityPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=200)
    data = models.BinaryField(editable=False)  # the uploaded file: the worker may run on another machine
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=300, blank=True)  # host:pid of the process running the job
    heartbeat = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = gettext_lazy("取り込み")
        verbose_name_plural = gettext_lazy("取り込み")

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @classmethod
    def create(cls, *, city_id: int, filename: str, data: bytes, user_id: int | None) -> ImportJob:
        return cls.objects.create(
            city_id=city_id, user_id=user_id, filename=_safe_name(filename), data=data, step=_("順番待ちです")
        )

    @classmethod
    def load(cls, job_id: str) -> ImportJob | None:
        return cls.objects.filter(pk=job_id).first() if job_id else None

    @property
    def finished_ok(self) -> bool:
        return self.status == self.Status.DONE

    def update(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)
        self.save(update_fields=list(values))

    def record_task(self, task_id: str) -> None:
        # Only this column: the worker may already be running the job and writing the others.
        ImportJob.objects.filter(pk=self.pk).update(task_id=str(task_id))
        self.task_id = str(task_id)

    def fail(self, message_ja: str) -> None:
        self.update(
            status=self.Status.FAILED, progress=100, step="", error=str(message_ja), finished=timezone.now()
        )

    def checked(self) -> ImportJob:
        """The job as the page should show it, corrected for a worker that stopped without saying so.

        Failed: the task backend reports the task failed outside `run_import`'s own error handling; or the
        job is running and its worker is gone (a process of this host that no longer exists, or no heartbeat
        for `STALE_SECONDS`). A job queued for a while gets a hint that no worker may be running.
        """
        if self.status not in {self.Status.QUEUED, self.Status.RUNNING}:
            return self
        result = _task_result(self.task_id)
        if result is not None and result.status == TaskResultStatus.FAILED:
            self.fail(
                _("取り込みの処理が途中で止まりました。データは変更されていません。もう一度お試しください。")
            )
        elif self.status == self.Status.RUNNING and self._worker_lost():
            self.fail(_STOPPED_JA)
        elif (
            self.status == self.Status.QUEUED
            and (timezone.now() - self.created).total_seconds() > QUEUED_HINT_SECONDS
        ):
            self.step = _(
                "順番待ちです。しばらくたっても始まらないときは、取り込みの処理（ワーカー）が"
                "動いているか管理者に確認してください。"
            )
        return self

    def _worker_lost(self) -> bool:
        if self.worker and _process_gone(self.worker):
            return True
        last = self.heartbeat or self.created
        return timezone.now() - last > timedelta(seconds=STALE_SECONDS)

    def as_status(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "progress": self.progress,
            "step": self.step,
            "error": self.error,
        }


def _task_result(task_id: str):
    """The backend's record of the task, or None (no id yet, a backend without results, pruned records)."""
    if not task_id:
        return None
    try:
        return task_backends[TASK_BACKEND].get_result(task_id)
    except (
        NotImplementedError,
        TaskResultDoesNotExist,
        TaskResultMismatch,
        InvalidTaskBackendError,
        KeyError,
    ):
        return None


def _safe_name(name: str) -> str:
    base = Path(name or "upload").name
    base = re.sub(r"[^\w.\-]", "_", base)[:120].lstrip(".")
    return base or "upload"
