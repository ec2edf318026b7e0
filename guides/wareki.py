"""Japanese era (和暦) helpers for fiscal years. Public bodies write years as 令和7年度; the API and charts need 2025."""

import re
import unicodedata

ERAS: tuple[tuple[str, str, int], ...] = (
    # (name, abbreviation, western year of era year 1)
    ("令和", "R", 2019),
    ("平成", "H", 1989),
    ("昭和", "S", 1926),
)

_ERA_YEAR = re.compile(r"(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})")


def to_western(era_text: str) -> int | None:
    """令和7年度 / R7 / 平成31 → 2025 / 2025 / 2019. Returns None when no era year is found."""
    text = unicodedata.normalize("NFKC", era_text)
    match = _ERA_YEAR.search(text)
    if not match:
        return None
    era, number = match.groups()
    year = 1 if number == "元" else int(number)
    for name, abbr, base in ERAS:
        if era in (name, abbr):
            return base + year - 1
    return None


def to_wareki(year: int) -> str:
    """2025 → 令和7年; 2019 → 令和元年 (the era that was in force for most of the fiscal year)."""
    for name, _abbr, base in ERAS:
        if year >= base:
            number = year - base + 1
            return f"{name}{'元' if number == 1 else number}年"
    return f"{year}年"


def fiscal_year_label(year: int) -> str:
    """2025 → 令和7年度（2025年度）."""
    return f"{to_wareki(year)}度（{year}年度）"
