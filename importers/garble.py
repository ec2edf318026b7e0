"""Garbled source text: flags for editors, never silent fixes.

Two general tests, both about text that no Japanese author typed:

- **Han characters outside the Japanese character sets.** A CJK ideograph that neither JIS X 0213 (the
  ``euc_jis_2004``/``shift_jis_2004`` codecs) nor Windows-31J (``cp932``: the NEC/IBM extensions such as 髙) can
  encode is not used in Japanese writing: simplified-Chinese forms (够, 们, 这) that a PDF's font mapping or a
  conversion put in place of a Japanese character (能够性 for 可能性).
- **Conversion debris in kana.** A run of hiragana with a kana doubled (たた) that the dictionary (Sudachi, as the
  search uses) can only read by leaving a stray one-kana piece that is not a particle or auxiliary
  (a prefix こ before たたり・つき・こもり, for ひきこもり). Real words with doubled kana (ささえあい, ただし, ここで, とともに,
  しつつ) are read whole or as grammar (particles, auxiliaries, verb stems), so they pass.

``findings(text)`` returns one Japanese message per suspicious spot; the loader stores them as review reasons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from search.analyzer import parts_of_speech

JAPANESE_CODECS = ("euc_jis_2004", "shift_jis_2004", "cp932")
HIRAGANA_RUN = re.compile(r"[\u3041-\u3096\u309d\u309e]{4,}")
DOUBLED = re.compile(r"([\u3041-\u3096])\1")
# A one-kana morpheme of these parts of speech is ordinary grammar (と, し, て, い); any other (a prefix こ, a noun)
# inside a run of hiragana is a piece the dictionary could not place.
READ_AS_GRAMMAR = {"助詞", "助動詞", "動詞", "形容詞", "接尾辞"}
CONTEXT = 6


def is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def is_japanese_han(char: str) -> bool:
    """True when a Japanese character set has the character (so Japanese text may use it)."""
    for codec in JAPANESE_CODECS:
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            continue
        return True
    return False


def _excerpt(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT) : end + CONTEXT].replace("\n", " ")


def foreign_han(text: str) -> list[str]:
    found = []
    for index, char in enumerate(text):
        if is_han(char) and not is_japanese_han(char):
            found.append(
                f"日本語の文字にない漢字「{char}」があります（中国語の字体など、変換の誤りの可能性）:"
                f"「{_excerpt(text, index, index + 1)}」"
            )
    return found


def kana_debris(text: str) -> list[str]:
    runs = [run for run in HIRAGANA_RUN.finditer(text) if DOUBLED.search(run.group())]
    if not runs:
        return []
    # Tokenized with its context (a run alone reads differently: 「までです」 after a time is まで・です).
    tokens, offset = [], 0
    for surface, pos in parts_of_speech(text):
        tokens.append((offset, surface, pos))
        offset += len(surface)
    found = []
    for run in runs:
        stray = [
            surface
            for start, surface, pos in tokens
            if run.start() <= start < run.end() and len(surface) == 1 and pos not in READ_AS_GRAMMAR
        ]
        if stray:
            found.append(
                f"ひらがなが崩れている可能性があります（同じかなの重なり「{DOUBLED.search(run.group()).group()}」）:"
                f"「{_excerpt(text, run.start(), run.end())}」"
            )
    return found


def findings(text: str) -> list[str]:
    """Japanese messages, one per suspicious spot of `text` (empty for clean text)."""
    if not text:
        return []
    return foreign_han(text) + kana_debris(text)


def strings_in(value) -> Iterable[str]:
    """Every string inside a record's value (str, list, dict, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def review_reasons(values: dict, label) -> list[dict]:
    """Review reasons (kind "garbled") for the imported `values` of one object; `label(name)` names a field."""
    reasons = []
    for name, value in values.items():
        for text in strings_in(value):
            for message in findings(text):
                reasons.append({"kind": "garbled", "field": name, "message": f"{label(name)}: {message}"})
    return reasons
