"""English and romaji queries (search.foreign) reach the same concepts as Japanese ones."""

import pytest

from search.analyzer import analyze_query
from search.foreign import english_tokens, split_latin
from search.vocabulary import file_rows, get_vocabulary


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("I feel depressed and want to talk to someone", "精神疾患"),
        ("I have debts I cannot pay back", "多重債務"),
        ("My child does not go to school", "不登校"),
        ("shakkin ga kaesenai", "多重債務"),
        ("kaigo hoken shinsei", "介護保険"),
        ("ninchishou no haha", "認知症"),
        ("hoikuen ni iretai", "保育"),
    ],
)
def test_english_and_romaji_name_concepts(query, concept):
    assert concept in analyze_query(query).concepts


def test_english_negation_is_kept():
    assert "@neg" in english_tokens("does not go to school")
    assert "不登校" not in analyze_query("nursery school application").concepts


def test_short_words_follow_their_neighbours():
    assert split_latin("ninchishou no haha").japanese == "にんちしょう の はは"
    assert split_latin("My child does not go to school").romaji == ()
    # Acronyms stay in Japanese text.
    assert split_latin("DVの相談", frozenset({"dv"})).japanese == "DVの相談"


def test_hiragana_okane_is_not_dv():
    # 夫がお金をくれない (DV) holds the compound お金; its reading must not name DV on its own.
    assert "DV" not in analyze_query("おかねがない").concepts
    assert "DV" not in analyze_query("okane ga nai").concepts


def test_every_concept_has_a_reviewed_english_label():
    rows, _ = file_rows()
    vocabulary = get_vocabulary()
    missing = sorted({row.concept for row in rows if not vocabulary.concepts[row.concept].english_label})
    assert not missing
