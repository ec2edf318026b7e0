"""One page (text, HTML or PDF) → its consultation windows, through the line model.

    lines = lines_of(data, name=…)          # readers: importers.lines / readers.html_lines / readers.pdf
    windows, warnings = extract_windows(…)  # importers.parsers.contacts, the same for every format

Runs in this process: the sandbox worker (`importers.readers.html_worker`) calls it for uploads, and
`import_eval` / `bench_import` call it directly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from importers.kinds import detect_kind
from importers.lines import Line, lines_from_blocks, lines_from_text
from importers.parsers.contacts import extract_windows as _extract
from importers.pipeline import ImportInputError
from importers.readers.html import decode_html, page_root
from importers.readers.html_lines import html_lines
from importers.readers.pdf import read_pdf  # pdfplumber itself is imported only when a PDF is read
from importers.records import HtmlWindowRecord


def lines_of(data: bytes, *, name: str, kind: str = "") -> tuple[list[Line], str]:
    """(lines, codec) of one document; `kind` ("html" / "text" / "pdf") is detected when not given."""
    kind = kind or detect_kind(name, data[:4096])
    if kind == "pdf":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "page.pdf"
            path.write_bytes(data)
            return lines_from_blocks(read_pdf(path)), "pdf"
    text, codec = decode_html(data, document=name)
    if "\x00" in text:
        raise ImportInputError(
            f"{name}: binary data", f"{name}: テキストやHTMLのファイルではありません（バイナリ）。"
        )
    if kind == "html":
        return html_lines(page_root(text)), codec
    return lines_from_text(text), codec


def extract_windows(data: bytes, *, name: str, area_code: str, kind: str = "") -> list[HtmlWindowRecord]:
    """The windows of one page. Raises ImportInputError when nothing is recognisable."""
    windows, _warnings = extract_with_warnings(data, name=name, area_code=area_code, kind=kind)
    return windows


def extract_with_warnings(
    data: bytes, *, name: str, area_code: str, kind: str = ""
) -> tuple[list[HtmlWindowRecord], list[str]]:
    lines, _codec = lines_of(data, name=name, kind=kind)
    windows, warnings = _extract(lines, document=name, area_code=area_code)
    if not windows:
        raise ImportInputError(
            f"{name}: no consultation windows found (no phone numbers next to a window name)",
            f"{name}: 相談窓口（名称と電話番号）を読み取れませんでした。ページの形式をご確認ください。",
        )
    return windows, warnings
