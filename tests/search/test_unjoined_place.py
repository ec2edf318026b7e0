"""A query naming a real municipality that has not joined: the page says so, leaves the name out of the text, and
offers the national lines and the windows of the joined cities of the same prefecture only."""

import re

import pytest

from search.places import find_place, portal_cities


def _result_cities(html: str) -> set[str]:
    section = (
        html.split('id="windows-heading"', 1)[1].split("</section>", 1)[0]
        if "windows-heading" in html
        else ""
    )
    return set(re.findall(r'<p class="search-result__org">.*?（([^）<]+)）</p>', section))


@pytest.mark.django_db
def test_a_city_of_a_prefecture_with_joined_cities(client, seeded):
    place = find_place("福岡市に住んでいます 借金")
    assert place is not None and not place.onboarded and place.prefecture == "福岡県"
    joined = sorted(c.name for c in portal_cities() if c.prefecture == "福岡県")
    others = {c.name for c in portal_cities() if c.prefecture != "福岡県"}
    assert joined and others
    html = client.get("/search/", {"q": "福岡市に住んでいます 借金"}).content.decode()
    assert "福岡県福岡市はまだこのポータルに参加していません" in html
    assert "、".join(joined) in html
    cities = _result_cities(html)
    assert cities and cities <= set(joined), cities
    assert "全国共通の相談窓口" in html


@pytest.mark.django_db
def test_a_city_of_a_prefecture_without_joined_cities(client, seeded):
    assert not [c for c in portal_cities() if c.prefecture == "北海道"]
    html = client.get("/search/", {"q": "札幌市に住んでいます 借金が返せない"}).content.decode()
    assert "北海道札幌市はまだこのポータルに参加していません" in html
    assert "参加している市町村もまだないため" in html
    assert _result_cities(html) == set()
    assert "全国共通の相談窓口" in html
