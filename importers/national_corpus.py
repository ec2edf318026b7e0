"""Load search.synthetic's national corpus into the site itself: cities, organisations, windows, phones, hours.

For benchmarks only (``manage.py load_national_corpus``, ``manage.py bench_site``): it writes live rows in bulk,
without revisions or signals, and never touches the real cities. Synthetic cities are spread over the 47
prefectures with 全国地方公共団体コード in a range no real municipality uses (x700–x999 inside each prefecture)
so that they cannot collide with an imported city.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from itertools import groupby

from django.db import transaction

from directory import phones as phone_rules
from directory.models import (
    Category,
    ConsultationWindow,
    Organisation,
    OrganisationPhone,
    WindowHours,
    WindowPhone,
)
from guides.models import CityPage, HomePage, _check_digit
from guides.prefectures import PREFECTURES as ALL_PREFECTURES
from search.synthetic import SyntheticWindow, city_slug, synthetic_windows

PREFECTURES = [p.name for p in ALL_PREFECTURES]
FIRST_SYNTHETIC_CODE = 700  # per prefecture: x700 … x999, 300 synthetic cities at most
BATCH_CITIES = 50


def city_code(index: int) -> str:
    prefecture = index % len(PREFECTURES) + 1
    number = FIRST_SYNTHETIC_CODE + index // len(PREFECTURES)
    if number > 999:
        raise ValueError("at most 14,100 synthetic cities")
    code5 = f"{prefecture:02d}{number:03d}"
    return f"{code5}{_check_digit(code5)}"


def _kana_number(index: int) -> str:
    readings = ["れい", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]
    return "".join(readings[int(d)] for d in f"{index:04d}")


def _phone(number: str) -> tuple[str, str]:
    parsed = phone_rules.parse_phone(number)
    return parsed.e164, parsed.display


def load_national_corpus(
    cities: int,
    per_city: int,
    *,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Create the synthetic cities that do not exist yet, each with its windows. Returns the number created."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("no HomePage: run load_seeds (or ensure_home) first")
    categories = {c.slug: c for c in Category.objects.all()}
    existing = set(CityPage.objects.filter(slug__startswith="city").values_list("slug", flat=True))
    created = 0
    by_city = groupby(synthetic_windows(cities, per_city, seed), key=lambda w: w.city)
    batch: list[tuple[int, list[SyntheticWindow]]] = []
    for index, (slug, windows) in enumerate(by_city):
        windows = list(windows)
        if slug in existing:
            continue
        batch.append((index, windows))
        if len(batch) >= BATCH_CITIES:
            created += _load_batch(home, batch, categories)
            batch = []
            if progress:
                progress(index + 1, cities)
    if batch:
        created += _load_batch(home, batch, categories)
    if progress:
        progress(cities, cities)
    return created


@transaction.atomic
def _load_batch(home: HomePage, batch: list[tuple[int, list[SyntheticWindow]]], categories: dict) -> int:
    pages: dict[str, CityPage] = {}
    for index, _windows in batch:
        slug = city_slug(index)
        page = CityPage(
            title=f"架空{index:04d}市",
            slug=slug,
            prefecture=PREFECTURES[index % len(PREFECTURES)],
            local_gov_code=city_code(index),
            name_kana=f"かくう{_kana_number(index)}し",
            area_code="",
            source_key=f"{slug}/city",
            source_document="search.synthetic",
            live=True,
        )
        home.add_child(instance=page)
        home.refresh_from_db(fields=["numchild"])  # add_child keeps the parent's counters in sync by query
        pages[slug] = page

    organisations = []
    for _index, windows in batch:
        city = pages[windows[0].city]
        for name in sorted({w.organisation for w in windows}):
            organisations.append(Organisation(city=city, name=name, live=True))
    Organisation.objects.bulk_create(organisations, batch_size=500)
    org_by_key = {(o.city_id, o.name): o for o in organisations}
    org_phones = []
    for org in organisations:
        e164, display = _phone(f"03-5{org.pk // 10000 % 1000:03d}-{org.pk % 10000:04d}")
        org_phones.append(OrganisationPhone(organisation=org, number=display, e164=e164, sort_order=0))
    OrganisationPhone.objects.bulk_create(org_phones, batch_size=500)

    rows = []
    for _index, windows in batch:
        city = pages[windows[0].city]
        for w in windows:
            rows.append(
                (
                    w,
                    ConsultationWindow(
                        city=city,
                        organisation=org_by_key[(city.pk, w.organisation)],
                        title=w.title,
                        topics="\n".join(w.topics),
                        description=w.body,
                        is_front_door=w.number == 0,
                        verified_on=datetime.date(2026, 4, 1),
                        source_key=f"{w.city}/{w.number}",
                        live=True,
                    ),
                )
            )
    ConsultationWindow.objects.bulk_create([window for _w, window in rows], batch_size=500)
    through = ConsultationWindow.categories.through
    links, phones, hours = [], [], []
    for w, window in rows:
        links.extend(
            through(consultationwindow_id=window.pk, category_id=categories[c].pk) for c in w.categories
        )
        if w.number % 3 == 0:  # a third have their own number; the rest show their organisation's
            e164, display = _phone(f"06-6{window.pk // 10000 % 1000:03d}-{window.pk % 10000:04d}")
            phones.append(WindowPhone(window=window, number=display, e164=e164, sort_order=0))
        hours.append(
            WindowHours(
                window=window,
                weekdays="0,1,2,3,4",
                opens=datetime.time(8, 30),
                closes=datetime.time(17, 15),
                sort_order=0,
            )
        )
    through.objects.bulk_create(links, batch_size=1000)
    WindowPhone.objects.bulk_create(phones, batch_size=1000)
    WindowHours.objects.bulk_create(hours, batch_size=1000)
    return len(batch)
