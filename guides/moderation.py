"""The moderator's dashboard: changes awaiting my review come first, each with its city and what changed.

Wagtail's own 「確認待ち」 panel (WorkflowObjectsToModeratePanel) lists titles only, below the site summary. This
subclass keeps its actions (承認する opens the confirmation of guides.workflows.ApprovalForm) and adds, per row, the
city and a one-line summary: the labels of the fields that differ between the live version and the revision under
review (Wagtail's revision comparison, so inline rows such as phones and hours count too).
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from .models import CityPage
from .permissions import city_id_of

logger = logging.getLogger(__name__)

MAX_FIELDS = 4


def _edit_handler(obj):
    if isinstance(obj, Page):
        return obj.specific_class.get_edit_handler()
    return obj.snippet_viewset.get_edit_handler()


def changed_fields(live, proposed, request=None) -> list[str]:
    """Labels of the fields whose values differ between two versions of one object."""
    panel = _edit_handler(proposed).get_bound_panel(instance=proposed, request=request, form=None)
    labels = []
    for comparison_class in panel.get_comparison():
        comparison = comparison_class(live, proposed)
        if comparison.has_changed():
            label = str(comparison.field_label())
            if label not in labels:
                labels.append(label)
    return labels


def change_summary(obj, revision, request=None) -> str:
    """「変更: 電話・FAX、最終確認日」, 「新規（未公開）」 or 「変更なし」: one line for the dashboard."""
    if not getattr(obj, "live", True) or not getattr(obj, "live_revision_id", None):
        return _("新規（まだ公開されていません）")
    try:
        live = obj.live_revision.as_object() if obj.live_revision_id else obj
        labels = changed_fields(live, revision.as_object(), request)
    except Exception:  # a summary must never break the dashboard
        logger.exception("change summary failed for %s %s", type(obj).__name__, obj.pk)
        return ""
    if not labels:
        return _("公開中の版から項目の変更はありません")
    shown = "、".join(labels[:MAX_FIELDS])
    if len(labels) > MAX_FIELDS:
        return _("変更: %(fields)s ほか%(count)d項目") % {"fields": shown, "count": len(labels) - MAX_FIELDS}
    return _("変更: %(fields)s") % {"fields": shown}


class ReviewsFirstPanel(WorkflowObjectsToModeratePanel):
    """「確認待ちの変更」 at the top of the dashboard, with city and what changed."""

    name = "tsunagu-awaiting-review"
    template_name = "guides/admin/awaiting_review.html"
    order = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = context.get("request")
        city_ids = {state["obj"].pk: city_id_of(state["obj"]) for state in context["states"]}
        titles = dict(
            CityPage.objects.filter(pk__in=set(city_ids.values()) - {None}).values_list("pk", "title")
        )
        for state in context["states"]:
            obj = state["obj"]
            city_id = city_ids[obj.pk]
            state["city"] = titles.get(city_id, "") if city_id else _("全国共通")
            state["summary"] = change_summary(obj, state["revision"], request)
        return context


def put_reviews_first(request, panels) -> None:
    """Replace Wagtail's 確認待ち panel by ReviewsFirstPanel (the same rows, first, with city and summary)."""
    panels[:] = [p for p in panels if getattr(p, "name", "") != WorkflowObjectsToModeratePanel.name]
    panels.append(ReviewsFirstPanel())
