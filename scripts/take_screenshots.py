#!/usr/bin/env python3
"""Screenshots of the key resident pages at mobile (375 px) and desktop (1280 px) widths, into docs/screenshots/.

Usage (against a running, seeded portal; see `make run`):
    .venv/bin/python scripts/take_screenshots.py --base-url http://127.0.0.1:8000

Drives Debian's Chromium (/usr/bin/chromium) through Playwright, as the browser test suite does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"mobile": 375, "desktop": 1280}
MAX_HEIGHT = 3200  # long pages are cut here to keep the PNGs small

# name -> (path, localStorage display preferences or None)
PAGES = {
    "home": ("/", None),
    "city": ("/yufu/", None),
    "city-directory": ("/yufu/soudan/", None),
    "window-detail": ("{window}", None),
    "window-detail-furigana-large": ("{window}", {"size": "large", "contrast": "normal", "furigana": "on"}),
    "window-detail-high-contrast": ("{window}", {"size": "normal", "contrast": "high", "furigana": "off"}),
    "window-detail-yasashii": ("{window}?yasashii=1", None),
    "search-hits": ("/search/?q=借金&city=yufu", None),
    "memo": ("{memo}", None),
    "accessibility-policy": ("/accessibility/", None),
}


def resolve(base_url: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{base_url}/yufu/soudan/", timeout=20) as resp:  # noqa: S310 (local dev server)
        ids = list(dict.fromkeys(re.findall(r'href="/yufu/soudan/(\d+)/"', resp.read().decode())))
    if not ids:
        sys.exit("no window links on /yufu/soudan/: is the portal seeded?")
    # ids[0] is the city's front door; the first ordinary window shows hours, topics and the 相談メモ box.
    window = ids[1] if len(ids) > 1 else ids[0]
    return {"window": f"/yufu/soudan/{window}/", "memo": "/memo/?w=" + ",".join(ids[1:4] or ids[:1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    values = resolve(base)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        for name, (path, prefs) in PAGES.items():
            for label, width in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
                if prefs:
                    context.add_init_script(
                        f"localStorage.setItem('tsunagu.prefs', {json.dumps(json.dumps(prefs))})"
                    )
                page = context.new_page()
                page.goto(base + path.format(**values), wait_until="networkidle")
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                target = out / f"{name}-{label}.png"
                page.screenshot(
                    path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
                )
                context.close()
                sys.stdout.write(f"{target.relative_to(REPO) if target.is_relative_to(REPO) else target}\n")
        browser.close()


if __name__ == "__main__":
    main()
