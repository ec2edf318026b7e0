"""``{{ text|furigana }}``: wrap kanji runs in ``<ruby>`` with readings from Sudachi.

Output per kanji run: ``<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>``; all other text is HTML-escaped.
The ruby is always emitted; the page shows it only when the resident turns ふりがな on (``.furigana-off rt`` is
hidden by CSS, so screen readers do not read every word twice by default).

Safe (already-HTML) input is processed text node by text node: tags and attribute values are never touched, and
nothing inside ``<a href="tel:...">``, ``<ruby>``, ``<script>`` or ``<style>`` is annotated.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from search.analyzer import readings

register = template.Library()

_KANJI = "\u3005\u3006\u30f6\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
_HAS_KANJI = re.compile(f"[{_KANJI}]")
_KANJI_RUN = re.compile(f"([{_KANJI}]+)")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP_OPEN = re.compile(r"<(script|style|ruby)\b|<a\b[^>]*\bhref\s*=\s*[\"']?tel:", re.IGNORECASE)


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in katakana)


def _ruby(base: str, reading: str) -> str:
    return f"<ruby>{escape(base)}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"


def _annotate_token(surface: str, reading: str) -> str:
    """One morpheme: ruby on each kanji run, with the reading aligned against the kana around it."""
    if not _HAS_KANJI.search(surface) or not reading or reading == surface:
        return escape(surface)
    reading = _hiragana(reading)
    parts = [p for p in _KANJI_RUN.split(surface) if p]
    if len(parts) == 1:
        return _ruby(surface, reading)
    # Kana between kanji runs anchors the alignment: 取り扱い + とりあつかい → 取(と)り扱(あつか)い.
    pattern = "".join("(.+?)" if _HAS_KANJI.match(p) else re.escape(_hiragana(p)) for p in parts)
    match = re.fullmatch(pattern, reading)
    if not match:
        return _ruby(surface, reading)
    readings = iter(match.groups())
    return "".join(_ruby(p, next(readings)) if _HAS_KANJI.match(p) else escape(p) for p in parts)


@lru_cache(maxsize=4096)
def _annotate_text(text: str) -> str:
    if not _HAS_KANJI.search(text):
        return escape(text)
    morphemes = readings(text)  # the search analyzer's dictionary: loaded once per process
    return "".join(_annotate_token(surface, reading) for surface, reading in morphemes)


def _annotate_html(html: str) -> str:
    out = []
    skip_depth = 0
    for part in _TAG.split(html):
        if part.startswith("<") and part.endswith(">"):
            if _SKIP_OPEN.match(part):
                skip_depth += 1
            elif skip_depth and re.match(r"</(a|script|style|ruby)\s*>", part, re.IGNORECASE):
                skip_depth -= 1
            out.append(part)
        elif skip_depth or not part:
            out.append(part)
        else:
            # Text nodes of safe HTML are already escaped: annotate the unescaped text and escape it again.
            from html import unescape

            out.append(_annotate_text(unescape(part)))
    return "".join(out)


@register.filter(is_safe=True)
def furigana(value) -> str:
    """Ruby readings for kanji runs; escapes plain text, keeps safe HTML's markup intact."""
    if value is None or value == "":
        return value if value is not None else ""
    if isinstance(value, SafeData):
        return mark_safe(_annotate_html(str(value)))  # noqa: S308 (tags kept as given, text nodes re-escaped)
    return mark_safe(_annotate_text(str(value)))  # noqa: S308 (every piece is escaped in _annotate_text)
