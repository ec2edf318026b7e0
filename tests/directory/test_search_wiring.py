"""The directory as the search engine sees it: providers, labels, zero-result links and the ranked API."""

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def test_ranked_windows_api_puts_the_right_window_first(client):
    data = client.get("/api/v1/windows", {"q": "借金が返せない", "city": "yufu"}).json()
    assert data["results"][0]["organisation"]["name"] == "消費生活センター"
    assert data["results"][0]["phones"][0]["number"] == "097-582-1298"


def test_search_page_labels_categories_in_japanese(client):
    html = client.get("/search/", {"q": "介護", "city": "yufu"}).content.decode()
    assert "高齢者（" in html
    assert "koreisha（" not in html


def test_zero_results_lead_to_the_city_front_door(client):
    html = client.get("/search/", {"q": "zzzzqqqq", "city": "yufu"}).content.decode()
    assert "相談先が見つかりませんでした" in html
    assert "どこに相談したらよいかわからないとき" in html
    assert 'href="/yufu/soudan/"' in html


def test_search_eval_compares_with_wagtail_stock_search(capsys):
    call_command("search_eval", "data/eval/dev-queries.tsv", "--k", "3")
    out = capsys.readouterr().out
    assert "stock" in out
    hit3 = next(line for line in out.splitlines() if line.startswith("hit@3")).split()
    assert hit3[1] == "1.00"
    assert float(hit3[2]) < 0.5, "the stock backend is the baseline we beat"


def test_zero_window_help_shows_when_only_pages_match(client):
    # 「評価指標」 finds programme pages but no window: the help still says where to turn.
    html = client.get("/search/", {"q": "評価指標", "city": "yufu"}).content.decode()
    assert "関連する情報" in html
    assert 'id="windows-heading"' not in html
    assert 'id="empty-heading"' in html
    assert "どこに相談したらよいかわからないとき" in html


def test_search_focus_target_is_the_results_heading(client):
    html = client.get("/search/", {"q": "借金", "city": "yufu"}).content.decode()
    assert '<h2 id="windows-heading" tabindex="-1" data-search-focus>' in html
    assert "js/search-focus.js" in html
