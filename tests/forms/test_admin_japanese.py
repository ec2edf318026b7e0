"""The admin an editor and a moderator meet: Japanese throughout, and no call to an external host.

The walk follows the editor → moderator journey on a window (edit, submit for moderation, review, approve) and the
pages around it. Visible text and the attributes a screen reader announces are scanned for English words; the few
that are names or formats (FAX, CSV, PDF, URL, Wagtail …) are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

import pytest

from directory.models import ConsultationWindow, Organisation

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")

# Words that are the same in a Japanese admin: formats, acronyms, product and field names residents see.
ALLOWED_WORDS = {
    "fax",
    "csv",
    "pdf",
    "url",
    "api",
    "html",
    "json",
    "hsds",
    "dv",
    "wagtail",
    "id",
    "ok",
    "e164",
    "sns",
    "tel",
    "docx",
    "xlsx",
    "xls",
    "doc",
    "txt",
    "utf",
    "bom",
    "jpg",
    "png",
    "svg",
    "gif",
    "webp",
    "avif",
    "mb",
    "kb",
    "gb",
    "sudachi",
    "lgwan",
    "https",
    "http",
    "www",
    "example",
    "jp",
    "yufu",
    "sanjo",
    "kurume",
    "iizuka",
    "nishiwaki",
    "admin",
    "pw",
    "qr",
    "ctrl",
    "alt",
    "shift",
    "enter",
    "esc",
    "tab",
    "cmd",
}
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1", urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}


class _Text(HTMLParser):
    """Visible text and spoken attributes, skipping scripts, styles, templates and hidden data."""

    SKIP = {"script", "style", "template", "noscript", "code", "pre", "textarea", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # What the browser fetches by itself, anywhere in the page.
        for name in ("src", "srcset", "poster", "data"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        # Links and forms staff may follow, except the no-JavaScript notice (never shown in a working admin).
        if not self.depth and tag in {"a", "form"} and (attrs.get("href") or attrs.get("action")):
            self.urls.append(attrs.get("href") or attrs.get("action"))
        if tag in self.SKIP:
            self.depth += 1
            return
        if not self.depth and tag != "input" or attrs.get("type") in {"submit", "button"}:
            self.chunks.extend(attrs[a] for a in SPOKEN_ATTRIBUTES if attrs.get(a))
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.chunks.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.chunks.append(data)


def english_words(html: str, data_words: set[str]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    found = set()
    for chunk in parser.chunks:
        for word in WORD_RE.findall(chunk):
            lower = word.lower().strip("'’-")
            if lower not in ALLOWED_WORDS and lower not in data_words:
                found.add(word)
    return found


def external_urls(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    urls = parser.urls + re.findall(r"url\((['\"]?)(https?://[^)'\"]+)\1\)", html)
    hosts = []
    for url in urls:
        url = url[1] if isinstance(url, tuple) else url
        host = urlsplit(url.strip()).hostname
        if url.strip().startswith(("http://", "https://", "//")) and host not in LOCAL_HOSTS:
            hosts.append(url)
    return hosts


@pytest.fixture
def journey(client):
    """Every admin page of the editor → moderator loop on one 由布市 window, as (user, url) pairs."""
    window = ConsultationWindow.objects.filter(city__slug="yufu", live=True).first()
    organisation = Organisation.objects.filter(city__slug="yufu").first()
    editor = make_user("yufu-e", "yufu-editors")
    moderator = make_user("yufu-m", "yufu-moderators")

    def snippet(obj, name, *args):
        return reverse(obj.snippet_viewset.get_url_name(name), args=args)

    editor_pages = [
        reverse("wagtailadmin_home"),
        snippet(window, "list"),
        snippet(window, "edit", window.pk),
        snippet(window, "history", window.pk),
        snippet(organisation, "list"),
        snippet(organisation, "edit", organisation.pk),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_account"),
        reverse("wagtaildocs:index"),
    ]
    moderator_pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        snippet(window, "edit", window.pk),
    ]
    return {"window": window, "editor": (editor, editor_pages), "moderator": (moderator, moderator_pages)}


def data_words_of(window) -> set[str]:
    """Words that come from the data (user names, e-mail), not from the interface."""
    return {
        w.lower() for w in WORD_RE.findall(f"{window.title} {window.organisation.full_name} yufu-e yufu-m")
    }


def test_admin_pages_reference_no_external_host(client, journey):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    for role in ("editor", "moderator"):
        user, pages = journey[role]
        client.force_login(user)
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (role, url, response.status_code)
            html = response.content.decode()
            assert "gravatar" not in html.lower(), url
            assert external_urls(html) == [], (role, url)


def test_api_docs_load_their_assets_locally(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert external_urls(html) == []


JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
ACRONYM = re.compile(r"[A-Z]{2,5}")  # FAX, SNS, URL: the same in Japanese
# Messages that are not interface text even though gettext sees them (formats, identifiers).
NOT_INTERFACE = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "FIRST_DAY_OF_WEEK",
    "DECIMAL_SEPARATOR",
    "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
}


@pytest.fixture
def untranslated(monkeypatch):
    """Every message looked up through gettext while the test runs that came back in English."""
    from django.utils import translation

    found: set[str] = set()

    def recording(name):
        real = getattr(translation._trans, name)

        def wrapper(*args):
            result = real(*args)
            message = args[-2] if name in {"ngettext", "npgettext"} else args[-1]
            if (
                isinstance(message, str)
                and result == message
                and ENGLISH_WORD.search(message)
                and not JAPANESE.search(message)
                and message not in NOT_INTERFACE
                and not ACRONYM.fullmatch(message)
            ):
                found.add(message)
            return result

        return wrapper

    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        monkeypatch.setattr(translation._trans, name, recording(name))
    return found


def test_editor_and_moderator_journeys_are_in_japanese(client, journey, untranslated):
    """Edit → submit for moderation → the moderator's dashboard, task list and approval: every message Japanese."""
    from wagtail.models import Workflow

    window = journey["window"]
    for role in ("editor", "moderator"):
        user, pages = journey[role]
        client.force_login(user)
        for url in pages:
            assert client.get(url, follow=True).status_code == 200, (role, url)
    editor, _pages = journey["editor"]
    client.force_login(editor)
    workflow = window.get_workflow()
    assert isinstance(workflow, Workflow)
    workflow.start(window, editor)
    moderator, pages = journey["moderator"]
    client.force_login(moderator)
    for url in pages:
        client.get(url, follow=True)
    state = window.current_workflow_state
    task_state = state.current_task_state
    action_url = reverse(
        window.snippet_viewset.get_url_name("workflow_action"), args=[window.pk, "approve", task_state.pk]
    )
    assert client.get(action_url).status_code == 200
    assert untranslated == set(), "English interface text:\n" + "\n".join(sorted(untranslated))
