"""Directory imports from a file: format detection, the dry-run report, and the background import task.

`bundle_for_file` is the one intake: the admin upload (importers/views.py), `manage.py import_directory` and
`manage.py import_plan` (``plan=True``: a whole plan, programme and windows) all go through it.
The upload creates an `importers.models.ImportJob` (the file's bytes included) and enqueues `run_import`
with django-tasks: django-tasks-db's DatabaseBackend in dev and production (`manage.py db_worker --backend
imports` runs it, on this machine or another: the job lives in the database), the ImmediateBackend in tests.
The task writes the job's progress, outcome and a heartbeat; the job page polls the row
(`ImportJob.checked` turns a job whose worker died into a failed one).
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from django_tasks import task

from directory.categories import BY_SLUG
from directory.hours import describe_hours
from guides.models import CityPage
from importers.kinds import _BINARY_MAGIC, KINDS, detect_kind  # noqa: F401 - KINDS re-exported
from importers.lines import lines_from_blocks
from importers.loader import Loader
from importers.models import HEARTBEAT_SECONDS, ImportJob, this_worker
from importers.parsers.contacts import extract_windows
from importers.pipeline import (
    MAX_PDF_BYTES,
    ImportInputError,
    bundle_from_pdf,
    bundle_from_text_file,
    check_import_file,
    is_pdf,
    read_pdf_blocks,
    reader_notes,
    too_large_error,
)
from importers.readers.html import MAX_HTML_BYTES
from importers.records import ImportBundle
from importers.workers import bundle_from_csv, bundle_from_directory_text, bundle_from_html

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
    data: bytes,
    *,
    name: str,
    city: str,
    city_name: str,
    area_code: str,
    path: Path | None = None,
    plan: bool = False,
) -> tuple[ImportBundle, str]:
    """(bundle, kind) for one uploaded or named file. Raises ImportInputError with a Japanese message.

    ``plan=True`` (import_plan): the file at `path` is a whole plan, a PDF (told by its magic bytes, not its
    name) or a converted text, read in the sandbox straight from the file with the plan limits; `data` is
    not needed. Otherwise the file holds consultation windows (a PDF without any is read as a plan).
    """
    if plan:
        if path is None:
            raise ValueError("a plan is read from its path")
        if is_pdf(path):
            bundle = bundle_from_pdf(path, city=city, city_name=city_name, area_code=area_code, document=name)
            return bundle, "pdf"
        bundle = bundle_from_text_file(
            path, city=city, city_name=city_name, area_code=area_code, document=name
        )
        return bundle, "text"
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
    if not data.startswith(b"%PDF-"):
        raise _fail(f"{name}: not a PDF", f"{name}: PDFファイルではありません。")
    with tempfile.TemporaryDirectory() as folder:
        if path is None:
            path = Path(folder) / Path(name).name
            path.write_bytes(data)
        blocks = read_pdf_blocks(path)
        windows, warnings = extract_windows(lines_from_blocks(blocks), document=name, area_code=area_code)
        if windows:
            warnings = [*warnings, *reader_notes(blocks)]
            return ImportBundle(city=city, document=name, windows=list(windows), warnings=warnings)
        return bundle_from_pdf(path, city=city, city_name=city_name, area_code=area_code, document=name)


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
                "uncertain_codes": list(getattr(record, "uncertain_codes", []) or []),
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


class _Heartbeat:
    """While a job runs, write its heartbeat every `HEARTBEAT_SECONDS` from a thread of the worker: when the
    worker dies, the heartbeat stops and `ImportJob.checked` marks the job failed."""

    def __init__(self, job_id: str):
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"import-heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=HEARTBEAT_SECONDS * 2)

    def _run(self) -> None:
        try:
            while not self.stop.wait(HEARTBEAT_SECONDS):
                try:
                    ImportJob.objects.filter(pk=self.job_id).update(heartbeat=timezone.now())
                except DatabaseError as error:  # SQLite locked by the loader's transaction: next beat
                    logger.debug("import job %s: heartbeat skipped (%s)", self.job_id, error)
        finally:
            connection.close()  # this thread's own connection


@task(backend="imports")
def run_import(job_id: str) -> str:
    """Read the job's file and load it as drafts. Never raises: the outcome is in the job's row."""
    job = ImportJob.load(job_id)
    if job is None:
        logger.error("import job %s: not found", job_id)
        return "missing"
    job.update(
        status="running",
        progress=10,
        step=_("ファイルを読み込んでいます"),
        worker=this_worker(),
        heartbeat=timezone.now(),
    )
    with _Heartbeat(job.id):
        return _run(job)


def _run(job: ImportJob) -> str:
    job_id = job.id
    try:
        city = CityPage.objects.get(pk=job.city_id)
        user = get_user_model().objects.filter(pk=job.user_id).first() if job.user_id else None
        bundle, kind = bundle_for_file(
            bytes(job.data),
            name=job.filename,
            city=city.slug,
            city_name=city.title,
            area_code=city.area_code,
        )
        job.update(
            progress=50, step=_("下書きとして保存しています"), preview=dry_run_report(bundle, kind=kind)
        )
        report = Loader(city, publish=False, user=user).load(bundle)
    except ImportInputError as error:
        logger.warning("import job %s: %s", job_id, error)
        job.fail(error.message_ja)
        return job.status
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.fail(_("取り込み中に予期しないエラーが発生しました。データは変更されていません。"))
        return job.status
    job.update(
        status="done",
        progress=100,
        step=_("完了しました"),
        report=json.loads(json.dumps(report.as_dict(), ensure_ascii=False, default=str)),
        finished=timezone.now(),
    )
    return job.status
