"""The public page types `manage.py bench_site` times and tests/directory/test_page_queries.py counts.

Each page type has a URL template over a synthetic city (``{city}``: one of search.synthetic's city0000 …) and a
query budget: the most SQL queries it may issue, whatever the number of cities and windows. The budgets are the
counts measured when they were set plus a margin of two, so a regression that adds a query per row or per city
fails the test and the CI benchmark, while times are only ever printed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    label: str
    # may contain {city}, {window} (a window's path), {program} (the seed programme page's path) and {deep}
    # (a cursor near the end of the windows, for the API's deep pages)
    url: str
    budget: int


PAGE_TYPES: tuple[PageType, ...] = (
    PageType("top", "/", 18),
    PageType("city top", "/{city}/", 21),
    PageType("city directory", "/{city}/soudan/", 21),
    PageType("city category", "/{city}/soudan/keizai/", 29),
    PageType("city situation", "/{city}/soudan/?situation=8050", 29),
    # +3 for the 24-hour national line offered beside a closed window (looked up at any hour).
    PageType("window", "{window}", 13),
    PageType("programme (seed city)", "{program}", 28),
    PageType("categories", "/soudan/", 11),
    PageType("category (national)", "/soudan/keizai/", 19),
    # 22 when the prefecture has few enough windows to list them (grouped windows and the national lines, each
    # with their prefetches); fewer when it lists cities. Either way constant in the number of cities.
    PageType("category in a prefecture", "/soudan/keizai/?pref=hokkaido", 22),
    PageType("situation (national)", "/soudan/?situation=8050", 19),
    PageType("prefecture", "/soudan/?pref=tokyo", 9),
    PageType("search in a city", "/search/?q=借金&city={city}", 51),
    PageType("search (national)", "/search/?q=借金", 33),
    PageType("API windows (first page of 200)", "/api/v1/windows?page_size=200", 12),
    PageType("API windows, deep cursor page", "/api/v1/windows?page_size=200&cursor={deep}", 12),
    PageType("API windows in a city", "/api/v1/windows?page_size=200&city={city}", 11),
)
