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
  (`importers.errors.SANDBOX_ERRORS_JA`) and rebuilds the records with `records.windows_from_json` (the one codec of the package).
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

from importers.errors import ImportInputError
from importers.readers.csvdir import read_directory_csv
from importers.readers.html import (
    MAX_HTML_BYTES,
    decode_html,
    parse_html_bundle,
)
from importers.records import windows_to_json

__all__ = [
    "WorkerInputError",
    "read_csv",
    "read_html",
]

logger = logging.getLogger(__name__)


class WorkerInputError(Exception):
    """An input the worker refuses for a reason the sandbox passes on as `SandboxError.kind`."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


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
    return {"windows": windows_to_json(bundle.windows), "warnings": list(bundle.warnings), "codec": codec}


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
    return {"windows": windows_to_json(windows), "warnings": [], "codec": codec}
