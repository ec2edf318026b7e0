#!/usr/bin/env python3
"""Screenshots of the key resident pages at mobile (375 px) and desktop (1280 px) widths, into docs/screenshots/.

Usage (against a running, seeded portal; see `make run`):
    .venv/bin/python scripts/take_screenshots.py --base-url http://127.0.0.1:8000

Drives Debian's Chromium (/usr/bin/chromium) through Playwright, as the browser test suite does. Each PNG is saved
with a 256-colour palette (Pillow, a Wagtail dependency) to keep the repository small; ``--only NAME`` (repeatable)
takes just those pages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

from PIL import Image
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
XLARGE = {"size": "xlarge", "contrast": "normal", "furigana": "off"}
FURIGANA = {"size": "normal", "contrast": "normal", "furigana": "on"}

# name -> (path, localStorage display preferences or None[, widths]); phone-only states name their width.
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
    # Issue #15 states, on a 375 px phone: 特大 text, ふりがな, badges on cards, the routing answer.
    "comparison-xlarge": ("/hikaku/", XLARGE, ("mobile",)),
    "tsunagu-routing-xlarge": ("/yufu/tsunagu-sheet/?sender=相談支援事業所", XLARGE, ("mobile",)),
    "search-hits-furigana": ("/search/?q=借金&city=yufu", FURIGANA, ("mobile",)),
    "home-furigana": ("/", FURIGANA, ("mobile",)),
    "national-directory-badges": ("/soudan/zenkoku/", None, ("mobile",)),
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
    parser.add_argument(
        "--only", action="append", choices=sorted(PAGES), help="take only this page (repeatable)"
    )
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    values = resolve(base)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        for name, (path, prefs, *rest) in PAGES.items():
            if args.only and name not in args.only:
                continue
            for label, width in WIDTHS.items():
                if rest and label not in rest[0]:
                    continue
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
                with Image.open(target) as image:
                    palette = image.convert("RGB").quantize(256)
                palette.save(target, optimize=True)
                sys.stdout.write(f"{target.relative_to(REPO) if target.is_relative_to(REPO) else target}\n")
        browser.close()


if __name__ == "__main__":
    main()
