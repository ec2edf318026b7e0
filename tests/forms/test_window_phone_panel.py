"""The window form shows the phone residents really see: the window's own, else the organisation's (with a link to
change it and how many windows share it), else the city's 代表."""

from __future__ import annotations

import re

from django.urls import reverse

import pytest

from directory.models import ConsultationWindow, Organisation, OrganisationPhone
from directory.panels import effective_phone, windows_showing

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")


def edit_url(obj):
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def panel_of(html: str) -> str:
    start = html.index('class="tsunagu-effective-phone"')
    return html[start : html.index("保存済みの内容による表示です", start)]


def inheriting_window() -> ConsultationWindow:
    """A 由布市 window without its own number whose organisation has one that two or more windows show."""
    for window in ConsultationWindow.objects.filter(city__slug="yufu", phones__isnull=True).order_by("pk"):
        phones = [p for p in window.organisation.phones.all() if p.kind == "voice"]
        if phones and windows_showing(ConsultationWindow, phones[0].e164) > 1:
            return window
    raise AssertionError("the seed has no shared organisation number in 由布市")


def test_inherited_phone_is_shown_with_the_organisation_link_and_the_shared_count(client):
    window = inheriting_window()
    number = next(p for p in window.organisation.phones.all() if p.kind == "voice")
    expected = (
        ConsultationWindow.objects.filter(organisation__phones__e164=number.e164, phones__isnull=True)
        .distinct()
        .count()
        + ConsultationWindow.objects.filter(phones__e164=number.e164).distinct().count()
    )
    client.force_login(make_user("yufu-panel", "yufu-editors"))
    html = client.get(edit_url(window)).content.decode()
    panel = panel_of(html)
    assert 'data-source="organisation"' in panel
    assert number.display in panel
    assert edit_url(window.organisation) in panel
    assert f"{expected}件の窓口がこの番号を表示しています" in panel
    assert re.search(rf"この番号を表示している{expected}件の窓口すべて", html)
    assert "サイトに表示される電話番号" in html


def test_own_phone_wins_and_city_main_phone_is_the_last_fallback():
    window = inheriting_window()
    latest = window.get_latest_revision_as_object()
    organisation = latest.organisation
    info = effective_phone(latest)
    assert info["source"] == "organisation"
    # The organisation loses its numbers: the city's 代表 is what residents see.
    OrganisationPhone.objects.filter(organisation=organisation).delete()
    organisation = Organisation.objects.get(pk=organisation.pk)
    latest.organisation = organisation
    info = effective_phone(latest)
    assert info["source"] == "city" and info["city_phone"] == latest.city.main_phone
    # The window's own number wins over everything.
    from directory.models import WindowPhone

    latest.phones = [WindowPhone(number="097-582-9999", kind="voice")]
    info = effective_phone(latest)
    assert info["source"] == "window"
    assert [n.display for n in info["numbers"]] == ["097-582-9999"]
