"""The public read-only JSON API (/api/v1/). OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError

from directory import counts
from directory import serializers as directory_serializers
from directory.models import Category, Situation
from directory.national import NATIONAL_SLUG
from directory.queries import filter_by_situation, live_cities, public_windows
from guides.models import BusinessPage, CityPage, ProgramPage
from search.views import search_api

api = NinjaAPI(
    title="つなぐ 公開API",
    version="1.0.0",
    description="重層的支援体制整備事業と相談窓口のオープンデータ。読み取り専用です。",
    urls_namespace="api",
)


class ErrorOut(Schema):
    detail: str
    detail_ja: str


class NotFoundError(Exception):
    def __init__(self, what: str, value: str, message_ja: str):
        super().__init__(f"Unknown {what}: {value!r}")
        self.message_ja = message_ja


@api.exception_handler(NotFoundError)
def _not_found(request, exc: NotFoundError):
    return api.create_response(request, {"detail": str(exc), "detail_ja": exc.message_ja}, status=404)


class BadParameterError(Exception):
    def __init__(self, message: str, message_ja: str):
        super().__init__(message)
        self.message_ja = message_ja


@api.exception_handler(BadParameterError)
def _bad_parameter(request, exc: BadParameterError):
    return api.create_response(request, {"detail": str(exc), "detail_ja": exc.message_ja}, status=400)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """A malformed parameter (page=abc, window id past 64 bits …) is the client's error: 400, in both languages."""
    fields = sorted({".".join(str(p) for p in error.get("loc", [])[1:]) or "?" for error in exc.errors})
    return api.create_response(
        request,
        {
            "detail": f"Invalid parameter(s): {', '.join(fields)}",
            "detail_ja": f"パラメータの値が正しくありません: {', '.join(fields)}",
        },
        status=400,
    )


# Past this a page is empty anyway; bounding it keeps OFFSET inside 64 bits on every database.
MAX_PAGE = 100_000


def _city(slug: str) -> CityPage:
    city = live_cities().filter(slug=slug).first()
    if city is None:
        raise NotFoundError("city", slug, f"市町村「{slug}」は登録されていません。")
    return city


class CityOut(Schema):
    slug: str
    name: str
    prefecture: str
    local_gov_code: str
    main_phone: str
    address: str
    website: str
    url: str
    program_url: str | None
    windows_url: str


def _city_out(city: CityPage) -> dict:
    return {
        "slug": city.slug,
        "name": city.title,
        "prefecture": city.prefecture,
        "local_gov_code": city.local_gov_code,
        "main_phone": city.main_phone,
        "address": city.address,
        "website": city.website,
        "url": city.url,
        "program_url": reverse("api:city_program", kwargs={"slug": city.slug}),
        "windows_url": reverse("api:windows") + f"?city={city.slug}",
    }


@api.get("/cities", response=list[CityOut], url_name="cities", tags=["cities"])
def list_cities(request: HttpRequest):
    return [_city_out(city) for city in live_cities()]


@api.get(
    "/cities/{slug}/program", response={200: dict, 404: ErrorOut}, url_name="city_program", tags=["cities"]
)
def city_program(request: HttpRequest, slug: str):
    """The structured programme: businesses with agencies, meetings, indicators, plan period and contact."""
    city = _city(slug)
    program = ProgramPage.objects.live().child_of(city).first()
    if program is None:
        raise NotFoundError("program", slug, f"{city.title}の事業情報はまだ登録されていません。")
    # Agencies and sub-programmes in two queries for all businesses, not two per business.
    businesses = (
        BusinessPage.objects.live()
        .child_of(program)
        .order_by("kind")
        .prefetch_related("agencies", "subprograms")
    )
    return {
        "city": _city_out(city),
        "title": program.title,
        "plan_title": program.plan_title,
        "published": program.published,
        "period": {"start": program.period_start, "end": program.period_end, "label": program.period_label},
        "legal_basis": program.legal_basis,
        "basic_policy": program.basic_policy,
        "coordinators": program.coordinator_list,
        "timeline": [{"fiscal_year": m.fiscal_year, "label": m.label} for m in program.milestones.all()],
        "businesses": [_business_out(b) for b in businesses],
        "meetings": [
            {
                "name": m.name,
                "kind": m.kind,
                "schedule": m.schedule,
                "next_dates": [d.isoformat() for d in m.next_dates()],
                "organiser": m.organiser,
                "members": m.member_list,
                "roles": m.role_list,
                "consent": m.consent,
                "notes": m.notes,
            }
            for m in program.meetings.all()
        ],
        "indicators": [
            {
                "name": i.name,
                "kind": i.kind,
                "unit": i.unit,
                "survey": i.survey,
                "baseline": {"year": i.baseline_label, "value": i.baseline_value}
                if i.baseline_value
                else None,
                "targets": i.targets,
                "notes": i.notes,
            }
            for i in program.indicators.all()
        ],
        "sections": [{"heading": s.heading, "body": s.body} for s in program.sections.all()],
        "contact": {
            "department": city.contact_department,
            "address": city.contact_address,
            "phone": city.contact_phone,
            "fax": city.contact_fax,
            "email": city.contact_email,
        },
        "source": {"document": program.source_document, "location": program.source_location},
    }


def _business_out(business: BusinessPage) -> dict:
    return {
        "kind": business.kind,
        "name": business.get_kind_display(),
        "clause": business.clause,
        "status": business.get_status_display() if business.status else "",
        "description": business.description,
        "overview": business.overview_list,
        "target": business.target,
        "activities": business.activities,
        "responsible": business.responsible,
        "agencies": [
            {
                "name": a.name,
                "field": a.field,
                "sites": a.sites,
                "sites_text": a.sites_text,
                "site_type": a.site_type,
                "operation": a.operation,
                "department": a.department,
                "area": a.area,
                "target": a.target,
                "activities": a.activities,
                "role": a.role,
                "notes": a.notes,
                "source": a.source_label,
            }
            for a in business.agencies.all()
        ],
        "subprograms": [
            {
                "group": s.group,
                "name": s.name,
                "field": s.field,
                "count": s.count,
                "count_text": s.count_text,
                "operation": s.operation,
                "department": s.department,
                "notes": s.notes,
            }
            for s in business.subprograms.all()
        ],
    }


@api.get("/windows", response={200: dict, 400: ErrorOut, 404: ErrorOut}, url_name="windows", tags=["windows"])
def list_windows(
    request: HttpRequest,
    response_headers: HttpResponse,
    city: str = "",
    category: str = "",
    situation: str = "",
    q: str = "",
    cursor: str = "",
    page: int | None = None,
    page_size: int = 50,
):
    """Consultation windows, filtered by city, category and situation; `q` ranks them with the resident search.

    Paging: follow `next`. Without `q` the pages are in id order and `next` carries an opaque `cursor` (keyset
    pagination: every page costs the same, however deep). `page=N` (offset paging, ordered by city) still works
    but is deprecated: its cost grows with N, and responses to it carry a `Deprecation` header. With `q` the pages
    follow the ranking and use `page`.

    National lines (全国共通) have `scope` "national" and no city; `city=zenkoku` lists only them."""
    if (page is not None and not 1 <= page <= MAX_PAGE) or not 1 <= page_size <= 200:
        raise BadParameterError(
            f"page must be between 1 and {MAX_PAGE} and page_size between 1 and 200",
            f"page は1〜{MAX_PAGE}、page_size は1〜200の整数で指定してください。",
        )
    windows = public_windows()
    city_page = category_obj = situation_obj = None
    if city == NATIONAL_SLUG:
        # city=zenkoku: the national lines (全国共通), each labelled scope "national".
        windows = windows.filter(city__isnull=True)
    elif city:
        city_page = _city(city)
        windows = windows.filter(city=city_page)
    if category:
        category_obj = Category.objects.filter(slug=category).first()
        if category_obj is None:
            raise NotFoundError("category", category, f"分野「{category}」はありません。")
        windows = windows.filter(categories=category_obj)
    if situation:
        situation_obj = Situation.objects.filter(slug=situation).first()
        if situation_obj is None:
            raise NotFoundError("situation", situation, f"状況「{situation}」はありません。")
        windows = filter_by_situation(windows, situation_obj)
    filters = {"city": city, "category": category, "situation": situation}
    if not q.strip() and page is None:
        # National lines are few and counted directly; city windows come from the facet summary.
        national = windows.filter(city__isnull=True).count() if not city_page else 0
        in_cities = (
            0
            if city == NATIONAL_SLUG
            else counts.total(city=city_page, category=category_obj, situation=situation_obj)
        )
        try:
            return directory_serializers.paginate_keyset(
                request,
                windows,
                filters=filters,
                cursor=cursor,
                page_size=page_size,
                count=national + in_cities,
            )
        except directory_serializers.CursorError as error:
            raise BadParameterError(
                "cursor is not one this API issued",
                "cursor が正しくありません。next のリンクをそのまま使ってください。",
            ) from error
    response = directory_serializers.paginate(
        request,
        windows,
        q=q,
        filters=filters,
        page=page or 1,
        page_size=page_size,
    )
    if not q.strip():
        # RFC 9745; the successor is the same URL without `page` (cursor paging).
        response_headers["Deprecation"] = "true"
        successor = request.GET.copy()
        successor.pop("page", None)
        response_headers["Link"] = f'<{request.path}?{successor.urlencode()}>; rel="successor-version"'
    return response


@api.get("/search", response={200: dict, 404: ErrorOut}, url_name="search", tags=["search"])
def search_all(
    request: HttpRequest, q: str = "", city: str = "", kind: str = "", category: str = "", page: int = 1
):
    """Resident search across windows, pages and forms: analysed in Japanese, ranked, with facets.

    Queries longer than the documented maximum are truncated (`truncated` is true in the response)."""
    if city:
        _city(city)
    return search_api(q, city=city or None, kinds=kind or None, categories=category or None, page=page)


@api.get("/windows/{window_id}", response={200: dict, 404: ErrorOut}, url_name="window", tags=["windows"])
def get_window(request: HttpRequest, window_id: int):
    window = public_windows().filter(pk=window_id).first()
    if window is None:
        raise NotFoundError("window", str(window_id), f"窓口 {window_id} は見つかりません。")
    return directory_serializers.window_out(window, request)
