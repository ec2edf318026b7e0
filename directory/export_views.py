"""Open-data downloads: `/opendata/<city>/windows.csv`, `/opendata/<city>/hsds.json`, `/opendata/hsds.json`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from guides.models import CityPage

from . import exports
from .queries import live_cities, public_windows


def _city_or_404(slug: str) -> CityPage:
    return get_object_or_404(live_cities(), slug=slug)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def windows_csv(request: HttpRequest, city: str) -> HttpResponse:
    city_page = _city_or_404(city)
    text = exports.city_windows_csv(
        city_page, public_windows().filter(city=city_page), base_url=_base_url(request)
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.export_filename(city_page.slug, "csv")}"'
    )
    return response


def _hsds_response(document: dict, filename: str) -> HttpResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def city_hsds(request: HttpRequest, city: str) -> HttpResponse:
    city_page = _city_or_404(city)
    document = exports.hsds_document(
        [city_page], public_windows().filter(city=city_page), base_url=_base_url(request)
    )
    return _hsds_response(document, f"{city_page.slug}-hsds.json")


@require_safe
def all_hsds(request: HttpRequest) -> HttpResponse:
    cities = list(live_cities())
    document = exports.hsds_document(
        cities, public_windows().filter(city__in=cities), base_url=_base_url(request)
    )
    return _hsds_response(document, "hsds.json")
