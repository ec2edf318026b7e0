"""Read a city's web page that lists consultation windows (相談窓口一覧) into WindowRecords.

The page is decoded (`decode_html`), parsed with a pinned parser and stripped of active content and page
chrome (`page_root`), turned into the line model (`importers.readers.html_lines`: headings, list markers,
emphasis, table cells with their column headers, definition lists) and read by the one window extractor
(`importers.parsers.contacts`), exactly as text and PDF pages are.

Untrusted input: scripts, styles and other active content are removed before anything is read (nothing is
executed or kept); the parser is pinned to Python's "html.parser"; the file size is limited; the encoding is
detected from the bytes (UTF-8, Shift_JIS/CP932, EUC-JP, ISO-2022-JP), not trusted from `<meta charset>`.
"""

from __future__ import annotations

import codecs
import logging
import re

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, ProcessingInstruction

from importers.categories import CATEGORY_KEYWORDS, guess_categories
from importers.errors import ImportInputError
from importers.parsers.contacts import extract_windows
from importers.readers.html_lines import html_lines
from importers.records import HtmlWindowRecord, ImportBundle

__all__ = [
    "CATEGORY_KEYWORDS",
    "MAX_HTML_BYTES",
    "HtmlWindowRecord",
    "check_size",
    "decode_html",
    "guess_categories",
    "page_root",
    "parse_html_bundle",
    "read_html_windows",
]

logger = logging.getLogger(__name__)

PARSER = "html.parser"  # pinned: the same tree on every machine, no lxml/html5lib differences
MAX_HTML_BYTES = 5 * 1024 * 1024

# --- errors ------------------------------------------------------------------------------------------


def _input_error(message: str, message_ja: str) -> Exception:
    return ImportInputError(message, message_ja)


# --- encodings ---------------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_CANDIDATES = ("utf-8", "cp932", "euc_jis_2004", "euc_jp", "iso2022_jp")
_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jis_2004",
    "euc_jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "eucjp": "euc_jis_2004",
    "iso-2022-jp": "iso2022_jp",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}


def declared_charset(raw: bytes) -> str:
    """The charset a page declares in <meta>, as written ("" when none). Not trusted, only a tie-breaker."""
    match = _META_CHARSET_RE.search(raw[:4096])
    return match.group(1).decode("ascii").lower() if match else ""


def decode_html(raw: bytes, *, document: str = "") -> tuple[str, str]:
    """(text, codec): decode by what the bytes are, whatever `<meta charset>` claims.

    Every candidate codec is tried strictly; those that decode are scored by how Japanese the result reads
    (hiragana and common punctuation count, half-width katakana and control characters — the marks of a
    wrong codec — count against). The declared charset only breaks ties. When nothing decodes strictly,
    charset-normalizer decides.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace"), codec.replace("-sig", "")
    declared = _ALIASES.get(declared_charset(raw), "")
    scored: list[tuple[float, int, str, str]] = []
    for codec in _CANDIDATES:
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "iso2022_jp" and b"\x1b$" not in raw:
            continue  # pure ASCII also "decodes" as ISO-2022-JP
        preference = 1 if codec == declared else 0
        scored.append((_japanese_score(text), preference, codec, text))
        if codec == "utf-8" and any(ord(ch) > 127 for ch in text):
            # Valid UTF-8 with non-ASCII characters is practically never a legacy encoding by accident.
            return text, codec
    if scored:
        _score, _preference, codec, text = max(scored, key=lambda item: (item[0], item[1]))
        if declared and codec != declared and declared_charset(raw):
            logger.info("%s: declared charset %s, decoded as %s", document, declared, codec)
        return text, codec
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["cp932", "euc_jp", "utf_8", "iso2022_jp"]).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("cp932", errors="replace"), "cp932"


def _japanese_score(text: str) -> float:
    good = bad = 0
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F:  # kana, 「」、。
            good += 2
        elif 0x4E00 <= code <= 0x9FFF or 0xFF01 <= code <= 0xFF5E:
            good += 1
        elif 0xFF61 <= code <= 0xFF9F or 0xE000 <= code <= 0xF8FF or (code < 32 and ch not in "\r\n\t"):
            bad += 3  # half-width katakana, private use, control: bytes read with the wrong codec
        elif 0x80 <= code <= 0x2FFF:
            bad += 1
    return (good - bad) / max(len(text), 1)


# --- reading a document ------------------------------------------------------------------------------


def check_size(raw: bytes, *, document: str, limit: int = MAX_HTML_BYTES) -> None:
    if not raw:
        raise _input_error(f"{document}: empty file", f"{document}: ファイルが空です。")
    if len(raw) > limit:
        raise _input_error(
            f"{document}: file too large ({len(raw)} bytes > {limit})",
            f"{document}: ファイルが大きすぎます（上限{limit // (1024 * 1024)}MB）。ページを分けて取り込んでください。",
        )


def parse_html_bundle(
    raw: bytes, *, city: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> tuple[ImportBundle, str]:
    """(bundle, codec), parsed in THIS process: for the sandbox worker and tests; callers use `importers.workers.bundle_from_html`.

    The page becomes lines (`importers.readers.html_lines`) and the one window extractor
    (`importers.parsers.contacts`) reads them, as it reads text and PDF pages.
    """
    check_size(raw, document=document, limit=max_bytes)
    text, codec = decode_html(raw, document=document)
    if "\x00" in text:
        raise _input_error(
            f"{document}: binary data, not HTML", f"{document}: HTMLファイルではありません（バイナリ）。"
        )
    windows, warnings = extract_windows(html_lines(page_root(text)), document=document, area_code=area_code)
    if not windows:
        raise _input_error(
            f"{document}: no consultation windows found (no phone number next to a window name)",
            f"{document}: 相談窓口（窓口名と電話番号）を読み取れませんでした。ページの形式をご確認ください。",
        )
    logger.info("%s (%s): %d windows read, decoded as %s", document, city, len(windows), codec)
    bundle = ImportBundle(city=city, document=document, windows=list(windows), warnings=warnings)
    return bundle, codec


def read_html_windows(text: str, *, document: str, area_code: str) -> list[HtmlWindowRecord]:
    """Windows from already-decoded HTML."""
    windows, _warnings = extract_windows(html_lines(page_root(text)), document=document, area_code=area_code)
    return windows


# --- the tree ----------------------------------------------------------------------------------------

_REMOVED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "form",
    "button",
    "select",
    "textarea",
    "head",
    "nav",
    "header",
    "footer",
    "aside",
)
_MAIN_SELECTORS = (
    "main",
    "[role=main]",
    "#main",
    "#contents",
    "#content",
    "#main-contents",
    "#tmp_contents",
    "article",
)


def page_root(text: str) -> Tag:
    """The page's main content, parsed with the pinned parser, active content, comments and chrome removed."""
    soup = BeautifulSoup(text, PARSER)
    for tag in soup.find_all(_REMOVED_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment | ProcessingInstruction)):
        comment.extract()
    for selector in _MAIN_SELECTORS:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return soup.body or soup
