"""Pages enter the resident search index when published and leave it when unpublished or deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from search.places import invalidate_cities
from search.signals import index_object, remove_object

from .models import CityPage
from .search_provider import INDEXED_TYPES, page_key
from .templatetags.city_scope import clear_cache as clear_city_scope_cache


@receiver(page_published)
@receiver(page_unpublished)
def reindex_page(sender, instance, **kwargs):
    if isinstance(instance.specific, INDEXED_TYPES):
        index_object("page", instance)


def _drop_page(sender, instance, **kwargs):
    remove_object("page", page_key(instance))


for _model in INDEXED_TYPES:
    post_delete.connect(_drop_page, sender=_model, dispatch_uid=f"search-drop-{_model.__name__}")


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete)
def forget_city_lists(sender, instance, **kwargs):
    """A city joining or leaving refreshes the city lists of place names and of the header search at once."""
    if isinstance(getattr(instance, "specific", instance), CityPage):
        invalidate_cities()
        clear_city_scope_cache()
