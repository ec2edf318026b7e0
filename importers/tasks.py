"""Directory imports from a file: format detection, the dry-run report, and the background import task.

`bundle_for_file` is shared by `manage.py import_directory` and the admin upload (importers/views.py).
The upload enqueues `run_import` with django-tasks: django-tasks-db's DatabaseBackend in dev and production
(`manage.py db_worker` runs it, sharing IMPORTS_ROOT with the web process), the ImmediateBackend in tests.
Progress is kept in a small JSON status file per job (`ImportJob`), which the job page polls, so it reads
the same with either backend. Only the task writes it once enqueued; the web process writes the task id to
a file of its own and reads the backend's record of the task to tell a queued job from one that failed
outside `run_import` (e.g. a worker that could not start it).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import InvalidTaskBackendError, TaskResultDoesNotExist, TaskResultMismatch

from directory.categories import BY_SLUG
from directory.hours import describe_hours
from importers.kinds import _BINARY_MAGIC, KINDS, detect_kind  # noqa: F401 - KINDS re-exported
from importers.pipeline import MAX_PDF_BYTES, ImportInputError, check_import_file, too_large_error
from importers.readers.html import MAX_HTML_BYTES, bundle_from_html
from importers.readers.html_worker import bundle_from_csv, bundle_from_directory_text
from importers.records import ImportBundle

logger = logging.getLogger("tsunagu.importers")

MAX_BYTES = {"html": MAX_HTML_BYTES, "text": MAX_HTML_BYTES, "csv": MAX_HTML_BYTES, "pdf": MAX_PDF_BYTES}


def _fail(message: str, message_ja: str) -> ImportInputError:
    return ImportInputError(message, message_ja)


# --- reading -----------------------------------------------------------------------------------------


def read_import_file(path: Path) -> bytes:
    """The file's bytes, after the checks that need no parsing: exists, a file, not empty, not too large."""
    check_import_file(path, MAX_BYTES[detect_kind(path.name, _head(path))])
    return path.read_bytes()


def _head(path: Path) -> bytes:
    """The first 4 KiB, which pick the kind and so the size limit (empty when unreadable: checked next)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""


def bundle_for_file(
    data: bytes, *, name: str, city: str, city_name: str, area_code: str, path: Path | None = None
) -> tuple[ImportBundle, str]:
    """(bundle, kind) for one uploaded or named file. Raises ImportInputError with a Japanese message."""
    if not data:
        raise _fail(f"Empty file: {name}", f"ファイルが空です: {name}")
    kind = detect_kind(name, data[:4096])
    limit = MAX_BYTES[kind]
    if len(data) > limit:
        raise too_large_error(name, len(data), limit)
    if kind == "pdf":
        return _bundle_from_pdf(
            data, name=name, city=city, city_name=city_name, area_code=area_code, path=path
        ), kind
    if data.startswith(_BINARY_MAGIC) or (
        b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise _fail(
            f"Binary file, not HTML, CSV or text: {name}",
            f"HTML・CSV・テキストのファイルではありません（バイナリ）: {name}",
        )
    # HTML, CSV and text are decoded and parsed in the sandbox (≤ 10 s CPU, ≤ 512 MB): readers/html_worker.py.
    if kind == "html":
        return bundle_from_html(data, city=city, document=name, area_code=area_code), kind
    if kind == "csv":
        return bundle_from_csv(data, city=city, document=name), kind
    # A directory import loads windows only; the plan (programme pages) has its own command, import_plan.
    bundle = bundle_from_directory_text(
        data, city=city, city_name=city_name, document=name, area_code=area_code
    )
    return bundle, kind


def _bundle_from_pdf(data: bytes, *, name: str, city: str, city_name: str, area_code: str, path: Path | None):
    """A PDF page of consultation windows: read in the sandbox (`pipeline.read_pdf_blocks`), then the lines go
    through the same extractor as HTML and text. A PDF with no window (a plan) is read as a plan instead."""
    import tempfile

    from importers import pipeline
    from importers.lines import lines_from_blocks
    from importers.parsers.contacts import extract_windows

    if not data.startswith(b"%PDF-"):
        raise _fail(f"{name}: not a PDF", f"{name}: PDFファイルではありません。")
    with tempfile.TemporaryDirectory() as folder:
        if path is None:
            path = Path(folder) / Path(name).name
            path.write_bytes(data)
        blocks = pipeline.read_pdf_blocks(path)
        windows, warnings = extract_windows(lines_from_blocks(blocks), document=name, area_code=area_code)
        if windows:
            return ImportBundle(city=city, document=name, windows=list(windows), warnings=warnings)
        return pipeline.bundle_from_pdf(
            path, city=city, city_name=city_name, area_code=area_code, document=name
        )


# --- reports -----------------------------------------------------------------------------------------


def dry_run_report(bundle: ImportBundle, *, kind: str = "") -> dict[str, Any]:
    """What would be imported, for people: windows with organisation, category guesses, phones and hours."""
    windows = []
    for record in bundle.windows:
        windows.append(
            {
                "organisation": record.organisation,
                "parent_organisation": record.parent_organisation,
                "organisation_full_name": record.organisation_full_name or record.organisation,
                "title": record.title,
                "categories": list(record.categories),
                "category_names": [BY_SLUG[slug].name for slug in record.categories if slug in BY_SLUG],
                "topics": list(record.topics),
                "phones": [
                    {"number": p.number, "kind": p.kind, "extension": p.extension, "label": p.label}
                    for p in record.phones
                ],
                "hours": [
                    {
                        "weekdays": list(h.weekdays),
                        "opens": h.opens.strftime("%H:%M"),
                        "closes": h.closes.strftime("%H:%M"),
                        "note": h.note,
                        "open_on_holidays": h.open_on_holidays,
                    }
                    for h in record.hours
                ],
                "hours_text": describe_hours(record.hours),
                "address": record.address,
                "is_front_door": record.is_front_door,
                "source": str(record.source),
                "uncertain": list(getattr(record, "uncertain", []) or []),
            }
        )
    return {
        "document": bundle.document,
        "city": bundle.city,
        "format": kind,
        "count": len(windows),
        "windows": windows,
        "warnings": list(bundle.warnings),
    }


# --- jobs --------------------------------------------------------------------------------------------

_JOB_ID_RE = re.compile(r"^[0-9a-f]{32}$")
# A job still queued after this long most likely has no worker to run it: the page says so.
QUEUED_HINT_SECONDS = 30


def imports_root() -> Path:
    return Path(getattr(settings, "IMPORTS_ROOT", Path(settings.BASE_DIR) / "var" / "imports"))


@dataclass
class ImportJob:
    """One uploaded file and the state of its import, stored as IMPORTS_ROOT/<id>/status.json."""

    id: str
    city_id: int
    filename: str
    user_id: int | None = None
    status: str = "queued"  # queued / running / done / failed
    progress: int = 0
    step: str = ""
    error: str = ""
    report: dict[str, Any] = field(default_factory=dict)
    preview: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    finished: str = ""

    @classmethod
    def create(cls, *, city_id: int, filename: str, data: bytes, user_id: int | None) -> ImportJob:
        job = cls(id=uuid.uuid4().hex, city_id=city_id, filename=_safe_name(filename), user_id=user_id)
        job.created = timezone.now().isoformat()
        job.upload_path.parent.mkdir(parents=True, exist_ok=True)
        job.upload_path.write_bytes(data)
        job.step = _("順番待ちです")
        job.save()
        return job

    @classmethod
    def load(cls, job_id: str) -> ImportJob | None:
        if not _JOB_ID_RE.match(job_id or ""):
            return None
        path = imports_root() / job_id / "status.json"
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})

    @property
    def folder(self) -> Path:
        return imports_root() / self.id

    @property
    def upload_path(self) -> Path:
        return self.folder / "upload" / self.filename

    @property
    def finished_ok(self) -> bool:
        return self.status == "done"

    def save(self) -> None:
        self.upload_path.parent.mkdir(parents=True, exist_ok=True)
        # A unique temporary name, then an atomic rename: the polling page never reads half a file, and two
        # writers never share a temporary file.
        temporary = self.folder / f"status.json.{uuid.uuid4().hex}.tmp"
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False, default=str), encoding="utf-8")
        temporary.replace(self.folder / "status.json")

    def update(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)
        self.save()

    # The task id lives in a file of its own, written by the web process after enqueueing: a worker may
    # already be running the task and rewriting status.json by then.
    @property
    def task_id(self) -> str:
        try:
            return (self.folder / "task_id").read_text(encoding="ascii").strip()
        except OSError:
            return ""

    def record_task(self, task_id: str) -> None:
        (self.folder / "task_id").write_text(str(task_id), encoding="ascii")

    def checked(self) -> ImportJob:
        """The job as the page should show it: its status file, corrected by the task backend's record.

        A task that the backend reports failed while the file still says queued/running never reached (or
        crashed outside) `run_import`'s own error handling: the job is marked failed. A job queued for a
        while gets a hint that the worker may not be running. The ImmediateBackend keeps no records.
        """
        if self.status not in {"queued", "running"}:
            return self
        result = _task_result(self.task_id)
        if result is not None and result.status == TaskResultStatus.FAILED:
            logger.error("import job %s: task %s failed in the worker", self.id, self.task_id)
            self.update(
                status="failed",
                progress=100,
                step="",
                error=_(
                    "取り込みの処理が途中で止まりました。データは変更されていません。もう一度お試しください。"
                ),
                finished=timezone.now().isoformat(),
            )
        elif self.status == "queued" and self._queued_for() > QUEUED_HINT_SECONDS:
            self.step = _(
                "順番待ちです。しばらくたっても始まらないときは、取り込みの処理（ワーカー）が"
                "動いているか管理者に確認してください。"
            )
        return self

    def _queued_for(self) -> float:
        try:
            created = datetime.fromisoformat(self.created)
        except (TypeError, ValueError):
            return 0.0
        return (timezone.now() - created).total_seconds()

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
        return run_import.get_result(task_id)
    except (NotImplementedError, TaskResultDoesNotExist, TaskResultMismatch, InvalidTaskBackendError):
        return None


def _safe_name(name: str) -> str:
    base = Path(name or "upload").name
    base = re.sub(r"[^\w.\-]", "_", base)[:120].lstrip(".")
    return base or "upload"


@task(backend="imports")
def run_import(job_id: str) -> str:
    """Read the job's file and load it as drafts. Never raises: the outcome is in the job's status file."""
    from django.contrib.auth import get_user_model

    from guides.models import CityPage
    from importers.loader import Loader

    job = ImportJob.load(job_id)
    if job is None:
        logger.error("import job %s: no status file", job_id)
        return "missing"
    job.update(status="running", progress=10, step=_("ファイルを読み込んでいます"))
    try:
        city = CityPage.objects.get(pk=job.city_id)
        user = get_user_model().objects.filter(pk=job.user_id).first() if job.user_id else None
        data = job.upload_path.read_bytes()
        bundle, kind = bundle_for_file(
            data,
            name=job.filename,
            city=city.slug,
            city_name=city.title,
            area_code=city.area_code,
            path=job.upload_path,
        )
        job.update(
            progress=50, step=_("下書きとして保存しています"), preview=dry_run_report(bundle, kind=kind)
        )
        report = Loader(city, publish=False, user=user).load(bundle)
    except ImportInputError as error:
        logger.warning("import job %s: %s", job_id, error)
        job.update(
            status="failed",
            progress=100,
            step="",
            error=error.message_ja,
            finished=timezone.now().isoformat(),
        )
        return job.status
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.update(
            status="failed",
            progress=100,
            step="",
            error=_("取り込み中に予期しないエラーが発生しました。データは変更されていません。"),
            finished=timezone.now().isoformat(),
        )
        return job.status
    job.update(
        status="done",
        progress=100,
        step=_("完了しました"),
        report=json.loads(json.dumps(report.as_dict(), ensure_ascii=False, default=str)),
        finished=timezone.now().isoformat(),
    )
    return job.status
