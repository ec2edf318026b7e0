"""Place names in national queries (search.places): portal cities become a filter, others are named."""

import pytest

from search.places import PortalCity, find_place, invalidate_cities, municipalities, register_city_source


@pytest.fixture
def portal(monkeypatch):
    cities = [
        PortalCity("shinonome", "東雲市", "しののめし", "千葉県"),
        PortalCity("yufu", "由布市", "ゆふし", "大分県"),
    ]
    monkeypatch.setattr("search.places._city_sources", [lambda: cities])
    invalidate_cities()
    yield
    invalidate_cities()


def test_the_list_has_every_municipality():
    names = municipalities()
    assert len(names) == 1741
    assert sum(m.name.endswith("区") for m in names) == 23


@pytest.mark.parametrize(
    ("query", "slug", "remaining"),
    [
        ("東雲市で借金の相談", "shinonome", "借金の相談"),
        ("東雲 借金", "shinonome", "借金"),
        ("しののめし 保育園", "shinonome", "保育園"),
        ("東雲に住んでいますが、仕事が見つかりません", "shinonome", "仕事が見つかりません"),
        ("Shinonome city debt", "shinonome", "debt"),
        ("大分県由布市に住んでいる 借金", "yufu", "借金"),
    ],
)
def test_portal_city_becomes_a_filter(portal, query, slug, remaining):
    place = find_place(query)
    assert place is not None and place.slug == slug and place.remaining == remaining


def test_a_city_that_has_not_joined_is_named(portal):
    place = find_place("福島県伊達市の介護の相談")
    assert place is not None and not place.onboarded
    assert (place.name, place.prefecture) == ("伊達市", "福島県")


def test_names_inside_words_are_not_places(portal):
    assert find_place("中央児童相談所に電话したい") is None
    assert find_place("借金が返せない") is None


def test_register_city_source_is_idempotent():
    def source():
        return []

    register_city_source(source)
    register_city_source(source)
