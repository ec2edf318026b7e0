"""Who is hurt: telling elder abuse, child abuse, abuse of a disabled person and DV apart.

The words of violence (叩かれる, 殴られる, 怒鳴られる, 暴力, 手をあげる) appear in several concepts, and partner
violence (DV) is their most common sense. When the query says who is hurt, only the concept of that victim is
kept: 「隣のおばあちゃんが息子に叩かれている」 is 高齢者虐待, 「近所の子どもが毎晩怒鳴られている」 and 「親から叩かれてる」
are 児童虐待, 「施設で障害のある弟が叩かれている」 is 障害者虐待, 「夫に殴られる」 and 「母が父に殴られている」 stay DV.

Roles come from the particle after each person word and the voice of the sentence: in a passive sentence
(叩かれる) the one before に/から did it and the others were hurt; in an active one (叩く, 手をあげる) the one before
が/は did it and the one before を/に was hurt. Role words are normalised forms as the analyzer produces them
(おばあちゃん → 婆, 子ども → 子供).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ROLE_WORDS: dict[str, frozenset[str]] = {
    "elder": frozenset(
        [
            "婆",
            "爺",
            "祖母",
            "祖父",
            "年寄り",
            "老人",
            "高齢",
            "高齢者",
            "老親",
            "姑",
            "舅",
            "要介護",
            "寝たきり",
            "70代",
            "80代",
            "90代",
        ]
    ),
    "child": frozenset(
        [
            "子供",
            "子",
            "児童",
            "赤ちゃん",
            "乳児",
            "幼児",
            "小学生",
            "中学生",
            "高校生",
            "生徒",
            "孫",
            "園児",
            "小学",
            "中学",
            "高校",
            "少年",
            "少女",
        ]
    ),
    "disabled": frozenset(["障害", "障害者", "障害児", "知的障害", "精神障害", "身体障害"]),
    "partner": frozenset(
        [
            "夫",
            "妻",
            "旦那",
            "彼氏",
            "恋人",
            "パートナー",
            "配偶",
            "配偶者",
            "元夫",
            "元妻",
            "交際相手",
            "主人",
            "嫁",
        ]
    ),
    "parent": frozenset(["親", "父", "母", "父親", "母親", "継父", "継母", "義父", "義母", "両親"]),
    "offspring": frozenset(["息子", "娘", "長男", "長女", "次男", "次女", "せがれ"]),
}
ABUSE_CONCEPTS = {"DV": "partner", "高齢者虐待": "elder", "児童虐待": "child", "障害者虐待": "disabled"}
CONCEPT_FOR = {role: concept for concept, role in ABUSE_CONCEPTS.items()}
# Abuse of an adult who is not a partner: there DV windows (women's and partner-violence consultation) are the wrong
# place. Not child abuse: the 家庭児童相談 windows that take it are often filed under DV as well.
ADULT_NON_PARTNER_ABUSE = frozenset({"高齢者虐待", "障害者虐待"})
# Concepts that make a parent who is hurt an elder (介護している母を叩いてしまう).
ELDER_CONTEXT = frozenset({"介護", "認知症", "高齢者の相談", "介護保険"})

# Words of violence that say someone is hurt even where no vocabulary phrase of an abuse concept matched.
VIOLENCE_WORDS = frozenset(["叩く", "殴る", "蹴る", "怒鳴る", "暴力", "虐待", "暴言", "突き飛ばす", "抓る"])
_PASSIVE = frozenset({"れる", "られる"})
_DATIVE = frozenset({"に", "から", "より"})
_SUBJECT = frozenset({"が", "は", "も"})
_OBJECT = frozenset({"を"})


def _role(norm: str) -> str | None:
    for role, words in ROLE_WORDS.items():
        if norm in words:
            return role
    return None


def parties(morphs: Sequence[Any]) -> tuple[set[str], set[str]]:
    """(roles hurt, roles that did it) in a query (analyzer.Morph items)."""
    passive = any(m.pos == "助動詞" and m.surface in {"れ", "られ", "れる", "られる"} for m in morphs) or any(
        m.norm in _PASSIVE for m in morphs
    )
    victims: set[str] = set()
    actors: set[str] = set()
    for index, m in enumerate(morphs):
        role = _role(m.norm)
        if role is None:
            continue
        following = [x for x in morphs[index + 1 : index + 4] if not x.is_affix]
        marker = following[0].surface if following else ""
        if passive:
            (actors if marker in _DATIVE else victims).add(role)
        elif marker in _SUBJECT:
            actors.add(role)
        else:
            victims.add(role)
    return victims, actors


def victim(concepts: Sequence[str], morphs: Sequence[Any]) -> str | None:
    """The role of the one who is hurt, when the query tells it."""
    victims, actors = parties(morphs)
    for role in ("elder", "disabled", "child"):
        if role in victims:
            return role
    if "parent" in victims:
        if ELDER_CONTEXT & set(concepts) or actors & {"offspring"}:
            return "elder"  # 「息子が親に手をあげている」「介護している母を叩いてしまう」
        if actors & {"parent", "partner"}:
            return "partner"  # 「母が父に殴られている」
    if actors & {"parent"} and not victims - {"offspring", "child"}:
        return "child"  # 「親から叩かれてる」: the one who writes is the child
    if "partner" in victims | actors:
        return "partner"
    return None


def victim_concept(concepts: Sequence[str], morphs: Sequence[Any]) -> list[str]:
    """The concepts with the abuse concepts narrowed to the one of the victim the query names."""
    fired = [c for c in concepts if c in ABUSE_CONCEPTS]
    if not fired and not _violent(morphs):
        return list(concepts)
    role = victim(concepts, morphs)
    if role is None:
        return list(concepts)
    target = CONCEPT_FOR[role]
    if not fired:
        return [*concepts, target]  # 「父に手をあげてしまいそう」 names no abuse phrase but says who is hurt
    return list(dict.fromkeys(target if c in ABUSE_CONCEPTS else c for c in concepts))


def _violent(morphs: Sequence[Any]) -> bool:
    norms = {m.norm for m in morphs}
    return bool(norms & VIOLENCE_WORDS) or {"手", "上げる"} <= norms
