"""Paging and situation filtering of /api/v1/windows; the directory pages agreeing with the API and translatable."""

import ast
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory import serializers
from directory.models import ConsultationWindow, Situation
from directory.queries import filter_by_situation, public_windows
from guides.models import Agency

pytestmark = pytest.mark.usefixtures("seeded")


def api(client, **params):
    response = client.get("/api/v1/windows", params)
    assert response.status_code == 200, response.content
    return response.json()


def follow(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def all_pages(client, **params) -> tuple[list[int], list[dict]]:
    """Every id over all pages, following the API's own next links; and the pages themselves."""
    pages = [api(client, **params)]
    while pages[-1]["next"]:
        pages.append(follow(client, pages[-1]["next"]))
        assert len(pages) < 100
    return [w["id"] for p in pages for w in p["results"]], pages


@pytest.fixture
def tagged_directly():
    """A 由布市 child-care window tagged with 8050 directly, though none of its categories belongs to 8050."""
    situation = Situation.objects.get(slug="8050")
    outside = public_windows().filter(city__slug="yufu").exclude(categories__situations=situation)
    window = outside.filter(categories__slug="kodomo").first() or outside.first()
    assert window is not None
    window.situations.add(situation)
    window.save()
    return window


def test_next_links_keep_every_filter_and_carry_a_cursor(client):
    first = api(client, situation="8050", city="yufu", category="koreisha", page_size=1)
    assert first["count"] >= 2 and first["next"]
    params = parse_qs(urlsplit(first["next"]).query)
    assert params["situation"] == ["8050"]
    assert (params["city"], params["category"]) == (["yufu"], ["koreisha"])
    assert "cursor" in params and "page" not in params
    second = follow(client, first["next"])
    assert second["count"] == first["count"]
    assert second["results"][0]["id"] > first["results"][0]["id"]  # keyset pages are in id order


def test_page_parameter_still_pages_but_is_deprecated(client):
    response = client.get(
        "/api/v1/windows",
        {"situation": "8050", "city": "yufu", "category": "koreisha", "page": 1, "page_size": 1},
    )
    assert response.headers["Deprecation"] == "true"
    assert "page=" not in response.headers["Link"] and "situation=8050" in response.headers["Link"]
    first = response.json()
    params = parse_qs(urlsplit(first["next"]).query)
    assert (params["city"], params["category"], params["page"]) == (["yufu"], ["koreisha"], ["2"])
    second = follow(client, first["next"])
    assert second["count"] == first["count"]
    assert parse_qs(urlsplit(second["previous"]).query)["situation"] == ["8050"]


def test_a_deep_cursor_page_costs_what_the_first_does(client, django_assert_max_num_queries):
    ids, pages = all_pages(client, page_size=5)
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == pages[0]["count"]
    with CaptureQueriesContext(connection) as first:
        api(client, page_size=5)
    with CaptureQueriesContext(connection) as deep:
        follow(client, pages[-2]["next"])
    assert len(deep.captured_queries) <= len(first.captured_queries)
    assert "OFFSET" not in " ".join(q["sql"] for q in deep.captured_queries)


def test_a_cursor_the_api_did_not_issue_is_400(client):
    for cursor in ("zzz", "!!", "dzE2Mjg5x"):
        response = client.get("/api/v1/windows", {"cursor": cursor})
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]


def test_following_next_links_gives_exactly_the_filtered_windows(client):
    ids, pages = all_pages(client, situation="8050", page_size=3)
    whole = api(client, situation="8050", page_size=200)
    assert ids == [w["id"] for w in whole["results"]]
    assert len(ids) == len(set(ids)) == whole["count"]
    assert all(p["count"] == whole["count"] for p in pages)
    # The situation really narrowed the list (the next links did not drop it).
    assert whole["count"] < api(client, page_size=1)["count"]


def test_ranked_paging_keeps_situation_and_counts_every_match(client, monkeypatch):
    whole = api(client, q="相談", situation="8050", page_size=200)
    assert whole["count"] == len(whole["results"]) >= 2
    # However few hits the first search asks for, the count and the pages cover every match.
    monkeypatch.setattr(serializers, "RANK_FIRST", 1)
    ids, pages = all_pages(client, q="相談", situation="8050", page_size=2)
    assert ids == [w["id"] for w in whole["results"]]
    assert {p["count"] for p in pages} == {whole["count"]}
    assert all("situation=8050" in p["next"] for p in pages[:-1])


def test_unknown_situation_is_404(client):
    response = client.get("/api/v1/windows", {"situation": "nope"})
    assert response.status_code == 404
    assert "nope" in response.json()["detail_ja"]


def test_page_and_api_agree_on_situation_filtering(client, tagged_directly):
    api_ids = {w["id"] for w in api(client, city="yufu", situation="8050", page_size=200)["results"]}
    page = client.get("/yufu/soudan/", {"situation": "8050"})
    assert page.status_code == 200
    page_ids = {w.pk for w in page.context["windows"]}
    assert page_ids == api_ids
    # Both include a window tagged with the situation directly, and windows in its categories.
    assert tagged_directly.pk in page_ids
    in_categories = public_windows().filter(city__slug="yufu", categories__slug="koreisha")
    assert set(in_categories.values_list("pk", flat=True)) <= page_ids
    assert len(page_ids) < public_windows().filter(city__slug="yufu").count()


def test_category_index_agrees_with_the_api(client, tagged_directly):
    api_ids = {w["id"] for w in api(client, situation="8050", page_size=200)["results"]}
    page = client.get("/soudan/", {"situation": "8050"})
    page_ids = {w.pk for _city, windows in page.context["grouped"] for w in windows}
    # National lines (全国共通) are listed in their own section of the page, and with scope "national" by the API.
    page_ids |= {w.pk for w in page.context["national"]}
    assert page_ids == api_ids and tagged_directly.pk in page_ids


def test_filter_by_situation_lists_each_window_once(tagged_directly):
    situation = Situation.objects.get(slug="8050")
    # The window tagged directly that is also in several of the situation's categories appears once.
    several = public_windows().filter(categories__slug="koreisha").first()
    several.situations.add(situation)
    several.save()
    by_object = list(filter_by_situation(public_windows(), situation).values_list("pk", flat=True))
    by_slug = list(filter_by_situation(public_windows(), "8050").values_list("pk", flat=True))
    assert by_object == by_slug
    assert len(by_object) == len(set(by_object)) == filter_by_situation(public_windows(), situation).count()
    assert {tagged_directly.pk, several.pk} <= set(by_object)
    assert ConsultationWindow.objects.filter(situations=situation).count() >= 2


# --- query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("city", ["kurume", "yufu", "iizuka", "nishiwaki", "sanjo"])
def test_program_api_query_count_does_not_grow_with_businesses(client, django_assert_max_num_queries, city):
    # Agencies and sub-programmes are prefetched: not one query each per business (18 before).
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/cities/{city}/program")
    assert response.status_code == 200
    agencies = [a["name"] for b in response.json()["businesses"] for a in b["agencies"]]
    assert (
        len(agencies) == Agency.objects.filter(page__live=True, page__url_path__contains=f"/{city}/").count()
    )


def test_windows_api_query_count_does_not_grow_with_page_size(client, django_assert_max_num_queries):
    api(client, page_size=1)  # the first read after the seeds were loaded fills the facet summary once
    with django_assert_max_num_queries(10):
        small = api(client, page_size=2)
    with django_assert_max_num_queries(10):
        large = api(client, page_size=200)
    assert len(small["results"]) == 2 and len(large["results"]) == large["count"] > 40


# --- the directory pages' own words go through gettext ------------------------------------------------------

DIRECTORY = Path(__file__).resolve().parents[2] / "directory"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]+")
TRANSLATED = re.compile(
    r"{%\s*blocktrans\b.*?{%\s*endblocktrans\s*%}|{%\s*trans\s.*?%}|_\(\"[^\"]*\"\)|_\('[^']*'\)|{#.*?#}",
    re.S,
)


@pytest.mark.parametrize("name", ["category_index.html", "window_detail.html", "city_directory.html"])
def test_directory_templates_have_no_untranslated_japanese(name):
    text = (DIRECTORY / "templates" / "directory" / name).read_text(encoding="utf-8")
    assert JAPANESE.findall(TRANSLATED.sub(" ", text)) == []


def japanese_outside_gettext(source: str) -> list[str]:
    """Japanese string literals and f-strings of a module that are neither docstrings nor inside _() / gettext()."""
    tree = ast.parse(source)
    allowed = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for call in ast.walk(tree):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in {"_", "gettext"}
        ):
            allowed |= {id(inner) for arg in call.args for inner in ast.walk(arg)}
    return [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr | ast.Constant)
        and id(node) not in allowed
        and JAPANESE.search(ast.unparse(node))
    ]


def test_memo_builds_no_japanese_text_outside_gettext():
    assert "f'{t}のページ'" in japanese_outside_gettext('def f(t):\n    return f"{t}のページ"')
    assert japanese_outside_gettext('def f(t):\n    return _("%(t)sのページ") % {"t": t}') == []
    assert japanese_outside_gettext((DIRECTORY / "memo.py").read_text(encoding="utf-8")) == []


def test_translated_page_words_render_as_before(client):
    html = client.get("/yufu/soudan/").content.decode()
    assert "<title>由布市の相談窓口 |" in html
    assert re.search(r"<h1><ruby>由布市.*?</ruby>の<ruby>相談窓口", html)
    html = client.get("/soudan/keizai/").content.decode()
    assert "<title>経済の相談窓口 |" in html and re.search(r'class="count">\d+件<', html)
    window = public_windows().filter(city__slug="yufu", languages="").first() or public_windows().first()
    html = client.get(window.get_url()).content.decode()
    assert "| 由布市の相談窓口 |" in html or f"| {window.city.title}の相談窓口 |" in html
    assert re.search(r"対応言語</dt><dd>[^<]+</dd>", html)


def test_memo_qr_label_names_the_window(client):
    window = public_windows().filter(city__slug="yufu").first()
    html = client.get("/memo/", {"w": window.pk}).content.decode()
    assert f'aria-label="{window.title}のページへのQRコード"' in html
