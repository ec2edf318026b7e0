"""The national lines the crisis panel offers (registered with search.registry.register_crisis_lines)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from .models import ConsultationWindow, WindowHours
from .queries import city_windows, national_windows, public_windows

# Lines a panel shows at most: enough for a choice, few enough to read on a phone at night.
MAX_LINES = 4


def line_out(window: ConsultationWindow, now=None) -> dict[str, Any]:
    """A national line as plain data for the crisis panel and the API (open_now judged in Asia/Tokyo)."""
    return {
        "id": window.pk,
        "title": window.title,
        "organisation": window.organisation.full_name,
        "description": window.description,
        "phones": [
            {"number": p.number, "tel": p.tel_uri, "label": p.label, "short_code": not p.e164.startswith("+")}
            for p in window.voice_phones
        ],
        "hours_text": window.hours_text,
        "hours_note": window.hours_note,
        "open_now": window.is_open(now or timezone.now()),
        "is_24h": window.is_around_the_clock,
        "url": window.get_url(),
        "links": [{"label": link.label, "url": link.url, "kind": link.kind} for link in window.links.all()],
        "languages": window.languages,
        "crisis_kinds": window.crisis_kind_list,
    }


def lines_for_crisis(kinds: Sequence[str], city: str = "", now=None) -> list[dict[str, Any]]:
    """National lines for the kinds, best first: lines for the first (most specific) kind before the others, lines
    open now before closed ones, around-the-clock lines first among them. ``city`` is unused: every line is national."""
    now = now or timezone.now()
    wanted = list(kinds)
    scored = []
    for window in national_windows():
        own = window.crisis_kind_list
        ranks = [wanted.index(k) for k in own if k in wanted]
        if not ranks:
            continue
        line = line_out(window, now)
        scored.append(((min(ranks), line["open_now"] is not True, not line["is_24h"], window.pk), line))
    scored.sort(key=lambda item: item[0])
    return [line for _key, line in scored[:MAX_LINES]]


# --- never a dead end (search.registry.register_help / register_open_now / register_names) ----------------------


def help_for_city(city: str) -> dict[str, Any]:
    """What a page that found little offers: the city's front door with its phone, and the 24-hour national
    lines that take any worry (the ones filed under the most categories, よりそいホットライン first)."""
    door = None
    if city:
        window = city_windows().filter(city__slug=city, is_front_door=True).first()
        if window is not None:
            door = {
                "title": window.title,
                "organisation": window.organisation.full_name,
                "url": window.get_url(),
                "phones": [
                    {"number": p.number, "tel": p.tel_uri, "label": p.label} for p in window.voice_phones
                ],
                "hours_text": window.hours_text,
            }
    general = sorted(
        (w for w in national_windows() if w.is_around_the_clock),
        key=lambda w: (-len(w.categories.all()), w.pk),
    )
    return {"front_door": door, "lines": [line_out(w) for w in general[:1]]}


def windows_open_now(ids: Sequence[int]) -> dict[int, bool | None]:
    """受付中 now for the windows on a result page (one query with their hours)."""
    now = timezone.now()
    windows = (
        public_windows()
        .filter(pk__in=list(ids))
        .select_related(None)
        # Only the hours decide 受付中: the cards' other prefetches (phones, categories, links …) are not needed.
        .prefetch_related(None)
        .prefetch_related(Prefetch("hours", queryset=WindowHours.objects.order_by("sort_order")))
        .only("pk", "status")
    )
    return {w.pk: w.is_open(now) for w in windows}


def window_names(city: str) -> list[str]:
    windows = city_windows().filter(city__slug=city) if city else city_windows()
    return list(windows.values_list("title", flat=True).distinct()[:500])
