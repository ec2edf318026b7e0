"""The eleven consultation categories. Plain data so that importers and search can use it without Django models."""

from typing import NamedTuple


class CategoryDef(NamedTuple):
    slug: str
    name: str
    icon: str
    order: int
    easy: str = (
        ""  # the name in やさしい日本語 (kana, short words, spaces between phrases), shown beside the name
    )
    english: str = ""  # the reviewed English name, shown to residents who read English


CATEGORIES: tuple[CategoryDef, ...] = (
    CategoryDef("keizai", "経済", "coin", 1, "おかね・くらし", "Money and living costs"),
    CategoryDef("kenko", "健康・医療", "heart", 2, "からだ・こころ・びょういん", "Health and medical care"),
    CategoryDef("koreisha", "高齢者", "cane", 3, "おとしより", "Older people and care"),
    CategoryDef("shogai", "障がい", "hand", 4, "しょうがいの ある 人", "Disability"),
    CategoryDef("kodomo", "子ども・子育て", "child", 5, "こども・こそだて", "Children and parenting"),
    CategoryDef("dv", "DV", "shield", 6, "パートナーからの ぼうりょく", "Domestic violence"),
    CategoryDef("shigoto", "仕事", "briefcase", 7, "しごと", "Work and jobs"),
    CategoryDef("sumai", "住まい", "house", 8, "すむ ところ", "Housing"),
    CategoryDef(
        "hikikomori", "ひきこもり", "door", 9, "いえから でられない", "Social withdrawal (hikikomori)"
    ),
    CategoryDef(
        "kankyo", "環境", "leaf", 10, "ごみ・まわりの かんきょう", "Environment, waste and neighbourhood"
    ),
    CategoryDef(
        "jinken", "人権", "people", 11, "さべつ・いじめ・人の けんり", "Human rights and discrimination"
    ),
)

BY_SLUG = {c.slug: c for c in CATEGORIES}
BY_NAME = {c.name: c for c in CATEGORIES}
