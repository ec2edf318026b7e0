"""Text normalisers: the damage they repair, and (with hypothesis) that they are idempotent and never
raise on arbitrary Unicode."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.text import (
    clean_cell,
    extract_footnotes,
    html_fragment_to_lines,
    repair_pdf_damage,
    split_bullets,
    strip_markdown,
)

# Text biased towards what the seeds contain: digits, spaces, Japanese, punctuation and markup.
_ALPHABET = st.sampled_from(
    list("0123456789 ,.%件名カ所\t\n　・、。※^{}<>/-()（）【】abc市部課センター支援")
    + ["<p>", "</p>", "<ul>", "<li>", "<br>", "&lt;p&gt;", "^{※1}", "**", "・ ", " ・"]
)
seed_like = st.lists(_ALPHABET, max_size=40).map("".join)
anything = st.text(max_size=200)
texts = st.one_of(anything, seed_like)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("1 1", "11"),
        ("1 1 件", "11件"),
        ("64. 1%", "64.1%"),
        ("70. 0%", "70.0%"),
        ("226, 650 件", "226,650件"),
        ("1, 020 件", "1,020件"),
        ("24 件／年", "24件／年"),
        ("社会福祉法第 106 条の 6 に規定", "社会福祉法第106条の6に規定"),
        # genuinely separate numbers in prose are left alone
        (
            "第1層協議体 市内全域 1 第2層協議体 市内各圏域 14",
            "第1層協議体 市内全域 1 第2層協議体 市内各圏域 14",
        ),
        ("令和 7 年 と 8 年", "令和 7 年 と 8 年"),
        ("1. はじめに", "1. はじめに"),
    ],
)
def test_repair_pdf_damage(damaged: str, repaired: str) -> None:
    assert repair_pdf_damage(damaged) == repaired


def test_extract_footnotes() -> None:
    assert extract_footnotes("基本型 ^{※1} 事業・拠点") == ("基本型 事業・拠点", ["※1"])
    assert extract_footnotes("日常生活圏域 ^{※2}") == ("日常生活圏域", ["※2"])
    assert extract_footnotes("I型^{※1}：2カ所") == ("I型：2カ所", ["※1"])
    assert extract_footnotes("注記なし") == ("注記なし", [])


@pytest.mark.parametrize(
    ("cell", "clean"),
    [
        ("097-582-\n1298", "097-582-1298"),
        ("三条こもりびと\n支援センター", "三条こもりびと支援センター"),
        ("三条こもりびと 支援センター", "三条こもりびと支援センター"),
        ("委託・ 直営", "委託・直営"),
        ("こども家庭センター cocosumo", "こども家庭センターcocosumo"),
        ("Ministry of Health,\nLabour and Welfare", "Ministry of Health,Labour and Welfare"),
        ("Ministry of\nHealth", "Ministry of Health"),
        ("福祉保健部 地域包括ケア推進課", "福祉保健部 地域包括ケア推進課"),
        ("教育委員会\n子育て支援課", "教育委員会 子育て支援課"),
        ("飯 塚 市", "飯塚市"),
        ("  ", ""),
    ],
)
def test_clean_cell(cell: str, clean: str) -> None:
    assert clean_cell(cell) == clean


def test_html_fragment_to_lines() -> None:
    fragment = (
        '<p>【重層的支援会議】</p> <ul style="list-style-type: none"> ・ プランの適切性の協議 '
        "・ 社会資源の充足状況の把握 等 <p>【支援会議】</p> <ul> ・ 気になる事例の情報提供・情報共有"
    )
    assert html_fragment_to_lines(fragment) == [
        "【重層的支援会議】",
        "プランの適切性の協議",
        "社会資源の充足状況の把握 等",
        "【支援会議】",
        "気になる事例の情報提供・情報共有",
    ]
    assert html_fragment_to_lines("a<br>b<br/>c") == ["a", "b", "c"]
    assert html_fragment_to_lines("<ul><li>一</li><li>二</li></ul>") == ["一", "二"]
    assert html_fragment_to_lines("plain\n\n text ") == ["plain", "text"]


def test_unspaced_bullets_keep_names_with_middle_dots() -> None:
    text = "・地域包括支援センター・飯塚市・嘉麻市・桂川町障がい者基幹相談支援センター・社会・障がい者福祉課"
    assert split_bullets(text) == [
        "地域包括支援センター",
        "飯塚市・嘉麻市・桂川町障がい者基幹相談支援センター",
        "社会・障がい者福祉課",
    ]
    assert split_bullets("・ 高齢者支援課 ・ 社会・障がい者福祉課") == [
        "高齢者支援課",
        "社会・障がい者福祉課",
    ]
    assert split_bullets("社会・障がい者福祉課") == ["社会・障がい者福祉課"]


# --- properties ----------------------------------------------------------------------------------


@SETTINGS
@given(texts)
def test_repair_pdf_damage_is_idempotent(s: str) -> None:
    once = repair_pdf_damage(s)
    assert isinstance(once, str)
    assert repair_pdf_damage(once) == once


@SETTINGS
@given(texts)
def test_extract_footnotes_is_idempotent(s: str) -> None:
    clean, refs = extract_footnotes(s)
    assert all(ref.startswith("※") for ref in refs)
    assert "^{※" not in clean or extract_footnotes(clean)[0] == clean
    assert extract_footnotes(clean) == (clean, [])


@SETTINGS
@given(texts)
def test_clean_cell_is_idempotent(s: str) -> None:
    once = clean_cell(s)
    assert clean_cell(once) == once
    assert "\n" not in once
    assert once == once.strip()


@SETTINGS
@given(texts)
def test_strip_markdown_is_idempotent(s: str) -> None:
    once = strip_markdown(s)
    assert strip_markdown(once) == once


@SETTINGS
@given(texts)
def test_split_bullets_never_raises(s: str) -> None:
    items = split_bullets(s)
    assert all(item and item == item.strip() for item in items)


@SETTINGS
@given(texts)
def test_html_fragment_to_lines_is_idempotent(s: str) -> None:
    lines = html_fragment_to_lines(s)
    assert all(line and line == line.strip() and "\n" not in line for line in lines)
    # Each line is plain text already: reading it again gives it back unchanged.
    assert [again for line in lines for again in html_fragment_to_lines(line)] == lines
    assert html_fragment_to_lines("\n".join(lines)) == lines
