"""The editor → moderator → public loop in Chromium: a 由布市 editor gives a window its own phone and submits it; a
由布市 moderator finds it first on the dashboard, approves it behind the confirmation with 「確認日を今日にする」; the
public window page shows the new number and today's 最終確認日."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

NEW_PHONE = "097-582-3456"
PASSWORD = "journey-Pw-2026"  # noqa: S105 (a throwaway user of the test server's private database)

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from directory.models import ConsultationWindow
User = get_user_model()
for name, group in (("journey-editor", "yufu-editors"), ("journey-moderator", "yufu-moderators")):
    user = User.objects.filter(username=name).first() or User.objects.create_user(name, name + "@example.jp", "{pw}")
    user.groups.add(Group.objects.get(name=group))
window = ConsultationWindow.objects.filter(city__slug="yufu", live=True, phones__isnull=True).exclude(
    organisation__phones__isnull=True).order_by("pk").first()
print(json.dumps({{"pk": window.pk, "title": window.title}}))
"""


@pytest.fixture(scope="module")
def journey(run_manage):
    run_manage("setup_city_roles", "-v0")
    out = run_manage("shell", "-c", SETUP.format(pw=PASSWORD))
    return json.loads(out.strip().splitlines()[-1])


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/admin/login/" not in page.url, f"{username} could not log in"


def test_editor_submits_a_phone_moderator_approves_public_shows_it_verified_today(
    new_page, base_url, journey
):
    pk = journey["pk"]
    edit_url = f"{base_url}/admin/snippets/directory/consultationwindow/edit/{pk}/"

    # The editor: the form says which number residents see now, then the window gets its own number.
    editor = new_page(1280)
    log_in(editor, base_url, "journey-editor")
    editor.goto(edit_url)
    panel = editor.locator(".tsunagu-effective-phone")
    assert panel.get_attribute("data-source") == "organisation"
    assert "組織「" in panel.inner_text()
    editor.locator("#id_phones-ADD").click()
    editor.locator("#id_phones-0-number").fill(NEW_PHONE)
    editor.locator("footer .w-dropdown__toggle").first.click()
    with editor.expect_navigation():
        editor.locator("button[name=action-submit]").click()
    assert "承認に提出しました" in editor.locator(".messages").inner_text()

    # The moderator: the change is first on the dashboard, with its city and what changed.
    moderator = new_page(1280)
    log_in(moderator, base_url, "journey-moderator")
    moderator.goto(base_url + "/admin/")
    headings = moderator.locator("main h2").all_inner_texts()
    assert "確認待ちの変更" in headings, headings
    later = [h for h in headings if h in {"12か月以上確認していない相談窓口", "公開予定の項目"}]
    assert all(headings.index("確認待ちの変更") < headings.index(h) for h in later), headings
    row = moderator.locator(".tsunagu-awaiting-review tr", has=moderator.locator(f"a[href*='/edit/{pk}/']"))
    assert "由布市" in row.locator(".tsunagu-review-city").inner_text()
    assert "窓口の電話・FAX" in row.locator(".tsunagu-change-summary").inner_text()
    row.get_by_role("button", name="承認する").click()

    # Approval asks first, and offers 確認日を今日にする (on by default).
    dialog = moderator.get_by_role("dialog")
    dialog.get_by_text("サイトに公開しますか").wait_for()
    checkbox = dialog.get_by_label("確認日を今日にする")
    assert checkbox.is_checked()
    with moderator.expect_navigation():
        dialog.get_by_role("button", name="承認して公開する").click()

    # The public page: the new number, and 最終確認日 today (Asia/Tokyo).
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    public = new_page(375)
    public.goto(f"{base_url}/yufu/soudan/{pk}/")
    # text_content, not inner_text: the date may sit in a collapsed 「この情報の出典」 block.
    body = " ".join(public.locator("main").text_content().split())
    assert NEW_PHONE in body
    assert public.locator(f"a[href^='tel:'][href*='{NEW_PHONE.replace('-', '')[1:]}']").count() >= 1
    assert f"最終確認日: {today.year}年{today.month}月{today.day}日" in body
    assert not re.search(r"最終確認日: 未確認", body)
