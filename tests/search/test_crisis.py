"""Crisis detection (search.crisis) and the crisis panel on the search page and in the API."""

import pytest

from search.crisis import detect_crisis


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("死にたい", "suicide"),
        ("しにたい", "suicide"),
        ("死にてえ", "suicide"),
        ("死にたか", "suicide"),  # 九州
        ("もう生きとうない", "suicide"),
        ("氏にたい", "suicide"),  # a conversion slip, found by reading
        ("しにたぃ", "suicide"),
        ("もう限界", "suicide"),
        ("死にたいくらいつらい", "suicide"),
        ("夫に殴られる", "violence"),
        ("なぐられた", "violence"),
        ("殺されそう", "violence"),
        ("親に叩かれる", "child_abuse"),
        ("隣の子どもがずっと泣いている", "child_abuse"),
        ("レイプされた", "sexual_violence"),
        ("今日食べるものがない", "hunger"),
        ("I want to end my life", "suicide"),
        ("my husband hits me", "violence"),
        ("nothing to eat", "hunger"),
    ],
)
def test_crisis_phrasings_are_detected(query, kind):
    match = detect_crisis(query)
    assert match is not None and match.kind == kind


@pytest.mark.parametrize(
    "query",
    [
        "死ぬほど忙しい",
        "殴り書き",
        "死にたくない",
        "殴られたことはない",
        "消えたいくらい恥ずかしい",
        "介護がもう限界",
        "育児が楽になりたい",
        "終電がなくて家に帰れない",
        "仕事から逃げたい",
        "市に対して",
        "わたしにたいして",
        "死に体",
        "自殺対策計画",
        "父が死んだ後の手続き",
        "遺言書の書き方",
        "借金が返せない",
        "debt",
        "I don't want to die",
        "suicide prevention plan",
        "my dog died",
    ],
)
def test_near_misses_get_no_panel(query):
    assert detect_crisis(query) is None


@pytest.mark.django_db
def test_search_page_puts_the_panel_first_with_24_hour_lines(client, seeded):
    response = client.get("/search/", {"q": "夫に殴られる", "city": "yufu"})
    html = response.content.decode()
    crisis = response.context["crisis"]
    assert crisis["kind"] == "violence"
    assert any(line["is_24h"] and line["open_now"] for line in crisis["lines"])
    # 110 / 119 and the lines come before the city's windows; the quick exit is there.
    assert html.index('href="tel:110"') < html.index("windows-heading")
    assert "tel:+81120279889" in html and "すぐにこのページを離れる" in html
    assert "quick-exit.js" in html and "<script>" not in html.replace("<script src", "")


@pytest.mark.django_db
def test_api_returns_the_panel_as_data(client, seeded):
    data = client.get("/api/v1/search", {"q": "しにたい", "city": "yufu"}).json()
    assert data["crisis"]["kind"] == "suicide"
    titles = [line["title"] for line in data["crisis"]["lines"]]
    assert any("いのちの電話" in t for t in titles) and any("よりそい" in t for t in titles)
    assert all(line["phones"][0]["tel"].startswith("tel:") for line in data["crisis"]["lines"])
    assert all(hit["kind"] != "national" for hit in data["results"])


@pytest.mark.django_db
def test_ordinary_query_has_no_panel_and_national_lines_come_after_the_city(client, seeded):
    response = client.get("/search/", {"q": "借金が返せない", "city": "yufu"})
    assert response.context["crisis"] is None
    assert response.context["windows"]  # the city's window first
    html = response.content.decode()
    if response.context["national"]:
        assert html.index("windows-heading") < html.index("national-heading")
