"""The moderator's loop: pending reviews first on the dashboard (city and what changed), approval behind a
confirmation that offers 「確認日を今日にする」, and the approved version live with today's 最終確認日."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

import pytest

from directory.models import ConsultationWindow, WindowPhone
from guides.models import CityPage

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")


def submit_phone_change(window, editor, number="097-582-1234"):
    """What the editor does: a revision with the window's own number, submitted for moderation."""
    ConsultationWindow.objects.filter(pk=window.pk).update(verified_on=date(2024, 4, 1))
    window.refresh_from_db()
    latest = window.get_latest_revision_as_object()
    latest.verified_on = date(2024, 4, 1)
    latest.phones = [WindowPhone(number=number, kind="voice")]
    latest.save_revision(user=editor)
    window.get_workflow().start(window, editor)
    window.refresh_from_db()
    return window.current_workflow_task_state


def action_url(window, action, task_state):
    return reverse(
        window.snippet_viewset.get_url_name("workflow_action"), args=[window.pk, action, task_state.pk]
    )


@pytest.fixture
def pending(client):
    window = ConsultationWindow.objects.filter(city__slug="yufu", live=True, phones__isnull=True).first()
    editor = make_user("yufu-ed", "yufu-editors")
    moderator = make_user("yufu-mod", "yufu-moderators")
    task_state = submit_phone_change(window, editor)
    return window, moderator, task_state


def test_pending_reviews_come_first_with_city_and_what_changed(client, pending):
    window, moderator, task_state = pending
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "確認待ちの変更" in html
    review = html[html.index("tsunagu-awaiting-review") :]
    review = review[: review.index("</table>")]
    # First panel of the dashboard: before the stale-windows and scheduled panels.
    assert html.index("tsunagu-awaiting-review") < html.index("tsunagu-stale-windows-heading")
    assert window.title in review
    assert CityPage.objects.get(slug="yufu").title in review
    summary = review[review.index("tsunagu-change-summary") :]
    summary = summary[: summary.index("</p>")]
    assert "変更:" in summary and "窓口の電話・FAX" in summary and "最終確認日" in summary
    assert "窓口名" not in summary  # only the fields that changed
    assert action_url(window, "approve", task_state) in review


def test_another_citys_moderator_sees_no_pending_review(client, pending):
    window, _moderator, task_state = pending
    client.force_login(make_user("sanjo-mod", "sanjo-moderators"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "tsunagu-awaiting-review" not in html
    assert action_url(window, "approve", task_state) not in html


def test_approval_asks_for_confirmation_and_sets_the_verified_date(client, pending):
    window, moderator, task_state = pending
    client.force_login(moderator)
    url = action_url(window, "approve", task_state)
    modal = client.get(url).json()["html"]
    assert "承認の確認" in modal and "サイトに公開しますか" in modal
    assert 'name="mark_verified"' in modal and "確認日を今日にする" in modal and "checked" in modal
    response = client.post(url, {"comment": "", "mark_verified": "on"})
    assert response.status_code in (200, 302)
    window.refresh_from_db()
    assert window.verified_on == timezone.localdate()
    assert [p.number for p in window.phones.all()] == ["097-582-1234"]
    assert window.current_workflow_state is None
    assert window.live_revision.user == moderator  # the stamped date is the approver's revision


def test_approval_without_the_checkbox_keeps_the_verified_date(client, pending):
    window, moderator, task_state = pending
    client.force_login(moderator)
    client.post(action_url(window, "approve", task_state), {"comment": ""})
    window.refresh_from_db()
    assert window.verified_on == date(2024, 4, 1)
    assert [p.number for p in window.phones.all()] == ["097-582-1234"]
