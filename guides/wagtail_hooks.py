"""Editors' tools of the page tree: the dashboard's list panels (base class) and the 公開予定 panel.

Directory concerns (the つなぐシート download guard, the stale-windows panel) are in directory/wagtail_hooks.py: guides
never imports directory (docs/architecture.md).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from . import workflows  # noqa: F401  (registers CityApprovalTask)
from .admin_scope import BULK_ACTIONS, guard_page_admin_urls
from .moderation import put_reviews_first

# Registered after Wagtail's own (a higher order), so these replace its page and snippet bulk actions.
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("register_admin_urls")
def _guard_page_admin_urls():
    """Runs while wagtail.admin.urls is built (its page URLs exist by then): guards them, adds none."""
    guard_page_admin_urls()
    return []


class ListPanel(Component):
    """A dashboard panel listing (url, label, date) rows; other apps' panels subclass it."""

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


class ScheduledPanel(ListPanel):
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
            when = date_format(timezone.localtime(revision.approved_go_live_at), "SHORT_DATETIME_FORMAT")
            rows.append((url, str(obj), when))
        return rows[:20]


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    # 「確認待ちの変更」 (guides.moderation) replaces Wagtail's own panel and comes first; CityApprovalTask scopes it
    # per city. The stale-windows panel (order 160) is added by directory/wagtail_hooks.py; Wagtail sorts by order.
    put_reviews_first(request, panels)
    panels.append(ScheduledPanel(request))
