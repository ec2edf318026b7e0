"""One text normaliser for every reader (converted text, PDF, HTML, CSV).

What a city's file shows and what its characters say differ in ways that break matching:

* **Radicals.** Word (and other producers) write a Kangxi radical (⽀ U+2F40) or a CJK radical
  supplement (⻑ U+2ED1) where the plan has 支 or 長: one glyph serves both, and the PDF's ToUnicode map
  names the radical. NFKC folds the Kangxi radicals but not most of the supplement; the table of
  `importers.radicals` (generated from the UCD's EquivalentUnifiedIdeograph.txt) folds both.
* **Compatibility forms.** CJK compatibility ideographs (U+F900…, U+2F800…), full-width Latin letters
  and digits (「ＦＡＸ」「１１」) and half-width katakana (「ｾﾝﾀｰ」) are folded by NFKC, character
  run by character run. Japanese punctuation keeps its width (「（内線）」「：」「～」「①」): parsers and
  editors read those as written, and NFKC would turn ① into 1.
* **Wave dash.** 〜 (U+301C) becomes ～ (U+FF5E): CP932 and Adobe-Japan1 swap the two.
* **Spaces.** No-break and typographic spaces become one space; zero-width characters and soft
  hyphens go.
* **Symbol fonts.** Word's Symbol and Wingdings bullets come out of a PDF as private-use characters
  (U+F0B7, U+F0A7, U+F0D8 …); known ones become their Unicode symbol.
* **List markers.** `split_list_marker` recognises a line that starts with a bullet glyph — 「・」,
  ●○■□◆◇▪•➢►▶✓, 「- ・」, 「*」 or any private-use glyph — and returns the one list marker `BULLET`
  and the item's text.

Every function is pure, idempotent and total on arbitrary Unicode (tests/importers/test_normalise.py
checks each mapping and the properties with hypothesis).
"""

from __future__ import annotations

import re
import unicodedata

from .radicals import EQUIVALENT_UNIFIED_IDEOGRAPH

__all__ = [
    "BULLET",
    "BULLET_GLYPHS",
    "SYMBOL_FONT_GLYPHS",
    "fold_char",
    "is_bullet_glyph",
    "normalise",
    "split_list_marker",
]

BULLET = "・"  # the one list marker every reader produces

# Word's Symbol / Wingdings bullets as a PDF reports them (the font's code + U+F000) → the symbol drawn.
SYMBOL_FONT_GLYPHS: dict[int, str] = {
    0xF0B7: "•",  # Symbol: bullet
    0xF06C: "●",  # Wingdings l: black circle
    0xF06D: "❍",  # Wingdings m: shadowed circle
    0xF06E: "■",  # Wingdings n: black square
    0xF06F: "□",  # Wingdings o: white square
    0xF071: "❑",  # Wingdings q
    0xF075: "◆",  # Wingdings u: black diamond
    0xF076: "❖",  # Wingdings v
    0xF09F: "•",  # Wingdings: small bullet
    0xF0A1: "○",  # Wingdings: white circle
    0xF0A7: "▪",  # Wingdings §: small black square
    0xF0A8: "◻",  # Wingdings: white square
    0xF0D8: "➢",  # Wingdings Ø: arrowhead
    0xF0E8: "➔",  # Wingdings è: arrow
    0xF0F0: "⇨",  # Wingdings: white arrow
    0xF0FC: "✓",  # Wingdings ü: check mark
    0xF0FE: "☑",  # Wingdings: ballot box with check
}

# Glyphs that mark a list item when a line starts with them.
BULLET_GLYPHS = frozenset("・･•◦‣∙⁃●○◎◉■□▪▫◆◇❖❍❑◻◼►▶▸▹▷➢➣➤➔→⇒⇨✓✔☑★☆" + "".join(SYMBOL_FONT_GLYPHS.values()))

# The JIS wave dash and the full-width tilde are one character to a Japanese reader; CP932 producers and
# Adobe-Japan1 fonts turn one into the other (「令和5年度～令和14年度」).
_WAVE_DASH = {0x301C: "～"}
_SPACES = dict.fromkeys([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F], " ")
_INVISIBLE = dict.fromkeys([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], None)
_FOLD_TABLE: dict[int, str | None] = {
    **{code: chr(target) for code, target in EQUIVALENT_UNIFIED_IDEOGRAPH.items()},
    **SYMBOL_FONT_GLYPHS,
    **_WAVE_DASH,
    **_SPACES,
    **_INVISIBLE,
}
# Runs NFKC folds: full-width Latin letters and digits, half-width katakana (with their sound marks, so
# that ｶﾞ becomes one ガ), CJK compatibility ideographs and Kangxi radicals.
_NFKC_RUN_RE = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
    "|[\uff65-\uff9f]+"
    "|[\uf900-\ufaff\U0002f800-\U0002fa1f\u2f00-\u2fdf]+"
)


def _is_private_use(ch: str) -> bool:
    return unicodedata.category(ch) == "Co"


def fold_char(ch: str) -> str:
    """One character as `normalise` writes it (may be empty, or two characters for ｶﾞ-like input)."""
    return normalise(ch)


def normalise(text: str) -> str:
    """Fold radicals, compatibility forms, odd spaces and symbol-font glyphs (see the module doc)."""
    text = text.translate(_FOLD_TABLE)
    text = _NFKC_RUN_RE.sub(lambda match: unicodedata.normalize("NFKC", match.group(0)), text)
    # A fold can create a sequence another fold would change (none today); keep the result stable.
    return text.translate(_FOLD_TABLE)


def is_bullet_glyph(ch: str) -> bool:
    """A glyph that marks a list item at the start of a line (private-use symbol-font glyphs included)."""
    return len(ch) == 1 and (ch in BULLET_GLYPHS or _is_private_use(ch))


# 「- ・」「-・」「* 」「** 」「－ 」: ASCII or full-width hyphens and asterisks used as list markers, with
# 「・」 or a bullet glyph after them, or followed by a space.
_DASH_MARKER_RE = re.compile(
    r"^[ \t\u3000]*(?:[-*＊－‐]{1,2}[ \t\u3000]*(?=[・･•●■◆➢▪])|[-*＊－‐]{1,2}[ \t\u3000]+)"
)


def split_list_marker(line: str) -> tuple[str | None, str]:
    """(`BULLET`, item text) for a line that starts with a list marker, else (None, the line).

    「・相談支援」「● 相談支援」「- ・相談支援」「➢相談支援」「\\uf0d8 相談支援」「* 相談支援」 all give
    (「・」, 「相談支援」). A marker alone (an empty item) is not a list item.
    """
    rest = _DASH_MARKER_RE.sub("", line, count=1)
    dashed = rest != line
    stripped = rest.lstrip(" \t\u3000")
    if stripped and is_bullet_glyph(stripped[0]):
        item = stripped[1:].lstrip(" \t\u3000")
        if item:
            return BULLET, item
        return None, line
    if dashed and stripped:
        return BULLET, stripped
    return None, line
