"""The header search knows its city: city pages search within their city and say so; elsewhere it offers the
portal's cities (remembered on the device by static/js/city-choice.js, no inline script)."""

import re

import pytest


@pytest.mark.django_db
def test_city_page_searches_within_its_city(client, seeded):
    html = client.get("/kurume/").content.decode()
    assert re.search(r'<input type="hidden" name="city" value="kurume">', html)
    assert "久留米市の相談先を探す" in html
    assert 'id="site-search-city"' not in html


@pytest.mark.django_db
def test_top_page_offers_the_cities_without_inline_script(client, seeded):
    html = client.get("/").content.decode()
    assert 'id="site-search-city"' in html and 'value="kurume">久留米市</option>' in html
    assert "js/city-choice.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.django_db
def test_national_query_naming_a_city_searches_that_city_and_says_so(client, seeded):
    html = client.get("/search/", {"q": "久留米市に住んでいる 息子が部屋から出てこない"}).content.decode()
    assert "久留米市の相談窓口から探しました" in html
    html = client.get("/search/", {"q": "福島県伊達市 介護"}).content.decode()
    assert "伊達市はまだこのポータルに参加していません" in html
