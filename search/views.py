"""The resident search page (/search/?q=&city=&category=) and the JSON function the public API calls."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from search.analyzer import (
    AnalyzedQuery,
    analyze_query,
    configured_max_query_length,
    highlight_spans,
    normalize_text,
)
from search.crisis import CrisisMatch, detect_crisis
from search.engines import get_engine
from search.engines.base import SearchHit, SearchResults
from search.places import PortalCity, city_name, find_place, portal_cities
from search.registry import (
    category_glosses,
    category_labels,
    category_url,
    crisis_lines,
    help_for,
    kind_label,
    open_now,
    providers,
    zero_result_links,
)
from search.suggest import suggestions
from search.terms import record_click, record_search

logger = logging.getLogger("tsunagu.search")

WINDOW_KIND = "window"
NATIONAL_KIND = "national"
NATIONAL_LIMIT = 5
# Kinds whose result pages carry the quick exit (すぐにこのページを離れる) and the browsing-history advice.
QUICK_EXIT_KINDS = frozenset({"violence", "child_abuse", "sexual_violence"})
QUICK_EXIT_CATEGORIES = frozenset({"dv"})
PAGE_SIZE = 20
OTHER_KINDS_LIMIT = 10
MAX_PAGE = 50


def mark(text: str, query: AnalyzedQuery | None) -> SafeString:
    """Escape ``text`` and wrap the parts the query matched in <mark> (on analysed tokens, so 子ども is marked for
    the query こども). Everything that is not a mark tag is escaped."""
    text = normalize_text(text or "")
    if not text or query is None or query.is_empty:
        return escape(text)
    out: list[str] = []
    last = 0
    for begin, end in highlight_spans(text, query):
        out.append(escape(text[last:begin]))
        out.append(f"<mark>{escape(text[begin:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece above is escaped


def _clean_list(values: Sequence[str] | str | None) -> list[str]:
    if not values:
        return []
    if isinstance(values, str):
        values = values.split(",")
    return [v.strip() for v in values if v and v.strip()][:20]


def crisis_panel(match: CrisisMatch | None, city: str = "") -> dict[str, Any] | None:
    """The crisis panel as plain data: ``{kind, kinds, lines}`` (the page adds 110 / 119 above the lines)."""
    if match is None:
        return None
    return {"kind": match.kind, "kinds": list(match.kinds), "lines": crisis_lines(match.kinds, city)}


def _national_hits(engine, analyzed: AnalyzedQuery, limit: int = NATIONAL_LIMIT) -> list[SearchHit]:
    """National lines that fit the query (kind "national", no city): shown after the city's windows."""
    if analyzed.is_empty or NATIONAL_KIND not in providers():
        return []
    return engine.search(analyzed, kinds=[NATIONAL_KIND], limit=limit).hits


def _windows_first(
    engine,
    analyzed: AnalyzedQuery,
    *,
    city: str | None,
    kinds: list[str] | None,
    categories: list[str] | None,
    limit: int,
    offset: int,
) -> SearchResults:
    """One ranked list. When the query names a need (a recognised concept or category), windows come before every
    other kind (policy pages, accessibility results, forms), however those score: a resident with a need wants a
    place to call. Other queries (「アクセシビリティ」) rank all kinds together."""
    options = {"city": city, "categories": categories, "include_national": True}
    all_kinds = kinds or list(providers())
    other_kinds = [k for k in all_kinds if k != WINDOW_KIND]
    if not (analyzed.concepts or analyzed.categories) or WINDOW_KIND not in all_kinds or not other_kinds:
        return engine.search(analyzed, kinds=kinds, limit=limit, offset=offset, **options)
    windows = engine.search(analyzed, kinds=[WINDOW_KIND], limit=limit, offset=offset, **options)
    hits = list(windows.hits)
    others_offset = max(0, offset - windows.total)
    others = engine.search(
        analyzed, kinds=other_kinds, limit=max(limit - len(hits), 0) or 1, offset=others_offset, **options
    )
    hits.extend(others.hits[: limit - len(hits)])

    def facets() -> dict[str, dict[str, int]]:
        merged: dict[str, dict[str, int]] = {"category": {}, "kind": {}}
        for part in (windows.facets, others.facets):
            for name in merged:
                for key, count in part.get(name, {}).items():
                    merged[name][key] = merged[name].get(key, 0) + count
        return merged

    return SearchResults(hits=hits, total=windows.total + others.total, facets=facets, query=analyzed)


def search_api(
    q: str,
    city: str | None = None,
    kinds: Sequence[str] | str | None = None,
    categories: Sequence[str] | str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """Search for the public JSON API. Returns plain data (JSON-serialisable)::

    {"query": …, "normalized_query": …, "truncated": bool, "concepts": […], "total": n, "page": p,
     "page_size": s, "results": [hit…], "facets": {"category": {…}, "kind": {…}},
     "crisis": {"kind": …, "kinds": […], "lines": […]} | null, "national": [hit…]}

    National lines (kind "national", labelled 全国) come in ``national``, never ranked among the city's results,
    unless the caller asks for that kind; in a crisis, ``crisis.lines`` lists the fitting 24-hour lines first.
    """
    page = max(1, min(int(page or 1), MAX_PAGE))
    page_size = max(1, min(int(page_size or PAGE_SIZE), 100))
    place = find_place(q or "") if not city else None
    if place is not None and place.onboarded:
        city = place.slug
        analyzed = analyze_query(place.remaining or q or "")
    else:
        analyzed = analyze_query(q or "")
    engine = get_engine()
    wanted_kinds = _clean_list(kinds) or [k for k in providers() if k != NATIONAL_KIND] or None
    results = _windows_first(
        engine,
        analyzed,
        city=city or None,
        kinds=wanted_kinds,
        categories=_clean_list(categories) or None,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    return {
        "query": q or "",
        "normalized_query": analyzed.text,
        "truncated": analyzed.truncated,
        "max_query_length": configured_max_query_length(),
        "concepts": list(analyzed.concepts),
        "city": city or None,
        "place": (
            {
                "name": place.name,
                "prefecture": place.prefecture,
                "city": place.slug,
                "onboarded": place.onboarded,
            }
            if place
            else None
        ),
        "total": results.total,
        "page": page,
        "page_size": page_size,
        "results": [hit.to_dict() for hit in results.hits],
        "facets": results.facets,
        "crisis": crisis_panel(detect_crisis(q or ""), city or ""),
        "national": [
            hit.to_dict() | {"scope": "national", "scope_label": "全国"}
            for hit in (_national_hits(engine, analyzed) if page == 1 else [])
        ],
    }


def _log_query(text: str, *, found: bool = True) -> list[Any]:
    """Count the query for the search-terms report and return its promoted results.

    The normalised (NFKC) form is logged so ＤＶ and DV are one term; ``found`` says whether anything was found
    (the report lists terms that found nothing, search.terms).
    """
    try:
        record_search(text, found=found)
    except Exception:  # logging must never break a resident's search
        logger.warning("search: could not count query", exc_info=True)
    try:
        from wagtail.contrib.search_promotions.models import Query

        query = Query.get(text)
        query.add_hit()
        return list(query.editors_picks.select_related("page").all())
    except Exception:  # logging must never break a resident's search
        logger.warning("search: could not log query", exc_info=True)
        return []


def _decorate(hit: SearchHit, analyzed: AnalyzedQuery) -> dict[str, Any]:
    payload = hit.payload or {}
    snippet = payload.get("summary") or "、".join(payload.get("topics") or [])
    return {
        "hit": hit,
        "payload": payload,
        "title_html": mark(hit.title, analyzed),
        "snippet_html": mark(snippet, analyzed) if snippet else "",
        "kind_label": kind_label(hit.kind),
    }


def _offer_lines_beside_closed(
    items: list[dict[str, Any]],
    national: list[dict[str, Any]],
    crisis: dict[str, Any] | None,
    help_block: dict[str, Any] | None,
) -> None:
    """Mark each window that is closed now, and offer beside it a 24-hour line that fits the query (from the
    crisis panel, else the national results, else the lines that take any worry)."""
    ids = [item["payload"].get("id") for item in items if item["payload"].get("id")]
    status = open_now(ids) if ids else {}
    fitting = [line for line in (crisis or {}).get("lines", []) if line.get("is_24h")]
    fitting += [
        {"title": n["hit"].title, "url": n["hit"].url, "phones": n["payload"].get("phones", [])}
        for n in national
        if n["payload"].get("is_24h")
    ]
    if not fitting and help_block:
        fitting = list(help_block.get("lines", []))
    for item in items:
        item["open_now"] = status.get(item["payload"].get("id"))
        item["line_beside"] = fitting[0] if item["open_now"] is False and fitting else None


_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def _slug_or_empty(value: str) -> str:
    value = value.strip()
    return value if _SLUG.fullmatch(value) else ""


MAX_PREFECTURE_CITIES = 12


def _prefecture_windows(
    engine, analyzed: AnalyzedQuery, cities: list[PortalCity], categories: list[str] | None, page: int
) -> SearchResults:
    """Windows of the joined cities of one prefecture, best first (each city searched on its own, merged by score).
    Empty when no city of the prefecture has joined: the page then offers the national lines and the help block."""
    hits: list[SearchHit] = []
    total = 0
    facets: dict[str, dict[str, int]] = {"category": {}, "kind": {}}
    for portal_city in cities[:MAX_PREFECTURE_CITIES]:
        part = engine.search(
            analyzed,
            city=portal_city.slug,
            categories=categories,
            kinds=[WINDOW_KIND],
            limit=page * PAGE_SIZE,
        )
        hits.extend(part.hits)
        total += part.total
        for name in facets:
            for key, count in part.facets.get(name, {}).items():
                facets[name][key] = facets[name].get(key, 0) + count
    hits.sort(key=lambda h: -h.score)
    start = (page - 1) * PAGE_SIZE
    return SearchResults(hits=hits[start : start + PAGE_SIZE], total=total, facets=facets, query=analyzed)


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    # Both values end up inside hrefs: anything but a slug ("/evil.example" → "//evil.example/…") is dropped.
    city = _slug_or_empty(request.GET.get("city", ""))
    category = _slug_or_empty(request.GET.get("category", ""))
    try:
        page = max(1, min(int(request.GET.get("page", "1")), MAX_PAGE))
    except ValueError:
        page = 1

    # A national query that names a municipality: its city becomes the filter and the name leaves the text.
    place = find_place(raw) if not city else None
    # A municipality that has not joined: its name leaves the text, and the windows shown are those of the joined
    # cities of its prefecture (with the national lines below), never other prefectures' cities.
    prefecture_cities: list[PortalCity] = []
    if place is not None:
        analyzed = analyze_query(place.remaining or raw)
        if place.onboarded:
            city = place.slug or ""
        else:
            prefecture_cities = [c for c in portal_cities() if c.prefecture == place.prefecture]
    else:
        analyzed = analyze_query(raw)
    engine = get_engine()
    categories = [category] if category else None
    windows = others = SearchResults.empty(analyzed)
    promotions: list[Any] = []
    crisis = crisis_panel(detect_crisis(raw), city) if raw else None
    national: list[SearchHit] = []
    if not analyzed.is_empty:
        if place is not None and not place.onboarded:
            windows = _prefecture_windows(engine, analyzed, prefecture_cities, categories, page)
        else:
            windows = engine.search(
                analyzed,
                city=city or None,
                categories=categories,
                kinds=[WINDOW_KIND],
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                include_national=True,
            )
        if page == 1:
            national = _national_hits(engine, analyzed)
        other_kinds = [k for k in providers() if k not in (WINDOW_KIND, NATIONAL_KIND)]
        if other_kinds and page == 1:
            others = engine.search(
                analyzed,
                city=city or None,
                categories=categories,
                kinds=other_kinds,
                limit=OTHER_KINDS_LIMIT,
                include_national=True,
            )
        if page == 1:
            promotions = _log_query(analyzed.text, found=bool(windows.total or others.total or national))
    elif raw.strip() and page == 1:
        _log_query(analyzed.text or normalize_text(raw), found=False)

    window_items = [_decorate(h, analyzed) for h in windows.hits]
    national_items = [_decorate(h, analyzed) for h in national]
    # Never a dead end: nothing found, or only the front door (the answer of last resort).
    weak = (
        bool(raw)
        and not analyzed.is_empty
        and (windows.total == 0 or bool(windows.hits and windows.hits[0].payload.get("is_front_door")))
    )
    if analyzed.is_empty and raw:
        weak = True
    help_block = help_for(city) if weak else None
    _offer_lines_beside_closed(window_items, national_items, crisis, help_block)

    labels = category_labels()
    glosses = category_glosses()
    category_facets = {}
    for facets in (windows.facets, others.facets):
        for slug, count in facets.get("category", {}).items():
            category_facets[slug] = category_facets.get(slug, 0) + count
    kind_facets = {**others.facets.get("kind", {}), **windows.facets.get("kind", {})}
    total = windows.total + others.total
    context = {
        "search_query": analyzed.text if raw else "",
        "search_city": city,
        "search_city_name": city_name(city) if city else "",
        "search_place": place,
        "prefecture_cities": [c.name for c in prefecture_cities],
        "category": category,
        "analyzed": analyzed,
        "truncated": analyzed.truncated,
        "max_query_length": configured_max_query_length(),
        "windows": window_items,
        "crisis": crisis,
        "national": national_items,
        "weak": weak,
        "help": help_block,
        "suggestions": suggestions(analyzed.text, city) if weak else [],
        "quick_exit": bool(
            (crisis and QUICK_EXIT_KINDS & set(crisis["kinds"]))
            or category in QUICK_EXIT_CATEGORIES
            or QUICK_EXIT_CATEGORIES & set(analyzed.categories)
        ),
        "others": [_decorate(h, analyzed) for h in others.hits],
        "window_total": windows.total,
        "total": total,
        "promotions": promotions,
        "category_facets": [
            {
                "slug": slug,
                "label": labels.get(slug, slug),
                "easy": glosses.get(slug, ("", ""))[0],
                "english": glosses.get(slug, ("", ""))[1],
                "count": count,
                "active": slug == category,
            }
            for slug, count in sorted(category_facets.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "kind_facets": [{"kind": k, "label": kind_label(k), "count": n} for k, n in kind_facets.items()],
        "page": page,
        "has_next": windows.total > page * PAGE_SIZE,
        "has_previous": page > 1,
        "zero_links": zero_result_links(city) if weak else [],
        "all_categories": [
            {
                "slug": s,
                "label": label,
                "easy": glosses.get(s, ("", ""))[0],
                "english": glosses.get(s, ("", ""))[1],
                "url": category_url(s, city),
            }
            for s, label in labels.items()
        ],
    }
    return render(request, "search/search.html", context)


@csrf_exempt  # a counter only: it never creates a term, and a forged click can only raise a term's click count
@require_POST
def click_view(request: HttpRequest) -> HttpResponse:
    """A resident followed a result of a search (sent by static/js/search-clicks.js with the normalised query)."""
    record_click(normalize_text(request.POST.get("q", ""))[:255])
    return HttpResponse(status=204)
