from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("ページと事業")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import register

        from . import signals  # noqa: F401  (search indexing on publish/unpublish/delete)
        from .search_provider import PageSearchProvider

        register("page", PageSearchProvider())
