"""Public つなぐシート views. Only approved (live) versions are listed or served; drafts never leave the admin."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .queries import city_windows, live_cities
from .referral import CONTENT_TYPES, FORMATS, ReferralForm, ReferralFormFile


def _city_or_404(slug):
    return get_object_or_404(live_cities(), slug=slug)


def _live_form_or_404(city, slug) -> ReferralForm:
    return get_object_or_404(
        ReferralForm.objects.filter(live=True).select_related("city"), city=city, slug=slug
    )


def _rules(forms):
    """Routing rules of the city's live forms, first occurrence of each sender wins (forms are ordered)."""
    rules = {}
    for form in forms:
        for rule in form.routing_rules.all():
            rules.setdefault(rule.sender, (rule, form))
    return rules


@require_safe
def forms_index(request, city):
    city_page = _city_or_404(city)
    forms = list(
        ReferralForm.objects.filter(city=city_page, live=True)
        .select_related("submit_to_organisation", "submit_to_organisation__parent")
        .prefetch_related("files__document", "routing_rules", "submit_to_organisation__phones")
    )
    rules = _rules(forms)
    sender = request.GET.get("sender", "")[:80]
    selected = rules.get(sender)
    windows = list(city_windows().filter(city=city_page)) if rules else []
    routes = [
        {"rule": rule, "form": form, "destinations": rule.destinations(windows)}
        for rule, form in rules.values()
    ]
    selected_route = next((r for r in routes if r["rule"].sender == sender), None)
    return render(
        request,
        "directory/referral_index.html",
        {
            "city": city_page,
            "footer_city": city_page,
            "search_city": city_page.slug,
            "forms": forms,
            "rules": [rule for rule, _form in rules.values()],
            "routes": routes,
            "forms_with_privacy_note": any(form.privacy_note for form in forms),
            "sender": sender,
            "selected_rule": selected[0] if selected else None,
            "selected_form": selected[1] if selected else None,
            "selected_route": selected_route,
            "unknown_sender": bool(sender) and not selected,
        },
    )


def file_response(file_row: ReferralFormFile, form: ReferralForm, version_label: str = "") -> FileResponse:
    """Serve a form file: inline for PDF, attachment otherwise, with the Japanese file name kept (RFC 5987)."""
    fmt = file_row.format
    document = file_row.document
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    label = version_label or form.version_label
    name = "_".join(part for part in (form.city.title, form.title, label) if part) + f".{fmt}"
    name = name.replace("/", "／").replace("\\", "＼").replace('"', "")
    response = FileResponse(handle, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    ascii_name = f"tsunagu-sheet-{form.city.slug}-{form.slug}.{fmt}"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def download(request, city, slug, fmt):
    """The stable URL: always the latest approved version (the live row), never a draft or a version in review."""
    if fmt not in FORMATS:
        raise Http404
    form = _live_form_or_404(_city_or_404(city), slug)
    file_row = form.file_for(fmt)
    if file_row is None:
        raise Http404
    return file_response(file_row, form)


@require_safe
def download_version(request, city, slug, revision_id, fmt):
    """An earlier approved version, by the revision that was published."""
    if fmt not in FORMATS:
        raise Http404
    form = _live_form_or_404(_city_or_404(city), slug)
    version = next((v for v in form.older_versions() if v.revision_id == revision_id), None)
    if version is None:
        raise Http404
    file_row = next((f for f in version.files if f.format == fmt), None)
    if file_row is None:
        raise Http404
    return file_response(file_row, form, version.version_label)


@require_safe
def all_cities(request):
    """「支援機関の方へ」 from the footer: every city with its つなぐシート, or where to ask when it has none."""
    cities = list(live_cities())
    with_forms = set(ReferralForm.objects.filter(live=True).values_list("city_id", flat=True))
    return render(
        request,
        "directory/referral_all.html",
        {"cities": [(city, city.pk in with_forms) for city in cities]},
    )
