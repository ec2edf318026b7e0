"""The one text normaliser (`importers.normalise`): every mapping, and with hypothesis that it is total,
idempotent and leaves ordinary Japanese text alone."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.normalise import (
    BULLET,
    BULLET_GLYPHS,
    SYMBOL_FONT_GLYPHS,
    is_bullet_glyph,
    normalise,
    split_list_marker,
)
from importers.radicals import EQUIVALENT_UNIFIED_IDEOGRAPH
from importers.readers.seedtext import read_seed_text

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

RADICAL_BLOCKS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement + Kangxi Radicals
ASSIGNED_RADICALS = [chr(c) for c in RADICAL_BLOCKS if unicodedata.name(chr(c), "")]
FULL_WIDTH_ALNUM = [
    chr(c) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)
]
HALF_WIDTH_KANA = [chr(c) for c in range(0xFF65, 0xFFA0)]
COMPAT_IDEOGRAPHS = [
    chr(c)
    for c in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]
    if unicodedata.name(chr(c), "") and unicodedata.normalize("NFKC", chr(c)) != chr(c)
]


def test_the_issue_examples() -> None:
    assert normalise("⽀援") == "支援"  # Kangxi radical (NFKC knows it)
    assert normalise("⻑寿") == "長寿"  # CJK radical supplement (NFKC does not)
    assert unicodedata.normalize("NFKC", "⻑") == "⻑"
    assert normalise("ＦＡＸ：０９４２") == "FAX：0942"  # letters and digits folded, 「：」 kept
    assert normalise("ｾﾝﾀｰ ｶﾞｲﾄﾞ") == "センター ガイド"
    assert normalise("（内線315）①～") == "（内線315）①～"  # Japanese punctuation keeps its width


def test_every_radical_becomes_its_ideograph() -> None:
    for code, target_code in EQUIVALENT_UNIFIED_IDEOGRAPH.items():
        target = chr(target_code)
        assert normalise(chr(code)) == target, hex(code)
        assert 0x3400 <= target_code <= 0x9FFF or 0x20000 <= target_code <= 0x323AF  # a unified ideograph
        # Where NFKC folds the radical too, it agrees with the UCD table.
        assert unicodedata.normalize("NFKC", chr(code)) in (chr(code), target), hex(code)


def test_no_radical_is_left_but_the_one_without_an_equivalent() -> None:
    left = [ch for ch in ASSIGNED_RADICALS if normalise(ch) == ch]
    assert left == ["\u2e80"]  # CJK RADICAL REPEAT has no unified ideograph
    assert len(EQUIVALENT_UNIFIED_IDEOGRAPH) == len(ASSIGNED_RADICALS) - 1


def test_every_width_and_compatibility_form_is_folded_as_nfkc_folds_it() -> None:
    for ch in FULL_WIDTH_ALNUM + HALF_WIDTH_KANA + COMPAT_IDEOGRAPHS:
        assert normalise(ch) == unicodedata.normalize("NFKC", ch), hex(ord(ch))


def test_every_symbol_font_bullet() -> None:
    for code, glyph in SYMBOL_FONT_GLYPHS.items():
        assert normalise(chr(code)) == glyph
        assert is_bullet_glyph(glyph) and is_bullet_glyph(chr(code))
        assert split_list_marker(f"{chr(code)}\t相談支援") == (BULLET, "相談支援")


def test_every_bullet_glyph_is_a_list_marker() -> None:
    for glyph in BULLET_GLYPHS:
        assert split_list_marker(f"{glyph} 地域包括支援センター") == (BULLET, "地域包括支援センター"), glyph
        assert split_list_marker(f"- {glyph}地域包括支援センター")[0] == BULLET, glyph


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- ・相談支援", (BULLET, "相談支援")),
        ("-・相談支援", (BULLET, "相談支援")),
        ("- 相談支援", (BULLET, "相談支援")),
        ("* 相談支援", (BULLET, "相談支援")),
        ("** 相談支援", (BULLET, "相談支援")),
        ("\ue000相談支援", (BULLET, "相談支援")),  # any private-use glyph
        ("**包括的相談支援事業**において", (None, "**包括的相談支援事業**において")),  # Markdown bold
        ("社会・障がい者福祉課", (None, "社会・障がい者福祉課")),  # a 中黒 inside a name
        ("・", (None, "・")),  # a marker alone is no item
        ("097-582-1111", (None, "097-582-1111")),
    ],
)
def test_list_markers(line: str, expected: tuple) -> None:
    assert split_list_marker(line) == expected


@given(st.text(max_size=200))
@SETTINGS
def test_normalise_is_total_and_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert not any(0x2E81 <= ord(ch) <= 0x2FDF and unicodedata.name(ch, "") for ch in once)
    assert not any(ch in "".join(FULL_WIDTH_ALNUM) for ch in once)


_JAPANESE = st.text(
    alphabet=st.characters(
        include_characters="（）：～①、。「」・ー〒※【】",
        categories=["Lo"],
        min_codepoint=0x3041,
        max_codepoint=0x9FFF,
    ),
    max_size=80,
)


@given(_JAPANESE)
@SETTINGS
def test_ordinary_japanese_is_left_alone(text: str) -> None:
    assert normalise(text) == text


@given(st.text(max_size=80))
@SETTINGS
def test_split_list_marker_is_total(line: str) -> None:
    marker, item = split_list_marker(line)
    assert marker in (None, BULLET)
    if marker is None:
        assert item == line
    else:
        assert item and item.strip() == item.lstrip(" \t\u3000") or item


def test_the_seed_reader_normalises() -> None:
    blocks = read_seed_text("⻑寿⽀援課\n\n・地域包括⽀援センター\n\n●重層的支援体制\n")
    assert [(b.text, b.bullet) for b in blocks] == [
        ("長寿支援課", False),
        ("地域包括支援センター", True),
        ("●重層的支援体制", False),
    ]
