"""The moderator's loop: pending reviews first on the dashboard (city and what changed), approval behind a
confirmation that offers 「確認日を今日にする」, and the approved version live with today's 最終確認日."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

import pytest

from directory.models import ConsultationWindow, WindowPhone
from guides.models import CityPage

from .conftest import make_user
from .test_admin_japanese import untranslated  # noqa: F401, F811 (fixture)

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


class _FormFields(HTMLParser):
    """The values a browser would post for the admin edit form (inputs, checked boxes, selected options, textareas)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.select, self.textarea = form_id, False, None, None
        self.data: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            self.data.setdefault(attrs["name"], []).append(attrs.get("value") or ("on" if checkable else ""))
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data


def edit_form_data(client, url: str) -> dict[str, list[str]]:
    parser = _FormFields("w-editor-form")
    parser.feed(client.get(url).content.decode())
    assert parser.data, "the edit form was not found"
    for name, values in parser.data.items():
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
            continue
        parser.data[name] = [v.lstrip("\n") for v in values]
    return parser.data


def test_the_editor_and_moderator_posts_are_in_japanese(client, untranslated):  # noqa: F811
    """Submit from the edit form, approve from the edit form (modal data) and from the dashboard: every message
    shown on the way (the success messages too) is Japanese."""
    windows = ConsultationWindow.objects.filter(city__slug="yufu", live=True, phones__isnull=True).order_by(
        "pk"
    )
    first, second = windows[:2]
    editor = make_user("yufu-post-e", "yufu-editors")
    moderator = make_user("yufu-post-m", "yufu-moderators")
    for window in (first, second):
        url = reverse(window.snippet_viewset.get_url_name("edit"), args=[window.pk])
        client.force_login(editor)
        data = edit_form_data(client, url)
        data["phones-TOTAL_FORMS"] = ["1"]
        data.update(
            {"phones-0-number": ["097-582-4321"], "phones-0-kind": ["voice"], "phones-0-ORDER": ["1"]}
        )
        data["action-submit"] = ["1"]
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        shown = [str(m) for m in response.context["messages"]]
        assert shown  # its text is checked by `untranslated` at the end
        window.refresh_from_db()
        form = response.context.get("form")
        errors = (form.errors, {n: f.errors for n, f in form.formsets.items()}) if form is not None else None
        assert window.workflow_in_progress, (shown, errors)
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "確認待ちの変更" in html
    # From the edit form: the moderator's 承認する sends the modal's data along with the form.
    url = reverse(first.snippet_viewset.get_url_name("edit"), args=[first.pk])
    data = edit_form_data(client, url)
    data["action-workflow-action"] = ["true"]
    data["workflow-action-name"] = ["approve"]
    data["workflow-action-extra-data"] = [json.dumps({"comment": "", "mark_verified": True})]
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    first.refresh_from_db()
    shown = [str(m) for m in response.context["messages"]]
    assert not first.workflow_in_progress, shown
    assert first.verified_on == timezone.localdate()
    # From the dashboard.
    task_state = second.current_workflow_task_state
    response = client.post(action_url(second, "approve", task_state), {"comment": ""}, follow=True)
    assert response.status_code == 200
    second.refresh_from_db()
    assert not second.workflow_in_progress
    client.get(reverse("wagtailadmin_home"))
    assert untranslated == set(), "English interface text:\n" + "\n".join(sorted(untranslated))
