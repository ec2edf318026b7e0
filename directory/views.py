"""Public directory pages: the city directory, category pages, window details and the friendly 404."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import jsonld
from .models import Category, Situation
from .queries import (
    category_counts,
    city_windows,
    filter_by_situation,
    front_door,
    live_cities,
    national_windows,
    public_windows,
)


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


def _narrowed(windows, request, category):
    """Apply the ?situation= filter, count the category facets over that set, then apply the category."""
    situation = _situation(request)
    if situation:
        windows = filter_by_situation(windows, situation)
    facets = category_counts(windows)
    if category:
        windows = windows.filter(categories=category)
    return windows, facets, situation


@require_safe
def city_directory(request, city, category=None):
    city_page = _city_or_404(city)
    category_obj = _category_or_404(category) if category else None
    windows, facets, situation = _narrowed(public_windows().filter(city=city_page), request, category_obj)
    windows = list(windows)
    return render(
        request,
        "directory/city_directory.html",
        {
            "city": city_page,
            "footer_city": city_page,
            "search_city": city_page.slug,
            "category": category_obj,
            "situation": situation,
            "facets": facets,
            "windows": windows,
            "front_door": front_door(city_page),
            "national_24h": [w for w in national_windows() if w.is_around_the_clock],
            "jsonld": _listing_ld(windows, request),
        },
    )


@require_safe
def category_index(request, category=None):
    category_obj = _category_or_404(category) if category else None
    windows, facets, situation = _narrowed(city_windows(), request, category_obj)
    national = (
        list(_narrowed(national_windows(), request, category_obj)[0]) if (category_obj or situation) else []
    )
    cities = list(live_cities())
    grouped = (
        [(c, [w for w in windows if w.city_id == c.pk]) for c in cities]
        if (category_obj or situation)
        else []
    )
    return render(
        request,
        "directory/category_index.html",
        {
            "category": category_obj,
            "situation": situation,
            "facets": facets,
            "grouped": grouped,
            "national": national,
            "cities": cities,
            "jsonld": _listing_ld([w for _c, ws in grouped for w in ws], request) if grouped else "",
        },
    )


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
