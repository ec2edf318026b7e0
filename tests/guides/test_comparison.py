"""/hikaku/: 区分 explained, the plan's own words instead of 「記載なし」/「詳細を見る」, meetings and indicators compared."""

import re

import pytest

from guides.comparison import ComparisonPage, plan_summary
from guides.models import BusinessPage, CityPage

pytestmark = pytest.mark.usefixtures("seeded")


def page_html(client) -> str:
    response = client.get(ComparisonPage.objects.get().url)
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, heading_id: str, city: str) -> str:
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return section.split(f">{city}<", 1)[1].split("</tr>", 1)[0]


def test_the_status_column_is_explained(client):
    html = page_html(client)
    section = html.split('id="status-heading"', 1)[1].split("</section>", 1)[0]
    for label in ("新規", "拡充", "既存", "記載なし"):
        assert f"<dt>{label}</dt>" in section
    assert '<a href="#status-heading">区分</a>' in html


def test_cells_say_what_the_plan_says_instead_of_details_links(client):
    html = page_html(client)
    assert "詳細を見る" not in html
    nishiwaki = BusinessPage.objects.descendant_of(CityPage.objects.get(slug="nishiwaki")).get(kind=1)
    first_sentence = nishiwaki.description.split("。")[0]
    cell = row(html, "kind-1", "西脇市")
    assert first_sentence[:30] in cell
    assert "西脇市の包括的相談支援事業</a>" in cell  # a link whose text says where it goes
    assert "株式会社アソウ・ヒューマニーセンター（委託）" in row(html, "kind-2", "久留米市")


def test_meetings_are_compared(client):
    html = page_html(client)
    iizuka = row(html, "meetings-heading", "飯塚市")
    assert "随時" in iizuka and "本人同意なし（守秘義務あり）" in iizuka
    assert "包括的相談支援機関会議：月1回" in iizuka
    assert "毎月第4水曜日" in row(html, "meetings-heading", "久留米市")


def test_indicators_and_plan_periods_are_compared(client):
    html = page_html(client)
    kurume = row(html, "indicators-heading", "久留米市")
    assert re.search(r"64\.1%（[^）]+） → 70\.0%（R7）", kurume), kurume
    sanjo = row(html, "indicators-heading", "三条市")
    assert "令和7年度（2025年度）～令和10年度（2028年度）" in sanjo
    assert "計画に評価指標の記載なし" in row(html, "indicators-heading", "由布市")


def test_the_comparison_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    page_html(client)
    with django_assert_max_num_queries(30):
        page_html(client)


def test_plan_summary_prefers_the_responsible_agency_then_the_first_sentence():
    business = BusinessPage(
        kind=1, responsible="", description="一つ目の文です。二つ目の文です。", overview="概要"
    )
    assert plan_summary(business) == "一つ目の文です。"
    business.responsible = "社会福祉協議会"
    assert plan_summary(business) == "社会福祉協議会"
    business.responsible, business.description = "", "長" * 100
    assert plan_summary(business, length=10) == "長" * 9 + "…"
    business.description = ""
    assert plan_summary(business) == "概要"
