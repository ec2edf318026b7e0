"""Editor reports: windows not verified in 12 months, and phone numbers shared by different organisations.

The queries are plain functions (used by the admin reports and by `manage.py directory_report`); the views
are Wagtail `ReportView`s registered in wagtail_hooks.py under 「レポート」. Only users who may change
consultation windows (the directory's editors and superusers) see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import policy_registry

from guides.permissions import scope_queryset, user_city_ids

from .models import ConsultationWindow, Organisation, OrganisationPhone, WindowPhone

# --- the verification rule: the one definition (the report, the dashboard panel, ConsultationWindow.verification_due)

VERIFICATION_INTERVAL_DAYS = 365


def verification_cutoff(today: date | None = None) -> date:
    """Windows last verified before this day are due (Asia/Tokyo by default)."""
    return (today or timezone.localdate()) - timedelta(days=VERIFICATION_INTERVAL_DAYS)


def is_verification_due(verified_on: date | None, today: date | None = None) -> bool:
    return verified_on is None or verified_on < verification_cutoff(today)


def verification_due_q(today: date | None = None) -> Q:
    return Q(verified_on__isnull=True) | Q(verified_on__lt=verification_cutoff(today))


# --- queries ----------------------------------------------------------------------------------------


def unverified_windows(today: date | None = None, *, city: str | None = None) -> QuerySet[ConsultationWindow]:
    """Windows whose 最終確認日 is empty or more than 365 days before `today` (Asia/Tokyo by default)."""
    windows = ConsultationWindow.objects.filter(verification_due_q(today))
    if city:
        windows = windows.filter(city__slug=city)
    return windows.select_related("city", "organisation", "organisation__parent").order_by(
        "city__path", "verified_on", "pk"
    )


@dataclass
class SharedPhone:
    """One number (E.164) used by more than one organisation: a warning for editors, not an error."""

    e164: str
    number: str  # as displayed, e.g. 097-582-1111
    organisations: list[Organisation] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # 代表, 直通 … as the phones are labelled

    @property
    def organisation_names(self) -> list[str]:
        return [f"{o.city.title} {o.full_name}" for o in self.organisations]

    @property
    def organisations_text(self) -> str:
        return "、".join(self.organisation_names)

    @property
    def organisation_count(self) -> int:
        return len(self.organisations)

    @property
    def labels_text(self) -> str:
        return "、".join(self.labels)

    def as_dict(self) -> dict:
        return {
            "e164": self.e164,
            "number": self.number,
            "organisations": self.organisation_names,
            "labels": self.labels,
        }


def shared_phones(*, city: str | None = None, city_ids: set[int] | None = None) -> list[SharedPhone]:
    """Numbers (grouped by E.164) on the phones of different organisations; a window's own phone counts
    for the window's organisation. Sorted by how many organisations share the number, most first."""
    org_phones = OrganisationPhone.objects.select_related("organisation__city", "organisation__parent")
    window_phones = WindowPhone.objects.select_related(
        "window__organisation__city", "window__organisation__parent"
    )
    if city:
        org_phones = org_phones.filter(organisation__city__slug=city)
        window_phones = window_phones.filter(window__city__slug=city)
    if city_ids is not None:
        org_phones = org_phones.filter(organisation__city_id__in=city_ids)
        window_phones = window_phones.filter(window__city_id__in=city_ids)
    groups: dict[str, SharedPhone] = {}
    owners: dict[str, dict[int, Organisation]] = {}

    def add(phone, organisation: Organisation) -> None:
        if not phone.e164:
            return
        group = groups.setdefault(phone.e164, SharedPhone(e164=phone.e164, number=phone.number))
        owners.setdefault(phone.e164, {}).setdefault(organisation.pk, organisation)
        if phone.label and phone.label not in group.labels:
            group.labels.append(phone.label)

    for phone in org_phones.order_by("organisation__city__path", "organisation__name", "pk"):
        add(phone, phone.organisation)
    for phone in window_phones.order_by("window__city__path", "pk"):
        add(phone, phone.window.organisation)
    shared = []
    for e164, group in groups.items():
        if len(owners[e164]) > 1:
            group.organisations = sorted(owners[e164].values(), key=lambda o: (o.city.path, o.full_name))
            shared.append(group)
    return sorted(shared, key=lambda g: (-g.organisation_count, g.number))


# --- admin views ------------------------------------------------------------------------------------


def can_see_reports(user) -> bool:
    """Directory editors: users who may change consultation windows (superusers included)."""
    return policy_registry.get_by_type(ConsultationWindow).user_has_permission(user, "change")


class DirectoryReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_see_reports(request.user)


class _EditLinkColumn(TitleColumn):
    def get_link_url(self, instance, parent_context):
        return AdminURLFinder(parent_context["request"].user).get_edit_url(instance)


class UnverifiedWindowsReportView(ReportView):
    page_title = _("12か月以上確認されていない窓口")
    header_icon = "time"
    index_url_name = "directory_reports:unverified_windows"
    index_results_url_name = "directory_reports:unverified_windows_results"
    model = ConsultationWindow
    permission_required = "change"
    paginate_by = 100
    no_results_message = _("12か月以上確認されていない窓口はありません。")
    columns = [
        _EditLinkColumn("title", label=_("窓口名")),
        Column("organisation", label=_("組織")),
        Column("city", label=_("市町村")),
        DateColumn("verified_on", label=_("最終確認日")),
        Column("verified_by", label=_("確認者")),
    ]
    list_export = ["title", "organisation", "city", "verified_on", "verified_by", "source_document"]
    export_headings = {
        "title": _("窓口名"),
        "organisation": _("組織"),
        "city": _("市町村"),
        "verified_on": _("最終確認日"),
        "verified_by": _("確認者"),
        "source_document": _("出典"),
    }

    def get_filename(self) -> str:
        return f"unverified-windows-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        # Editors see their own cities only; Wagtail's report permissions are model-wide.
        return scope_queryset(unverified_windows(), self.request.user)


class SharedPhonesReportView(ReportView):
    page_title = _("複数の組織で共有されている電話番号")
    header_icon = "warning"
    index_url_name = "directory_reports:shared_phones"
    index_results_url_name = "directory_reports:shared_phones_results"
    model = ConsultationWindow  # for the permission policy; the rows are SharedPhone values
    permission_required = "change"
    paginate_by = 100
    no_results_message = _("複数の組織で共有されている電話番号はありません。")
    columns = [
        Column("number", label=_("電話番号")),
        Column("organisation_count", label=_("組織の数")),
        Column("organisations_text", label=_("使っている組織")),
        Column("labels_text", label=_("ラベル")),
    ]
    list_export = ["number", "e164", "organisation_count", "organisations_text", "labels_text"]
    export_headings = {
        "number": _("電話番号"),
        "e164": "E.164",
        "organisation_count": _("組織の数"),
        "organisations_text": _("使っている組織"),
        "labels_text": _("ラベル"),
    }

    def get_filename(self) -> str:
        return f"shared-phones-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        user = self.request.user
        return shared_phones(city_ids=None if user.is_superuser else user_city_ids(user))
