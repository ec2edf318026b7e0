"""Search indexing follows publication: drafts never reach the index."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, published, unpublished

from guides.models import CityPage
from search.signals import index_object, remove_object

from . import counts
from .models import ConsultationWindow, Organisation, Situation
from .referral import ReferralForm
from .search_provider import form_key, window_key


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
    for form in ReferralForm.objects.filter(city=instance):
        index_object("form", form)


@receiver(post_delete, sender=ConsultationWindow)
def drop_window(sender, instance, **kwargs):
    remove_object("window", window_key(instance))


# -- facet counts (directory.counts): every change that can move a count marks the cities it touches stale -------
@receiver(post_save, sender=ConsultationWindow)
@receiver(post_delete, sender=ConsultationWindow)
@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def window_counts_stale(sender, instance, **kwargs):
    counts.mark_stale([instance.city_id])


@receiver(post_save, sender=CityPage)
@receiver(page_published, sender=CityPage)
@receiver(page_unpublished, sender=CityPage)
def city_counts_stale(sender, instance, **kwargs):
    counts.mark_stale([instance.pk])


@receiver(m2m_changed, sender=ConsultationWindow.categories.through)
@receiver(m2m_changed, sender=ConsultationWindow.situations.through)
def window_tags_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, ConsultationWindow):
        counts.mark_stale([instance.city_id])
    else:  # a category or situation gained or lost windows: find their cities
        if pk_set:
            counts.mark_stale(
                ConsultationWindow.objects.filter(pk__in=pk_set).values_list("city_id", flat=True)
            )
        else:
            counts.mark_all_stale()


@receiver(m2m_changed, sender=Situation.categories.through)
@receiver(post_save, sender=Situation)
@receiver(post_delete, sender=Situation)
def situations_changed(sender, action="post_save", **kwargs):
    # Which windows a situation covers depends on its categories: every city is recounted on the next read.
    if action.startswith("post_"):
        counts.mark_all_stale()


@receiver(published, sender=ReferralForm)
@receiver(unpublished, sender=ReferralForm)
def reindex_form(sender, instance, **kwargs):
    index_object("form", instance)


@receiver(post_delete, sender=ReferralForm)
def drop_form(sender, instance, **kwargs):
    remove_object("form", form_key(instance))
