"""More journeys in Chromium at 375 px: badges on cards, /hikaku/ on a phone at 特大, the つなぐシート routing helper
from the top page to a phone, and a resident tapping a phone after a search."""

from __future__ import annotations

import re

import pytest

from .test_keyboard import XLARGE

pytestmark = pytest.mark.browser

# For each element: how many lines its text takes (one client rect per line box of a text range).
TEXT_LINES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const range = document.createRange();
  range.selectNodeContents(e);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return {text: e.textContent.trim(), lines: tops.size};
})"""
SCROLL = (
    "() => ({scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth})"
)


def test_national_cards_show_the_open_badge_or_the_next_opening(new_page, base_url):
    page = new_page(375)
    page.goto(base_url + "/soudan/zenkoku/")
    cards = page.locator("article.window-card")
    assert cards.count() >= 10
    badged = page.locator("article.window-card:has(.badge--open, .badge--closed)")
    assert badged.count() >= 5, "the national lines with hours show 受付中/受付時間外 on their cards"
    for index in range(badged.count()):
        card = badged.nth(index)
        assert card.locator(".badge--open, .badge--closed").count() == 1, card.inner_text()
        assert card.locator(".hours__label").count() == 1, "a badge never comes without the hours it is from"
        nxt = card.locator(".next-opening")
        if nxt.count():
            assert re.search(r"次の受付: (今日|明日|\d+月\d+日（.）) ?\d+:\d\d", nxt.inner_text()), (
                nxt.inner_text()
            )


def test_comparison_on_a_phone_at_xlarge_keeps_city_names_whole(new_page, base_url):
    page = new_page(375)
    page.add_init_script(XLARGE)
    page.goto(base_url + "/hikaku/")
    assert page.evaluate("document.documentElement.classList.contains('text-xlarge')")
    size = page.evaluate(SCROLL)
    assert size["scroll"] <= size["client"], f"/hikaku/ scrolls sideways at 特大: {size}"
    names = page.evaluate(TEXT_LINES, ".comparison-table th[scope=row]")
    assert len(names) >= 25, "five cities in each of the business, meeting and indicator tables"
    broken = [n for n in names if n["lines"] != 1]
    assert broken == [], f"city names wrap on a phone: {broken}"
    # The 区分 is explained and each stacked cell keeps its label.
    assert page.get_by_role("heading", name="「区分」の見方").is_visible()
    assert page.locator(".comparison-table .cell-label").first.is_visible()


def test_routing_helper_from_the_top_page_to_a_phone(new_page, base_url):
    page = new_page(375)
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="支援機関の方へ（つなぐシート）").click()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("由布市のつなぐシート")).first.click()
    options = page.locator("#routing-sender option").all_inner_texts()
    assert "障がい福祉サービス事業所" in options and "相談支援事業所" in options
    page.select_option("#routing-sender", "相談支援事業所")
    with page.expect_navigation():
        page.get_by_role("button", name="相談先を表示").click()
    answer = page.locator(".routing-result")
    assert answer.locator("a[href^='tel:']").count() >= 1
    assert "提出方法" in answer.inner_text() and "持参" in answer.inner_text()
    assert page.get_by_role("heading", name="個人情報の取り扱い").count() == 1
    with page.expect_navigation():
        answer.get_by_role("link", name="福祉課 障がい福祉係").click()
    assert re.search(r"/yufu/soudan/\d+/$", page.url)
    assert page.locator("main a[href^='tel:']").count() >= 1


def test_a_resident_taps_a_phone_after_a_search(new_page, base_url):
    page = new_page(375)
    page.add_init_script(XLARGE)
    page.goto(base_url + "/search/?q=借金&city=yufu")
    first_phone = (
        page.locator(".search-results--windows li.search-result").first.locator("a[href^='tel:']").first
    )
    assert first_phone.is_visible()
    href = first_phone.get_attribute("href")
    assert re.fullmatch(r"tel:\+81\d{9,10}(;ext=\d+)?", href), href
    box = first_phone.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"the phone link is off screen: {box}"
    assert box["height"] >= 24, f"the phone link is too small to tap: {box}"
