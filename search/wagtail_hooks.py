"""Admin: editors extend the domain vocabulary (検索語彙); every change is a revision a moderator approves.

The search-term report (検索語の報告) lists zero-result and low-click queries with one-click synonym proposals.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import admin_views
from search.models import VocabularyEntry


class VocabularyEntryViewSet(SnippetViewSet):
    model = VocabularyEntry
    icon = "search"
    menu_label = _("検索語彙")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["concept", "categories", "active", "updated_at"]
    list_filter = ["active", "live"]
    ordering = ["concept"]
    panels = [
        FieldPanel("concept"),
        FieldPanel("categories"),
        FieldPanel("phrases"),
        FieldPanel("active"),
        FieldPanel("note"),
    ]


register_snippet(VocabularyEntryViewSet)


@hooks.register("register_admin_urls")
def register_search_term_urls():
    urls = [
        path("", admin_views.term_report_view, name="report"),
        path("propose/", admin_views.propose_view, name="propose"),
    ]
    return [path("reports/search-terms/", include((urls, "search_terms"), namespace="search_terms"))]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return admin_views.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        _("検索語の報告"),
        reverse("search_terms:report"),
        name="search-terms",
        icon_name="search",
        order=1400,
    )
