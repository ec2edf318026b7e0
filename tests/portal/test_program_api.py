"""The structured programme API, checked against facts stated in the seed documents."""

import pytest

pytestmark = pytest.mark.usefixtures("seeded")


def program(client, slug):
    response = client.get(f"/api/v1/cities/{slug}/program")
    assert response.status_code == 200, response.content
    return response.json()


def business(data, kind):
    return next(b for b in data["businesses"] if b["kind"] == kind)


def agency(biz, name):
    return next(a for a in biz["agencies"] if name in a["name"])


def indicator(data, text):
    return next(i for i in data["indicators"] if text in i["name"])


def test_cities_lists_the_five_seed_cities(client):
    data = client.get("/api/v1/cities").json()
    assert [c["slug"] for c in data] == ["kurume", "nishiwaki", "iizuka", "yufu", "sanjo"]
    assert {c["name"] for c in data} == {"久留米市", "西脇市", "飯塚市", "由布市", "三条市"}
    assert next(c for c in data if c["slug"] == "kurume")["local_gov_code"] == "402036"


def test_unknown_city_is_a_json_404(client):
    response = client.get("/api/v1/cities/atlantis/program")
    assert response.status_code == 404
    assert "atlantis" in response.json()["detail"]
    assert "登録されていません" in response.json()["detail_ja"]


def test_kurume_comprehensive_agencies_counts_and_operation(client):
    data = program(client, "kurume")
    comprehensive = business(data, 1)
    assert comprehensive["status"] == "拡充"
    expected = {
        "地域包括支援センター": (11, "委託"),
        "障害者基幹相談支援センター": (4, "委託"),
        "こども子育てサポートセンター": (1, "直営"),
        "生活自立支援センター": (1, "委託"),
    }
    for name, (sites, operation) in expected.items():
        found = agency(comprehensive, name)
        assert (found["sites"], found["operation"]) == (sites, operation), name


def test_kurume_participation_contractor_and_council_roles(client):
    data = program(client, "kurume")
    participation = business(data, 2)
    assert participation["status"] == "新規"
    assert "アソウ・ヒューマニーセンター" in participation["responsible"] + " ".join(
        a["name"] for a in participation["agencies"]
    )
    for kind in (3, 4, 5):
        names = business(data, kind)["responsible"] + " ".join(
            a["name"] for a in business(data, kind)["agencies"]
        )
        assert "久留米市社会福祉協議会" in names, kind


def test_kurume_meeting_on_fourth_wednesday(client):
    data = program(client, "kurume")
    meeting = next(m for m in data["meetings"] if "毎月第4水曜日" in m["schedule"])
    assert meeting["next_dates"], "a calendar rule yields next dates"
    assert any("地域包括支援センター" in member for member in meeting["members"])


def test_kurume_indicators_baseline_and_target(client):
    data = program(client, "kurume")
    support = indicator(data, "支え合いや助け合いが充実")
    assert support["baseline"]["value"] == "64.1%"
    assert support["targets"][-1]["value"] == "70.0%"
    visits = indicator(data, "見守り訪問活動件数")
    assert visits["baseline"]["value"] == "226,650件"
    assert visits["targets"][-1]["value"] == "296,000件"
    consultations = indicator(data, "新規相談受付件数")
    assert consultations["baseline"]["value"] == "1,020件"


def test_kurume_plan_count_targets(client):
    data = program(client, "kurume")
    targets = {i["name"]: i["targets"][-1]["value"] for i in data["indicators"] if i["kind"] == "plan_target"}
    values = {name.split("の")[0]: value for name, value in targets.items()}
    assert any("24" in v for v in values.values())
    assert any("30" in v for v in values.values())
    assert any("36" in v for v in values.values())


def test_iizuka_agencies_meetings_period_and_contact(client):
    data = program(client, "iizuka")
    names = " ".join(a["name"] for a in business(data, 1)["agencies"])
    assert "男女共同参画推進センター「サンクス」" in names
    assert "少年相談センター" in names
    schedules = {m["name"]: m["schedule"] for m in data["meetings"]}
    assert any(n == "支援会議" or n.startswith("支援会議") for n in schedules)
    assert sorted(schedules.values()) == sorted(["随時", "月1回", "月1回"])
    assert (data["period"]["start"], data["period"]["end"]) == (2025, 2032)
    assert "令和7年度" in data["period"]["label"] and "令和14年度" in data["period"]["label"]
    assert "0948-22-5500" in data["contact"]["phone"]
    assert "0948-21-6356" in data["contact"]["fax"]
    assert data["contact"]["email"] == "shakai@city.iizuka.lg.jp"


def test_sanjo_agencies_period_and_indicators(client):
    data = program(client, "sanjo")
    comprehensive = business(data, 1)
    found = agency(comprehensive, "地域包括支援センター")
    assert (found["sites"], found["operation"], found["department"]) == (
        5,
        "委託",
        "福祉保健部 地域包括ケア推進課",
    )
    assert agency(comprehensive, "子ども家庭サポートセンター")["operation"] == "直営"
    assert (data["period"]["start"], data["period"]["end"]) == (2025, 2028)
    assert data["indicators"]
    assert any(t["value"] == "100%" for i in data["indicators"] for t in i["targets"])
    assert agency(business(data, 2), "三条こもりびと支援センター")["operation"] == "委託"


def test_nishiwaki_explainer_timeline_and_coordinator(client):
    data = program(client, "nishiwaki")
    assert [m["fiscal_year"] for m in data["timeline"]][:1] == [2022]
    assert 2025 in [m["fiscal_year"] for m in data["timeline"]]
    assert any("包括化推進員" in c for c in data["coordinators"])
    assert data["sections"]


def test_yufu_program_explanation(client):
    data = program(client, "yufu")
    assert any("重層的支援体制整備事業とは" in s["heading"] for s in data["sections"])
    assert {b["kind"] for b in data["businesses"]} == {1, 2, 3, 4, 5}
    assert "属性や世代を問わず包括的に相談を受け止める" in business(data, 1)["overview"]
    assert all(b["overview"] for b in data["businesses"])


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/cities",
        "/api/v1/cities/{slug}/program",
        "/api/v1/windows",
        "/api/v1/windows/{window_id}",
    ):
        assert path in schema["paths"], path
