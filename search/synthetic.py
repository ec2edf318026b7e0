"""A synthetic national corpus of consultation windows, shared by the search and site benchmarks.

Topics carry the spelling variants real municipal pages use ({a|b} picks one at random), so the analyser's
normalisation matters as it does on real pages. Reproducible from a seed; never shown to residents.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from search.registry import (
    WEIGHT_BODY,
    WEIGHT_CATEGORY,
    WEIGHT_ORGANISATION,
    WEIGHT_TITLE,
    WEIGHT_TOPICS,
    SearchDocument,
)

# Topics per category with the spelling variants real municipal pages use; {a|b} picks one at random.
TOPICS: dict[str, list[str]] = {
    "keizai": [
        "生活困窮に関すること",
        "多重債務・借金の相談",
        "消費生活相談(悪質商法・架空請求)",
        "税金の納付相談",
        "生活保護の申請",
        "国民健康保険税",
        "水道料金のお支払い",
    ],
    "kenko": [
        "こころの健康相談(うつ、依存症等)",
        "{子ども|こども|子供}の発達相談",
        "難病・小児慢性特定疾病",
        "健康診断・がん検診",
        "妊娠・出産・産後の相談",
    ],
    "koreisha": [
        "高齢者の総合相談",
        "介護保険の申請・要介護認定",
        "認知症の相談",
        "高齢者虐待の通報",
        "成年後見制度の利用",
    ],
    "shogai": [
        "{障害|障がい|障碍}福祉サービス",
        "{障害|障がい}者手帳の交付",
        "{障害|障がい}者の就労支援",
        "発達{障害|障がい}の相談",
    ],
    "kodomo": [
        "子育ての不安・悩み",
        "児童虐待の通告",
        "ひとり親家庭の支援",
        "不登校・いじめの相談",
        "ヤングケアラーの相談",
    ],
    "dv": ["{DV|ＤＶ|配偶者からの暴力}の相談", "女性相談", "性暴力被害の相談"],
    "shigoto": ["就労支援・{仕事|しごと}の相談", "若者の就労相談", "職業訓練の案内"],
    "sumai": ["市営住宅の入居", "住まいの確保(住居確保給付金)", "空き家の相談"],
    "hikikomori": [
        "{ひきこもり|引きこもり|引き籠もり}の相談",
        "{ひきこもり|引きこもり}地域支援センター",
        "居場所づくり",
    ],
    "kankyo": ["{ごみ|ゴミ}屋敷・不法投棄", "公害・騒音・悪臭", "ペット・多頭飼育"],
    "jinken": ["人権相談", "部落差別・同和問題", "外国人相談", "LGBTの相談"],
}
ORGANISATIONS = [
    "福祉課",
    "社会福祉協議会",
    "地域包括支援センター",
    "子育て支援課",
    "健康増進課",
    "消費生活センター",
    "高齢者支援課",
    "障がい福祉課",
    "保険年金課",
    "環境課",
    "人権推進課",
    "建設課",
    "生活自立支援センター",
    "こども家庭センター",
]
BODIES = [
    "月曜日から金曜日 8時30分から17時15分まで(祝日・年末年始を除く)。",
    "電話でもご相談いただけます。秘密は守ります。",
    "専門の相談員がお話を伺います。予約制です。",
    "",
]
QUERIES = [
    "仕事",
    "借金",
    "DV",
    "介護",
    "ひきこもり",
    "生活保護",
    "息子が部屋から出てこない",
    "夫に殴られる",
    "お金に困っている",
    "子どもの発達",
    "ごみ屋敷",
    "障害者の就労",
    "いじめられている",
    "家を追い出されそう",
    "認知症の親",
    "しゃっきん",
]


def variant(text: str, rng: random.Random) -> str:
    while "{" in text:
        start = text.index("{")
        end = text.index("}", start)
        text = text[:start] + rng.choice(text[start + 1 : end].split("|")) + text[end + 1 :]
    return text


@dataclass(frozen=True)
class SyntheticWindow:
    city: str  # slug: city0000 …
    number: int  # 0 … per_city - 1 within its city
    title: str
    topics: list[str]
    organisation: str
    categories: list[str]  # category slugs, sorted
    body: str
    phone: str


def city_slug(index: int) -> str:
    return f"city{index:04d}"


def synthetic_windows(cities: int, per_city: int, seed: int = 1) -> Iterator[SyntheticWindow]:
    rng = random.Random(seed)  # noqa: S311 — reproducible corpus, not security
    categories = list(TOPICS)
    for c in range(cities):
        city = city_slug(c)
        for w in range(per_city):
            cats = [rng.choice(categories)]
            if rng.random() < 0.2:
                cats.append(rng.choice(categories))
            topics = [variant(rng.choice(TOPICS[cat]), rng) for cat in cats for _ in range(rng.randint(1, 2))]
            organisation = rng.choice(ORGANISATIONS)
            body = rng.choice(BODIES)
            phone = f"0{rng.randint(100, 999)}-00-{w:04d}"
            yield SyntheticWindow(city, w, topics[0], topics, organisation, sorted(set(cats)), body, phone)


def synthetic_documents(cities: int, per_city: int, seed: int = 1) -> Iterator[SearchDocument]:
    for window in synthetic_windows(cities, per_city, seed):
        yield SearchDocument(
            kind="window",
            key=f"window:{window.city}:{window.number}",
            title=window.title,
            url=f"/{window.city}/soudan/{window.number}/",
            city=window.city,
            categories=window.categories,
            fields=[
                (window.title, WEIGHT_TITLE),
                ("、".join(window.topics), WEIGHT_TOPICS),
                (window.organisation, WEIGHT_ORGANISATION),
                (" ".join(window.categories), WEIGHT_CATEGORY),
                (window.body, WEIGHT_BODY),
            ],
            payload={"organisation": window.organisation, "phones": [{"number": window.phone}]},
        )
