from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("相談窓口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import register

        from . import signals  # noqa: F401  (connects search indexing to publish/unpublish/delete)
        from .search_provider import WindowSearchProvider

        register("window", WindowSearchProvider())
