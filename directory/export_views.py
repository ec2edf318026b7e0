"""Open-data downloads: `/opendata/<city>/windows.csv`, `/opendata/<city>/hsds.json`, `/opendata/hsds.json`."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from guides.models import CityPage

from . import exports
from .national import NATIONAL_SLUG
from .queries import live_cities, national_windows, public_windows


def _city_or_404(slug: str) -> CityPage:
    return get_object_or_404(live_cities(), slug=slug)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def windows_csv(request: HttpRequest, city: str) -> HttpResponse:
    # /opendata/zenkoku/windows.csv: the national lines (全国共通), in the same columns.
    city_page = None if city == NATIONAL_SLUG else _city_or_404(city)
    windows = national_windows() if city_page is None else public_windows().filter(city=city_page)
    text = exports.city_windows_csv(city_page, windows, base_url=_base_url(request))
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(city, "csv")}"'
    return response


def _hsds_response(document: dict, filename: str) -> HttpResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def city_hsds(request: HttpRequest, city: str) -> HttpResponse:
    if city == NATIONAL_SLUG:
        document = exports.hsds_document([], national_windows(), base_url=_base_url(request))
        return _hsds_response(document, f"{NATIONAL_SLUG}-hsds.json")
    city_page = _city_or_404(city)
    document = exports.hsds_document(
        [city_page], public_windows().filter(city=city_page), base_url=_base_url(request)
    )
    return _hsds_response(document, f"{city_page.slug}-hsds.json")


@require_safe
def all_hsds(request: HttpRequest) -> HttpResponse:
    cities = list(live_cities())
    # Every city's windows and the national lines (全国共通).
    windows = public_windows().filter(Q(city__in=cities) | Q(city__isnull=True))
    document = exports.hsds_document(cities, windows, base_url=_base_url(request))
    return _hsds_response(document, "hsds.json")
