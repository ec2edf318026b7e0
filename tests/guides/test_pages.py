"""Every page type renders with real seed content."""

import pytest

from guides.models import BusinessPage, CityPage, ComparisonPage, GuidePage, ProgramPage

from ..text import without_ruby

pytestmark = pytest.mark.usefixtures("seeded")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_has_search_categories_cities_and_front_door(client):
    html = without_ruby(get(client, "/"))
    assert 'role="search"' in html
    names = (
        "経済",
        "健康・医療",
        "高齢者",
        "障がい",
        "子ども・子育て",
        "DV",
        "仕事",
        "住まい",
        "ひきこもり",
        "環境",
        "人権",
    )
    positions = [html.find(f">{name}<") for name in names]
    assert all(p > 0 for p in positions), dict(zip(names, positions, strict=True))
    assert positions == sorted(positions), "tiles follow the official category order"
    for city in ("久留米市", "西脇市", "飯塚市", "由布市", "三条市"):
        assert city in html
    assert "どこに相談したらよいかわからないとき" in html


def test_city_program_business_pages_render(client):
    for city in CityPage.objects.all():
        assert city.title in get(client, city.url)
        program = ProgramPage.objects.child_of(city).get()
        get(client, program.url)
        for business in BusinessPage.objects.child_of(program):
            assert business.get_kind_display() in get(client, business.url)


def test_program_page_shows_period_in_wareki_and_western(client):
    program = ProgramPage.objects.child_of(CityPage.objects.get(slug="iizuka")).get()
    html = get(client, program.url)
    assert "令和7年度（2025年度）～令和14年度（2032年度）" in html


def test_comparison_and_guides(client):
    html = get(client, ComparisonPage.objects.get().url)
    assert "アソウ・ヒューマニーセンター" in html
    assert GuidePage.objects.filter(slug="accessibility").exists()
    for guide in GuidePage.objects.all():
        get(client, guide.url)


def test_partners_are_listed_but_not_counted_as_running_the_business(client):
    business = BusinessPage.objects.descendant_of(CityPage.objects.get(slug="kurume")).get(kind=2)
    assert len(business.agencies.all()) > 1, "the seed names 連携先 partners"
    assert [a.name for a in business.running_agencies] == ["株式会社アソウ・ヒューマニーセンター"]
    html = get(client, ComparisonPage.objects.get().url)
    assert "行政機関（" not in html
