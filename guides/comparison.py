"""The city comparison (/hikaku/): each business, the meetings and the indicators side by side.

Each cell shows what the city's plan says: the agencies that run a business, or else the plan's own words (担当機関,
the first line of its overview, the first sentence of its description), so 「記載なし」 is left for what no document
states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .models import (
    Agency,
    BusinessKind,
    BusinessPage,
    BusinessStatus,
    CityPage,
    Meeting,
    MeetingKind,
    ProgramPage,
)

SUMMARY_LENGTH = 80
_SENTENCE_END = re.compile(r"(?<=。)")


def plan_summary(business: BusinessPage, length: int = SUMMARY_LENGTH) -> str:
    """What the plan says about a business when it names no running agency: 担当機関, else the first sentence of
    the description, else the first overview line; cut at ``length`` characters with 「…」."""
    text = business.responsible.strip()
    if not text:
        description = " ".join(business.description.split())
        text = next((s.strip() for s in _SENTENCE_END.split(description) if s.strip()), "")
    if not text:
        text = next((line.strip() for line in business.overview.splitlines() if line.strip()), "")
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _city_of(path: str, cities: list[CityPage]) -> CityPage | None:
    return next((c for c in cities if path.startswith(c.path)), None)


def business_rows(cities: list[CityPage]) -> list[dict]:
    """One row group per business (the five clauses), one cell per city."""
    businesses = BusinessPage.objects.live().prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.order_by("sort_order"))
    )
    by_city_kind = {}
    for business in businesses:
        city = _city_of(business.path, cities)
        if city:
            by_city_kind[(city.pk, business.kind)] = business
    rows = []
    for kind, label in BusinessKind.choices:
        cells = []
        for city in cities:
            business = by_city_kind.get((city.pk, kind))
            agencies = business.running_agencies if business else []
            cells.append(
                {
                    "city": city,
                    "business": business,
                    "status": business.get_status_display() if business else "",
                    "status_known": bool(business and business.status),
                    "agencies": agencies,
                    "summary": plan_summary(business) if business and not agencies else "",
                }
            )
        rows.append({"kind": kind, "label": label, "cells": cells})
    return rows


@dataclass
class ProgramCell:
    city: CityPage
    program: ProgramPage | None
    meetings: list[tuple[str, str, list[Meeting]]] = field(default_factory=list)
    indicators: list = field(default_factory=list)


def program_cells(cities: list[CityPage]) -> list[ProgramCell]:
    """Per city: its programme page, its meetings grouped by kind (支援会議, 重層的支援会議, その他) and its
    indicators, for the meetings and indicators tables."""
    programs = ProgramPage.objects.live().prefetch_related("meetings", "indicators")
    by_city = {}
    for program in programs:
        city = _city_of(program.path, cities)
        if city and city.pk not in by_city:
            by_city[city.pk] = program
    cells = []
    for city in cities:
        program = by_city.get(city.pk)
        cell = ProgramCell(city, program)
        if program is not None:
            cell.meetings = [
                (kind, label, [m for m in program.meetings.all() if m.kind == kind])
                for kind, label in MeetingKind.choices
            ]
            cell.indicators = list(program.indicators.all())
        cells.append(cell)
    return cells


def status_explanations() -> list[tuple[str, str]]:
    """The 区分 of a business, in plain words (shown above the tables)."""
    return [
        (BusinessStatus.NEW.label, _("重層的支援体制整備事業のために、新しく始める取組です。")),
        (BusinessStatus.EXPANDED.label, _("これまでの事業を続けながら、対象や内容を広げる取組です。")),
        (
            BusinessStatus.EXISTING.label,
            _("これまでの事業を、そのままこの事業の一部として位置づけるものです。"),
        ),
        (BusinessStatus.UNKNOWN.label, _("市町村の計画や資料に、区分が書かれていません。")),
    ]


class ComparisonPage(Page):
    """Each business across all cities (who runs it, 委託/直営, how many sites), then meetings and indicators."""

    lead = models.TextField(gettext_lazy("リード文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead")]

    template = "guides/comparison_page.html"
    parent_page_types = ["guides.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        app_label = "guides"
        verbose_name = gettext_lazy("市町村比較")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cities = list(CityPage.objects.live().public().order_by("path"))
        context["cities"] = cities
        context["rows"] = business_rows(cities)
        context["programs"] = program_cells(cities)
        context["meeting_kinds"] = MeetingKind.choices
        context["statuses"] = status_explanations()
        return context
