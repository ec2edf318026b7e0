"""Keyboard-only journey (skip link → search → result → tel: link, focus visible at every step) and reflow
(WCAG 1.4.10: no horizontal scrolling at 320 CSS px, nor at 1280 px with 200 % zoom)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import EXPECTED_STATUS, PAGES, PENDING

pytestmark = pytest.mark.browser

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className || '', href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    visible: Boolean(outline || shadow), outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow,
    onscreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight,
    inMain: Boolean(el.closest('main')),
  };
}"""

MAX_PRESSES = 60


def _focus(page) -> dict:
    state = page.evaluate(FOCUS_STATE)
    assert state is not None, "keyboard focus was lost (document.activeElement is <body>)"
    return state


def _assert_visible(state: dict, step: str) -> None:
    assert state["visible"], (
        f"{step}: focused <{state['tag']} id={state['id']!r} class={state['cls']!r} href={state['href']!r}> "
        f"has no visible focus indicator (outline {state['outline']}, box-shadow {state['shadow']})"
    )
    assert state["onscreen"], f"{step}: the focused element {state} is scrolled out of view"


def _tab_until(page, predicate, step: str, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until predicate(focus) holds, checking the focus indicator on every stop."""
    seen = []
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        state = _focus(page)
        _assert_visible(state, f"{step} (after {len(seen) + 1} × {key})")
        seen.append(f"<{state['tag']}> {state['text'] or state['href'] or state['id']}")
        if predicate(state):
            return state
    pytest.fail(
        f"{step}: not reached within {MAX_PRESSES} presses of {key}; focus went through:\n" + "\n".join(seen)
    )


def test_keyboard_journey_skip_link_search_result_tel(new_page, base_url):
    page = new_page(1280)
    page.goto(base_url + "/yufu/soudan/")

    # 1. The first Tab lands on the skip link, which is visible while focused.
    page.keyboard.press("Tab")
    state = _focus(page)
    assert "skip-link" in state["cls"], f"the first focusable element is {state}, not the skip link"
    _assert_visible(state, "skip link")

    # 2. Activating it moves focus to the main content: the next Tab lands inside <main>.
    page.keyboard.press("Enter")
    # The fragment navigation is reported to Playwright asynchronously: wait for it (fails after the timeout).
    page.wait_for_url("**/yufu/soudan/#main")
    page.keyboard.press("Tab")
    state = _focus(page)
    assert state["inMain"], f"after the skip link, Tab went to {state}, outside <main>"
    _assert_visible(state, "first stop in main")

    # 3. Back up to the site search (it sits in the header, before main) and search for 借金 in this city.
    state = _tab_until(page, lambda s: s["id"] == "site-search-q", "reach the search box", key="Shift+Tab")
    page.keyboard.type("借金")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    query = parse_qs(urlparse(page.url).query)
    assert urlparse(page.url).path == "/search/", page.url
    assert query.get("q") == ["借金"] and query.get("city") == ["yufu"], (
        f"the header search lost the city: {page.url}"
    )

    # 4. Tab to the first result (a link to a window page), then on to its tel: link.
    window_link = re.compile(r"/[a-z0-9-]+/soudan/\d+/")
    state = _tab_until(
        page, lambda s: s["tag"] == "a" and window_link.search(s["href"]), "reach the first result"
    )
    first_result = state["href"]
    state = _tab_until(
        page, lambda s: s["tag"] == "a" and s["href"].startswith("tel:"), "reach the tel: link"
    )
    assert re.fullmatch(r"tel:\+?[0-9-]+", state["href"]), f"not a dialable tel: URI: {state['href']}"
    # The tel: link belongs to that first result, not to a later card.
    owner = page.evaluate(
        """(href) => {
             let el = [...document.querySelectorAll('a')].find(a => a.getAttribute('href') === href);
             while (el && !el.querySelector('a[href^="tel:"]')) el = el.parentElement;
             return Boolean(el && el.contains(document.activeElement));
           }""",
        first_result,
    )
    assert owner, f"the first tel: link reached is not inside the first result ({first_result})"


SCROLL_WIDTH = """() => {
  const el = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > el.clientWidth + 1)
    .filter(e => !e.closest('.table-scroll')).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, wide};
}"""

REFLOW_VIEWPORTS = {
    # 320 CSS px: WCAG 1.4.10 reflow.
    "320px": {"width": 320, "scale": 1},
    # A 1280 px window at 200 % zoom lays out 640 CSS px at device pixel ratio 2.
    "1280px-zoom200": {"width": 640, "scale": 2},
    # 文字の大きさ「特大」 (150 %) on a 375 px phone, and the same phone at 200 % zoom (187 CSS px).
    "375px-xlarge": {"width": 375, "scale": 1, "xlarge": True},
    "375px-xlarge-zoom200": {"width": 187, "scale": 2, "xlarge": True},
}
XLARGE = 'window.localStorage.setItem("tsunagu.prefs", JSON.stringify({size: "xlarge"}))'
SEARCH_BUTTON = """() => {
  const b = document.querySelector('.site-search button');
  const r = b.getBoundingClientRect();
  return {left: r.left, right: r.right, width: document.scrollingElement.clientWidth,
          xlarge: document.documentElement.classList.contains('text-xlarge')};
}"""


@pytest.mark.parametrize("viewport", list(REFLOW_VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_reflow_without_horizontal_scrolling(new_page, base_url, page_urls, name, viewport):
    spec = REFLOW_VIEWPORTS[viewport]
    page = new_page(spec["width"], 800, spec["scale"])
    if spec.get("xlarge"):
        page.add_init_script(XLARGE)
    response = page.goto(base_url + page_urls[name])
    status = response.status if response else None
    if status != EXPECTED_STATUS.get(name, 200):
        if name in PENDING and status == 404:
            pytest.xfail(PENDING[name])
        pytest.fail(f"{page_urls[name]} answered HTTP {status}")
    m = page.evaluate(SCROLL_WIDTH)
    assert m["scrollWidth"] <= m["clientWidth"], (
        f"{page_urls[name]} scrolls horizontally at {viewport}: scrollWidth {m['scrollWidth']} > "
        f"clientWidth {m['clientWidth']}; overflowing: {m['wide']}"
    )
    if spec.get("xlarge"):
        button = page.evaluate(SEARCH_BUTTON)
        assert button["xlarge"], "the 特大 text size was not applied"
        assert button["left"] >= 0 and button["right"] <= button["width"], (
            f"the header 検索 button is cut off at {viewport}: {button}"
        )


def test_text_size_and_contrast_switches_persist(new_page, base_url):
    """The resident display switches: aria-pressed toggles, the choice survives a reload, markup stays valid."""
    page = new_page(1280)
    page.goto(base_url + "/yufu/soudan/")
    summary = page.locator("#display-prefs summary")
    summary.focus()
    _assert_visible(_focus(page), "display settings summary")
    page.keyboard.press("Enter")  # opens the <details>
    for selector, html_class in (
        ('[data-pref="size"][data-value="large"]', "text-large"),
        ('[data-pref="contrast"][data-value="high"]', "contrast-high"),
        ('[data-pref="furigana"][data-value="on"]', "furigana-on"),
    ):
        button = page.locator(selector)
        assert button.count() == 1, f"no switch {selector}"
        assert button.get_attribute("aria-pressed") == "false"
        button.focus()
        _assert_visible(_focus(page), f"switch {selector}")
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-pressed") == "true"
        assert html_class in page.evaluate("document.documentElement.className")
    page.reload()
    classes = page.evaluate("document.documentElement.className")
    for html_class in ("text-large", "contrast-high", "furigana-on"):
        assert html_class in classes, f"{html_class} was not kept after reload ({classes})"
    assert page.locator('[data-pref="size"][data-value="large"]').get_attribute("aria-pressed") == "true"


def test_memo_checkboxes_build_a_memo_url(new_page, base_url):
    """Tick two windows on the directory, open the memo: it lists both with a QR code each, and nothing is sent
    to the server before the resident opens the memo."""
    page = new_page(375)
    page.goto(base_url + "/yufu/soudan/")
    boxes = page.locator("input.memo-pick")
    assert boxes.count() >= 2
    ids = [boxes.nth(i).get_attribute("value") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    assert page.evaluate("JSON.parse(localStorage.getItem('tsunagu.memo'))") == ids
    with page.expect_navigation():
        page.locator("#memo-form button[type=submit]").click()
    assert page.url.endswith("/memo/?w=" + ",".join(ids)), page.url
    assert page.locator(".memo-card").count() == 2
    assert page.locator(".memo-card svg.qr[role=img]").count() == 2
    assert page.locator('.memo-card a[href^="tel:"]').count() >= 2
