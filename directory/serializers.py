"""Plain-dict views of windows for the API and exports."""

from urllib.parse import urlencode

from django.http import HttpRequest

from .models import ConsultationWindow


def phone_out(phone) -> dict:
    return {
        "number": phone.number,
        "e164": phone.e164,
        "kind": phone.kind,
        "extension": phone.extension,
        "label": phone.label,
    }


def window_out(window: ConsultationWindow, request: HttpRequest | None = None) -> dict:
    org = window.organisation
    url = window.get_url()
    return {
        "id": window.pk,
        "city": window.city.slug,
        "title": window.title,
        "url": request.build_absolute_uri(url) if request else url,
        "topics": window.topic_list,
        "description": window.description,
        "target": window.target,
        "categories": [{"slug": c.slug, "name": c.name} for c in window.categories.all()],
        "situations": [s.slug for s in window.situations.all()],
        "organisation": {
            "id": org.pk,
            "name": org.full_name,
            "kana": org.name_kana,
            "address": org.address,
            "email": org.email,
            "operation": org.operation,
        },
        "phones": [phone_out(p) for p in window.contact_phones],
        "hours": [
            {
                "weekdays": row.weekdays,
                "opens": row.opens.strftime("%H:%M"),
                "closes": row.closes.strftime("%H:%M"),
                "open_on_holidays": row.open_on_holidays,
                "note": row.note,
            }
            for row in window.hours_rows
        ],
        "hours_text": window.hours_text,
        "is_front_door": window.is_front_door,
        "business_kind": window.business_kind,
        "status": window.status,
        "languages": window.languages,
        "last_verified": window.verified_on.isoformat() if window.verified_on else None,
        "source": {"document": window.source_document, "location": window.source_location},
    }


def paginate(
    request: HttpRequest, windows, *, q: str, city: str, category: str, page: int, page_size: int
) -> dict:
    if q.strip():
        from .search_provider import ranked_windows

        items = ranked_windows(windows, q, city=city or None, category=category or None)
    else:
        items = list(windows)
    start = (page - 1) * page_size
    chunk = items[start : start + page_size]

    def link(p: int) -> str:
        params = {k: v for k, v in {"city": city, "category": category, "q": q}.items() if v}
        return request.build_absolute_uri(
            request.path + "?" + urlencode({**params, "page": p, "page_size": page_size})
        )

    return {
        "count": len(items),
        "next": link(page + 1) if start + page_size < len(items) else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [window_out(w, request) for w in chunk],
    }
