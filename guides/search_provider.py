"""What the resident search indexes for pages (guides, programmes, businesses). Registered in GuidesConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import strip_tags

from wagtail.models import Page

from search.registry import WEIGHT_BODY, WEIGHT_TITLE, WEIGHT_TOPICS, SearchDocument

from .models import BusinessPage, CityPage, GuidePage, ProgramPage

INDEXED_TYPES = (GuidePage, ProgramPage, BusinessPage)


def page_key(page: Page) -> str:
    return f"page:{page.pk}"


def _city_of(page: Page) -> CityPage | None:
    return CityPage.objects.ancestor_of(page).first()


def page_document(page: Page) -> SearchDocument:
    page = page.specific
    city = _city_of(page)
    if isinstance(page, GuidePage):
        body, extra = strip_tags(page.body), page.summary
    elif isinstance(page, BusinessPage):
        body = page.description
        extra = " ".join([page.responsible, *(a.name for a in page.agencies.all())])
    else:
        body, extra = page.basic_policy, page.plan_title
    title = f"{city.title} {page.title}" if city and not isinstance(page, GuidePage) else page.title
    return SearchDocument(
        kind="page",
        key=page_key(page),
        title=title,
        url=page.url or "",
        city=city.slug if city else "",
        fields=[(title, WEIGHT_TITLE), (extra, WEIGHT_TOPICS), (body, WEIGHT_BODY)],
        payload={"id": page.pk, "summary": (getattr(page, "summary", "") or body)[:140]},
    )


class PageSearchProvider:
    kind = "page"

    def documents(self) -> Iterable[SearchDocument]:
        for model in INDEXED_TYPES:
            for page in model.objects.live().public().iterator():
                yield page_document(page)

    def document_for(self, obj: Page) -> SearchDocument | None:
        page = obj.specific
        if not isinstance(page, INDEXED_TYPES):
            return None
        fresh = type(page).objects.live().public().filter(pk=page.pk).first()
        return page_document(fresh) if fresh else None

    def key_for(self, obj: Page) -> str:
        return page_key(obj)
