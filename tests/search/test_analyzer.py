"""The analyzer: one pipeline for documents and queries. No database needed."""

import re
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analyzer import (
    MAX_QUERY_LENGTH,
    analyze_document,
    analyze_query,
    highlight_spans,
    highlight_terms,
    normalize_text,
)

LEXEME = re.compile(r"^(?:r:|@c:|@cat:)?[\w]+$")


def doc_tokens(text: str) -> set[str]:
    return set(analyze_document(text))


def matches(query: str, document: str) -> bool:
    return bool(set(analyze_query(query).tokens()) & doc_tokens(document))


@pytest.mark.parametrize(
    "variants",
    [
        ["ひきこもり", "引きこもり", "引き籠もり"],
        ["こども", "子ども", "子供"],
        ["障がい", "障害"],
        ["ＤＶ", "DV", "dv", "Ｄｖ"],
        ["ごみ", "ゴミ"],
    ],
)
def test_spelling_variants_share_a_token(variants):
    token_sets = [set(analyze_document(v, readings=False, concepts=False)) for v in variants]
    assert set.intersection(*token_sets), token_sets


def test_fine_grained_split_finds_compounds():
    # Mode A splits 要介護認定, so the query 介護 reaches it.
    assert "介護" in doc_tokens("要介護認定の申請")
    assert matches("介護", "要介護認定の申請")


def test_mode_c_compound_is_indexed_too():
    tokens = doc_tokens("生活困窮、生活保護に関すること")
    assert {"生活", "保護", "生活保護"} <= tokens
    query = analyze_query("生活保護")
    assert any(g.kind == "compound" and "生活保護" in g.tokens() for g in query.groups)


def test_particles_and_generic_words_are_dropped():
    assert analyze_document("に関すること", readings=False, concepts=False) == []
    tokens = analyze_document("借金が返せないため", readings=False, concepts=False)
    assert "が" not in tokens and "ため" not in tokens and "為" not in tokens
    assert "借金" in tokens


def test_latin_is_lowercased_and_width_folded():
    assert "lgbt" in doc_tokens("ＬＧＢＴの相談")
    assert "dv" in analyze_query("ＤＶ").tokens()


def test_kana_query_matches_kanji_through_readings():
    # Sudachi cannot parse ふとうこう, but the reading of the kana run meets the reading of 不登校.
    query = analyze_query("ふとうこう")
    assert "r:フトウコウ" in query.tokens()
    assert "r:フトウコウ" in doc_tokens("いじめ、不登校等")
    assert matches("こうがい", "環境問題(公害、放置ゴミ等)")


def test_readings_weigh_less_than_the_original_word():
    query = analyze_query("しごと")
    assert query.weights["仕事"] == 1.0
    assert query.weights.get("r:シゴト", 0) < 1.0


def test_query_is_normalised_and_truncated():
    query = analyze_query("ＤＶ　" + "あ" * 500)
    assert query.truncated
    assert len(query.text) == MAX_QUERY_LENGTH
    assert query.text.startswith("DV ")
    assert not analyze_query("DV").truncated


def test_normalize_text_strips_control_characters():
    assert normalize_text("介護\x00保険\u200b\t\n") == "介護 保険"


def test_highlight_terms_are_surface_strings():
    assert highlight_terms("借金が返せない") == ["借金", "返せ"]


def test_highlight_spans_follow_tokens_not_strings():
    text = "健康、精神疾患、子ども発育発達"
    spans = highlight_spans(text, analyze_query("こどもの発達"))
    marked = " ".join(normalize_text(text)[a:b] for a, b in spans)
    assert "子ども" in marked and "発達" in marked
    assert "健康" not in marked and "精神" not in marked


@pytest.mark.parametrize(
    "hostile",
    [
        "あ" * 60_000,
        "借金" * 30_000,
        "\x00\x01\x02\x1f\x7f" * 1000,
        "、。！？・（）「」…" * 500,
        '"' * 1000,
        "a:" * 5000,
        "\u200b\ufeff" * 2000,
        "𠮷野家🍣" * 3000,
        "",
        "   ",
    ],
)
def test_hostile_input_is_fast_and_safe(hostile):
    started = time.perf_counter()
    query = analyze_query(hostile)
    assert time.perf_counter() - started < 1.0
    assert len(query.text) <= MAX_QUERY_LENGTH
    for token in query.tokens():
        assert LEXEME.match(token), token


def test_long_documents_are_analysed_in_chunks():
    text = "生活困窮に関すること。" * 6000  # 66,000 characters, over Sudachi's per-call input limit
    started = time.perf_counter()
    tokens = analyze_document(text)
    assert time.perf_counter() - started < 10
    assert tokens.count("困窮") == 6000


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_analyses_into_lexeme_safe_tokens(text):
    for token in analyze_document(text):
        assert LEXEME.match(token), token
    for token in analyze_query(text).tokens():
        assert LEXEME.match(token), token


def test_analyzer_is_thread_safe():
    errors = []
    expected = analyze_query("息子が部屋から出てこない").tokens()

    def work():
        try:
            for _ in range(50):
                assert analyze_query("息子が部屋から出てこない").tokens() == expected
        except Exception as exc:  # collected for the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
