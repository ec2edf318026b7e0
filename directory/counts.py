"""Facet counts of public windows, read from the WindowCount summary instead of joining every window.

A window counts for a situation when it is tagged with it or filed under one of the situation's categories (the
rule of queries.filter_by_situation). Every change that can move a count marks the affected cities stale
(directory.signals deletes their rows); the next read recounts only those cities (a few queries for ~60 windows),
so pages never depend on a scheduled job and tests see their own writes at once. Changing a situation's categories
marks every city stale: the next read recounts the country (~1–2 s at 100,000 windows), which is rare.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum

from guides.models import CityPage
from guides.prefectures import sort_key as prefecture_order

from .models import Category, ConsultationWindow, Situation, WindowCount

ANY = 0
_CHUNK = 400


def mark_stale(city_ids: Iterable[int]) -> None:
    ids = [i for i in set(city_ids) if i]
    for start in range(0, len(ids), _CHUNK):
        WindowCount.objects.filter(city_id__in=ids[start : start + _CHUNK]).delete()


def mark_all_stale() -> None:
    WindowCount.objects.all().delete()


def stale_city_ids() -> list[int]:
    counted = WindowCount.objects.filter(category=ANY, situation=ANY).values("city_id")
    return list(CityPage.objects.exclude(pk__in=counted).values_list("pk", flat=True))


def ensure_fresh() -> None:
    """Recount the stale cities, if any (one query when none is)."""
    stale = stale_city_ids()
    if stale:
        refresh(stale)


@transaction.atomic
def refresh(city_ids: Iterable[int]) -> None:
    city_ids = sorted(set(city_ids))
    situation_categories: dict[int, set[int]] = defaultdict(set)
    for situation_id, category_id in Situation.categories.through.objects.values_list(
        "situation_id", "category_id"
    ):
        situation_categories[category_id].add(situation_id)
    for start in range(0, len(city_ids), _CHUNK):
        _refresh_chunk(city_ids[start : start + _CHUNK], situation_categories)


def _refresh_chunk(city_ids: list[int], situations_of_category: dict[int, set[int]]) -> None:
    windows = dict(
        ConsultationWindow.objects.filter(
            live=True, organisation__live=True, city__live=True, city_id__in=city_ids
        ).values_list("pk", "city_id")
    )
    categories: dict[int, set[int]] = defaultdict(set)
    tagged: dict[int, set[int]] = defaultdict(set)
    through = ConsultationWindow.categories.through
    for window_id, category_id in through.objects.filter(
        consultationwindow__city_id__in=city_ids
    ).values_list("consultationwindow_id", "category_id"):
        categories[window_id].add(category_id)
    through = ConsultationWindow.situations.through
    for window_id, situation_id in through.objects.filter(
        consultationwindow__city_id__in=city_ids
    ).values_list("consultationwindow_id", "situation_id"):
        tagged[window_id].add(situation_id)

    counts: Counter = Counter()
    for window_id, city_id in windows.items():
        cats = categories.get(window_id, set())
        situations = set(tagged.get(window_id, ()))
        for category_id in cats:
            situations |= situations_of_category.get(category_id, set())
        for category_id in (ANY, *cats):
            for situation_id in (ANY, *situations):
                counts[(city_id, category_id, situation_id)] += 1
    for city_id in city_ids:
        counts.setdefault((city_id, ANY, ANY), 0)  # the total row marks the city as counted, even at zero
    WindowCount.objects.filter(city_id__in=city_ids).delete()
    WindowCount.objects.bulk_create(
        [WindowCount(city_id=c, category=k, situation=s, windows=n) for (c, k, s), n in counts.items()],
        batch_size=2000,
        ignore_conflicts=True,  # a concurrent request recounting the same city wrote the same numbers
    )


def _rows(*, category=None, situation=None, city=None, prefecture: str | None = None):
    ensure_fresh()
    rows = WindowCount.objects.filter(situation=situation.pk if situation else ANY)
    if category is not None:
        rows = rows.filter(category=category.pk)
    if city is not None:
        rows = rows.filter(city=city)
    if prefecture:
        rows = rows.filter(city__prefecture=prefecture)
    return rows


def category_facets(*, city=None, prefecture: str | None = None, situation=None) -> list[Category]:
    """Every category with ``count``: public windows in scope filed under it (zeros included)."""
    rows = (
        _rows(city=city, prefecture=prefecture, situation=situation)
        .exclude(category=ANY)
        .values_list("category")
        .annotate(n=Sum("windows"))
        .order_by()
    )
    counts = dict(rows)
    categories = list(Category.objects.order_by("order"))
    for category in categories:
        category.count = counts.get(category.pk, 0)
    return categories


def total(*, category=None, situation=None, city=None, prefecture: str | None = None) -> int:
    rows = _rows(category=category, situation=situation, city=city, prefecture=prefecture)
    if category is None:
        rows = rows.filter(category=ANY)
    return rows.aggregate(n=Sum("windows"))["n"] or 0


def by_prefecture(*, category=None, situation=None) -> list[tuple[str, int]]:
    """(prefecture, windows) in 全国地方公共団体コード order, for prefectures with live cities."""
    rows = (
        _rows(category=category, situation=situation)
        .filter(category=category.pk if category else ANY, city__live=True)
        .values_list("city__prefecture")
        .annotate(n=Sum("windows"))
        .order_by()
    )
    return sorted(rows, key=lambda row: prefecture_order(row[0]))


def by_city(*, category=None, situation=None, prefecture: str | None = None) -> dict[int, int]:
    """{city id: windows} for the cities in scope."""
    rows = _rows(category=category, situation=situation, prefecture=prefecture).filter(
        category=category.pk if category else ANY
    )
    return dict(rows.values_list("city_id", "windows"))
