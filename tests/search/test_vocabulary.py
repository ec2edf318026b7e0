"""The domain vocabulary: reviewed data, analysed with the same analyzer, editor-extensible."""

from pathlib import Path

import pytest

from directory.categories import BY_SLUG
from search.analyzer import analyze_document, analyze_query
from search.models import VocabularyEntry
from search.vocabulary import file_rows, get_vocabulary, parse_tsv

FIXTURES = Path(__file__).parent / "fixtures"


def concepts(query: str) -> tuple[str, ...]:
    return analyze_query(query).concepts


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("借金", "多重債務"),
        ("借金が返せない", "多重債務"),
        ("ローンが払えない", "多重債務"),
        ("夫に殴られる", "DV"),
        ("恋人から暴力", "DV"),
        ("ＤＶ", "DV"),
        ("息子が部屋から出てこない", "ひきこもり"),
        ("学校に行けない", "不登校"),
        ("いじめられている", "いじめ"),
        ("近所のゴミがひどい", "ごみ屋敷"),
        ("仕事が見つからない", "就労"),
        ("家を追い出されそう", "住まいの確保"),
        ("認知症の親", "認知症"),
        ("差別を受けた", "差別"),
        ("お金に困っている", "生活困窮"),
        ("家族を介護していて疲れた", "介護"),
        ("こころの病気", "精神疾患"),
        ("シングルマザー", "ひとり親"),
        ("国保", "国民健康保険"),
        ("しゃっきん", "多重債務"),  # kana the tokenizer mis-splits, matched by reading
    ],
)
def test_resident_phrasings_reach_concepts(query, concept):
    assert concept in concepts(query)


def test_no_blind_synonym_expansion():
    # Sudachi's general synonym group for 介護 contains 介錯; the curated vocabulary never goes there.
    tokens = analyze_query("介護").tokens()
    assert not any("介錯" in t for t in tokens)
    assert "多重債務" not in concepts("介護")


def test_unrelated_words_expand_to_nothing():
    assert concepts("今日の天気") == ()


def test_documents_get_concept_tokens_from_their_wording():
    assert "@c:ごみ屋敷" in analyze_document("環境問題に関すること(公害、放置ゴミ等)")
    assert "@c:DV" in analyze_document("配偶者や恋人からの暴力に関すること")


def test_expansions_weigh_less_than_the_residents_words():
    query = analyze_query("借金")
    assert query.weights["借金"] == 1.0
    assert 0 < query.weights["@c:多重債務"] < 1.0
    assert query.weights["@cat:keizai"] < query.weights["@c:多重債務"]


def test_shipped_vocabulary_is_clean_and_covers_every_category():
    rows, problems = file_rows()
    assert problems == []
    vocabulary = get_vocabulary()
    assert vocabulary.problems == []
    assert 60 <= len(vocabulary) <= 150
    used = {slug for concept in vocabulary.concepts.values() for slug in concept.categories}
    assert used == set(BY_SLUG), set(BY_SLUG) ^ used
    for concept in vocabulary.concepts.values():
        assert concept.categories, concept.name
        assert set(concept.categories) <= set(BY_SLUG), concept.name


@pytest.mark.parametrize("generic", ["家", "生活", "相談", "支援", "食べる", "子供", "問題"])
def test_no_phrase_collapses_to_a_generic_word(generic):
    # 「家がない」 once became the phrase 家 (ない is a stopword) and tagged every page mentioning 家.
    assert (generic,) not in get_vocabulary()._phrases


def test_faulty_file_reports_problems_without_raising():
    rows, problems = parse_tsv((FIXTURES / "vocabulary_faulty.tsv").read_text(encoding="utf-8"), "faulty.tsv")
    assert [r.concept for r in rows] == ["多重債務", "ごみ屋敷", "助詞だけ"]
    assert rows[1].phrases == ("ゴミ屋敷", "放置ゴミ")
    assert len(problems) == 2


@pytest.mark.django_db
def test_admin_entries_extend_the_vocabulary_at_once():
    assert "こもりびと支援" not in concepts("ゲームばかりしている")
    entry = VocabularyEntry.objects.create(
        concept="こもりびと支援", categories="hikikomori", phrases="ゲームばかりしている\n昼夜逆転"
    )
    assert "こもりびと支援" in concepts("ゲームばかりしている")
    assert "@cat:hikikomori" in analyze_query("昼夜逆転").tokens()
    entry.active = False
    entry.save()
    assert "こもりびと支援" not in concepts("ゲームばかりしている")
    entry.delete()


@pytest.mark.django_db
def test_admin_lists_and_adds_vocabulary(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.jp", "pw")
    client.force_login(user)
    VocabularyEntry.objects.create(concept="こもりびと支援", categories="hikikomori", phrases="昼夜逆転")
    listing = client.get("/admin/snippets/search/vocabularyentry/")
    assert listing.status_code == 200
    assert "こもりびと支援" in listing.content.decode()
    response = client.post(
        "/admin/snippets/search/vocabularyentry/add/",
        {
            "concept": "ヤングケアラー支援",
            "categories": "kodomo",
            "phrases": "弟の世話で学校に行けない",
            "active": "on",
        },
    )
    assert response.status_code == 302
    # Saved, not approved: a draft revision the analyser does not read until it is published.
    assert "ヤングケアラー支援" not in concepts("弟の世話で学校に行けない")
    entry = VocabularyEntry.objects.get(concept="ヤングケアラー支援")
    assert not entry.live and entry.latest_revision is not None
    response = client.post(
        f"/admin/snippets/search/vocabularyentry/edit/{entry.pk}/",
        {
            "concept": "ヤングケアラー支援",
            "categories": "kodomo",
            "phrases": "弟の世話で学校に行けない",
            "active": "on",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    assert "ヤングケアラー支援" in concepts("弟の世話で学校に行けない")
