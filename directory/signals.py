"""Search indexing follows publication: drafts never reach the index."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, published, unpublished

from guides.models import CityPage
from search.signals import index_object, remove_object

from .models import ConsultationWindow, Organisation
from .search_provider import window_key


@receiver(published, sender=ConsultationWindow)
@receiver(unpublished, sender=ConsultationWindow)
def reindex_window(sender, instance, **kwargs):
    index_object("window", instance)


@receiver(published, sender=Organisation)
@receiver(unpublished, sender=Organisation)
def reindex_organisation_windows(sender, instance, **kwargs):
    # A window shows its organisation's name and phones, so they are re-indexed with it.
    for window in ConsultationWindow.objects.filter(organisation=instance):
        index_object("window", window)


@receiver(page_published, sender=CityPage)
@receiver(page_unpublished, sender=CityPage)
def reindex_city_windows(sender, instance, **kwargs):
    # Withdrawing a city withdraws its windows from search as well (and publishing it restores them).
    for window in ConsultationWindow.objects.filter(city=instance):
        index_object("window", window)


@receiver(post_delete, sender=ConsultationWindow)
def drop_window(sender, instance, **kwargs):
    remove_object("window", window_key(instance))
