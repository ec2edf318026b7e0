"""The programme parser against the five real seeds: facts each document states, not snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.parsers.plan import business_kind, parse_program, parse_seed_program, wareki_to_year
from importers.readers.seedtext import read_seed_text
from importers.records import AgencyRecord, BusinessRecord, MeetingRecord, ProgramRecord

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def _parse(city: str, name: str) -> ProgramRecord:
    return parse_seed_program(SEEDS / name, city=city)


@pytest.fixture(scope="module")
def kurume() -> ProgramRecord:
    return _parse("kurume", "000_798662377a1ac82b.txt")


@pytest.fixture(scope="module")
def nishiwaki() -> ProgramRecord:
    return _parse("nishiwaki", "001_ed3b4800771c24a4.txt")


@pytest.fixture(scope="module")
def iizuka() -> ProgramRecord:
    return _parse("iizuka", "002_17f16ef03dd105eb.txt")


@pytest.fixture(scope="module")
def yufu() -> ProgramRecord:
    return _parse("yufu", "003_4ccc8f22fd5ff24c.txt")


@pytest.fixture(scope="module")
def sanjo() -> ProgramRecord:
    return _parse("sanjo", "004_c15e4f8778641e59.txt")


def business(program: ProgramRecord, kind: int) -> BusinessRecord:
    found = [b for b in program.businesses if b.kind == kind]
    assert len(found) == 1, f"business {kind}: {[b.kind for b in program.businesses]}"
    return found[0]


def agency(record: BusinessRecord, name: str) -> AgencyRecord:
    found = [a for a in record.agencies if a.name == name]
    assert found, f"{name} not in {[a.name for a in record.agencies]}"
    return found[0]


def meeting(program: ProgramRecord, name: str) -> MeetingRecord:
    found = [m for m in program.meetings if m.name == name]
    assert len(found) == 1, f"{name} not in {[m.name for m in program.meetings]}"
    return found[0]


def indicator(program: ProgramRecord, fragment: str):
    found = [i for i in program.indicators if fragment in i.name]
    assert len(found) == 1, f"{fragment} in {[i.name for i in program.indicators]}"
    return found[0]


# --- vocabulary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1 包括的相談支援事業【拡充】", 1),
        ("(4)参加支援事業【新規】", 2),
        ("3 地域づくりに向けた支援事業【拡充】", 3),
        ("(5)地域づくり事業", 3),
        ("②アウトリーチ等を通じた継続支援事業", 4),
        ("アウトリーチ等を通じた継続的支援事業 (社会福祉法第106条の4第2項第4号)", 4),
        ("5 多機関協働事業【新規】", 5),
        ("生活困窮者支援等のための地域づくり事業", None),
        ("参加支援事業のプラン作成件数", None),
    ],
)
def test_business_kind(text: str, kind: int | None) -> None:
    assert business_kind(text) == kind


def test_wareki_to_year() -> None:
    assert wareki_to_year("令和", "7") == 2025
    assert wareki_to_year("令和", "元") == 2019
    assert wareki_to_year("平成", "30") == 2018


# --- Kurume (000) --------------------------------------------------------------------------------


def test_kurume_program(kurume: ProgramRecord) -> None:
    assert kurume.city == "kurume"
    assert kurume.document_title == "重層的支援体制整備事業の現状について"
    assert kurume.basic_policy.startswith("これまで久留米市では")
    assert "地域共生社会" in kurume.basic_policy
    assert "●" not in kurume.basic_policy
    assert kurume.legal_basis.startswith("社会福祉法第106条の4")
    assert [b.kind for b in kurume.businesses] == [1, 2, 3, 4, 5]
    assert kurume.source.document == "000_798662377a1ac82b.txt"


def test_kurume_comprehensive_consultation_agencies(kurume: ProgramRecord) -> None:
    record = business(kurume, 1)
    assert record.status == "拡充"
    assert record.description.startswith("これまで対象者や分野ごとに")
    assert [a.name for a in record.agencies] == [
        "地域包括支援センター",
        "障害者基幹相談支援センター",
        "こども子育てサポートセンター",
        "生活自立支援センター",
    ]
    houkatsu = agency(record, "地域包括支援センター")
    assert houkatsu.field == "高齢"
    assert houkatsu.sites == 11  # the seed says 「1 1」
    assert houkatsu.operation == "委託"
    assert "基本型" in houkatsu.site_type
    assert "^{" not in houkatsu.site_type
    assert houkatsu.area == "日常生活圏域"
    assert any(note.startswith("※1") and "既存の拠点" in note for note in houkatsu.notes)
    assert any(note.startswith("※2") and "小学校校区" in note for note in houkatsu.notes)
    assert houkatsu.source.location == "line 29"

    kikan = agency(record, "障害者基幹相談支援センター")
    assert (kikan.sites, kikan.operation, kikan.area) == (4, "委託", "複数の日常生活圏域")
    kodomo = agency(record, "こども子育てサポートセンター")
    assert (kodomo.sites, kodomo.operation, kodomo.area) == (1, "直営", "市内全域")
    assert any("母子保健型" in note for note in kodomo.notes)
    seikatsu = agency(record, "生活自立支援センター")
    assert (seikatsu.sites, seikatsu.operation, seikatsu.area) == (1, "委託", "市内全域")


def test_kurume_participation_support(kurume: ProgramRecord) -> None:
    record = business(kurume, 2)
    assert record.status == "新規"
    assert record.responsible == "株式会社アソウ・ヒューマニーセンター"
    responsible = agency(record, "株式会社アソウ・ヒューマニーセンター")
    assert responsible.operation == "委託"
    assert responsible.role == "担当機関"
    partners = [a.name for a in record.agencies if a.role == "連携先"]
    assert "社会福祉法人久留米市社会福祉協議会" in partners
    assert "NPO関連の中間支援組織" in partners
    assert "行政機関" in partners


def test_kurume_community_building(kurume: ProgramRecord) -> None:
    record = business(kurume, 3)
    assert record.status == "拡充"
    assert record.responsible == "社会福祉法人久留米市社会福祉協議会"
    assert agency(record, "社会福祉法人久留米市社会福祉協議会").role == "担当機関"
    subs = {s.name: s for s in record.subprograms}
    coordinators = subs["生活支援コーディネーターの配置"]
    assert (coordinators.count, coordinators.count_text) == (11, "11名")
    assert coordinators.group == "イ 生活支援体制整備事業"
    assert coordinators.operation == "委託"  # from the group heading 「（委託）」
    assert (subs["I型"].count, subs["I型"].operation) == (2, "団体補助")
    assert any("創作的活動" in note for note in subs["I型"].notes)
    assert subs["III型"].count == 8
    plaza = subs["子育て交流プラザ運営事業"]
    assert (plaza.count, plaza.count_text, plaza.operation) == (1, "1カ所", "委託")
    assert plaza.group == "エ 地域子育て支援拠点事業"
    center = subs["地域子育て支援センター事業"]
    assert (center.count, center.operation) == (9, "直営")
    assert subs["地域介護予防活動支援事業"].group == "ア 一般介護予防事業"
    assert any("よかよか介護ボランティア事業" in n for n in subs["地域介護予防活動支援事業"].notes)
    assert subs["子ども食堂支援事業"].group == "(3) その他"
    assert subs["子ども食堂支援事業"].operation == "団体補助"


@pytest.mark.parametrize("kind", [4, 5])
def test_kurume_new_businesses_run_by_the_council(kurume: ProgramRecord, kind: int) -> None:
    record = business(kurume, kind)
    assert record.status == "新規"
    assert record.responsible == "社会福祉法人久留米市社会福祉協議会"
    assert agency(record, "社会福祉法人久留米市社会福祉協議会").operation == "委託"


def test_kurume_meetings(kurume: ProgramRecord) -> None:
    names = {m.name for m in kurume.meetings}
    assert {"重層的支援会議", "支援会議"} <= names
    layered = meeting(kurume, "重層的支援会議")
    support = meeting(kurume, "支援会議")
    assert (layered.kind, support.kind) == ("layered", "support")
    for record in (layered, support):
        assert "毎月第4水曜日" in record.schedule
        assert record.organiser == "多機関協働事業者"
        assert "地域包括支援センター/長寿支援課" in record.members
        assert "こども子育てサポートセンター" in record.members
    assert "プランの適切性の協議" in layered.roles
    assert "プランの適切性の協議" not in support.roles
    assert "緊急性がある事案への対応" in support.roles


def test_kurume_outcome_indicators(kurume: ProgramRecord) -> None:
    mutual = indicator(kurume, "地域での支え合いや助け合いが充実していると感じる市民の割合")
    assert mutual.kind == "outcome"
    assert mutual.survey == "市民意識調査"
    assert mutual.unit == "%"
    assert (mutual.baseline.year, mutual.baseline.value) == ("H31・R1", "64.1%")
    assert [(t.year, t.value) for t in mutual.targets] == [("R7", "70.0%")]

    visits = indicator(kurume, "見守り訪問活動件数")
    assert (visits.baseline.year, visits.baseline.value) == ("H30", "226,650件")
    assert visits.targets[0].value == "296,000件"
    assert visits.unit == "件"

    intake = indicator(kurume, "生活自立支援センターの新規相談受付件数")
    assert (intake.baseline.value, intake.targets[0].value) == ("1,020件", "1,020件")


def test_kurume_two_row_indicator_table(kurume: ProgramRecord) -> None:
    help_ = indicator(kurume, "がある人がいる市民の割合")
    assert (help_.baseline.value, help_.targets[0].value) == ("81.3%", "87.0%")
    assert help_.survey == "市民意識調査"
    listen = indicator(kurume, "困っている人の相談にのることができる市民の割合")
    assert (listen.baseline.value, listen.targets[0].value) == ("23.7%", "29.0%")
    assert listen.source.location == "line 166"


def test_kurume_plan_targets(kurume: ProgramRecord) -> None:
    targets = {i.name: i for i in kurume.indicators if i.kind == "plan_target"}
    assert targets["参加支援事業のプラン作成件数"].targets[0].value == "24件／年"
    assert targets["アウトリーチ等を通じた継続的支援事業のプラン作成件数"].targets[0].value == "30件／年"
    assert targets["多機関協働事業のプラン作成件数"].targets[0].value == "36件／年"
    assert all(i.unit == "件／年" for i in targets.values())


def test_kurume_footnotes_join_wrapped_lines(kurume: ProgramRecord) -> None:
    assert any(n.startswith("※1 創作的活動") and n.endswith("実施する施設") for n in kurume.footnotes)


# --- Iizuka (002) --------------------------------------------------------------------------------


def test_iizuka_plan(iizuka: ProgramRecord) -> None:
    assert "飯塚市重層的支援体制整備事業実施計画" in iizuka.plan_title
    assert iizuka.published == "令和7年3月"
    assert (iizuka.period_start, iizuka.period_end) == (2025, 2032)
    assert iizuka.legal_basis == "社会福祉法第106条の4第2項"
    timeline = [(m.fiscal_year, m.label) for m in iizuka.timeline]
    assert timeline[0][0] == 2023 and "移行準備" in timeline[0][1] and "令和5年4月" in timeline[0][1]
    assert timeline[1][0] == 2025 and "本格実施" in timeline[1][1]
    assert len(timeline) == 2


def test_iizuka_statuses_and_legal_basis(iizuka: ProgramRecord) -> None:
    assert [b.kind for b in iizuka.businesses] == [1, 2, 3, 4, 5]
    for kind in (2, 4, 5):
        assert business(iizuka, kind).status == "新規"
    assert business(iizuka, 1).status == "既存"  # from the 既存事業 / 新規事業 structure table
    for record in iizuka.businesses:
        assert record.legal_basis == f"社会福祉法第106条の4第2項第{record.kind}号"
        assert len(record.overview) == 3


def test_iizuka_consultation_agencies(iizuka: ProgramRecord) -> None:
    record = business(iizuka, 1)
    names = [a.name for a in record.agencies]
    assert names == [
        "地域包括支援センター",
        "飯塚市・嘉麻市・桂川町 障がい者基幹相談支援センター",
        "こども家庭センターcocosumo",
        "少年相談センター",
        "男女共同参画推進センター「サンクス」",
        "飯塚市生活自立支援相談室",
    ]
    houkatsu = agency(record, "地域包括支援センター")
    assert houkatsu.sites == 11
    assert houkatsu.target.startswith("65歳以上")
    assert houkatsu.activities.startswith("高齢者の総合相談")
    assert "【" not in houkatsu.target + houkatsu.activities
    assert agency(record, "少年相談センター").field == "こども"
    sankusu = agency(record, "男女共同参画推進センター「サンクス」")
    assert sankusu.field == "DV被害者等"
    assert sankusu.sites == 1
    assert sankusu.activities.startswith("DV、性暴力等の被害者")  # continued on a later line of the seed
    assert "基本型" in houkatsu.site_type


def test_iizuka_business_tables(iizuka: ProgramRecord) -> None:
    multi = business(iizuka, 5)
    assert multi.target.startswith("複雑化・複合化した生活課題")
    assert "飯塚市重層的支援会議" in multi.activities
    assert business(iizuka, 2).target.startswith("既存の各制度")


def test_iizuka_community_subprograms(iizuka: ProgramRecord) -> None:
    subs = {s.name: s for s in business(iizuka, 3).subprograms}
    assert list(subs) == [
        "地域介護予防活動支援事業",
        "生活支援体制整備事業",
        "地域活動支援センター機能強化事業",
        "地域子育て支援拠点事業",
        "生活困窮者支援等のための地域づくり事業",
    ]
    assert subs["生活支援体制整備事業"].count_text == "第1層 1 / 第2層 14"
    assert subs["地域子育て支援拠点事業"].count == 5
    assert subs["地域子育て支援拠点事業"].activities.startswith("地域において子育て親子")
    new = subs["生活困窮者支援等のための地域づくり事業"]
    assert (new.status, new.count, new.target) == ("新規", 1, "生活困窮者等")


def test_iizuka_meetings(iizuka: ProgramRecord) -> None:
    assert [m.name for m in iizuka.meetings] == ["支援会議", "重層的支援会議", "包括的相談支援機関会議"]
    support = meeting(iizuka, "支援会議")
    assert (support.kind, support.schedule, support.consent) == ("support", "随時", "本人同意なし")
    assert "高齢者支援課" in support.members
    assert "社会・障がい者福祉課" in support.members
    assert "多機関協働事業者" in support.members
    assert "飯塚市" not in support.members  # a group heading, not a member
    layered = meeting(iizuka, "重層的支援会議")
    assert (layered.kind, layered.schedule) == ("layered", "月1回")
    assert layered.organiser == "多機関協働事業者"
    assert "プランの適切性の協議" in layered.roles
    other = meeting(iizuka, "包括的相談支援機関会議")
    assert (other.kind, other.schedule) == ("other", "月1回")
    assert other.members == [
        "地域包括支援センター",
        "飯塚市・嘉麻市・桂川町障がい者基幹相談支援センター",
        "こども家庭センターcocosumo",
        "飯塚市生活自立支援相談室",
        "多機関協働事業者",
        "社会・障がい者福祉課",
    ]


def test_iizuka_contact(iizuka: ProgramRecord) -> None:
    contact = iizuka.contact
    assert contact is not None
    assert contact.department == "飯塚市 福祉部 社会・障がい者福祉課"
    assert contact.postcode == "820-8501"
    assert contact.address.startswith("福岡県飯塚市新立岩5番5号")
    phones = [(p.number, p.kind, p.label) for p in contact.phones]
    assert ("0948-22-5500", "voice", "代表") in phones
    assert ("0948-96-8234", "voice", "直通") in phones
    assert ("0948-21-6356", "fax", "") in phones
    assert contact.email == "shakai@city.iizuka.lg.jp"


def test_iizuka_sections(iizuka: ProgramRecord) -> None:
    headings = [s.heading for s in iizuka.sections]
    assert "はじめに" in headings
    assert "重層的支援体制整備事業とは" in headings


# --- Sanjo (004) ---------------------------------------------------------------------------------


def test_sanjo_plan(sanjo: ProgramRecord) -> None:
    assert (sanjo.period_start, sanjo.period_end) == (2025, 2028)
    assert "実施計画" in sanjo.plan_title
    assert sanjo.coordinators == ["重層コーディネーター（地域包括ケア推進課配置）"]


@pytest.mark.parametrize(
    ("name", "sites", "operation", "department"),
    [
        ("地域包括支援センター", 5, "委託", "福祉保健部 地域包括ケア推進課"),
        ("相談支援事業所", 5, "委託", "福祉保健部 福祉課"),
        ("子ども家庭サポートセンター", 1, "直営", "教育委員会 子育て支援課"),
        ("社会福祉協議会", 1, "委託", "福祉保健部 福祉課"),
    ],
)
def test_sanjo_consultation_agencies(
    sanjo: ProgramRecord, name: str, sites: int, operation: str, department: str
) -> None:
    record = agency(business(sanjo, 1), name)
    assert (record.sites, record.operation, record.department) == (sites, operation, department)
    assert record.site_type == "基本型事業・拠点"


@pytest.mark.parametrize("kind", [2, 4])
def test_sanjo_participation_and_outreach_agencies(sanjo: ProgramRecord, kind: int) -> None:
    record = business(sanjo, kind)
    assert [a.name for a in record.agencies] == [
        "福祉保健部 地域包括ケア推進課",
        "三条こもりびと支援センター",
        "青少年育成センター",
    ]
    assert agency(record, "福祉保健部 地域包括ケア推進課").operation == "直営"
    assert agency(record, "福祉保健部 地域包括ケア推進課").department == ""  # 「—」
    komoribito = agency(record, "三条こもりびと支援センター")
    assert (komoribito.operation, komoribito.department) == ("委託", "福祉保健部 福祉課")
    youth = agency(record, "青少年育成センター")
    assert (youth.operation, youth.department) == ("委託", "教育委員会 子育て支援課")
    assert " " not in youth.activities


def test_sanjo_community_subprograms(sanjo: ProgramRecord) -> None:
    subs = business(sanjo, 3).subprograms
    layers = [s for s in subs if s.name.startswith("生活支援体制整備事業(第1層・第2層")]
    assert [(s.count, s.operation) for s in layers] == [(1, "直営"), (5, "委託")]
    assert "第1層" in layers[0].count_text and "第2層" in layers[1].count_text
    assert layers[1].department == "福祉保健部 地域包括ケア推進課"  # spanned from the row above
    hubs = next(s for s in subs if s.name == "地域子育て支援拠点事業")
    assert (hubs.count, hubs.count_text, hubs.operation) == (10, "10か所", "委託・直営")
    assert (hubs.field, hubs.department) == ("子ども", "教育委員会 子育て支援課")
    prevention = next(s for s in subs if s.name == "地域介護予防活動支援事業")
    assert (prevention.count, prevention.count_text) == (None, "")


def test_sanjo_multi_agency_and_meetings(sanjo: ProgramRecord) -> None:
    record = business(sanjo, 5)
    assert [(a.name, a.operation) for a in record.agencies] == [("福祉保健部 地域包括ケア推進課", "直営")]
    assert meeting(sanjo, "重層的支援会議").consent == "本人同意あり"
    assert meeting(sanjo, "支援会議").consent == "本人同意なし"


def test_sanjo_yearly_indicators(sanjo: ProgramRecord) -> None:
    assert len(sanjo.indicators) == 4
    first = indicator(sanjo, "関係機関と連携がしやすくなったと感じる支援者の割合")
    assert [t.year for t in first.targets] == ["令和7年度", "令和8年度", "令和9年度", "令和10年度"]
    assert first.targets[-1].value == "100%"
    assert first.baseline is None
    linked = indicator(sanjo, "参加支援事業またはアウトリーチ等継続支援事業につながった者の割合")
    assert [(t.year, t.value) for t in linked.targets] == [
        ("令和7年度", "令和7年度実績により設定"),
        ("令和10年度", "増加"),
    ]


# --- Nishiwaki (001) -----------------------------------------------------------------------------


def test_nishiwaki_timeline_and_coordinator(nishiwaki: ProgramRecord) -> None:
    assert nishiwaki.document_title == "西脇市における重層的支援体制整備事業について"
    assert [m.fiscal_year for m in nishiwaki.timeline] == [2022, 2025]
    assert "移行準備" in nishiwaki.timeline[0].label
    assert "本格実施" in nishiwaki.timeline[1].label
    assert "包括化推進員（長寿福祉課配置）" in nishiwaki.coordinators


def test_nishiwaki_sections(nishiwaki: ProgramRecord) -> None:
    sections = {s.heading: s.body for s in nishiwaki.sections}
    assert "包摂的なコミュニティ" in sections["地域共生社会の理念"]
    assert "②参加支援" in sections["取組の3本柱"]
    assert "⑤地域づくり事業" in sections["5つの機能（事業）"]
    needs = sections["複雑化・複合化した支援ニーズとは"]
    assert "8050" in needs and "ダブルケア" in needs and "ヤングケアラー" in needs
    assert "**" not in needs
    assert "支援会議" in sections and "重層的支援会議" in sections


def test_nishiwaki_businesses_and_meetings(nishiwaki: ProgramRecord) -> None:
    consultation = business(nishiwaki, 1)
    assert "連携型" in consultation.description
    multi = business(nishiwaki, 5)
    assert "包括化推進員" in multi.responsible
    layered = meeting(nishiwaki, "重層的支援会議")
    assert layered.consent == "本人同意あり"
    assert "プランの適切性の協議" in layered.roles
    assert "見守りと支援方針の理解" in meeting(nishiwaki, "支援会議").roles


# --- Yufu (003) ----------------------------------------------------------------------------------


def test_yufu_sections_split_from_glued_headings(yufu: ProgramRecord) -> None:
    sections = {s.heading: s for s in yufu.sections}
    assert sections["重層的支援体制整備事業とは"].body.endswith("一体的に実施するものです。")
    assert sections["事業創設の背景"].body.startswith("重層的支援体制整備事業は、社会福祉法の改正により")
    assert "各事業の概要" in sections
    assert sections["事業創設の背景"].source.location == "line 3"  # glued to the end of line 3


def test_yufu_business_descriptions_from_overview(yufu: ProgramRecord) -> None:
    assert [b.kind for b in yufu.businesses] == [1, 2, 3, 4, 5]
    assert "属性や世代を問わず包括的に相談を受け止める" in business(yufu, 1).description
    assert "支援関係機関の役割分担を図る" in business(yufu, 5).description
    assert "潜在的な相談者を見つける" in business(yufu, 4).description
    assert all(b.source.document == "003_4ccc8f22fd5ff24c.txt" for b in yufu.businesses)


# --- robustness ----------------------------------------------------------------------------------

_SEED_LINES = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text().splitlines()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SEED_LINES) | st.text(max_size=30), max_size=60))
def test_parser_never_raises_on_shuffled_seed_lines(lines: list[str]) -> None:
    program = parse_program(read_seed_text("\n".join(lines)), city="test", document="fuzz.txt")
    assert program.city == "test"
    assert all(1 <= b.kind <= 5 for b in program.businesses)
