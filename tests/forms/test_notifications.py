"""Workflow notifications: submitting for approval emails the moderators of that city, not of other cities."""

from django.core import mail

import pytest

from directory.models import ConsultationWindow

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")


def test_submission_emails_the_citys_moderators_only(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    editor = make_user("yufu-editor-n", "yufu-editors")
    moderator = make_user("yufu-moderator-n", "yufu-moderators")
    other = make_user("sanjo-moderator-n", "sanjo-moderators")
    window = ConsultationWindow.objects.filter(city__slug="yufu", live=True).first()
    window.title = window.title + "（改訂）"
    window.save_revision(user=editor)
    mail.outbox.clear()
    window.get_workflow().start(window, editor)
    recipients = {address for message in mail.outbox for address in message.to}
    assert moderator.email in recipients
    assert other.email not in recipients
    assert editor.email not in recipients
    assert any(window.title in message.subject + message.body for message in mail.outbox)
