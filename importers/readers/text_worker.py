"""Converted-text plans (`import_plan FILE.txt`) as a JSON-speaking worker for `importers.sandbox`.

`read_plan_text` runs in the child (≤ `SANDBOX_CPU_SECONDS` of CPU, ≤ `SANDBOX_MEMORY_MB`): it reads the file,
decodes it (`pipeline.decode_text_bytes`: binary and non-UTF-8 files are refused) and parses it with
`pipeline.bundle_from_text`. It returns ``{"bundle": ...}`` (`records.bundle_to_json`: the programme, windows,
routing rules, main phone and warnings) or, for an input the pipeline rejects, ``{"rejected": {"message",
"message_ja"}}`` with the pipeline's own English and Japanese messages. The parent half is
`importers.pipeline.bundle_from_text_file`, which checks the file first (exists, not empty, ≤ 5 MB), maps
limit failures to `SANDBOX_ERRORS_JA` and rebuilds the records with `records.bundle_from_json`.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from importers.pipeline import ImportInputError, bundle_from_text, decode_text_bytes
from importers.records import bundle_to_json

__all__ = ["read_plan_text"]


def read_plan_text(
    source: dict[str, str], city: str, city_name: str, document: str, area_code: str
) -> dict[str, Any]:
    """``source``: ``{"path": ..., "display": ...}`` or ``{"b64": ..., "display": ...}`` (``display``: the name in messages)."""
    if "b64" in source:
        raw = base64.b64decode(source["b64"], validate=True)
    else:
        raw = Path(source["path"]).read_bytes()
    try:
        text = decode_text_bytes(raw, Path(source.get("display") or source.get("path") or document))
        del raw
        bundle = bundle_from_text(
            text, city=city, city_name=city_name, document=document, area_code=area_code
        )
    except ImportInputError as error:
        return {"rejected": {"message": str(error), "message_ja": error.message_ja}}
    return {"bundle": bundle_to_json(bundle)}
