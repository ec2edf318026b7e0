"""The parent half of every sandboxed reader: one `run_worker`, one way back to records.

`importers.sandbox.run_limited` runs a reader in a child with CPU and memory limits; `run_worker` sends it the
file's bytes (base64 on stdin), maps a `SandboxError` to the editor's Japanese message
(`importers.errors.sandbox_rejection`) and passes on a reader's own rejection (``{"rejected": ...}``) as an
`ImportInputError`. The children are `importers.readers.html_worker` (HTML, CSV, directory text; their records
come back through `records.windows_from_json`), `importers.readers.text_worker` (plans in converted text) and
`importers.readers.pdf_worker` (PDF blocks), the last two called from `importers.pipeline`.

Intake (the admin upload, `import_directory`, `import_plan`) → `workers` / `pipeline` → sandboxed reader →
parsers → records → loader: nothing here imports a reader's parsing code, so the chain has no circle.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from importers import limits
from importers.errors import ImportInputError, SandboxError, sandbox_rejection
from importers.readers.html import MAX_HTML_BYTES, check_size
from importers.records import ImportBundle, PhoneRecord, value_from_json, windows_from_json
from importers.sandbox import run_limited

__all__ = ["bundle_from_csv", "bundle_from_directory_text", "bundle_from_html", "run_worker"]

logger = logging.getLogger(__name__)


def bundle_from_html(
    raw: bytes, *, city: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> ImportBundle:
    """One web page → an ImportBundle of windows (no programme). Raises ImportInputError for unusable input.

    The size is checked here; decoding and parsing run in `importers.sandbox` (≤ 10 s CPU, ≤ 512 MB), through
    `importers.readers.html_worker`, so a hostile page ends as an ImportInputError, never a stuck worker.
    """
    return run_html_worker(raw, city=city, document=document, area_code=area_code, max_bytes=max_bytes)


def run_worker(
    func_path: str, raw: bytes, *args: Any, document: str, what: str, fallback_ja: str
) -> dict[str, Any]:
    source = {"b64": base64.b64encode(raw).decode("ascii")}
    try:
        data = run_limited(
            func_path,
            source,
            *args,
            cpu_seconds=limits.SANDBOX_CPU_SECONDS,
            memory_mb=limits.SANDBOX_MEMORY_MB,
        )
    except SandboxError as error:
        rejection = sandbox_rejection(error, document=document, what=what, fallback_ja=fallback_ja)
        (logger.error if error.kind == "crashed" else logger.warning)("%s", rejection)
        raise rejection from error
    if not isinstance(data, dict):
        raise ImportInputError(
            f"{document}: {what} worker returned {type(data).__name__}", f"{document}: {fallback_ja}"
        )
    if "rejected" in data:
        rejected = data["rejected"]
        raise ImportInputError(str(rejected["message"]), str(rejected["message_ja"]))
    return data


def run_html_worker(
    raw: bytes, *, city: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> ImportBundle:
    """`bundle_from_html`'s sandboxed half: one web page → ImportBundle, or ImportInputError."""
    check_size(raw, document=document, limit=max_bytes)
    data = run_worker(
        "importers.readers.html_worker:read_html",
        raw,
        document,
        area_code,
        city,
        max_bytes,
        document=document,
        what="HTML",
        fallback_ja="HTMLを読み取れませんでした。",
    )
    windows = windows_from_json(data["windows"])
    logger.info(
        "%s (%s): %d windows read in the sandbox, decoded as %s", document, city, len(windows), data["codec"]
    )
    return ImportBundle(city=city, document=document, windows=windows, warnings=list(data["warnings"]))


def bundle_from_csv(
    data: bytes, *, city: str, document: str, max_bytes: int = MAX_HTML_BYTES
) -> ImportBundle:
    """The portal's windows CSV, decoded and read in the sandbox → ImportBundle of windows."""
    check_size(data, document=document, limit=max_bytes)
    result = run_worker(
        "importers.readers.html_worker:read_csv",
        data,
        document,
        city,
        document=document,
        what="CSV",
        fallback_ja="CSVを読み取れませんでした。",
    )
    return ImportBundle(city=city, document=document, windows=windows_from_json(result["windows"]))


def bundle_from_directory_text(
    data: bytes, *, city: str, city_name: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> ImportBundle:
    """Seed-format text/Markdown, read in the sandbox → ImportBundle of windows (no programme, no routing)."""
    check_size(data, document=document, limit=max_bytes)
    result = run_worker(
        "importers.readers.text_dir_worker:read_text",
        data,
        document,
        area_code,
        city,
        city_name,
        document=document,
        what="text",
        fallback_ja="テキストを読み取れませんでした。",
    )
    main_phone = value_from_json(PhoneRecord, result["main_phone"]) if result.get("main_phone") else None
    return ImportBundle(
        city=city,
        document=document,
        windows=windows_from_json(result["windows"]),
        main_phone=main_phone,
        warnings=list(result["warnings"]),
    )
