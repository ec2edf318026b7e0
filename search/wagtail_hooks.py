"""Admin: editors extend the domain vocabulary (検索語彙) without a deployment."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import VocabularyEntry


class VocabularyEntryViewSet(SnippetViewSet):
    model = VocabularyEntry
    icon = "search"
    menu_label = _("検索語彙")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["concept", "categories", "active", "updated_at"]
    list_filter = ["active"]
    ordering = ["concept"]
    panels = [
        FieldPanel("concept"),
        FieldPanel("categories"),
        FieldPanel("phrases"),
        FieldPanel("active"),
        FieldPanel("note"),
    ]


register_snippet(VocabularyEntryViewSet)
