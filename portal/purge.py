"""Purge on publish: anything residents see changes → every cached anonymous response is stale.

Connected in PortalConfig.ready(). The shared cache is purged by bumping its content generation
(portal.cache.bump_generation), after the transaction commits, so the next request anywhere renders the new state:
city pages, category pages, search, the API and the open-data files alike. When a CDN is configured
(WAGTAILFRONTENDCACHE), the URLs that show the object are purged there too through Wagtail's frontend-cache
backends; Wagtail's own receivers already purge a published page's URL.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from directory.models import Category, ConsultationWindow, Organisation, Situation
from directory.referral import ReferralForm

from .cache import bump_generation

logger = logging.getLogger("tsunagu.cache")

PUBLIC_MODELS = (Page, ConsultationWindow, Organisation, ReferralForm, Category, Situation)
# Saving a draft or locking touches only these columns of the live row: nothing residents see changes.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
    }
)


def _purge_now() -> None:
    try:
        bump_generation()
    except Exception:  # the page cache expires by itself (SHARED_MAX_AGE); the publish must not fail
        logger.error("could not purge the page cache after a publish", exc_info=True)


def purge_after_commit() -> None:
    transaction.on_commit(_purge_now)


def frontend_urls(instance) -> list[str]:
    """Absolute URLs a CDN may hold for `instance` (only used when WAGTAILFRONTENDCACHE is configured)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    paths = {"/", "/soudan/", "/opendata/hsds.json", "/api/v1/cities"}
    city = getattr(instance, "city", None)
    if city is not None:
        paths |= {f"/{city.slug}/", f"/{city.slug}/soudan/", f"/opendata/{city.slug}/windows.csv"}
        paths |= {f"/opendata/{city.slug}/hsds.json", f"/{city.slug}/tsunagu-sheet/"}
    if isinstance(instance, ConsultationWindow):
        if instance.city_id:
            paths.add(f"/{instance.city.slug}/soudan/{instance.pk}/")
        for category in instance.categories.all():
            paths.add(f"/soudan/{category.slug}/")
            if city is not None:
                paths.add(f"/{city.slug}/soudan/{category.slug}/")
    return sorted(base + path for path in paths)


def _purge_frontend(instance) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = frontend_urls(instance)
    transaction.on_commit(lambda: purge_urls_from_cache(urls))


def on_publish(sender, instance, **kwargs) -> None:
    purge_after_commit()
    if not isinstance(instance, Page):  # Wagtail's frontend_cache app purges pages itself
        _purge_frontend(instance)


def on_save(sender, instance, update_fields=None, **kwargs) -> None:
    if not isinstance(instance, PUBLIC_MODELS):
        return
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    # Drafts of pages and snippets are revisions; a save of the row itself is what the public pages read
    # (importers and `load_seeds` save published rows directly).
    if getattr(instance, "live", True):
        purge_after_commit()


def on_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, PUBLIC_MODELS):
        purge_after_commit()


def connect() -> None:
    for signal in (page_published, page_unpublished, published, unpublished, post_page_move):
        signal.connect(on_publish, dispatch_uid=f"tsunagu-purge-{id(signal)}")
    post_save.connect(on_save, dispatch_uid="tsunagu-purge-save")
    post_delete.connect(on_delete, dispatch_uid="tsunagu-purge-delete")
