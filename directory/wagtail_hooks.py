"""Admin registration: windows and organisations as workflow snippets, filterable by city, category and status."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

import django_filters

from guides.models import CityPage
from guides.permissions import (
    CityScopedPermissionPolicy,
    city_scoped_view,
    scope_queryset,
    user_can_access_national,
)
from guides.wagtail_hooks import ListPanel

from .models import Category, ConsultationWindow, Organisation, ReferralForm, Situation, Status
from .referral import document_is_public
from .reports import (
    DirectoryReportMenuItem,
    SharedPhonesReportView,
    UnverifiedWindowsReportView,
    unverified_windows,
)

# Snippet permissions are model-wide in Wagtail; these policies narrow them to the user's cities. They must be
# registered before the viewsets below touch the policy registry.
for _model in (ConsultationWindow, Organisation, ReferralForm):
    register_permission_policy(_model, CityScopedPermissionPolicy(_model), exact_class=True)


class CityScopedFormMixin:
    """Limit the city (and same-city foreign keys) a non-superuser can choose to their own cities."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        user = self.request.user
        if not user.is_superuser:
            # "parent" too: an organisation's parent is shown in its full name, so it must be of the same city.
            for name, city_field in (
                ("city", "pk"),
                ("organisation", "city"),
                ("parent", "city"),
                ("submit_to_organisation", "city"),
            ):
                field = form.fields.get(name)
                if field is not None and hasattr(field, "queryset"):
                    field.queryset = scope_queryset(field.queryset, user, field=city_field)
            city_field = form.fields.get("city")
            if city_field is not None and not user_can_access_national(user):
                # An empty city means a national line (全国共通): only the national-editor role may leave it empty.
                city_field.required = True
        return form


class CityScopedCreateView(CityScopedFormMixin, CreateView):
    pass


class CityScopedEditView(CityScopedFormMixin, EditView):
    pass


class CityScopedChooserMixin:
    """Wagtail's snippet chooser lists (and returns) every row of the model; limit it to the user's cities."""

    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user)


class CityScopedChooseView(CityScopedChooserMixin, ChooseView):
    pass


class CityScopedChooseResultsView(CityScopedChooserMixin, ChooseResultsView):
    pass


class CityScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return scope_queryset(self.model_class.objects.all(), self.request.user).get(pk=pk)


class CityScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return scope_queryset(super().get_objects(pks), self.request.user)


class CityScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CityScopedChooseView
    choose_results_view_class = CityScopedChooseResultsView
    chosen_view_class = CityScopedChosenView
    chosen_multiple_view_class = CityScopedChosenMultipleView


class CityScopedViewSet(SnippetViewSet):
    """A snippet viewset whose listing, chooser and object URLs are limited to the user's cities."""

    add_view_class = CityScopedCreateView
    edit_view_class = CityScopedEditView
    chooser_viewset_class = CityScopedChooserViewSet
    # Search the listing with the ORM (icontains over search_fields): the SQLite FTS backend raises
    # "no such column" when given explicit fields (wagtail/wagtail#10217), so every admin search was a 500.
    search_backend_name = None

    def get_queryset(self, request):
        return scope_queryset(self.model._default_manager.all(), request.user)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" in str(pattern.pattern):
                pattern.callback = city_scoped_view(pattern.callback, self.model)
        return patterns


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


class WindowViewSet(CityScopedViewSet):
    model = ConsultationWindow
    icon = "help"
    menu_label = _("相談窓口")
    list_display = ["title", "organisation", "city", "status", "verified_on"]
    list_export = ["title", "organisation", "city", "status", "verified_on"]
    filterset_class = WindowFilterSet
    search_fields = ["title", "topics"]
    ordering = ["city__path", "title"]


class OrganisationViewSet(CityScopedViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("組織")
    list_display = ["full_name", "city", "operation"]
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "name_kana"]


class ReferralFormViewSet(CityScopedViewSet):
    model = ReferralForm
    icon = "doc-full"
    menu_label = _("つなぐシート")
    list_display = ["title", "city", "variant", "version_label", "effective_date"]
    list_filter = ["city", "variant"]
    search_fields = ["title"]


class SituationViewSet(SnippetViewSet):
    model = Situation
    icon = "tag"
    menu_label = _("状況（入口）")
    list_display = ["name", "prompt", "show_on_home", "order"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("相談窓口")
    menu_icon = "help"
    menu_order = 200
    items = (WindowViewSet, OrganisationViewSet, ReferralFormViewSet, SituationViewSet)


register_snippet(DirectoryGroup)


# --- editor reports (directory/reports.py) ------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_directory_report_urls():
    urls = [
        path("unverified/", UnverifiedWindowsReportView.as_view(), name="unverified_windows"),
        path(
            "unverified/results/",
            UnverifiedWindowsReportView.as_view(results_only=True),
            name="unverified_windows_results",
        ),
        path("shared-phones/", SharedPhonesReportView.as_view(), name="shared_phones"),
        path(
            "shared-phones/results/",
            SharedPhonesReportView.as_view(results_only=True),
            name="shared_phones_results",
        ),
    ]
    return [path("reports/directory/", include((urls, "directory_reports"), namespace="directory_reports"))]


@hooks.register("register_reports_menu_item")
def register_unverified_windows_report_menu_item():

    return DirectoryReportMenuItem(
        _("未確認の相談窓口（12か月）"),
        reverse("directory_reports:unverified_windows"),
        name="directory-unverified-windows",
        icon_name="time",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_shared_phones_report_menu_item():

    return DirectoryReportMenuItem(
        _("共有されている電話番号"),
        reverse("directory_reports:shared_phones"),
        name="directory-shared-phones",
        icon_name="warning",
        order=1310,
    )


# --- the つなぐシート download guard and the stale-windows dashboard panel ---------------------------------------


@hooks.register("before_serve_document")
def deny_unapproved_documents(document, request):
    """Files of drafts or versions in review are never served to the public, even by their document URL.

    Editors who may change or choose the document (collection permissions of their own city) still can.
    """

    user = request.user
    if user.is_authenticated and user.is_active:
        policy = policy_registry.get_by_type(get_document_model())
        if policy.user_has_any_permission_for_instance(user, ["change", "choose"], document):
            return None
    if document_is_public(document):
        return None
    raise Http404


class StaleWindowsPanel(ListPanel):
    """My city's windows not verified in the last 12 months (the rule of reports.unverified_windows)."""

    name = "tsunagu-stale-windows"
    order = 160

    @property
    def heading(self):
        return _("12か月以上確認していない相談窓口")

    def rows(self):

        windows = scope_queryset(unverified_windows(), self.request.user)
        return [
            (
                reverse(ConsultationWindow.snippet_viewset.get_url_name("edit"), args=[w.pk]),
                f"{w.city.title} {w.title}",
                date_format(w.verified_on, "SHORT_DATE_FORMAT") if w.verified_on else _("未確認"),
            )
            for w in windows.order_by("verified_on", "pk")[:20]
        ]


@hooks.register("construct_homepage_panels")
def add_stale_windows_panel(request, panels):
    panels.append(StaleWindowsPanel(request))
