"""The privacy page: linked from every page's footer, states the retention the settings enforce, and its claim
that reading the site sets no cookie holds."""

from html.parser import HTMLParser

import pytest


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self._in: str | None = None
        self._footer = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2"):
            self._in = tag
            self.headings.append((tag, ""))
        if tag == "footer":
            self._footer += 1
        if tag == "a" and self._footer:
            self.links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        if tag == "footer":
            self._footer -= 1

    def handle_data(self, data):
        if self._in:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data.strip())


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("url", ["/", "/soudan/", "/yufu/soudan/"])
def test_the_footer_links_the_privacy_page(seeded, client, url):
    assert "/privacy/" in outline(client.get(url).content.decode()).links


def test_the_privacy_page_states_the_enforced_retention(seeded, client, settings):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 45
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    page = outline(html)
    assert page.headings[0] == ("h1", "プライバシーポリシー")
    assert [tag for tag, _text in page.headings].count("h1") == 1
    sections = [text for tag, text in page.headings if tag == "h2"]
    assert {"検索した言葉の記録", "アクセスの記録", "Cookie と端末内の保存", "外部のサービス"} <= set(
        sections
    )
    assert "45 日を過ぎると削除します" in html
    assert "市町村の選択" in html and "相談メモ" in html
    assert 'lang="ja"' in html


@pytest.mark.parametrize("url", ["/", "/privacy/", "/yufu/soudan/", "/search/?q=借金", "/memo/"])
def test_reading_the_site_sets_no_cookie(seeded, client, url):
    """The page says residents get no cookie; a cookie appearing here makes that untrue."""
    response = client.get(url)
    assert response.status_code == 200
    assert dict(response.cookies) == {}
