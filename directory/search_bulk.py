"""Reading every public window for an index build without per-row ORM work.

A rebuild reads the whole country (104,000 windows with their categories, situations, phones, hours, organisations
and cities). Through the ORM with prefetches, most of the time went to model instantiation (modelcluster's
``ClusterableModel.__init__`` for every window and organisation) and to building a queryset for every ``.all()`` on
a prefetched relation. Here each table is read once as tuples, grouped by window in Python, and the instances that
``window_document`` reads are created without ``__init__`` (all their concrete fields set, relations placed in the
caches that ``cached_property`` and the forward-relation descriptors read). The documents are the same as
``window_document(window)`` gives for each window one by one (tests/directory/test_bulk_documents.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models.base import ModelState

from guides.models import CityPage

from .models import (
    Category,
    ConsultationWindow,
    Organisation,
    OrganisationPhone,
    Situation,
    WindowHours,
    WindowPhone,
)
from .queries import _IMPORT_FIELDS

CHUNK = 2000
# A primary key no window has, reversed once per city: the URL of every window is then a string replacement
# (reverse() per window was a fifth of the build).
_PK_SENTINEL = 987654321987


def _attnames(model: type[models.Model], skip: Iterable[str] = ()) -> list[str]:
    skip = set(skip)
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip and f.attname not in skip]


def _instance(model: type[models.Model], names: list[str], row: tuple, db: str) -> Any:
    """A model instance from one row of every listed field, without running the model's (or modelcluster's)
    ``__init__``: what ``Model.from_db`` gives, minus the per-instance set-up the index build never uses."""
    obj = model.__new__(model)
    obj.__dict__.update(zip(names, row, strict=True))
    state = ModelState()
    state.adding = False
    state.db = db
    obj._state = state
    return obj


def _read(model: type[models.Model], queryset: models.QuerySet, names: list[str]) -> Iterator[Any]:
    db = queryset.db
    for row in queryset.values_list(*names).iterator(chunk_size=CHUNK):
        yield _instance(model, names, row, db)


def _grouped(model, queryset, names: list[str], owner: str) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for obj in _read(model, queryset, names):
        groups[getattr(obj, owner)].append(obj)
    return groups


def bulk_windows(windows: models.QuerySet[ConsultationWindow]) -> Iterator[tuple[ConsultationWindow, dict]]:
    """Every window of ``windows`` (a public_windows() queryset), read table by table, with what
    ``window_document`` takes besides the window (its categories, situations and URL)."""
    windows = windows.prefetch_related(None).select_related(None).order_by()
    ids = windows.values("pk")
    window_names = _attnames(ConsultationWindow, _IMPORT_FIELDS)
    org_names = _attnames(Organisation, _IMPORT_FIELDS)
    phone_names = _attnames(WindowPhone)

    categories = {c.pk: c for c in Category.objects.all()}
    situations = {s.pk: s for s in Situation.objects.all()}
    category_order = {pk: (c.order, pk) for pk, c in categories.items()}
    situation_order = {pk: (s.order, s.name, pk) for pk, s in situations.items()}
    window_categories: dict[int, list[int]] = defaultdict(list)
    through = ConsultationWindow.categories.through
    for window_id, category_id in through.objects.filter(consultationwindow_id__in=ids).values_list(
        "consultationwindow_id", "category_id"
    ):
        window_categories[window_id].append(category_id)
    window_situations: dict[int, list[int]] = defaultdict(list)
    through = ConsultationWindow.situations.through
    for window_id, situation_id in through.objects.filter(consultationwindow_id__in=ids).values_list(
        "consultationwindow_id", "situation_id"
    ):
        window_situations[window_id].append(situation_id)

    own_phones = _grouped(
        WindowPhone,
        WindowPhone.objects.filter(window_id__in=ids).order_by("sort_order", "pk"),
        phone_names,
        "window_id",
    )
    hours = _grouped(
        WindowHours,
        WindowHours.objects.filter(window_id__in=ids).order_by("sort_order", "pk"),
        _attnames(WindowHours),
        "window_id",
    )
    hours_records = {window_id: [row.as_record() for row in rows] for window_id, rows in hours.items()}
    del hours

    organisations = {
        o.pk: o
        for o in _read(
            Organisation,
            Organisation.objects.filter(
                models.Q(pk__in=windows.values("organisation_id"))
                | models.Q(pk__in=windows.values("organisation__parent_id"))
            ),
            org_names,
        )
    }
    for org in organisations.values():
        if org.parent_id is not None:
            org._state.fields_cache["parent"] = organisations.get(org.parent_id) or org.parent
    org_phones = _grouped(
        OrganisationPhone,
        OrganisationPhone.objects.filter(organisation_id__in=windows.values("organisation_id")).order_by(
            "sort_order", "pk"
        ),
        _attnames(OrganisationPhone),
        "organisation_id",
    )
    cities = CityPage.objects.in_bulk(set(windows.exclude(city_id=None).values_list("city_id", flat=True)))

    url_templates: dict[int | None, str] = {}

    def url_for(window: ConsultationWindow) -> str:
        template = url_templates.get(window.city_id)
        if template is None:
            pk = window.pk
            window.pk = _PK_SENTINEL
            template = url_templates[window.city_id] = window.get_url()
            window.pk = pk
        marker = f"/{_PK_SENTINEL}/"
        if marker not in template:  # a URL pattern this shortcut does not fit
            return window.get_url()
        return template.replace(marker, f"/{window.pk}/")

    for window in _read(ConsultationWindow, windows.order_by("pk"), window_names):
        cache = window._state.fields_cache
        org = organisations[window.organisation_id]
        cache["organisation"] = org
        cache["city"] = cities.get(window.city_id) if window.city_id is not None else None
        window.__dict__["contact_phones"] = own_phones.get(window.pk) or org_phones.get(org.pk, [])
        window.__dict__["hours_rows"] = hours_records.get(window.pk, [])
        yield (
            window,
            {
                "categories": sorted(
                    (categories[pk] for pk in window_categories.get(window.pk, ())),
                    key=lambda c: category_order[c.pk],
                ),
                "situations": sorted(
                    (situations[pk] for pk in window_situations.get(window.pk, ())),
                    key=lambda s: situation_order[s.pk],
                ),
                "url": url_for(window),
            },
        )
