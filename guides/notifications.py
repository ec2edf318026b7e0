"""Email the city's moderators (所管課長) when something of their city is submitted for approval.

Wagtail emails reviewers only for its GroupApprovalTask; our CityApprovalTask decides per object, so the recipients
are decided per object too: the members of `<city slug>-moderators` (and superusers, as Wagtail does), never the
moderators of other cities. Wagtail's own templates and user notification preferences are used.
Connected in GuidesConfig.ready(); email settings in docs/deploy.md ("Email").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .models import CityPage
from .permissions import MODERATORS, city_id_of, group_name
from .workflows import CityApprovalTask


class CityApprovalSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, CityApprovalTask)

    def get_recipient_users(self, task_state: TaskState, **kwargs):
        user_model = get_user_model()
        city_id = city_id_of(task_state.workflow_state.content_object)
        slug = CityPage.objects.filter(pk=city_id).values_list("slug", flat=True).first() if city_id else None
        recipients = user_model.objects.none()
        if slug:
            recipients = user_model.objects.filter(groups__name=group_name(slug, MODERATORS), is_active=True)
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients = recipients | user_model.objects.filter(is_superuser=True, is_active=True)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients.distinct()


city_submission_notifier = CityApprovalSubmissionNotifier()


def connect() -> None:
    task_submitted.connect(city_submission_notifier, dispatch_uid="tsunagu_city_approval_submitted")
