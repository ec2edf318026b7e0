"""Window parser against the real 由布市 page (seed 003) and small hand-built plans. No Django."""

from pathlib import Path

import pytest

from directory.categories import BY_SLUG
from importers.parsers.windows import (
    AGENCY_CATEGORY_RULES,
    BUSINESS_CATEGORIES,
    FRONT_DOOR_TITLE,
    front_door_window,
    parse_directory_table,
    parse_form_contact,
    parse_routing_rules,
    split_organisation,
    split_topics,
    windows_from_program,
)
from importers.records import (
    AgencyRecord,
    BusinessRecord,
    ContactRecord,
    PhoneRecord,
    ProgramRecord,
    Source,
    SubProgramRecord,
)

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
YUFU = "003_4ccc8f22fd5ff24c.txt"
MAIN = "097-582-1111"


@pytest.fixture(scope="module")
def yufu_text() -> str:
    return (SEEDS / YUFU).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def yufu(yufu_text):
    return parse_directory_table(yufu_text, city="yufu", document=YUFU, default_area_code="097")


@pytest.fixture(scope="module")
def windows(yufu):
    return yufu[0]


def find(windows, organisation, category=None):
    found = [
        w
        for w in windows
        if w.organisation == organisation and (category is None or category in w.categories)
    ]
    assert found, f"no window {organisation} in {category}"
    return found


def numbers(window):
    return [(p.number, p.label) for p in window.phones]


def test_yufu_table_has_24_windows(windows):
    # 23 table rows; the 障がい row names two centres with their own numbers, so it becomes two windows.
    assert len(windows) == 24


def test_yufu_main_phone_is_the_city_hall_number_glued_to_the_header(yufu):
    _, main = yufu
    assert main == PhoneRecord(number=MAIN, kind="voice", label="代表")


def test_every_window_has_one_official_category_and_a_phone(windows):
    for window in windows:
        assert len(window.categories) == 1 and window.categories[0] in BY_SLUG
        assert window.phones, window.organisation
        assert window.topics, window.organisation
        assert window.source.document == YUFU and window.source.location.startswith("line ")


def test_windows_per_category(windows):
    counts: dict[str, int] = {}
    for window in windows:
        counts[window.categories[0]] = counts.get(window.categories[0], 0) + 1
    assert counts == {
        "keizai": 7,
        "kenko": 3,
        "koreisha": 2,
        "shogai": 3,
        "kodomo": 2,
        "dv": 1,
        "shigoto": 2,
        "sumai": 1,
        "hikikomori": 1,
        "kankyo": 1,
        "jinken": 1,
    }


def test_consumer_centre(windows):
    [window] = find(windows, "消費生活センター")
    assert window.categories == ["keizai"]
    assert window.topics == ["多重債務や消費生活トラブル"]
    assert numbers(window) == [("097-582-1298", "")]


def test_social_welfare_council_in_two_categories_with_its_own_number(windows):
    council = find(windows, "社会福祉協議会")
    assert sorted(w.categories[0] for w in council) == ["keizai", "shigoto"]
    assert all(numbers(w) == [("097-582-2756", "")] for w in council)


def test_protection_section_is_split_and_falls_back_to_the_main_number(windows):
    [window] = find(windows, "保護係")
    assert (window.parent_organisation, window.organisation_full_name) == ("福祉課", "福祉課 保護係")
    assert window.categories == ["keizai"]
    assert window.topics == ["生活困窮、生活保護"]
    assert numbers(window) == [(MAIN, "代表")]


def test_other_split_departments(windows):
    assert {w.parent_organisation for w in find(windows, "障がい福祉係")} == {"福祉課"}
    assert find(windows, "地域福祉係", "hikikomori")[0].parent_organisation == "福祉課"
    [health] = find(windows, "由布保健部")
    assert (health.parent_organisation, numbers(health)) == ("中部保健所", [("097-582-0660", "")])
    assert health.topics == ["難病、小児慢性特定疾患"]


def test_disability_row_gives_two_centres_with_their_numbers(windows):
    shogai = [w for w in windows if w.categories == ["shogai"] and w.topics == ["障がい福祉"]]
    assert [(w.organisation, numbers(w)) for w in shogai] == [
        ("相談支援センター こだま", [("097-547-8162", "")]),
        ("障がい者相談支援センター こうせいかん", [("097-582-2213", "")]),
    ]
    assert shogai[0].source == shogai[1].source  # the same table row


def test_child_care_support_in_kodomo_and_dv(windows):
    [kodomo] = find(windows, "子育て支援課", "kodomo")
    for topic in ("ひとり親家庭", "児童虐待", "ヤングケアラー", "子育ての不安"):
        assert any(topic in t for t in kodomo.topics), topic
    [dv] = find(windows, "子育て支援課", "dv")
    assert dv.topics == ["配偶者や恋人からの暴力"]
    assert numbers(dv) == [(MAIN, "代表")]


def test_one_cell_several_topics(windows):
    [elderly] = find(windows, "高齢者支援課", "koreisha")
    assert elderly.topics == ["高齢者の相談、高齢者虐待", "介護保険制度、介護保険料"]
    [environment] = find(windows, "環境課")
    assert environment.categories == ["kankyo"]
    assert environment.topics == ["ペット、動物(多頭飼育等)", "環境問題(公害、放置ゴミ等)"]


def test_bracketed_details_stay_in_topics(windows):
    [health] = find(windows, "健康増進課", "kenko")
    assert health.topics == ["健康、子ども発育発達、精神疾患(うつ、依存症等)"]
    [hikikomori] = find(windows, "地域福祉係")
    assert hikikomori.topics == ["ひきこもり(義務教育以外)"]


def test_human_rights_department_is_not_split(windows):
    [window] = find(windows, "人権・部落差別解消推進課")
    assert (window.categories, window.parent_organisation) == (["jinken"], "")
    assert window.topics == ["いじめ、差別等の人権問題"]


def test_long_vowel_mark_survives_normalisation(windows):
    # ー in センター must not become a hyphen just because phone numbers are normalised.
    assert find(windows, "地域包括支援センター", "koreisha")


def test_page_without_table():
    assert parse_directory_table("相談窓口はありません", city="x", document="d", default_area_code="097") == (
        [],
        None,
    )


def test_routing_rules(yufu_text):
    rules = parse_routing_rules(yufu_text, document=YUFU)
    assert [(r.sender, r.departments) for r in rules] == [
        ("介護関連事業所", ["高齢者支援課"]),
        ("小中学校", ["学校教育課"]),
        ("子育て関連事業所", ["子育て支援課"]),
        ("医療機関", ["保険課", "健康増進課"]),
    ]
    assert rules[0].source.document == YUFU


def test_form_contact(yufu_text):
    assert parse_form_contact(yufu_text) == ("福祉課", "本庁舎新館1階")
    assert parse_form_contact("なし") == ("", "")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("福祉課保護係", ("福祉課", "保護係")),
        ("中部保健所由布保健部", ("中部保健所", "由布保健部")),
        ("福祉保健部 地域包括ケア推進課", ("福祉保健部", "地域包括ケア推進課")),
        ("人権・部落差別解消推進課", ("", "人権・部落差別解消推進課")),
        ("高齢者支援課", ("", "高齢者支援課")),
        ("相談支援センター こだま", ("", "相談支援センター こだま")),
    ],
)
def test_split_organisation(name, expected):
    assert split_organisation(name) == expected


def test_split_topics():
    assert split_topics("・税金に関すること") == ["税金"]
    assert split_topics("・A に関すること ・Bに関すること") == ["A", "B"]


# --- windows from a plan ------------------------------------------------------------------------


def src(location: str) -> Source:
    return Source("plan.pdf", location)


def agency(name: str, **kwargs) -> AgencyRecord:
    return AgencyRecord(name=name, source=src(name), **kwargs)


def by_title(windows):
    return {w.title: w for w in windows}


@pytest.fixture
def iizuka_like_plan() -> ProgramRecord:
    comprehensive = BusinessRecord(
        kind=1,
        source=src("p.6"),
        agencies=[
            agency(
                "地域包括支援センター", field="高齢者", target="65歳以上の人", activities="高齢者の総合相談"
            ),
            agency("障がい者基幹相談支援センター", field="障がい者"),
            agency("こども家庭センター cocosumo", field="こども"),
            agency("少年相談センター", field="こども"),
            agency("男女共同参画推進センター「サンクス」", field="DV被害者等"),
            agency("飯塚市生活自立支援相談室", field="生活困窮者", operation="委託"),
        ],
        subprograms=[SubProgramRecord(name="地域子育て支援拠点事業", source=src("p.12"))],
    )
    return ProgramRecord(city="iizuka", source=src("p.1"), businesses=[comprehensive])


def test_comprehensive_agencies_get_their_categories(iizuka_like_plan):
    windows = by_title(windows_from_program(iizuka_like_plan))
    assert {title: w.categories for title, w in windows.items()} == {
        "地域包括支援センター": ["koreisha"],
        "障がい者基幹相談支援センター": ["shogai"],
        "こども家庭センター cocosumo": ["kodomo"],
        "少年相談センター": ["kodomo"],
        "男女共同参画推進センター「サンクス」": ["dv"],
        "飯塚市生活自立支援相談室": ["keizai", "shigoto"],
    }  # the sub-programme is not a window
    centre = windows["地域包括支援センター"]
    assert (centre.target, centre.description, centre.business_kind) == (
        "65歳以上の人",
        "高齢者の総合相談",
        1,
    )
    assert not any(w.is_front_door for w in windows.values())


def test_agency_in_several_businesses_becomes_one_window():
    # 三条市: 三条こもりびと支援センター runs 参加支援 (2) and アウトリーチ (4).
    def business(kind: int, activities: str) -> BusinessRecord:
        return BusinessRecord(
            kind=kind,
            source=src(f"business {kind}"),
            agencies=[agency("三条こもりびと 支援センター", operation="委託", activities=activities)],
        )

    plan = ProgramRecord(
        city="sanjo",
        source=src("p.1"),
        businesses=[business(4, "支援対象者へ働きかけ、伴走支援"), business(2, "社会資源等とのマッチング")],
    )
    [window] = windows_from_program(plan)
    assert window.categories == ["shigoto", "hikikomori"]
    assert (window.business_kind, window.business_kinds) == (2, [2, 4])
    assert window.description == "社会資源等とのマッチング\n支援対象者へ働きかけ、伴走支援"


def test_kurume_council_in_three_businesses_and_partners_skipped():
    council = "社会福祉法人久留米市社会福祉協議会"
    plan = ProgramRecord(
        city="kurume",
        source=src("p.1"),
        businesses=[
            BusinessRecord(
                kind=2,
                source=src("2"),
                description="長期のひきこもり状態の人などへの参加支援",
                agencies=[
                    agency("株式会社アソウ・ヒューマニーセンター", operation="委託", role="担当機関"),
                    agency(council, role="想定される連携先"),
                ],
            ),
            BusinessRecord(kind=3, source=src("3"), agencies=[agency(council, role="担当機関")]),
            BusinessRecord(kind=4, source=src("4"), agencies=[agency(f"{council}（委託）", role="担当機関")]),
            BusinessRecord(kind=5, source=src("5"), agencies=[agency(council, role="担当機関")]),
        ],
    )
    windows = by_title(windows_from_program(plan))
    assert set(windows) == {"株式会社アソウ・ヒューマニーセンター", council}
    assert windows[council].business_kinds == [3, 4, 5]  # the 連携先 mention in business 2 is skipped
    assert windows[council].categories == ["hikikomori"]
    hub = windows["株式会社アソウ・ヒューマニーセンター"]
    assert hub.categories == ["shigoto", "hikikomori"]
    assert hub.description == "長期のひきこもり状態の人などへの参加支援"  # the business's description


def test_multi_agency_business_alone_has_no_category():
    plan = ProgramRecord(
        city="sanjo",
        source=src("p.1"),
        businesses=[
            BusinessRecord(kind=5, source=src("5"), agencies=[agency("福祉保健部 地域包括ケア推進課")])
        ],
    )
    [window] = windows_from_program(plan)
    assert (window.categories, window.is_front_door) == ([], False)
    assert (window.parent_organisation, window.organisation) == ("福祉保健部", "地域包括ケア推進課")


def test_category_tables_use_official_slugs():
    slugs = {s for _, group in AGENCY_CATEGORY_RULES for s in group}
    slugs |= {s for group in BUSINESS_CATEGORIES.values() for s in group}
    assert slugs <= set(BY_SLUG)


def test_front_door_window_from_contact():
    contact = ContactRecord(
        department="飯塚市 福祉部 社会・障がい者福祉課",
        address="福岡県飯塚市新立岩5番5号",
        phones=[PhoneRecord("0948-22-5500", label="代表"), PhoneRecord("0948-21-6356", kind="fax")],
        source=src("p.16"),
    )
    window = front_door_window("飯塚市", contact, [])
    assert (window.title, window.is_front_door, window.categories) == (FRONT_DOOR_TITLE, True, [])
    assert window.organisation == "社会・障がい者福祉課"
    assert [p.number for p in window.phones] == ["0948-22-5500", "0948-21-6356"]
    assert window.phones[0] is not contact.phones[0]
    assert window.address == "福岡県飯塚市新立岩5番5号"
    assert window.source == src("p.16")


def test_front_door_window_from_department_name():
    window = front_door_window("由布市", "福祉課", [PhoneRecord(MAIN, label="代表")])
    assert (window.title, window.organisation, window.is_front_door) == (FRONT_DOOR_TITLE, "福祉課", True)
    assert "由布市の福祉課" in window.description
    assert [p.number for p in window.phones] == [MAIN]


def test_routing_rules_stay_linear_on_a_long_line_without_arrows():
    import time

    start = time.perf_counter()
    assert parse_routing_rules("漢" * 100_000, document="long.txt") == []
    # Was quadratic (40,000 characters took 21 s); a generous bound, not a benchmark.
    assert time.perf_counter() - start < 5
