"""The demo site: portal top, the five cities, comparison and guide pages. Used only by `load_seeds`."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from wagtail.models import Page, Site

from guides.models import CityPage, ComparisonPage, GuidePage, HomePage, city_collection
from importers.cities import DATA_DIR, CityInfo
from importers.loader import LoadReport

HOME_TITLE = "つなぐ 重層的支援体制ポータル"
HOME_LEAD = (
    "困りごとを言葉で入力すると、住んでいる市の相談窓口と電話番号をご案内します。"
    "各市の重層的支援体制整備事業（社会福祉法第106条の4）の取組もご覧いただけます。"
)
_META = re.compile(r"<!--\s*(\w+):\s*(.*?)\s*-->")


@transaction.atomic
def ensure_home(report: LoadReport) -> HomePage:
    """Put a HomePage at the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title=HOME_TITLE, slug="home-tsunagu", lead=HOME_LEAD)
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"root_page": home, "hostname": "localhost", "site_name": HOME_TITLE},
        )
        for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
            if not page.get_children().exists() and page.specific_class is Page:
                page.delete()
        report.created.append("home")
    else:
        report.unchanged.append("home")
    return home


@transaction.atomic
def ensure_city(home: HomePage, info: CityInfo, report: LoadReport) -> CityPage:
    city = CityPage.objects.filter(slug=info.slug).first()
    if city is not None:
        city_collection(city, create=True)  # a no-op once linked
        report.unchanged.append(f"{info.slug}/city")
        return city
    city = CityPage(
        title=info.name,
        slug=info.slug,
        prefecture=info.prefecture,
        local_gov_code=info.code,
        name_kana=info.name_kana,
        area_code=info.area_code,
        website=info.website,
        source_key=f"{info.slug}/city",
        source_document="data/cities.json",
    )
    # Linked before the first revision, so every revision (and the live page) carries it. city_collection reuses
    # an unclaimed top-level collection named after the city (a re-run after the page was deleted) before creating.
    city_collection(city, create=True)
    home.add_child(instance=city)
    city.save_revision().publish()
    report.created.append(f"{info.slug}/city")
    return city


def _guide_files() -> list[Path]:
    return sorted((DATA_DIR / "guides").glob("*.html"))


@transaction.atomic
def ensure_guides(home: HomePage, report: LoadReport) -> None:
    for path in _guide_files():
        text = path.read_text(encoding="utf-8")
        meta = dict(_META.findall(text))
        body = _META.sub("", text).strip()
        page = GuidePage.objects.child_of(home).filter(slug=meta["slug"]).first()
        if page is not None:
            if (page.title, page.summary, page.body) == (meta["title"], meta.get("summary", ""), body):
                report.unchanged.append(f"guide/{meta['slug']}")
                continue
            page.title, page.summary, page.body = meta["title"], meta.get("summary", ""), body
            page.save_revision().publish()
            report.updated.append(f"guide/{meta['slug']}")
            continue
        page = GuidePage(title=meta["title"], slug=meta["slug"], summary=meta.get("summary", ""), body=body)
        home.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(f"guide/{meta['slug']}")
    if not ComparisonPage.objects.exists():
        page = ComparisonPage(
            title="5つの事業の市町村比較",
            slug="hikaku",
            lead=(
                "各市が5つの事業をどの機関に委託し、どこを直営で行っているか、何か所で実施しているかを比べられます。"
                "支援会議・重層的支援会議の開き方と、計画の評価指標も並べています。"
            ),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        report.created.append("comparison")
    else:
        report.unchanged.append("comparison")
