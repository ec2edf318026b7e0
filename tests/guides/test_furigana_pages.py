"""ふりがな reaches the top page and the search results, like the directory and window pages."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def test_top_page_headings_tiles_and_cities_carry_ruby(client):
    html = client.get("/", {"furigana": "1"}).content.decode()
    assert '<html lang="ja" class="furigana-on">' in html
    assert re.search(r'<h2 id="categories-heading"><ruby>分野<rp>\(</rp><rt>ぶんや</rt>', html)
    assert re.search(r'<h2 id="front-door-heading">どこに<ruby>相談<rp>\(</rp><rt>そうだん</rt>', html)
    assert re.search(r"<ruby>経済<rp>\(</rp><rt>けいざい</rt><rp>\)</rp></ruby><span class=\"count\">", html)
    assert re.search(r"<ruby>由布市<rp>\(</rp><rt>ゆふし</rt>", html)


def test_search_results_carry_ruby_around_the_marks(client):
    html = client.get("/search/", {"q": "借金", "city": "yufu"}).content.decode()
    results = html.split('id="windows-heading"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r"<h3><a href=\"[^\"]+\">(.*?)</a></h3>", results)
    assert titles and all("<ruby>" in title for title in titles), titles
    assert re.search(r"<mark><ruby>[^<]+<rp>\(</rp><rt>", results), "a marked word keeps its reading"
    assert 'href="tel:' in results and "<ruby>" not in re.findall(r'href="tel:[^"]+"', results)[0]
