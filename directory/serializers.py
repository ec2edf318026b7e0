"""Plain-dict views of windows for the API and exports."""

import base64
import binascii
from urllib.parse import urlencode

from django.db.models import QuerySet
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
        "city": window.city.slug if window.city_id else "",
        # 全国共通 lines have no city: residents of every city can call them.
        "scope": "national" if window.is_national else "city",
        "scope_label": "全国" if window.is_national else window.city.title,
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
                "month_days": list(row.month_days),
                "note": row.note,
            }
            for row in window.hours_rows
        ],
        "hours_text": window.hours_text,
        "hours_note": window.hours_note,
        "links": [{"label": link.label, "url": link.url, "kind": link.kind} for link in window.links.all()],
        "crisis_kinds": window.crisis_kind_list,
        "source_url": window.source_url,
        "is_front_door": window.is_front_door,
        "business_kind": window.business_kind,
        "status": window.status,
        "languages": window.languages,
        "last_verified": window.verified_on.isoformat() if window.verified_on else None,
        "source": {"document": window.source_document, "location": window.source_location},
    }


# Ranked results: the first search asks for this many; when the engine reports more matches, the search runs once
# more for all of them, so counts and later pages are complete (one ranking, not batches ranked separately).
RANK_FIRST = 200


def ranked_ids(q: str, *, city: str | None = None, category: str | None = None) -> list[int]:
    """Every window id the resident search matches for `q`, best first — not only the first RANK_FIRST."""
    from search.query import search_documents

    def search(limit: int):
        return search_documents(
            q, city=city, categories=[category] if category else None, kinds=["window"], limit=limit
        )

    results = search(RANK_FIRST)
    if results.total > len(results.hits):
        results = search(results.total)
    return list(dict.fromkeys(hit.payload["id"] for hit in results.hits))


def paginate(
    request: HttpRequest,
    windows: QuerySet[ConsultationWindow],
    *,
    q: str,
    filters: dict[str, str],
    page: int,
    page_size: int,
) -> dict:
    """One page of `windows` (already filtered by `filters`: city, category, situation …) for the API.

    Without `q` the queryset is sliced and counted in the database. With `q` the search ranks every match
    (no cap), the ranking is intersected with `windows`, and only the page's windows are loaded.
    `filters` are repeated in the next/previous links, so paging keeps every filter.
    """
    start = (page - 1) * page_size
    if q.strip():
        ids = ranked_ids(q, city=filters.get("city") or None, category=filters.get("category") or None)
        allowed = set(windows.filter(pk__in=ids).values_list("pk", flat=True))
        ranked = [i for i in ids if i in allowed]
        count = len(ranked)
        page_ids = ranked[start : start + page_size]
        by_id = {w.pk: w for w in windows.filter(pk__in=page_ids)}
        chunk = [by_id[i] for i in page_ids if i in by_id]
    else:
        count = windows.count()
        chunk = list(windows[start : start + page_size])

    def link(p: int) -> str:
        params = {k: v for k, v in {**filters, "q": q}.items() if v}
        return request.build_absolute_uri(
            request.path + "?" + urlencode({**params, "page": p, "page_size": page_size})
        )

    return {
        "count": count,
        "next": link(page + 1) if start + page_size < count else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [window_out(w, request) for w in chunk],
    }


class CursorError(ValueError):
    """A cursor that this API did not issue (or that was cut short)."""


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"w{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("w") or not text[1:].isdigit():
            raise CursorError(cursor)
        return int(text[1:])
    except (binascii.Error, UnicodeDecodeError) as error:
        raise CursorError(cursor) from error


def paginate_keyset(
    request: HttpRequest,
    windows: QuerySet[ConsultationWindow],
    *,
    filters: dict[str, str],
    cursor: str,
    page_size: int,
    count: int,
) -> dict:
    """One page of `windows` in id order, after the window the cursor names (keyset pagination).

    The database walks the primary key from the cursor, so the 500th page costs what the first does (an offset
    would read and sort every skipped row). `count` is passed in: counting 100,000 windows per page would cost more
    than the page (the API takes it from directory.counts). `next` carries the filters and the cursor.
    """
    after = decode_cursor(cursor) if cursor else 0
    chunk = list(windows.order_by("pk").filter(pk__gt=after)[: page_size + 1])
    more = len(chunk) > page_size
    chunk = chunk[:page_size]
    next_link = None
    if more:
        params = {k: v for k, v in filters.items() if v}
        query = urlencode({**params, "cursor": encode_cursor(chunk[-1].pk), "page_size": page_size})
        next_link = request.build_absolute_uri(request.path + "?" + query)
    return {
        "count": count,
        "next": next_link,
        "previous": None,
        "results": [window_out(w, request) for w in chunk],
    }
