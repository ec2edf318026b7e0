from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("ページと事業")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.places import register_city_source
        from search.registry import register

        from . import notifications, signals  # noqa: F401  (signals: search indexing on publish/unpublish/delete)
        from .search_provider import PageSearchProvider

        register("page", PageSearchProvider())
        register_city_source(_live_cities)
        notifications.connect()  # moderators of the object's city are emailed on submission


def _live_cities():
    """The portal's live cities, for place names in national queries (search.places)."""
    from search.places import PortalCity

    from .models import CityPage

    return [
        PortalCity(slug=c.slug, name=c.title, kana=c.name_kana, prefecture=c.prefecture)
        for c in CityPage.objects.live().only("slug", "title", "name_kana", "prefecture")
    ]
