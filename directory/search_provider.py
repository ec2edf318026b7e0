"""What the resident search indexes for windows. Registered with search in DirectoryConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable

from search.registry import (
    WEIGHT_BODY,
    WEIGHT_CATEGORY,
    WEIGHT_ORGANISATION,
    WEIGHT_TITLE,
    WEIGHT_TOPICS,
    SearchDocument,
)

from . import hours as hours_rules
from .models import Category, ConsultationWindow, Situation, Status
from .national import NATIONAL_LABEL
from .queries import city_windows, national_windows, public_windows
from .referral import ReferralForm
from .search_bulk import bulk_windows
from .values import target_groups


def window_key(window: ConsultationWindow) -> str:
    return f"window:{window.pk}"


NATIONAL_KIND = "national"


def window_document(
    window: ConsultationWindow,
    *,
    categories: list[Category] | None = None,
    situations: list[Situation] | None = None,
    url: str | None = None,
) -> SearchDocument:
    """A city's window (kind "window"), or a national line (kind "national", no city): kept apart so the search
    page shows national lines after the city's fitting windows, never above them (except in the crisis panel).

    ``categories``, ``situations`` (in the relations' order) and ``url`` are given by the bulk reader of an index
    build (directory.search_bulk); otherwise they are read from the window."""
    org = window.organisation
    categories = list(window.categories.all()) if categories is None else categories
    situations = list(window.situations.all()) if situations is None else situations
    phones = [
        {
            "number": p.number,
            "tel": p.tel_uri,
            "label": p.label,
            "extension": p.extension,
            "switchboard": p.switchboard,
            "fallback": p.fallback,
        }
        for p in window.phone_lines
    ]
    national = window.is_national
    return SearchDocument(
        kind=NATIONAL_KIND if national else "window",
        key=window_key(window),
        title=window.title,
        url=window.get_url() if url is None else url,
        city="" if national else window.city.slug,
        categories=[c.slug for c in categories],
        fields=[
            (window.title, WEIGHT_TITLE),
            (window.topics, WEIGHT_TOPICS),
            (org.full_name, WEIGHT_ORGANISATION),
            (" ".join(c.name for c in categories), WEIGHT_CATEGORY),
            (" ".join(s.name for s in situations), WEIGHT_CATEGORY),
            (
                "\n".join(filter(None, [window.description, window.target, window.plain_description])),
                # A national line's purpose is all it says about itself: it weighs like topics.
                WEIGHT_TOPICS if national else WEIGHT_BODY,
            ),
        ],
        payload={
            "id": window.pk,
            "organisation": org.full_name,
            "city_name": NATIONAL_LABEL if national else window.city.title,
            "national": national,
            "topics": window.topic_list,
            "summary": window.description if national else "",
            "phones": phones,
            "hours_text": window.hours_text,
            "is_24h": window.is_around_the_clock,
            "is_front_door": window.is_front_door,
            "categories": [c.name for c in categories],
            # Targets (対象年齢, 事業者向け) for ranking by a stated age or role (search.engines.scoring).
            "age_min": window.age_min,
            "age_max": window.age_max,
            "audience": window.audience,
            "groups": target_groups(window.target),
            # Rows, not a badge: 受付中 is decided when the result is shown (directory_tags.result_hours).
            "hours": hours_rules.rows_to_json(window.hours_rows) if window.status != Status.CLOSED else [],
            "ask_for": window.ask_for,
        },
    )


class WindowSearchProvider:
    """Every city's windows. document_for() also answers for a national line (the signals index any window)."""

    kind = "window"

    def documents(self) -> Iterable[SearchDocument]:
        # The index build reads every window of the country: table by table, without per-row ORM work.
        for window, known in bulk_windows(city_windows()):
            yield window_document(window, **known)

    def count(self) -> int:
        """How many documents documents() yields (for the progress bar of a rebuild)."""
        return city_windows().count()

    def document_for(self, obj: ConsultationWindow) -> SearchDocument | None:
        window = public_windows().filter(pk=obj.pk).first()
        return window_document(window) if window is not None else None

    def key_for(self, obj: ConsultationWindow) -> str:
        return window_key(obj)

    def stock_search(self, query: str, city: str | None, limit: int) -> list[SearchDocument]:
        """Wagtail's stock database backend over the same live windows, for search_eval's comparison."""
        from wagtail.search.backends import get_search_backend

        # The stock backend filters only on indexed FilterFields, so the live set is passed as primary keys.
        live = city_windows()
        if city:
            live = live.filter(city__slug=city)
        candidates = ConsultationWindow.objects.filter(pk__in=list(live.values_list("pk", flat=True)))
        results = get_search_backend("default").search(query, candidates)[:limit]
        return [window_document(w) for w in results]


class NationalSearchProvider(WindowSearchProvider):
    """The national lines (全国共通), indexed without a city under their own kind."""

    kind = NATIONAL_KIND

    def documents(self) -> Iterable[SearchDocument]:
        for window, known in bulk_windows(national_windows()):
            yield window_document(window, **known)


def zero_result_links(city: str) -> list[tuple[str, str]]:
    """Where a search with no results sends a resident: the city's front door and its directory."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from .queries import live_cities

    if not city or not live_cities().filter(slug=city).exists():
        return [(gettext("分野から相談窓口を探す"), reverse("directory:categories"))]
    door = public_windows().filter(city__slug=city, is_front_door=True).first()
    links = [(gettext("まずはここへ：どこに相談したらよいかわからないとき"), door.get_url())] if door else []
    return [*links, (gettext("この市の相談窓口一覧"), reverse("directory:city", kwargs={"city": city}))]


def form_key(form: ReferralForm) -> str:
    return f"form:{form.pk}"


def form_document(form: ReferralForm) -> SearchDocument:
    """A つなぐシート: found by its name, by what agency staff call it (情報共有, 連携, 様式) and by who sends it."""
    senders = [rule.sender for rule in form.routing_rules.all()]
    return SearchDocument(
        kind="form",
        key=form_key(form),
        title=f"{form.city.title} {form.title}",
        url=form.get_url(),
        city=form.city.slug,
        fields=[
            (f"{form.title} {form.get_variant_display()}", WEIGHT_TITLE),
            # How staff describe the sheet; the page's own lead says the same.
            ("支援機関 情報共有 連携 様式 提出 つなぐシート", WEIGHT_TOPICS),
            (form.submit_label, WEIGHT_ORGANISATION),
            ("\n".join(filter(None, [form.instructions, " ".join(senders)])), WEIGHT_BODY),
        ],
        payload={"city_name": form.city.title, "submit_to": form.submit_label},
    )


class FormSearchProvider:
    """Live つなぐシート forms of live cities (only approved versions are public)."""

    kind = "form"

    def _live(self):
        return (
            ReferralForm.objects.filter(live=True, city__live=True)
            .select_related("city", "submit_to_organisation")
            .prefetch_related("routing_rules")
        )

    def documents(self) -> Iterable[SearchDocument]:
        for form in self._live():
            yield form_document(form)

    def document_for(self, obj: ReferralForm) -> SearchDocument | None:
        form = self._live().filter(pk=obj.pk).first()
        return form_document(form) if form is not None else None

    def key_for(self, obj: ReferralForm) -> str:
        return form_key(obj)
