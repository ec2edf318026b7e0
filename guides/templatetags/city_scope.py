"""``{% search_scope page search_city as scope %}``: which city the site search in the header searches.

A city page and everything under it search within their city and say so; a page that already knows its city
(directory views pass ``search_city``) keeps it. Anywhere else the form offers the portal's cities, and
static/js/city-choice.js remembers the resident's choice on the device (localStorage) only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from guides.models import CityPage

register = template.Library()


@dataclass
class SearchScope:
    slug: str = ""
    name: str = ""
    # (prefecture, [(slug, name)]) for the city choice when the page has no city of its own.
    choices: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def _city_of(page) -> CityPage | None:
    if page is None or not hasattr(page, "get_ancestors"):
        return None
    specific = getattr(page, "specific", page)
    if isinstance(specific, CityPage):
        return specific
    return CityPage.objects.live().ancestor_of(page).first()


@register.simple_tag
def search_scope(page=None, search_city: str = "") -> SearchScope:
    if search_city:
        city = CityPage.objects.live().filter(slug=search_city).only("slug", "title").first()
        if city is not None:
            return SearchScope(city.slug, city.title)
    city = _city_of(page)
    if city is not None and city.live:
        return SearchScope(city.slug, city.title)
    groups: dict[str, list[tuple[str, str]]] = {}
    for slug, title, prefecture in (
        CityPage.objects.live().order_by("local_gov_code").values_list("slug", "title", "prefecture")
    ):
        groups.setdefault(prefecture, []).append((slug, title))
    return SearchScope(choices=list(groups.items()))
