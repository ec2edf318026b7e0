"""Journeys end to end in Chromium: a resident searching on a phone, an agency worker finding the つなぐシート."""

from __future__ import annotations

import re

import pytest

from .test_keyboard import XLARGE, _focus, _tab_until

pytestmark = pytest.mark.browser


def test_after_a_search_focus_is_on_the_results_and_two_tabs_reach_a_phone(new_page, base_url):
    page = new_page(375)
    page.goto(base_url + "/search/?q=借金&city=yufu")
    assert page.evaluate("document.activeElement.id") == "windows-heading"
    state = _tab_until(page, lambda s: s["tag"] == "a" and "/soudan/" in s["href"], "first result")
    assert re.search(r"/yufu/soudan/\d+/", state["href"])
    presses = 0
    while True:
        page.keyboard.press("Tab")
        presses += 1
        state = _focus(page)
        if state["href"].startswith("tel:"):
            break
        assert presses < 3, f"the first result's phone is not the next stop after its title: {state}"


def test_tsunagu_sheet_is_reachable_by_links_from_the_top_page(new_page, base_url):
    page = new_page(375)
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="支援機関の方へ（つなぐシート）").click()
    assert page.url.endswith("/tsunagu-sheet/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("由布市のつなぐシート")).first.click()
    assert page.url.endswith("/yufu/tsunagu-sheet/")
    assert "つなぐシート" in page.locator("h1").inner_text()
    assert page.locator("a[href*='/yufu/tsunagu-sheet/']").count() >= 1


def test_city_page_links_the_sheet_and_the_staff_table(new_page, base_url):
    page = new_page(1280)
    page.goto(base_url + "/yufu/")
    block = page.locator(".for-agencies")
    assert block.get_by_role("heading", name="支援機関の方へ").count() == 1
    with page.expect_navigation():
        block.get_by_role("link", name=re.compile("相談窓口一覧表")).click()
    rows = page.locator("table.staff-table tbody tr")
    assert rows.count() >= 20
    assert page.locator("table.staff-table a[href^='tel:']").count() >= 20


def test_phone_numbers_never_break_at_xlarge_on_a_phone(new_page, base_url):
    page = new_page(375)
    page.add_init_script(XLARGE)
    for path in ("/yufu/soudan/", "/search/?q=借金&city=yufu"):
        page.goto(base_url + path)
        lines = page.evaluate(
            """() => [...document.querySelectorAll('a[href^="tel:"] .tel__number')]
                 .map(e => ({text: e.textContent, lines: e.getClientRects().length}))"""
        )
        assert lines, f"no phone numbers on {path}"
        broken = [line for line in lines if line["lines"] != 1]
        assert broken == [], f"phone numbers wrap on {path}: {broken}"


def test_switchboard_numbers_say_what_to_ask_for(new_page, base_url):
    page = new_page(375)
    page.goto(base_url + "/yufu/soudan/")
    notes = page.locator(".phone-note").all_inner_texts()
    assert any(re.search(r"代表電話です。『.+の.+について』とお伝えください。", n) for n in notes), notes
