"""Text normalisers for the converted seed documents.

The seeds are PDF or HTML converted to text, and the conversion left damage behind: digits split by a
space (``1 1``), decimals and thousands separators followed by a space (``64. 1%``, ``226, 650 件``),
cells wrapped in the middle of a word, footnote markers (``^{※1}``) and HTML fragments inside cells.

Every function here is pure, idempotent (applying it twice gives the same result as once) and never
raises on arbitrary Unicode: tests/importers/test_text_properties.py checks both with hypothesis.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag

__all__ = [
    "clean_cell",
    "extract_footnotes",
    "html_fragment_to_lines",
    "is_cjk",
    "repair_pdf_damage",
    "split_bullets",
    "strip_markdown",
]

# Counters that follow a number in the seeds. A space between the number and its counter is
# conversion damage (``226,650 件``), never meaningful.
_UNITS = "件|%|％|名|人|か所|カ所|ヵ所|ヶ所|ケ所|箇所|世帯|団体"


def _fixpoint(rewrite: Callable[[str], str], s: str) -> str:
    """Apply a rewrite until nothing changes.

    Every rewrite used with this only removes characters, so the loop ends; and a fixpoint is
    idempotent by construction, which a single regex pass is not (removing a space can create a new
    match).
    """
    while True:
        new = rewrite(s)
        if new == s:
            return s
        s = new


# --- PDF damage ----------------------------------------------------------------------------------

_THOUSANDS_RE = re.compile(r"(?<=\d)[,，]\s+(?=\d{3}(?!\d))")  # "226, 650" -> "226,650"
_DECIMAL_RE = re.compile(rf"(?<=\d)\.\s+(?=\d+\s*(?:{_UNITS}))")  # "64. 1%" -> "64.1%"
_UNIT_RE = re.compile(rf"(?<=\d)[ \t\u3000]+(?=(?:{_UNITS}))")  # "24 件／年" -> "24件／年"
# 「第 106 条の 6」: the PDF put spaces round every number in the legal citation.
_LEGAL_RE = re.compile(
    r"(?<=第)[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=[条項号層])|(?<=条の)[ \u3000]+(?=\d)"
    r"|(?<=条の\d)[ \u3000]+(?=[\u3040-\u30ff\u4e00-\u9fff])|(?<=条の\d\d)[ \u3000]+(?=[\u3040-\u30ff\u4e00-\u9fff])"
)
# A whole value made of digit groups separated by spaces ("1 1", "1 1 件"): the kerning of a number
# cell was turned into spaces. Only a string that is nothing but such a value is joined, so prose
# such as 「第1層協議体 市内全域 1 第2層協議体」 is never touched.
_SPLIT_VALUE_RE = re.compile(rf"\s*\d{{1,3}}(?:[ \u3000]\d{{1,3}})+\s*(?:{_UNITS})?\s*")


def _repair_once(s: str) -> str:
    s = _THOUSANDS_RE.sub(",", s)
    s = _DECIMAL_RE.sub(".", s)
    s = _UNIT_RE.sub("", s)
    s = _LEGAL_RE.sub("", s)
    if _SPLIT_VALUE_RE.fullmatch(s):
        s = re.sub(r"(?<=\d)[ \u3000]+(?=\d)", "", s)
    return s


def repair_pdf_damage(s: str) -> str:
    """Undo the number damage of the PDF conversion.

    ``"1 1"`` → ``"11"`` (only when the whole string is such a value), ``"64. 1%"`` → ``"64.1%"``,
    ``"226, 650 件"`` → ``"226,650件"``, ``"第 106 条の 6"`` → ``"第106条の6"``.
    """
    return _fixpoint(_repair_once, s)


# --- footnotes -----------------------------------------------------------------------------------

_FOOTNOTE_MARKER_RE = re.compile(r"[ \t\u3000]*\^\{(※[^{}]*)\}")


def extract_footnotes(s: str) -> tuple[str, list[str]]:
    """Remove ``^{※1}`` markers; return the clean text and the markers found (``["※1"]``).

    The marker's text is the key of a footnote line (``※1 既存の拠点の…``) printed after the table;
    the parser maps one to the other and keeps the footnote as a note.
    """
    refs: list[str] = []

    def take(match: re.Match[str]) -> str:
        ref = re.sub(r"\s+", "", match.group(1))
        if ref not in refs:
            refs.append(ref)
        return ""

    return _fixpoint(lambda text: _FOOTNOTE_MARKER_RE.sub(take, text), s), refs


# --- cells ---------------------------------------------------------------------------------------


def is_cjk(ch: str) -> bool:
    """True for Japanese script and full-width punctuation (kana, kanji, 「」、。・ …)."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
        or unicodedata.name(ch, "").startswith("CJK")
    )


# A space after these is a real separator in an organisation's name, as Japanese writes it:
# 「福祉保健部 地域包括ケア推進課」「教育委員会 子育て支援課」「飯塚市・嘉麻市・桂川町 障がい者…」.
_ORG_SUFFIXES = ("部", "局", "委員会", "市", "町", "村", "県")
_SPACE_RUN_RE = re.compile(r"\s+")


def _keep_space(left: str, right: str) -> bool:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return True  # Latin words and numbers keep their separator
    return left.endswith(_ORG_SUFFIXES) and is_cjk(right[:1])


def _clean_once(s: str) -> str:
    parts = _SPACE_RUN_RE.split(s.strip())
    out = parts[0]
    for part in parts[1:]:
        out += (" " if _keep_space(out, part) else "") + part
    return out


def clean_cell(s: str) -> str:
    """Join a wrapped table cell into one line.

    A line break or space left by the conversion is dropped between Japanese characters
    (「三条こもりびと\\n支援センター」 → 「三条こもりびと支援センター」) and after a hyphen
    (「097-582-\\n1298」 → 「097-582-1298」); it is kept, as one space, between Latin words or
    numbers, and after an organisational unit (「福祉保健部 地域包括ケア推進課」).
    """
    return _fixpoint(_clean_once, s)


def strip_markdown(s: str) -> str:
    """Remove the ``**bold**`` markers the web/PDF conversion left in running text."""
    return _fixpoint(lambda text: text.replace("**", ""), s)


# --- bullets and HTML ----------------------------------------------------------------------------

_SPACED_BULLET_RE = re.compile(r"(?:^|(?<=\s))・")


def _split_unspaced_bullets(s: str) -> list[str]:
    """Split 「・A・B・C」 where the conversion dropped the spaces round the bullets.

    Seed 002 (Iizuka) writes one list as 「・地域包括支援センター・飯塚市・嘉麻市・桂川町障がい者基幹
    相談支援センター・…」, where 「・」 is both the bullet and the separator inside names. A fragment that
    cannot be an item by itself — a place name (…市/町/村) or a word of three characters or fewer such
    as 「社会」 in 「社会・障がい者福祉課」 — is joined back to the fragment that follows it.
    """
    fragments = [f.strip() for f in s.split("・")]
    items: list[str] = []
    pending = ""
    for fragment in fragments:
        if not fragment:
            continue
        if pending:
            fragment = f"{pending}・{fragment}"
            pending = ""
        if len(fragment) <= 3 or fragment.endswith(("市", "町", "村")):
            pending = fragment
            continue
        items.append(fragment)
    if pending:
        items.append(pending)
    return items


def split_bullets(s: str) -> list[str]:
    """Split an inline bulleted list 「・ A ・ B」 into its items (text before the first bullet is kept).

    A 「・」 inside a name (「社会・障がい者福祉課」) is not a bullet when the list puts spaces round its
    bullets; when it does not, see `_split_unspaced_bullets`.
    """
    s = s.strip()
    if not s:
        return []
    if "・" not in s:
        return [s]
    spaced = re.search(r"\s・|・\s", s) is not None
    if spaced:
        parts = [p.strip() for p in _SPACED_BULLET_RE.split(s)]
        return [p for p in parts if p]
    if s.startswith("・"):
        return _split_unspaced_bullets(s)
    return [s]


_BLOCK_TAGS = {
    "p", "div", "ul", "ol", "li", "br", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "dl", "dt", "dd", "blockquote",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "template"}
_LIST_TAGS = {"ul", "ol"}
# The tags whose presence makes a string an HTML fragment rather than plain text.
_HTML_TAG_RE = re.compile(
    r"</?(?:p|div|ul|ol|li|br|span|strong|em|b|i|a|table|tr|td|th|h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE
)


def _normalise_line(s: str) -> str:
    s = _SPACE_RUN_RE.sub(" ", s).strip()
    # Text that looks like markup once decoded (from "&lt;p&gt;") would be parsed as a tag next time:
    # neutralise it so the function stays idempotent.
    return _HTML_TAG_RE.sub(lambda m: "＜" + m.group(0)[1:], s)


def _plain_lines(s: str) -> list[str]:
    lines = (_normalise_line(line) for line in s.splitlines())
    return [line for line in lines if line]


def html_fragment_to_lines(s: str) -> list[str]:
    """Turn a cell's HTML fragment (``<p>``, ``<ul>``, ``<li>``, ``<br>``) into its lines of text.

    Paragraphs, list items and line breaks each start a line; the items of a list written inline with
    「・」 bullets (as the seeds do: ``<ul> ・ A ・ B``) become one line each, without the bullet. A string
    without markup is split into its lines unchanged.
    """
    if not _HTML_TAG_RE.search(s):
        return _plain_lines(s)
    try:
        soup = BeautifulSoup(s, "html.parser")
    except Exception:  # html.parser rejects some malformed markup; fall back to stripping the tags
        return _plain_lines(re.sub(r"<[^<>]*>", "\n", s))

    lines: list[str] = []
    buffer: list[str] = []
    in_list = 0

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        pieces = split_bullets(_normalise_line(text)) if in_list else [text]
        for piece in pieces:
            line = _normalise_line(piece)
            if line:
                lines.append(line)

    def walk(node: Tag) -> None:
        nonlocal in_list
        for child in node.children:
            if isinstance(child, Tag):
                name = child.name.lower()
                if name in _SKIPPED_TAGS:
                    continue
                block = name in _BLOCK_TAGS
                if block:
                    flush()
                if name in _LIST_TAGS:
                    in_list += 1
                walk(child)
                if block:
                    flush()
                if name in _LIST_TAGS:
                    in_list -= 1
            elif type(child) is NavigableString:  # not Comment, CData, Doctype …
                buffer.append(str(child))

    walk(soup)
    flush()
    return lines
