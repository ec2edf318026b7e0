"""The directory as residents and other systems see it: API, pages, JSON-LD, 404s."""

import json
import re

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def windows(client, **params):
    response = client.get("/api/v1/windows", {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return response.json()


def by_org(results, text):
    return [w for w in results if text in w["organisation"]["name"]]


def test_yufu_has_24_windows_and_a_front_door(client):
    data = windows(client, city="yufu")
    assert data["count"] == 25
    doors = [w for w in data["results"] if w["is_front_door"]]
    assert len(doors) == 1
    assert "福祉課" in doors[0]["organisation"]["name"]


def test_yufu_windows_carry_seed_phones_and_categories(client):
    results = windows(client, city="yufu")["results"]
    consumer = by_org(results, "消費生活センター")[0]
    assert [c["slug"] for c in consumer["categories"]] == ["keizai"]
    assert consumer["phones"][0]["number"] == "097-582-1298"
    assert any("多重債務" in t for t in consumer["topics"])
    welfare = by_org(results, "保護係")[0]
    assert welfare["organisation"]["name"] == "福祉課 保護係"
    assert (welfare["phones"][0]["number"], welfare["phones"][0]["label"]) == ("097-582-1111", "代表")
    kodama = by_org(results, "こだま")[0]
    assert kodama["phones"][0]["number"] == "097-547-8162"
    koseikan = by_org(results, "こうせいかん")[0]
    assert koseikan["phones"][0]["number"] == "097-582-2213"
    childcare = by_org(results, "子育て支援課")
    assert {c["slug"] for w in childcare for c in w["categories"]} >= {"kodomo", "dv"}


def test_every_seed_agency_is_a_window_in_its_category(client):
    expectations = {
        "kurume": [
            ("地域包括支援センター", "koreisha"),
            ("障害者基幹相談支援センター", "shogai"),
            ("こども子育てサポートセンター", "kodomo"),
            ("生活自立支援センター", "keizai"),
            ("アソウ・ヒューマニーセンター", "hikikomori"),
        ],
        "iizuka": [("男女共同参画推進センター", "dv"), ("少年相談センター", "kodomo")],
        "sanjo": [("三条こもりびと支援センター", "hikikomori"), ("青少年育成センター", "kodomo")],
    }
    for city, pairs in expectations.items():
        results = windows(client, city=city)["results"]
        for name, category in pairs:
            found = by_org(results, name)
            assert found, (city, name)
            assert category in {c["slug"] for w in found for c in w["categories"]}, (city, name)


def test_category_filter_unknown_values_and_paging(client):
    dv = windows(client, category="dv")
    assert dv["count"] >= 2
    assert all(any(c["slug"] == "dv" for c in w["categories"]) for w in dv["results"])
    assert client.get("/api/v1/windows", {"category": "nope"}).status_code == 404
    assert client.get("/api/v1/windows", {"city": "nope"}).status_code == 404
    first = client.get("/api/v1/windows", {"page_size": 5}).json()
    assert len(first["results"]) == 5 and first["next"]
    assert client.get("/api/v1/windows", {"page_size": 201}).status_code == 400


def test_window_detail_api_and_page(client):
    consumer = by_org(windows(client, city="yufu")["results"], "消費生活センター")[0]
    assert client.get(f"/api/v1/windows/{consumer['id']}").json()["title"] == consumer["title"]
    page = client.get(f"/yufu/soudan/{consumer['id']}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="tel:+81975821298"' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "GovernmentService"
    assert ld["provider"]["@type"] == "GovernmentOrganization"
    assert ld["provider"]["contactPoint"][0]["telephone"] == "+81975821298"


def test_city_directory_and_category_pages(client):
    page = client.get("/yufu/soudan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "どこに相談したらよいかわからないとき" in html
    assert "経済（7）" in html
    assert client.get("/yufu/soudan/hikikomori/").status_code == 200
    national = client.get("/soudan/dv/").content.decode()
    assert "飯塚市" in national and "由布市" in national


def test_unknown_city_or_category_is_a_helpful_404(client):
    for url in ("/atlantis/soudan/", "/yufu/soudan/nope/", "/soudan/nope/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "分野から探す" in response.content.decode()


def test_invalid_phone_in_the_admin_is_a_japanese_form_error():
    from django.core.exceptions import ValidationError

    from directory.models import Organisation, OrganisationPhone

    org = Organisation.objects.filter(city__slug="yufu").first()
    phone = OrganisationPhone(organisation=org, number="12345")
    with pytest.raises(ValidationError) as error:
        phone.full_clean()
    message = " ".join(error.value.message_dict["number"])
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_valid_phone_is_normalised_to_e164_and_display():
    from directory.models import Organisation, OrganisationPhone

    org = Organisation.objects.filter(city__slug="yufu").first()
    phone = OrganisationPhone(organisation=org, number="０９７（５８２）１１１１")
    phone.full_clean()
    assert (phone.e164, phone.number) == ("+81975821111", "097-582-1111")
    assert phone.tel_uri == "tel:+81975821111"
