"""Public directory pages: the city directory, category pages, window details and the friendly 404."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from guides.prefectures import BY_NAME as PREFECTURES_BY_NAME
from guides.prefectures import BY_SLUG as PREFECTURES_BY_SLUG
from guides.prefectures import sort_key as prefecture_order

from . import counts, jsonld
from .memo import MAX_WINDOWS as MEMO_MAX_WINDOWS
from .models import Category, Situation
from .queries import (
    around_the_clock_line_for,
    filter_by_situation,
    front_door,
    live_cities,
    national_windows,
    public_windows,
)

# A national page lists windows themselves only up to this many; above it, it lists cities with their counts, and
# above CITY_LIMIT cities, prefectures (a person cannot read 1,741 links, and a phone should not download them).
LIST_LIMIT = 60
CITY_LIMIT = 60


def _city_or_404(slug):
    return get_object_or_404(live_cities(), slug=slug)


def _category_or_404(slug):
    return get_object_or_404(Category, slug=slug)


def _situation(request):
    slug = request.GET.get("situation", "")
    return Situation.objects.filter(slug=slug).first() if slug else None


def _listing_ld(windows, request) -> str:
    base = request.build_absolute_uri("/").rstrip("/")
    return jsonld.dumps(
        {"@context": "https://schema.org", "@graph": [jsonld.window_ld(w, base) for w in windows]}
    )


@require_safe
def city_directory(request, city, category=None):
    city_page = _city_or_404(city)
    category_obj = _category_or_404(category) if category else None
    situation = _situation(request)
    windows = public_windows().filter(city=city_page)
    if situation:
        windows = filter_by_situation(windows, situation)
    if category_obj:
        windows = windows.filter(categories=category_obj)
    windows = list(windows)
    # Unfiltered, the city's front door is already in the list (front doors sort first).
    door = (
        next((w for w in windows if w.is_front_door), None)
        if not (situation or category_obj)
        else front_door(city_page)
    )
    return render(
        request,
        "directory/city_directory.html",
        {
            "city": city_page,
            "footer_city": city_page,
            "search_city": city_page.slug,
            "category": category_obj,
            "situation": situation,
            "facets": counts.category_facets(city=city_page, situation=situation),
            "windows": windows,
            "front_door": door,
            "national_24h": [w for w in national_windows() if w.is_around_the_clock],
            "jsonld": _listing_ld(windows, request),
            "memo_ids": ",".join(str(w.pk) for w in windows[:MEMO_MAX_WINDOWS]),
            "memo_capped": len(windows) > MEMO_MAX_WINDOWS,
            "memo_max": MEMO_MAX_WINDOWS,
        },
    )


@require_safe
def staff_table(request, city):
    """A city's whole directory as one dense table for agency staff: print it or check referral contacts."""
    city_page = _city_or_404(city)
    return render(
        request,
        "directory/staff_table.html",
        {
            "city": city_page,
            "footer_city": city_page,
            "search_city": city_page.slug,
            "windows": list(public_windows().filter(city=city_page)),
        },
    )


def _national_in_scope(category, situation):
    windows = national_windows()
    if situation:
        windows = filter_by_situation(windows, situation)
    if category:
        windows = windows.filter(categories=category)
    return windows


def _prefecture(request):
    slug = request.GET.get("pref", "")
    return PREFECTURES_BY_SLUG.get(slug) if slug else None


@require_safe
def category_index(request, category=None):
    """National (or one prefecture's) windows by category or situation, at a size a person can read.

    Up to LIST_LIMIT windows are listed by city; more are summarised as cities with their counts, and at national
    scope with more than CITY_LIMIT cities, as prefectures with their counts (``?pref=`` narrows to one).
    Counts come from directory.counts, so the page costs the same for five cities and for 1,741.
    """
    category_obj = _category_or_404(category) if category else None
    situation = _situation(request)
    prefecture = _prefecture(request)
    pref_name = prefecture.name if prefecture else None
    scoped = bool(category_obj or situation)
    cities = live_cities()
    if pref_name:
        cities = cities.filter(prefecture=pref_name)
    per_city = counts.by_city(category=category_obj, situation=situation, prefecture=pref_name)
    in_scope = sum(per_city.values())
    context = {
        "category": category_obj,
        "situation": situation,
        "prefecture": prefecture,
        "facets": counts.category_facets(prefecture=pref_name, situation=situation),
        "total": in_scope,
        "grouped": [],
        "cities": [],
        "prefectures": [],
        "jsonld": "",
        # National lines (全国共通) answer every city's residents: listed whenever the page is narrowed.
        "national": list(_national_in_scope(category_obj, situation)) if scoped else [],
    }
    city_list = list(cities[: CITY_LIMIT + 1]) if not pref_name else list(cities)
    if not pref_name and len(city_list) > CITY_LIMIT:
        context["prefectures"] = [
            (PREFECTURES_BY_NAME.get(name), name, n)
            for name, n in counts.by_prefecture(category=category_obj, situation=situation)
        ]
    elif scoped and in_scope <= LIST_LIMIT:
        windows = public_windows().filter(city__in=[c.pk for c in city_list])
        if situation:
            windows = filter_by_situation(windows, situation)
        if category_obj:
            windows = windows.filter(categories=category_obj)
        windows = list(windows)
        context["grouped"] = [(c, [w for w in windows if w.city_id == c.pk]) for c in city_list]
        context["jsonld"] = _listing_ld(windows, request)
    else:
        city_list.sort(key=lambda c: (prefecture_order(c.prefecture), c.path))
        context["cities"] = [(c, per_city.get(c.pk, 0)) for c in city_list]
    return render(request, "directory/category_index.html", context)


@require_safe
def window_detail(request, city, pk):
    city_page = _city_or_404(city)
    window = get_object_or_404(public_windows(), city=city_page, pk=pk)
    business = None
    if window.business_kind:
        from guides.models import BusinessPage

        business = (
            BusinessPage.objects.live().descendant_of(city_page).filter(kind=window.business_kind).first()
        )
    return render(
        request,
        "directory/window_detail.html",
        {
            "city": city_page,
            "footer_city": city_page,
            "search_city": city_page.slug,
            "window": window,
            # Looked up whether or not the window is open now, so the page's query count does not depend on
            # the time of day; shown only while the window is closed.
            "line_beside": None if window.is_national else around_the_clock_line_for(window),
            "business": business,
            "jsonld": jsonld.dumps(jsonld.window_ld(window, request.build_absolute_uri("/").rstrip("/"))),
        },
    )


@require_safe
def national_index(request):
    """全国共通の相談窓口: every national line, 24-hour lines first; linked from every city's directory."""
    windows = sorted(national_windows(), key=lambda w: (not w.is_around_the_clock, w.pk))
    return render(
        request,
        "directory/national_index.html",
        {"windows": windows, "jsonld": _listing_ld(windows, request)},
    )


@require_safe
def national_window(request, pk):
    window = get_object_or_404(national_windows(), pk=pk)
    return render(
        request,
        "directory/window_detail.html",
        {
            "city": None,
            "window": window,
            "business": None,
            "jsonld": jsonld.dumps(jsonld.window_ld(window, request.build_absolute_uri("/").rstrip("/"))),
        },
    )


def not_found(request, exception=None):
    return render(
        request, "404.html", {"categories": Category.objects.all(), "cities": live_cities()}, status=404
    )
