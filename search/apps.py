from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Resident search: analyzer, vocabulary, engines. The bottom layer: it imports no domain app."""

    name = "search"
    label = "search"  # Wagtail's own search app is labelled "wagtailsearch", so there is no clash.
    verbose_name = _("住民向け検索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from search import signals  # noqa: F401  (connects the vocabulary cache receivers)
