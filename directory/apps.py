from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("相談窓口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search.registry import (
            register,
            register_category_labels,
            register_crisis_lines,
            register_help,
            register_names,
            register_open_now,
            register_zero_result_links,
        )

        from . import signals  # noqa: F401  (connects search indexing to publish/unpublish/delete)
        from .categories import CATEGORIES
        from .crisis import help_for_city, lines_for_crisis, window_names, windows_open_now
        from .search_provider import (
            FormSearchProvider,
            NationalSearchProvider,
            WindowSearchProvider,
            zero_result_links,
        )

        register("window", WindowSearchProvider())
        register("national", NationalSearchProvider())
        register("form", FormSearchProvider())
        register_crisis_lines(lines_for_crisis)
        register_help(help_for_city)
        register_open_now(windows_open_now)
        register_names(window_names)
        register_category_labels(
            {c.slug: c.name for c in CATEGORIES},
            url_template="/soudan/{slug}/",
            city_url_template="/{city}/soudan/{slug}/",
            glosses={c.slug: (c.easy, c.english) for c in CATEGORIES},
        )
        register_zero_result_links(zero_result_links)
