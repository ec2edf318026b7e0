"""The directory readers (HTML, CSV, seed-format text) as JSON-speaking workers for `importers.sandbox`.

Untrusted pages are decoded and parsed in a subprocess with ≤ 10 s CPU and ≤ 512 MB of address space, like
PDFs (`importers.pipeline.read_pdf_blocks`). Two halves live here:

- in the child, `read_html`, `read_csv` (and `text_dir_worker.read_text`, its own module so that these two
  children never load the plan pipeline) take the file as ``{"b64": ...}`` (or ``{"path": ...}``)
  and return plain JSON: ``{"windows": [...], "warnings": [...], ...}``, times as ``"HH:MM"``. An input the
  reader rejects travels back as ``{"rejected": {"message", "message_ja"}}``, so the editor sees the reader's
  own Japanese message; a page nested too deeply for the parser raises a ``too_deep`` kind;
- the parent half (`bundle_from_html`, `bundle_from_csv`, `bundle_from_directory_text`) is `importers.workers`:
  it checks what needs no parsing, calls `run_limited`, maps `SandboxError` kinds to Japanese messages
  (`importers.errors.SANDBOX_ERRORS_JA`) and rebuilds the records with `records_from_json` from here.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import asdict
from datetime import time
from pathlib import Path
from typing import Any

from importers.errors import ImportInputError
from importers.readers.csvdir import read_directory_csv
from importers.readers.html import (
    MAX_HTML_BYTES,
    HtmlWindowRecord,
    decode_html,
    parse_html_bundle,
)
from importers.records import HoursRecord, PhoneRecord, Source, WindowRecord

__all__ = [
    "WorkerInputError",
    "read_csv",
    "read_html",
    "records_from_json",
    "records_to_json",
]

logger = logging.getLogger(__name__)

# Exact record classes that cross the process boundary (a subclass must be added here, or to_json refuses it).
_RECORD_TYPES: dict[str, type[WindowRecord]] = {
    "WindowRecord": WindowRecord,
    "HtmlWindowRecord": HtmlWindowRecord,
}


class WorkerInputError(Exception):
    """An input the worker refuses for a reason the sandbox passes on as `SandboxError.kind`."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# --- records ↔ JSON ----------------------------------------------------------------------------------


def _time_to_json(value: time) -> str:
    return value.strftime("%H:%M") if not (value.second or value.microsecond) else value.isoformat()


def _time_from_json(value: str) -> time:
    return time.fromisoformat(value)


def phone_to_json(phone: PhoneRecord) -> dict[str, Any]:
    return asdict(phone)


def phone_from_json(data: dict[str, Any]) -> PhoneRecord:
    return PhoneRecord(**data)


def hours_to_json(hours: HoursRecord) -> dict[str, Any]:
    data = asdict(hours)
    data["opens"], data["closes"] = _time_to_json(hours.opens), _time_to_json(hours.closes)
    return data


def hours_from_json(data: dict[str, Any]) -> HoursRecord:
    return HoursRecord(
        **{**data, "opens": _time_from_json(data["opens"]), "closes": _time_from_json(data["closes"])}
    )


def record_to_json(record: WindowRecord) -> dict[str, Any]:
    name = type(record).__name__
    if _RECORD_TYPES.get(name) is not type(record):
        raise TypeError(f"{name} cannot cross the sandbox boundary (not in _RECORD_TYPES)")
    data = asdict(record)
    data["phones"] = [phone_to_json(phone) for phone in record.phones]
    data["hours"] = [hours_to_json(hours) for hours in record.hours]
    return {"type": name, **data}


def record_from_json(data: dict[str, Any]) -> WindowRecord:
    values = dict(data)
    cls = _RECORD_TYPES[values.pop("type")]
    values["source"] = Source(**values["source"])
    values["phones"] = [phone_from_json(phone) for phone in values.get("phones", [])]
    values["hours"] = [hours_from_json(hours) for hours in values.get("hours", [])]
    return cls(**values)


def records_to_json(records: list[WindowRecord]) -> list[dict[str, Any]]:
    return [record_to_json(record) for record in records]


def records_from_json(data: list[dict[str, Any]]) -> list[WindowRecord]:
    """WindowRecord / HtmlWindowRecord objects equal to those the worker read (phones, hours, times, sources)."""
    return [record_from_json(item) for item in data]


# --- the child: workers ------------------------------------------------------------------------------


def source_bytes(source: dict[str, str]) -> bytes:
    if "b64" in source:
        return base64.b64decode(source["b64"], validate=True)
    return Path(source["path"]).read_bytes()


def rejected(error: Exception) -> dict[str, Any]:
    return {"rejected": {"message": str(error), "message_ja": getattr(error, "message_ja", str(error))}}


def too_deep(document: str) -> WorkerInputError:
    return WorkerInputError("too_deep", f"{document}: elements nested too deeply to parse")


def read_html(
    source: dict[str, str], document: str, area_code: str, city: str = "", max_bytes: int = MAX_HTML_BYTES
) -> dict[str, Any]:
    """Decode and read one web page → ``{"windows", "warnings", "codec"}`` or ``{"rejected": ...}``."""
    raw = source_bytes(source)
    try:
        bundle, codec = parse_html_bundle(
            raw, city=city, document=document, area_code=area_code, max_bytes=max_bytes
        )
    except ImportInputError as error:
        return rejected(error)
    except RecursionError as error:
        raise too_deep(document) from error
    return {"windows": records_to_json(bundle.windows), "warnings": list(bundle.warnings), "codec": codec}


def read_csv(source: dict[str, str], document: str, city: str = "") -> dict[str, Any]:
    """Decode and read the portal's windows CSV → ``{"windows", "warnings", "codec"}`` or ``{"rejected": ...}``."""
    raw = source_bytes(source)
    try:
        text, codec = decode_html(raw, document=document)
        windows = read_directory_csv(text, city=city, document=document)
        if not windows:
            raise ImportInputError(f"{document}: no rows", f"{document}: CSVに窓口の行がありません。")
    except ImportInputError as error:
        return rejected(error)
    return {"windows": records_to_json(windows), "warnings": [], "codec": codec}
