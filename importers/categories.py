"""Categories guessed from what a page says: headings, window names, topics (official names, aliases, keywords)."""

from __future__ import annotations

from directory.categories import BY_NAME, CATEGORIES
from directory.phones import normalize_text
from importers.parsers.windows import CATEGORY_ALIASES

# Keyword → categories, for headings, names and topics. Categories by their official names come first.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("生活保護", ("keizai",)),
    ("生活困窮", ("keizai",)),
    ("生活支援", ("keizai",)),
    ("債務", ("keizai",)),
    ("借金", ("keizai",)),
    ("消費生活", ("keizai",)),
    ("家計", ("keizai",)),
    ("お金", ("keizai",)),
    ("年金", ("keizai",)),
    ("税", ("keizai",)),
    ("健康", ("kenko",)),
    ("医療", ("kenko",)),
    ("保健", ("kenko",)),
    ("こころ", ("kenko",)),
    ("心の", ("kenko",)),
    ("精神", ("kenko",)),
    ("難病", ("kenko",)),
    ("高齢", ("koreisha",)),
    ("介護", ("koreisha",)),
    ("認知症", ("koreisha",)),
    ("地域包括支援センター", ("koreisha",)),
    ("長寿", ("koreisha",)),
    ("障害", ("shogai",)),
    ("障がい", ("shogai",)),
    ("障碍", ("shogai",)),
    ("子ども", ("kodomo",)),
    ("こども", ("kodomo",)),
    ("子育て", ("kodomo",)),
    ("児童", ("kodomo",)),
    ("妊娠", ("kodomo",)),
    ("出産", ("kodomo",)),
    ("母子", ("kodomo",)),
    ("少年", ("kodomo",)),
    ("不登校", ("kodomo",)),
    ("ヤングケアラー", ("kodomo",)),
    ("DV", ("dv",)),
    ("配偶者", ("dv",)),
    ("暴力", ("dv",)),
    ("仕事", ("shigoto",)),
    ("就労", ("shigoto",)),
    ("就職", ("shigoto",)),
    ("求職", ("shigoto",)),
    ("ハローワーク", ("shigoto",)),
    ("住まい", ("sumai",)),
    ("住宅", ("sumai",)),
    ("住居", ("sumai",)),
    ("ひきこもり", ("hikikomori",)),
    ("引きこもり", ("hikikomori",)),
    ("こもりびと", ("hikikomori",)),
    ("環境", ("kankyo",)),
    ("ごみ", ("kankyo",)),
    ("ゴミ", ("kankyo",)),
    ("公害", ("kankyo",)),
    ("騒音", ("kankyo",)),
    ("人権", ("jinken",)),
    ("差別", ("jinken",)),
)


def guess_categories(*texts: str) -> list[str]:
    """Category slugs named in `texts`: an official name (経済 … 人権) or alias, else keywords; official order."""
    found: set[str] = set()
    for text in texts:
        text = normalize_text(text or "")
        stripped = text.strip(" :・")
        if stripped in BY_NAME:
            found.add(BY_NAME[stripped].slug)
            continue
        if stripped in CATEGORY_ALIASES:
            found.add(CATEGORY_ALIASES[stripped])
            continue
        for category in CATEGORIES:
            if category.name in text:
                found.add(category.slug)
        for keyword, slugs in CATEGORY_KEYWORDS:
            if keyword in text:
                found.update(slugs)
    return [c.slug for c in CATEGORIES if c.slug in found]
