"""Quick exit (すぐにこのページを離れる) on DV and abuse pages, in a real browser: the button and Esc pressed twice
replace the page so that Back does not return to it; the button is reachable by keyboard; no inline script."""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

CRISIS = "/search/?q=" + quote("夫に殴られる") + "&city=yufu"
NEUTRAL_HOST = "https://www.google.com/"


def _stub_neutral_page(page) -> None:
    # The exit goes to an outside page; the closed test network cannot reach it, so the browser is given a stand-in.
    page.route(
        NEUTRAL_HOST + "**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>neutral</title><p>ok"),
    )


def _open_after_a_first_page(new_page, base_url):
    page = new_page(390)
    _stub_neutral_page(page)
    page.goto(base_url + "/")
    page.goto(base_url + CRISIS)
    return page


def test_button_replaces_the_page_and_back_does_not_return(new_page, base_url):
    page = _open_after_a_first_page(new_page, base_url)
    history_before = page.evaluate("history.length")
    assert page.locator("#crisis-heading").is_visible()
    page.click("#quick-exit")
    page.wait_for_url(NEUTRAL_HOST + "**")
    # location.replace: the crisis page's entry was replaced, not added to.
    assert page.evaluate("history.length") == history_before
    page.go_back()
    assert "/search/" not in page.url and page.url.rstrip("/") == base_url


def test_escape_twice_leaves(new_page, base_url):
    page = _open_after_a_first_page(new_page, base_url)
    page.keyboard.press("Escape")
    assert "/search/" in page.url  # once is not enough: Esc also closes things
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_HOST + "**")


def test_button_is_the_first_thing_in_main_and_reachable_by_keyboard(new_page, base_url):
    page = _open_after_a_first_page(new_page, base_url)
    page.focus("#main")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "quick-exit":
            break
    else:
        pytest.fail("the quick exit was not reached by Tab from the start of <main>")
    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL_HOST + "**")


def test_pages_without_danger_have_no_quick_exit_and_no_inline_script(new_page, base_url):
    page = new_page(1280)
    page.goto(base_url + "/search/?q=" + quote("借金") + "&city=yufu")
    assert page.locator("#quick-exit").count() == 0
    page.goto(base_url + CRISIS)
    inline = page.evaluate(
        "[...document.scripts].filter(s => !s.src && s.type !== 'application/ld+json').length"
    )
    assert inline == 0
