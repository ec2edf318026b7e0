"""Admin registration: windows and organisations as workflow snippets, filterable by city, category and status."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
import django_filters

from guides.models import CityPage

from .models import Category, ConsultationWindow, Organisation, Situation, Status


class WindowFilterSet(WagtailFilterSet):
    city = django_filters.ModelChoiceFilter(queryset=CityPage.objects.all(), label=_("市町村"))
    categories = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), label=_("分野"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状態"))

    class Meta:
        model = ConsultationWindow
        fields = ["city", "categories", "status", "is_front_door"]


class OrganisationFilterSet(WagtailFilterSet):
    city = django_filters.ModelChoiceFilter(queryset=CityPage.objects.all(), label=_("市町村"))

    class Meta:
        model = Organisation
        fields = ["city", "operation"]


class WindowViewSet(SnippetViewSet):
    model = ConsultationWindow
    icon = "help"
    menu_label = _("相談窓口")
    list_display = ["title", "organisation", "city", "status", "verified_on"]
    list_export = ["title", "organisation", "city", "status", "verified_on"]
    filterset_class = WindowFilterSet
    search_fields = ["title", "topics"]
    ordering = ["city__path", "title"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("組織")
    list_display = ["full_name", "city", "operation"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_kana"]


class SituationViewSet(SnippetViewSet):
    model = Situation
    icon = "tag"
    menu_label = _("状況（入口）")
    list_display = ["name", "prompt", "show_on_home", "order"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("相談窓口")
    menu_icon = "help"
    menu_order = 200
    items = (WindowViewSet, OrganisationViewSet, SituationViewSet)


register_snippet(DirectoryGroup)
