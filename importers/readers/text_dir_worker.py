"""Seed-format or pasted directory text as a JSON-speaking worker for `importers.sandbox` (see `html_worker`).

Its own module, so that the HTML and CSV children never load the plan pipeline that a seed table needs.
"""

from __future__ import annotations

import re
from typing import Any

from importers.errors import ImportInputError
from importers.lines import lines_from_text
from importers.parsers.contacts import extract_windows
from importers.pipeline import bundle_from_text
from importers.readers.html import decode_html
from importers.readers.html_worker import rejected, source_bytes, too_deep
from importers.records import PhoneRecord, value_to_json, windows_to_json

__all__ = ["read_text"]

_SEED_TABLE_RE = re.compile(r"項目\s*\|\s*内容\s*\|\s*連絡先")


def read_text(
    source: dict[str, str], document: str, area_code: str, city: str = "", city_name: str = ""
) -> dict[str, Any]:
    """A pasted or converted text page → ``{"windows", "warnings", "main_phone", "codec"}`` (windows only).

    The text becomes lines (`importers.lines.lines_from_text`) and goes through the same extractor as HTML and
    PDF pages. One converter format keeps its own reader: the seeds' 「項目 | 内容 | 連絡先 |」 table, whose rows
    lost cells in conversion (`importers.parsers.windows.parse_directory_table`).
    """
    raw = source_bytes(source)
    try:
        text, codec = decode_html(raw, document=document)
        if _SEED_TABLE_RE.search(text):
            bundle = bundle_from_text(
                text, city=city, city_name=city_name, document=document, area_code=area_code
            )
            windows, warnings, main_phone = bundle.windows, list(bundle.warnings), bundle.main_phone
        else:
            windows, warnings = extract_windows(lines_from_text(text), document=document, area_code=area_code)
            main_phone = None
        if not windows:
            raise ImportInputError(
                f"{document}: no consultation windows", f"{document}: 相談窓口の一覧を読み取れませんでした。"
            )
    except ImportInputError as error:
        return rejected(error)
    except RecursionError as error:
        raise too_deep(document) from error
    return {
        "windows": windows_to_json(windows),
        "warnings": warnings,
        "main_phone": value_to_json(PhoneRecord, main_phone) if main_phone else None,
        "codec": codec,
    }
