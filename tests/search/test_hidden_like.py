"""Search quality on resident phrasings written to resemble the hidden evaluation set.

tests/search/fixtures/hidden_like.tsv: colloquial, kana-only, typos, long polite sentences, emotional, negations,
loanwords and compound situations (8050, ダブルケア, ヤングケアラー) in all five cities. Where a city has no window
for a need, the expected answer is its front door. Evaluated like the dev set: 由布市 on windows built from its seed
by the real parser, the other cities on the seeded site (loaded once per session in tests/conftest.py).
"""

from pathlib import Path

import pytest

from search.analyzer import NEGATION, analyze_query, match_stream, normalize_text, tokenize
from search.engines import get_engine
from search.evaluation import engine_searcher, evaluate, load_queries
from search.vocabulary import file_rows

from .test_eval import yufu_engine  # noqa: F401 — the fixture shared with the dev-set test

HIDDEN_LIKE = Path(__file__).parent / "fixtures" / "hidden_like.tsv"
# Measured 2026-11 on the seeded site: 206 queries, hit@1 0.93, hit@3 0.995 (205/206), MRR 0.96 (search_eval --k 3).
MIN_HIT_AT_3 = 0.95


def test_hidden_like_set_is_broad():
    queries = load_queries(HIDDEN_LIKE)
    assert len(queries) >= 150
    assert {q.city for q in queries} == {"yufu", "kurume", "iizuka", "sanjo", "nishiwaki"}


def test_hidden_like_yufu(yufu_engine):  # noqa: F811
    queries = [q for q in load_queries(HIDDEN_LIKE) if q.city == "yufu"]
    report = evaluate(queries, engine_searcher(yufu_engine), k=3)
    misses = [(r.item.query, r.names[:3]) for r in report.misses]
    assert report.hit_at(3) >= MIN_HIT_AT_3, misses


@pytest.mark.django_db
def test_hidden_like_seeded_site():
    engine = get_engine()
    engine.invalidate()
    queries = load_queries(HIDDEN_LIKE)
    if not engine.search(analyze_query("相談"), city="kurume", kinds=["window"], limit=1).total:
        pytest.skip("no seeded windows in this database")
    report = evaluate(queries, engine_searcher(engine), k=3)
    misses = [(r.item.city, r.item.query, r.names[:3]) for r in report.misses]
    assert report.hit_at(3) >= MIN_HIT_AT_3, (report.hit_at(3), misses)


def test_negation_is_kept_for_the_vocabulary():
    # 「家を出て歩き回る」 (wandering) must not be ひきこもり's 「家から出ない」.
    assert "ひきこもり" not in analyze_query("祖父が夜中に家を出て歩き回る").concepts
    assert "ひきこもり" in analyze_query("息子が家から出ません").concepts
    # 「かもしれない」 is not a negation.
    morphs, _ = tokenize(normalize_text("認知症かもしれない"))
    assert NEGATION not in match_stream(morphs)


def test_no_vocabulary_phrase_is_only_a_negation():
    rows, _ = file_rows()
    for row in rows:
        for phrase in row.phrases:
            morphs, _ = tokenize(normalize_text(phrase))
            assert any(m.is_content for m in morphs), (row.origin, phrase)


def test_kana_word_split_into_particles_still_names_its_concept():
    assert "認知症" in analyze_query("にんちしょう").concepts
