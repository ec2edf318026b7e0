"""Workflow tasks. ``CityApprovalTask``: 所管課長承認 by the moderators of the object's own city.

Wagtail assigns a snippet workflow per content type, not per object, so a single task must decide per object who
may approve it: the members of ``<city slug>-moderators`` for the object's city (and superusers).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.models import LockableMixin, Task, TaskState

from .permissions import MODERATORS, city_id_of, user_can_access_national, user_moderates_city


class ApprovalForm(TaskStateCommentForm):
    """The approval confirmation: an optional comment and, for objects with a 最終確認日, 「確認日を今日にする」.

    The template (guides/admin/approve_modal.html) shows the checkbox only when the object has ``verified_on``.
    """

    mark_verified = forms.BooleanField(
        label=_("確認日を今日にする"),
        required=False,
        initial=True,
        help_text=_("内容を確かめた場合は、公開する版の最終確認日を今日の日付にします。"),
    )


def mark_verified_today(obj, user) -> bool:
    """Put today's date in the 最終確認日 of the version about to be published: a new revision by the approver.

    Returns False for objects without a ``verified_on`` field (pages, organisations), which are left alone.
    """
    latest = obj.get_latest_revision_as_object()
    if not hasattr(latest, "verified_on"):
        return False
    today = timezone.localdate()
    if latest.verified_on != today:
        latest.verified_on = today
        # The workflow publishes obj.get_latest_revision(): point the instance it holds at the new revision.
        obj.latest_revision = latest.save_revision(user=user, log_action=True)
    return True


class CityApprovalTask(Task):
    """Approval by the moderators (所管課長) of the city the page or snippet belongs to."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("市町村別の所管課長承認")
        verbose_name_plural = _("市町村別の所管課長承認")

    def _moderates(self, obj, user) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if hasattr(obj, "city_id") and obj.city_id is None:
            # A national line (全国共通): approved by the national moderators.
            return user_can_access_national(user, roles=(MODERATORS,))
        return user_moderates_city(user, city_id_of(obj))

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        locked_by = getattr(obj, "locked_by", None) if isinstance(obj, LockableMixin) else None
        if locked_by and not self._moderates(obj, locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self._moderates(obj, user)

    def locked_for_user(self, obj, user):
        return not self._moderates(obj, user)

    def user_can_lock(self, obj, user):
        return self._moderates(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._moderates(obj, user):
            return [
                ("reject", _("差し戻す"), True),
                # Modal: approving publishes to residents, so it asks for confirmation (and offers 確認日を今日にする).
                ("approve", _("承認する"), True),
            ]
        return []

    def get_form_for_action(self, action):
        return ApprovalForm if action == "approve" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        return (
            "guides/admin/approve_modal.html"
            if action == "approve"
            else super().get_template_for_action(action)
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name in ("approve", "reject") and not self._moderates(obj, user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        mark_verified = kwargs.pop("mark_verified", False)
        if action_name == "approve" and mark_verified:
            mark_verified_today(obj, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        allowed = [
            state.pk
            for state in states.select_related("workflow_state")
            if self._moderates(state.workflow_state.content_object, user)
        ]
        return self.task_states.filter(pk__in=allowed)

    @classmethod
    def get_description(cls):
        return _("その項目の市町村の承認者グループ（<市町村>-moderators）が承認します")
