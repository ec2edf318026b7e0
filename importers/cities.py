"""The demo cities' reference data (data/cities.json): slug, name, prefecture, 全国地方公共団体コード, seed file."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data"
SEEDS_DIR = DATA_DIR / "seeds"


@dataclass(frozen=True)
class CityInfo:
    slug: str
    name: str
    name_kana: str
    prefecture: str
    code: str
    area_code: str
    website: str
    seed: str

    @property
    def seed_path(self) -> Path:
        return SEEDS_DIR / self.seed


@cache
def demo_cities() -> tuple[CityInfo, ...]:
    data = json.loads((DATA_DIR / "cities.json").read_text(encoding="utf-8"))
    return tuple(CityInfo(**entry) for entry in data["cities"])


def city_info(slug: str) -> CityInfo | None:
    return next((c for c in demo_cities() if c.slug == slug), None)
