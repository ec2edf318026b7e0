"""The eleven consultation categories. Plain data so that importers and search can use it without Django models."""

from typing import NamedTuple


class CategoryDef(NamedTuple):
    slug: str
    name: str
    icon: str
    order: int


CATEGORIES: tuple[CategoryDef, ...] = (
    CategoryDef("keizai", "経済", "coin", 1),
    CategoryDef("kenko", "健康・医療", "heart", 2),
    CategoryDef("koreisha", "高齢者", "cane", 3),
    CategoryDef("shogai", "障がい", "hand", 4),
    CategoryDef("kodomo", "子ども・子育て", "child", 5),
    CategoryDef("dv", "DV", "shield", 6),
    CategoryDef("shigoto", "仕事", "briefcase", 7),
    CategoryDef("sumai", "住まい", "house", 8),
    CategoryDef("hikikomori", "ひきこもり", "door", 9),
    CategoryDef("kankyo", "環境", "leaf", 10),
    CategoryDef("jinken", "人権", "people", 11),
)

BY_SLUG = {c.slug: c for c in CATEGORIES}
BY_NAME = {c.name: c for c in CATEGORIES}
