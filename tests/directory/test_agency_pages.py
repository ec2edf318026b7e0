"""Agency staff: つなぐシート reachable from every city page and the footer, the staff table, unique titles."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize("url", ["/yufu/", "/yufu/program/", "/yufu/program/business-1/", "/yufu/soudan/"])
def test_every_city_page_has_the_agency_block_linking_the_sheet(client, url):
    html = client.get(url).content.decode()
    block = html[html.index('class="for-agencies"') :]
    assert "支援機関の方へ" in block
    assert 'href="/yufu/tsunagu-sheet/"' in block
    assert 'href="/yufu/soudan/ichiran/"' in block
    assert 'href="/opendata/yufu/windows.csv"' in block


def test_a_city_without_a_sheet_says_whom_to_ask(client):
    html = client.get("/kurume/").content.decode()
    block = html[html.index('class="for-agencies"') :]
    assert "/kurume/tsunagu-sheet/" not in block
    assert "まだ掲載されていません" in block


def test_footer_reaches_the_sheet_from_the_top_page(client):
    top = client.get("/").content.decode()
    footer = top[top.index('<footer class="site-footer">') :]
    assert 'href="/tsunagu-sheet/"' in footer
    index = client.get("/tsunagu-sheet/").content.decode()
    assert 'href="/yufu/tsunagu-sheet/"' in index
    assert client.get("/yufu/tsunagu-sheet/").status_code == 200


def test_staff_table_lists_every_window_with_phones(client):
    directory = client.get("/api/v1/windows", {"city": "yufu", "page_size": 200}).json()
    html = client.get("/yufu/soudan/ichiran/").content.decode()
    assert html.count("<tr>") == directory["count"] + 1  # + the header row
    assert 'href="tel:+81975821298"' in html
    assert 'name="robots" content="noindex"' in html


def test_directory_staff_tools(client):
    html = client.get("/yufu/soudan/").content.decode()
    tools = html[html.index('class="staff-tools') :]
    assert "この一覧を印刷" in tools
    memo = re.search(r'href="/memo/\?w=([\d,]+)"', tools)
    assert memo and len(memo.group(1).split(",")) == 20  # 由布市 has 25 windows; the memo holds 20
    assert "最初の20件まで" in tools
    assert 'href="/opendata/yufu/windows.csv"' in tools and "CSVでダウンロード" in tools


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/yufu/program/", "由布市 重層的支援体制整備事業"),
        ("/yufu/program/business-1/", "由布市 包括的相談支援事業"),
        ("/sanjo/program/business-1/", "三条市 "),
    ],
)
def test_programme_and_business_titles_name_the_city(client, url, expected):
    assert title_of(client.get(url).content.decode()).startswith(expected)


def test_titles_are_unique_across_cities(client):
    titles = [
        title_of(client.get(f"/{c}/program/business-2/").content.decode())
        for c in ("yufu", "sanjo", "iizuka")
    ]
    assert len(set(titles)) == 3


def test_programme_provenance_shows_a_title_not_a_file_name(client):
    html = client.get("/iizuka/program/").content.decode()
    assert "この情報の出典" in html
    assert ".txt" not in html[html.index("この情報の出典") :]


def test_searching_tsunagu_sheet_finds_the_form(client):
    html = client.get("/search/", {"q": "つなぐシート"}).content.decode()
    others = html[html.index('id="others-heading"') :]
    assert 'href="/yufu/tsunagu-sheet/' in others
    assert "様式" in others  # the result is labelled as a form


def test_agency_staff_phrasing_finds_the_form_in_the_city(client):
    html = client.get("/search/", {"q": "支援機関 情報共有", "city": "yufu"}).content.decode()
    assert 'href="/yufu/tsunagu-sheet/' in html
