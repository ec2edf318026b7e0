"""records.bundle_to_json / bundle_from_json: the typed dataclass ⇄ JSON conversion that carries a bundle out of the sandbox."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import time

import pytest

from importers.cities import demo_cities
from importers.pipeline import bundle_from_text
from importers.readers.html import HtmlWindowRecord
from importers.records import (
    AgencyRecord,
    BusinessRecord,
    ContactRecord,
    HoursRecord,
    ImportBundle,
    IndicatorRecord,
    IndicatorValue,
    MeetingRecord,
    MilestoneRecord,
    PhoneRecord,
    ProgramRecord,
    RoutingRuleRecord,
    SectionRecord,
    Source,
    SubProgramRecord,
    WindowRecord,
    bundle_from_json,
    bundle_to_json,
    value_from_json,
    value_to_json,
)


def round_trip(bundle: ImportBundle) -> ImportBundle:
    # Through real JSON text, without `default=`: anything not plain would fail here.
    return bundle_from_json(json.loads(json.dumps(bundle_to_json(bundle), ensure_ascii=False)))


@pytest.mark.parametrize("info", demo_cities(), ids=lambda info: info.slug)
def test_every_seed_bundle_survives_the_round_trip(info) -> None:
    text = info.seed_path.read_text(encoding="utf-8")
    bundle = bundle_from_text(
        text, city=info.slug, city_name=info.name, document=info.seed, area_code=info.area_code
    )
    assert bundle.program is not None and bundle.program.businesses and bundle.windows
    rebuilt = round_trip(bundle)
    assert rebuilt == bundle
    assert type(rebuilt.program) is ProgramRecord
    assert all(type(w) is WindowRecord and type(w.source) is Source for w in rebuilt.windows)
    assert all(type(b.source) is Source for b in rebuilt.program.businesses)


def full_bundle() -> ImportBundle:
    """Every record type and every kind of field: optional, nested, lists of records, times with and without seconds."""
    src = Source("plan.txt", "line 1")
    phones = [PhoneRecord("0942-30-9000", extension="123", label="代表"), PhoneRecord("0942-30-9001", "fax")]
    program = ProgramRecord(
        city="kurume",
        source=src,
        plan_title="重層的支援体制整備事業実施計画",
        period_start=2025,
        period_end=None,
        timeline=[MilestoneRecord(2022, "移行準備事業開始", Source("plan.txt", "line 2"))],
        businesses=[
            BusinessRecord(
                kind=1,
                source=src,
                status="新規",
                agencies=[AgencyRecord("地域包括支援センター", src, field="高齢", sites=5, notes=["委託"])],
                subprograms=[SubProgramRecord("地域子育て支援拠点事業", src, count=10, count_text="10か所")],
                overview=["相談を受け止める"],
            )
        ],
        meetings=[MeetingRecord("支援会議", src, kind="support", members=["福祉課", "社協"])],
        indicators=[
            IndicatorRecord(
                "相談件数",
                src,
                unit="件",
                baseline=IndicatorValue("R6", "120件"),
                targets=[IndicatorValue("R7", "130件"), IndicatorValue("R8", "増加")],
            ),
            IndicatorRecord("満足度", src, baseline=None),
        ],
        sections=[SectionRecord("基本方針", "誰一人取り残さない。\n改行も残る。", src)],
        coordinators=["包括化推進員"],
        contact=ContactRecord(department="福祉課", postcode="830-8520", phones=phones, source=src),
        footnotes=["※ 注"],
    )
    window = WindowRecord(
        organisation="福祉課",
        source=Source("plan.txt", ""),
        categories=["welfare"],
        phones=list(phones),
        hours=[
            HoursRecord([0, 1, 2, 3, 4], time(8, 30), time(17, 15)),
            HoursRecord([5], time(9, 0, 30), time(0, 0), note="第2土曜", open_on_holidays=True),
        ],
        business_kind=None,
        business_kinds=[2, 5],
        is_front_door=True,
    )
    return ImportBundle(
        city="kurume",
        document="plan.txt",
        program=program,
        windows=[window],
        routing=[RoutingRuleRecord("介護関連事業所", ["高齢者支援課", "保険課"], src)],
        main_phone=PhoneRecord("0942-30-9000", label="代表"),
        warnings=["警告"],
    )


def test_every_field_kind_survives_and_the_json_is_plain() -> None:
    bundle = full_bundle()
    data = bundle_to_json(bundle)
    hours = data["windows"][0]["hours"]
    assert (hours[0]["opens"], hours[0]["closes"]) == ("08:30", "17:15")
    assert (hours[1]["opens"], hours[1]["closes"]) == ("09:00:30", "00:00")
    assert data["windows"][0]["source"] == {"document": "plan.txt", "location": ""}
    assert data["program"]["indicators"][1]["baseline"] is None
    assert data["program"]["period_end"] is None and data["program"]["contact"]["phones"][1]["kind"] == "fax"
    rebuilt = round_trip(bundle)
    assert rebuilt == bundle
    assert rebuilt.windows[0].hours[1].opens == time(9, 0, 30)
    assert type(rebuilt.program.indicators[0].baseline) is IndicatorValue
    assert type(rebuilt.program.contact.source) is Source
    with pytest.raises(AttributeError):  # Source comes back frozen
        rebuilt.windows[0].source.location = "x"  # type: ignore[misc]
    assert round_trip(ImportBundle(city="k", document="d")) == ImportBundle(city="k", document="d")


def test_missing_optional_fields_take_their_defaults() -> None:
    data = {
        "city": "k",
        "document": "d",
        "windows": [{"organisation": "福祉課", "source": {"document": "d", "location": ""}}],
    }
    bundle = bundle_from_json(data)
    assert bundle.windows == [WindowRecord("福祉課", Source("d", ""))] and bundle.program is None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda d: d["windows"][0]["hours"][0].update(opens="8時半"), "HH:MM"),
        (lambda d: d["windows"][0]["hours"][0].update(opens="25:00"), "hour"),
        (lambda d: d["windows"][0].update(business_kinds=["2"]), r"business_kinds\[0\]: expected int"),
        (lambda d: d["windows"][0].update(is_front_door=1), "expected bool"),
        (lambda d: d["program"].update(period_start=True), "expected int"),
        (lambda d: d["program"].update(businesses={}), "expected a list"),
        (lambda d: d["program"]["businesses"][0].update(surprise="x"), "unknown field"),
        (lambda d: d["routing"][0].update(source="plan.txt"), "expected an object for Source"),
        (lambda d: d["routing"][0].pop("departments"), "departments"),
    ],
)
def test_malformed_json_is_refused(change, error) -> None:
    data = json.loads(json.dumps(bundle_to_json(full_bundle())))
    change(data)
    with pytest.raises((TypeError, ValueError), match=error):
        bundle_from_json(data)


def test_a_subclass_is_refused_rather_than_losing_its_fields() -> None:
    bundle = ImportBundle(
        city="k", document="d", windows=[HtmlWindowRecord("福祉課", Source("d", ""), uncertain=["?"])]
    )
    with pytest.raises(TypeError, match="expected exactly WindowRecord, got HtmlWindowRecord"):
        bundle_to_json(bundle)


@dataclass
class Opening:
    at: time
    days: tuple[int, ...] = ()


@dataclass
class Schedule:
    """Not a record: the converter knows no class by name, only field types."""

    name: str
    openings: list[Opening] = field(default_factory=list)
    by_label: dict[str, Opening | None] = field(default_factory=dict)
    ratio: float = 0.0


def test_the_conversion_is_driven_by_field_types_not_by_class() -> None:
    value = Schedule(
        "x",
        [Opening(time(7, 5), (0, 6))],
        {"a": Opening(time(23, 59, 59, 5)), "b": None},
        ratio=2,
    )
    data = json.loads(json.dumps(value_to_json(Schedule, value)))
    assert data["openings"][0] == {"at": "07:05", "days": [0, 6]}
    assert data["by_label"]["a"]["at"] == "23:59:59.000005"
    assert value_from_json(Schedule, data) == value
    assert type(value_from_json(Schedule, data).ratio) is float
