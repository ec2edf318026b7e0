"""XSS canaries: every editor-writable text field that reaches a public page or the admin holds a script/img
payload. Published, each surface must show it escaped exactly once: never as markup, never double-escaped; inside
JSON-LD ``<`` is ``\\u003c``; JSON and CSV carry the raw text (they are not HTML) with the right content type."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, time, timedelta
from html.parser import HTMLParser

from django.urls import reverse
from django.utils.html import escape

import pytest

from directory.models import (
    Category,
    ConsultationWindow,
    Situation,
    WindowHours,
    WindowPhone,
)
from directory.referral import ReferralForm, RoutingRule
from guides.models import (
    Agency,
    BusinessPage,
    CityPage,
    GuidePage,
    Indicator,
    Meeting,
    ProgramPage,
    SubProgram,
)

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("seeded")

SEARCH_WORD = "検証用窓口"


def canary(tag: str) -> str:
    return f'<script>alert("{tag}")</script><img src=x onerror=alert(1)>"\'&'


def short(tag: str) -> str:
    """For fields of at most 30 characters (phone label, indicator unit …)."""
    return f"<script>alert({tag})\"'&"[:30]


# --- what must hold on every HTML response ---------------------------------------------------------------


class _Scanner(HTMLParser):
    """Collects real elements: a canary that escaped its text node shows up here as a tag or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script_type: str | None = None
        self.ld_blocks: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower() for name, _value in attrs}
        if any(name.startswith("on") for name in names):
            self.problems.append(f"event-handler attribute on <{tag}>: {attrs}")
        if tag == "img" and ("src", "x") in attrs:
            self.problems.append(f"injected <img>: {attrs}")
        if tag == "script":
            self._script_type = dict(attrs).get("type") or "text/javascript"
            self._buffer = []

    def handle_data(self, data):
        if self._script_type is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_type is not None:
            body = "".join(self._buffer)
            if self._script_type in ("text/javascript", "module", "application/javascript"):
                if "alert(" in body:
                    self.problems.append(f"script element runs canary: {body[:80]}")
            elif "<" in body:
                # JSON data blocks (JSON-LD, Wagtail's json_script) must escape "<" so "</script>" cannot occur.
                self.problems.append(f"unescaped < inside <script type={self._script_type}>: {body[:80]}")
            if self._script_type == "application/ld+json":
                self.ld_blocks.append(body)
            self._script_type = None


def check_html(html: str, where: str) -> _Scanner:
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    assert "<img src=x onerror" not in lowered, where
    for double in ("&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#x27;", "&amp;amp;"):
        assert double not in html, (where, double)
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    assert scanner.problems == [], where
    for block in scanner.ld_blocks:
        assert "<" not in block, (where, "unescaped < inside JSON-LD")
        assert "&lt;" not in block and "&quot;" not in block, (where, "HTML entities inside JSON-LD")
        json.loads(block)
    return scanner


def assert_escaped_once(html: str, tags, where: str, make=canary):
    missing = [tag for tag in tags if escape(make(tag)) not in html]
    assert missing == [], (where, "not shown escaped exactly once", missing)


def get_html(client, url, *, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    return response.content.decode()


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings_in(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings_in(v)]
    return [data] if isinstance(data, str) else []


# --- the canaries ----------------------------------------------------------------------------------------


def publish_page(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    """Put a canary into every editor-writable text field of 由布市, publish, and index for search."""
    yufu = CityPage.objects.get(slug="yufu")
    for field in ("contact_department", "contact_address", "contact_phone"):
        setattr(yufu, field, canary(f"city_{field}"))
    yufu.contact_fax = short("fax")

    situation = Situation.objects.create(
        name=canary("sn"),
        slug="xss-check",
        prompt=canary("sit_prompt"),
        explanation=canary("sit_explanation"),
        show_on_home=True,
        order=0,
    )
    category = Category.objects.get(slug="keizai")
    situation.categories.add(category)

    window = ConsultationWindow.objects.filter(city=yufu, is_front_door=False, categories=category).first()
    organisation = window.organisation
    organisation.name = canary("org_name")
    organisation.name_kana = canary("org_name_kana")
    organisation.address = canary("org_address")
    organisation.notes = canary("org_notes")

    window.title = SEARCH_WORD + canary("w_title")
    window.topics = canary("w_topics")
    window.description = canary("w_description")
    window.plain_description = canary("w_plain_description")
    window.target = canary("w_target")
    window.languages = canary("w_languages")[:120]
    window.address = canary("w_address")
    window.verified_by = canary("w_verified_by")
    window.verified_on = date.today() - timedelta(days=800)  # stale: listed in the editors' panel and report
    ConsultationWindow.objects.exclude(pk=window.pk).update(verified_on=date.today())
    window.situations.add(situation)
    window.phones = [WindowPhone(number="097-582-1111", label=short("ph"), extension="12")]
    window.hours = [
        WindowHours(weekdays="0,1,2,3,4", opens=time(8, 30), closes=time(17, 15), note=canary("hours_note"))
    ]

    form = ReferralForm.objects.get(city=yufu)
    form.title = canary("f_title")
    form.instructions = canary("f_instructions")
    form.submit_to = canary("f_submit_to")
    form.version_label = canary("f_version")[:60]
    form.routing_rules = [
        *form.routing_rules.all(),
        RoutingRule(
            sender=canary("r_sender")[:80], departments=canary("r_departments"), note=canary("r_note")
        ),
    ]

    program = ProgramPage.objects.child_of(yufu).get()
    program.basic_policy = canary("p_basic_policy")
    program.plan_title = canary("p_plan_title")
    program.coordinators = canary("p_coordinators")
    program.meetings = [
        Meeting(
            name=canary("m_name"),
            schedule=canary("m_schedule"),
            organiser=canary("m_organiser"),
            members=canary("m_members"),
            roles=canary("m_roles"),
            notes=canary("m_notes"),
        )
    ]
    program.indicators = [
        Indicator(
            name=canary("i_name"),
            survey=canary("i_survey"),
            baseline_label=short("i_bl"),
            baseline_value=canary("i_baseline"),
            unit=short("i_u")[:20],
            notes=canary("i_notes"),
        )
    ]

    business = BusinessPage.objects.descendant_of(yufu).order_by("kind").first()
    for field in ("description", "overview", "target", "activities", "responsible", "notes"):
        setattr(business, field, canary(f"b_{field}"))
    business.agencies = [
        Agency(
            name=canary("a_name"),
            field=canary("a_field")[:60],
            sites_text=canary("a_sites_text"),
            site_type=canary("a_site_type"),
            department=canary("a_department"),
            area=canary("a_area"),
            target=canary("a_target"),
            activities=canary("a_activities"),
            role=canary("a_role")[:60],
            notes=canary("a_notes"),
        )
    ]
    business.subprograms = [
        SubProgram(
            group=canary("s_group"),
            name=canary("s_name"),
            count_text=canary("s_count_text"),
            operation=short("s_op")[:20],
            department=canary("s_department"),
            target=canary("s_target"),
        )
    ]

    guide = GuidePage.objects.live().first()
    guide.summary = canary("g_summary")
    guide.title = canary("g_title")

    with django_capture_on_commit_callbacks(execute=True):
        yufu = publish_page(yufu)
        program = publish_page(program)
        business = publish_page(business)
        guide = publish_page(guide)
        organisation.save_revision().publish()
        window.save_revision().publish()
        form.save_revision().publish()
    return {
        "city": yufu,
        "window": ConsultationWindow.objects.get(pk=window.pk),
        "organisation": organisation,
        "situation": situation,
        "category": category,
        "form": ReferralForm.objects.get(pk=form.pk),
        "program": program,
        "business": business,
        "guide": guide,
    }


CITY_CONTACT = [f"city_{f}" for f in ("contact_department", "contact_address", "contact_phone")]
WINDOW_CARD = ["w_title", "w_topics", "org_name"]
SITUATION = ["sit_prompt", "sit_explanation"]


def test_public_pages_escape_every_canary_exactly_once(client, site):
    window, city = site["window"], site["city"]
    pages = {
        window.get_url(): [
            "w_title",
            "w_topics",
            "w_description",
            "w_target",
            "w_languages",
            "w_address",
            "w_verified_by",
            "org_name",
            "hours_note",
            *CITY_CONTACT,
        ],
        window.get_url() + "?yasashii=1": ["w_plain_description"],
        "/yufu/soudan/": [*WINDOW_CARD, *CITY_CONTACT],
        "/yufu/soudan/keizai/": WINDOW_CARD,
        "/yufu/soudan/?situation=xss-check": [*WINDOW_CARD, "sn", "sit_explanation"],
        "/soudan/keizai/": WINDOW_CARD,
        "/soudan/?situation=xss-check": [*WINDOW_CARD, "sn", "sit_explanation"],
        "/soudan/": [],
        "/": [*SITUATION, "g_title"],
        city.url: [*SITUATION, *CITY_CONTACT, "b_responsible"],
        site["program"].url: [
            "p_basic_policy",
            "p_plan_title",
            "p_coordinators",
            "m_name",
            "m_schedule",
            "m_organiser",
            "m_members",
            "m_roles",
            "i_name",
            "i_survey",
            "i_baseline",
            "b_responsible",
        ],
        site["business"].url: [
            "b_description",
            "b_overview",
            "b_target",
            "b_activities",
            "b_responsible",
            "b_notes",
            "a_name",
            "a_sites_text",
            "a_site_type",
            "a_department",
            "a_area",
            "a_target",
            "a_activities",
            "a_notes",
            "s_group",
            "s_name",
            "s_count_text",
            "s_department",
        ],
        "/hikaku/": ["a_name"],
        site["guide"].url: ["g_summary", "g_title"],
        "/yufu/tsunagu-sheet/": ["f_title", "f_instructions", "f_submit_to", "r_departments"],
        f"/memo/?w={window.pk}": ["w_title", "org_name", "w_address"],
        f"/search/?q={SEARCH_WORD}": ["org_name"],
    }
    for url, tags in pages.items():
        html = get_html(client, url)
        check_html(html, url)
        assert_escaped_once(html, tags, url)

    # Short fields (cut to their max_length) are checked on their own value.
    html = get_html(client, window.get_url())
    assert escape(short("ph")) in html
    html = get_html(client, site["program"].url)
    assert escape(short("i_bl")) in html
    # The routing helper echoes the chosen rule; an unknown sender is never echoed.
    form = site["form"]
    rule = form.routing_rules.get(sender__startswith="<script>")
    html = get_html(client, "/yufu/tsunagu-sheet/?" + _qs(sender=rule.sender))
    check_html(html, "routing helper")
    assert escape(rule.sender) in html and escape(canary("r_note")) in html
    html = get_html(client, "/yufu/tsunagu-sheet/?" + _qs(sender=canary("unknown")))
    check_html(html, "routing helper, unknown sender")
    assert escape(canary("unknown")) not in html


def _qs(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def test_search_and_reflected_input_are_escaped(client, site):
    html = get_html(client, f"/search/?q={SEARCH_WORD}")
    check_html(html, "search results")
    # The title is highlighted (<mark>) but the canary after the highlighted word stays escaped, once.
    assert escape(canary("w_title")) in html
    assert escape(short("ph")) in html
    # A query holding markup is echoed escaped in the title, heading and input value.
    html = get_html(client, "/search/?" + _qs(q=canary("q")))
    check_html(html, "search reflected query")
    assert escape(canary("q")) in html
    html = get_html(client, "/yufu/soudan/?" + _qs(situation=canary("q")))
    check_html(html, "unknown situation")


def test_json_ld_escapes_lt_and_round_trips(client, site):
    window = site["window"]
    for url in (window.get_url(), "/yufu/soudan/", "/soudan/keizai/"):
        html = get_html(client, url)
        scanner = check_html(html, url)
        assert scanner.ld_blocks, url
        raw = "".join(scanner.ld_blocks)
        assert "\\u003cscript>alert" in raw, url
        values = strings_in([json.loads(block) for block in scanner.ld_blocks])
        assert SEARCH_WORD + canary("w_title") in values, url
        assert canary("org_name") in values, url
    values = strings_in(json.loads(check_html(get_html(client, window.get_url()), "detail").ld_blocks[0]))
    for tag in ("w_description", "org_address"):
        assert canary(tag) in values, tag
    assert short("ph") in values


def test_json_api_and_open_data_carry_raw_text_with_safe_content_types(client, site):
    window = site["window"]
    responses = {
        f"/api/v1/windows/{window.pk}": ["w_description", "w_target", "w_topics", "org_name", "org_address"],
        "/api/v1/windows?city=yufu&page_size=200": ["w_description", "org_name_kana"],
        "/api/v1/cities/yufu/program": [
            "p_basic_policy",
            "p_plan_title",
            "p_coordinators",
            "m_name",
            "i_name",
            "b_description",
            "a_name",
        ],
        "/api/v1/cities": [],
        f"/api/v1/search?q={SEARCH_WORD}": [],
        "/opendata/yufu/hsds.json": ["w_description", "org_name_kana", "org_notes"],
        "/opendata/hsds.json": ["w_target"],
    }
    for url, tags in responses.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        body = response.content.decode()
        assert "&lt;" not in body and "&amp;" not in body, (url, "HTML escaping inside JSON")
        values = strings_in(json.loads(body))
        for tag in tags:
            assert canary(tag) in values, (url, tag)
        assert any(value.startswith(SEARCH_WORD) or "<script>" in value for value in values) or not tags, url

    response = client.get("/opendata/yufu/windows.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    assert "&lt;" not in text and "&amp;" not in text
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert SEARCH_WORD + canary("w_title") in cells
    assert canary("w_description") in cells


def test_admin_listing_and_edit_pages_escape_every_canary_once(client, site):
    admin = make_user("xss-admin", superuser=True)
    client.force_login(admin)
    window, organisation, form = site["window"], site["organisation"], site["form"]
    situation = site["situation"]

    def snippet(obj, name, *args):
        return reverse(obj.snippet_viewset.get_url_name(name), args=args)

    pages = {
        snippet(window, "list") + f"?city={site['city'].pk}": ["w_title", "org_name"],
        snippet(window, "edit", window.pk): [
            "w_title",
            "w_topics",
            "w_description",
            "w_plain_description",
            "w_target",
            "w_languages",
            "w_address",
            "w_verified_by",
            "hours_note",
        ],
        snippet(window, "history", window.pk): ["w_title"],
        snippet(organisation, "list") + f"?city={site['city'].pk}": ["org_name"],
        snippet(organisation, "edit", organisation.pk): [
            "org_name",
            "org_name_kana",
            "org_address",
            "org_notes",
        ],
        snippet(form, "list"): ["f_title"],
        snippet(form, "edit", form.pk): [
            "f_title",
            "f_instructions",
            "f_submit_to",
            "r_departments",
            "r_note",
        ],
        snippet(situation, "list"): ["sn", "sit_prompt"],
        snippet(situation, "edit", situation.pk): ["sn", "sit_prompt", "sit_explanation"],
        reverse("wagtailadmin_pages:edit", args=[site["city"].pk]): CITY_CONTACT,
        reverse("wagtailadmin_pages:edit", args=[site["program"].pk]): [
            "p_basic_policy",
            "p_plan_title",
            "p_coordinators",
            "m_name",
            "m_members",
            "i_name",
            "i_baseline",
        ],
        reverse("wagtailadmin_pages:edit", args=[site["business"].pk]): [
            "b_description",
            "b_overview",
            "b_target",
            "b_activities",
            "a_name",
            "a_activities",
            "s_name",
            "s_target",
        ],
        reverse("wagtailadmin_pages:edit", args=[site["guide"].pk]): ["g_summary", "g_title"],
        reverse("wagtailadmin_explore", args=[site["guide"].get_parent().pk]): ["g_title"],
        reverse("wagtailadmin_home"): ["w_title"],
        reverse("directory_reports:unverified_windows"): ["w_title"],
    }
    for url, tags in pages.items():
        html = get_html(client, url)
        check_html(html, url)
        assert_escaped_once(html, tags, url)
    html = get_html(client, snippet(window, "edit", window.pk))
    assert escape(short("ph")) in html


def test_canary_survives_an_admin_round_trip_unchanged(client, site):
    """Saving the edit form as-is must not escape the stored text (that would double-escape on every page)."""
    admin = make_user("xss-admin2", superuser=True)
    client.force_login(admin)
    situation = site["situation"]
    url = reverse(situation.snippet_viewset.get_url_name("edit"), args=[situation.pk])
    response = client.post(
        url,
        {
            "name": situation.name,
            "slug": situation.slug,
            "prompt": situation.prompt,
            "explanation": situation.explanation,
            "categories": [c.pk for c in situation.categories.all()],
            "show_on_home": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302, re.findall(
        r'class="error-message"[^<]*<[^>]*>[^<]*', response.content.decode()
    )
    situation.refresh_from_db()
    assert situation.name == canary("sn")
    assert situation.explanation == canary("sit_explanation")
    assert re.search(r"&(lt|amp|quot);", situation.prompt) is None


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{canary('x')}</p>",
        "<p><img src=x onerror=alert(1)></p>",
        "<p title=a onmouseover=alert(1)>x</p>",
        f"<p>{escape(escape(canary('x')))}</p>",
        '<script type="application/ld+json">{"a": "</p><b>"}</script>',
    ],
)
def test_the_checks_catch_raw_double_escaped_and_attribute_injection(html):
    with pytest.raises(AssertionError):
        check_html(html, "self-test")
