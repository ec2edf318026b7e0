"""Victim-aware violence (search.roles) and weak query tokens."""

import pytest

from search.analyzer import WEIGHT_WEAK, analyze_query


@pytest.mark.parametrize(
    ("query", "concept", "not_concept"),
    [
        ("隣のおばあちゃんが息子に叩かれているみたい", "高齢者虐待", "DV"),
        ("介護している父が母を怒鳴ったり叩いたりしている", "高齢者虐待", "DV"),
        ("息子が親に手をあげている", "高齢者虐待", "児童虐待"),
        ("近所の子どもが毎晩怒鳴られて泣いている", "児童虐待", "DV"),
        ("親から叩かれてる。家に帰りたくない", "児童虐待", "高齢者虐待"),
        ("障がいのある人が施設でたたかれている", "障害者虐待", "DV"),
        ("夫に殴られる", "DV", "児童虐待"),
        ("母が父に殴られている", "DV", "児童虐待"),
    ],
)
def test_violence_follows_the_victim(query, concept, not_concept):
    concepts = analyze_query(query).concepts
    assert concept in concepts and not_concept not in concepts


def test_no_victim_keeps_dv():
    concepts = analyze_query("殴られる").concepts
    assert "DV" in concepts
    assert not {"児童虐待", "高齢者虐待", "障害者虐待"} & set(concepts)


def test_weak_tokens_weigh_little():
    groups = {g.label: g.alternatives[0][1] for g in analyze_query("障がい者手帳を取る前に相談したい").groups}
    assert groups["前"] == WEIGHT_WEAK
    groups = {g.label: g.alternatives[0][1] for g in analyze_query("熱を出した").groups}
    assert groups["出し"] == WEIGHT_WEAK and groups["熱"] > WEIGHT_WEAK


@pytest.mark.parametrize(
    "query", ["施設で祖母が職員に叩かれているみたい", "障がいのある兄が施設で殴られている"]
)
def test_an_adult_victim_who_is_not_a_partner_is_not_steered_to_dv_windows(query):
    analyzed = analyze_query(query)
    assert {"高齢者虐待", "障害者虐待"} & set(analyzed.concepts)
    assert "dv" not in analyzed.categories  # 暴力の危険 (filed only under DV) fired too, and is dropped


def test_a_child_victim_keeps_the_dv_category():
    # 家庭児童相談 windows take child abuse and are often filed under DV as well.
    assert "dv" in analyze_query("近所の子どもが毎晩殴られている").categories


def test_a_business_money_worry():
    analyzed = analyze_query("店の資金繰りが苦しい")
    assert analyzed.business and "事業の経営" in analyzed.concepts
    assert not analyze_query("店の前で転んだ").business
