"""Editors' tools: document download guard, dashboard panels (stale windows, scheduled items)."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from . import workflows  # noqa: F401  (registers CityApprovalTask)
from .permissions import scope_queryset


@hooks.register("before_serve_document")
def deny_unapproved_documents(document, request):
    """Files of drafts or versions in review are never served to the public, even by their document URL.

    Editors who may change or choose the document (collection permissions of their own city) still can.
    """
    from directory.referral import document_is_public

    user = request.user
    if user.is_authenticated and user.is_active:
        policy = policy_registry.get_by_type(get_document_model())
        if policy.user_has_any_permission_for_instance(user, ["change", "choose"], document):
            return None
    if document_is_public(document):
        return None
    raise Http404


class _ListPanel(Component):
    name = ""
    heading = ""
    order = 150

    def __init__(self, request):
        self.request = request

    def rows(self) -> list[tuple[str, str, str]]:
        return []

    def render_html(self, parent_context=None):
        rows = self.rows()
        if rows:
            body = format_html(
                "<table class='listing'><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th></tr></thead>"
                "<tbody>{}</tbody></table>",
                _("項目"),
                _("日付"),
                format_html_join(
                    "", "<tr><td><a href='{}'>{}</a></td><td>{}</td></tr>", ((u, t, d) for u, t, d in rows)
                ),
            )
        else:
            body = format_html("<p>{}</p>", _("該当する項目はありません。"))
        return format_html(
            "<section class='w-panel' aria-labelledby='{0}-heading'><h2 id='{0}-heading' class='w-panel__heading'>{1}</h2>"
            "<div class='w-panel__content'>{2}</div></section>",
            self.name,
            self.heading,
            body,
        )


class StaleWindowsPanel(_ListPanel):
    """My city's windows not verified in the last 12 months."""

    name = "tsunagu-stale-windows"
    order = 160

    @property
    def heading(self):
        return _("12か月以上確認していない相談窓口")

    def rows(self):
        from directory.models import ConsultationWindow

        cutoff = timezone.localdate() - timedelta(days=365)
        windows = scope_queryset(ConsultationWindow.objects.all(), self.request.user).filter(
            models_q_stale(cutoff)
        )
        return [
            (
                reverse(ConsultationWindow.snippet_viewset.get_url_name("edit"), args=[w.pk]),
                f"{w.city.title} {w.title}",
                w.verified_on.isoformat() if w.verified_on else _("未確認"),
            )
            for w in windows.select_related("city").order_by("verified_on", "pk")[:20]
        ]


def models_q_stale(cutoff):
    from django.db.models import Q

    return Q(verified_on__isnull=True) | Q(verified_on__lt=cutoff)


class ScheduledPanel(_ListPanel):
    """Pages and snippets approved for publication at a future date (run by publish_scheduled)."""

    name = "tsunagu-scheduled"
    order = 170

    @property
    def heading(self):
        return _("公開予定の項目")

    def rows(self):
        user = self.request.user
        revisions = Revision.objects.filter(approved_go_live_at__isnull=False).order_by(
            "approved_go_live_at"
        )[:50]
        rows = []
        for revision in revisions:
            obj = revision.content_object
            if obj is None:
                continue
            if isinstance(obj, Page):
                if not obj.permissions_for_user(user).can_edit():
                    continue
                url = reverse("wagtailadmin_pages:edit", args=[obj.pk])
            else:
                policy = policy_registry.get_by_type(type(obj))
                if not policy.user_has_permission_for_instance(user, "change", obj):
                    continue
                url = reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])
            when = timezone.localtime(revision.approved_go_live_at).strftime("%Y-%m-%d %H:%M")
            rows.append((url, str(obj), when))
        return rows[:20]


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    # 「確認待ちの項目」 is Wagtail's own WorkflowObjectsToModeratePanel, scoped per city by CityApprovalTask.
    panels.append(StaleWindowsPanel(request))
    panels.append(ScheduledPanel(request))
