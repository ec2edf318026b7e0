"""Open-data exports: the per-city CSV (and its lossless re-import) and the HSDS 3.0 JSON document."""

import csv
import io
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT202012

from directory import exports
from directory.categories import CATEGORIES
from directory.models import ConsultationWindow, Organisation
from guides.models import CityPage
from importers.loader import Loader
from importers.pipeline import ImportInputError
from importers.readers.csvdir import read_directory_csv
from importers.records import ImportBundle

pytestmark = pytest.mark.usefixtures("seeded")

CITIES = ["kurume", "nishiwaki", "iizuka", "yufu", "sanjo"]
HSDS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "hsds"


def download_csv(client, city):
    response = client.get(f"/opendata/{city}/windows.csv")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def parse(raw: bytes):
    text = raw.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# --- CSV ----------------------------------------------------------------------------------------------


def test_csv_is_excel_friendly_with_the_standard_columns_first(client):
    raw = download_csv(client, "yufu")
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    header = raw.decode("utf-8").removeprefix("\ufeff").split("\r\n", 1)[0].split(",")
    assert header[:12] == [
        "名称", "名称_カナ", "住所", "電話番号", "内線番号", "FAX番号",
        "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "URL", "備考",
    ]  # fmt: skip
    assert header[12:23] == [c.name for c in CATEGORIES]
    assert header[12] == "経済" and header[22] == "人権"
    assert header[23:] == list(exports.EXTRA_COLUMNS)
    assert b"\r\n" in raw and raw.count(b"\r\n") >= 26


def test_yufu_csv_has_the_24_table_rows_and_the_front_door(client):
    rows = parse(download_csv(client, "yufu"))
    assert len(rows) == 25
    doors = [r for r in rows if r["総合窓口"] == "1"]
    assert len(doors) == 1 and doors[0]["名称"] == "どこに相談したらよいかわからないとき"
    assert doors[0] is rows[0]
    assert all(doors[0][c.name] == "" for c in CATEGORIES)


def test_yufu_consumer_centre_row(client):
    rows = parse(download_csv(client, "yufu"))
    row = next(r for r in rows if r["組織名"] == "消費生活センター")
    assert row["電話番号"] == "097-582-1298"
    assert row["内線番号"] == "" and row["FAX番号"] == ""
    assert row["経済"] == "1"
    assert [row[c.name] for c in CATEGORIES].count("1") == 1
    assert "多重債務" in row["相談内容"]
    assert row["電話・FAX"] == "電話 097-582-1298"
    assert row["URL"].startswith("http://testserver/yufu/soudan/")
    assert row["状態"] == "受付中の窓口"


def test_yufu_rows_carry_the_stated_main_number_and_split_organisations(client):
    rows = parse(download_csv(client, "yufu"))
    welfare = next(r for r in rows if r["組織名"] == "保護係")
    assert welfare["上位組織"] == "福祉課"
    assert (welfare["電話番号"], welfare["電話・FAX"]) == ("097-582-1111", "電話 097-582-1111（代表）")
    kodama = next(r for r in rows if "こだま" in r["組織名"])
    assert kodama["電話番号"] == "097-547-8162" and kodama["障がい"] == "1"
    shakyo = [r for r in rows if r["組織名"] == "社会福祉協議会"]
    assert sorted(r["名称"] for r in shakyo) == ["困窮状態にある方の就労", "生活困窮、金銭管理"]
    assert {r["電話番号"] for r in shakyo} == {"097-582-2756"}


def test_multi_business_agency_lists_all_its_businesses(client):
    rows = parse(download_csv(client, "kurume"))
    shakyo = next(r for r in rows if r["名称"] == "社会福祉法人久留米市社会福祉協議会")
    assert shakyo["事業区分"] == "3,4,5"
    assert shakyo["運営形態"] == "委託"


def test_unknown_city_csv_is_404(client):
    assert client.get("/opendata/atlantis/windows.csv").status_code == 404


@pytest.mark.parametrize("city", CITIES)
def test_exported_csv_imports_back_with_no_changes(client, city):
    page = CityPage.objects.get(slug=city)
    windows_before = ConsultationWindow.objects.filter(city=page).count()
    orgs_before = Organisation.objects.filter(city=page).count()
    text = download_csv(client, city).decode("utf-8")
    records = read_directory_csv(text, city=city, document=f"{city}-windows.csv")
    assert len(records) == ConsultationWindow.objects.filter(city=page, live=True).count() > 0
    assert records[0].source.document == f"{city}-windows.csv" and records[0].source.location == "row 2"

    report = Loader(page, publish=True).load(
        ImportBundle(city=city, document=f"{city}-windows.csv", windows=records)
    )

    assert report.created == [], report.created
    assert report.updated == [], report.updated
    assert len([k for k in report.unchanged if "/w:" in k]) == len(records)
    assert ConsultationWindow.objects.filter(city=page).count() == windows_before
    assert Organisation.objects.filter(city=page).count() == orgs_before


def test_reimport_with_an_edited_cell_updates_only_that_window(client):
    page = CityPage.objects.get(slug="yufu")
    rows = parse(download_csv(client, "yufu"))
    consumer = next(r for r in rows if r["組織名"] == "消費生活センター")
    consumer["対象者"] = "由布市にお住まいの方"
    edited = exports.rows_to_csv(rows)
    records = read_directory_csv(edited, city="yufu", document="yufu-edited.csv")
    report = Loader(page, publish=False).load(
        ImportBundle(city="yufu", document="yufu-edited.csv", windows=records)
    )
    assert report.created == [] and len(report.updated) == 1


def test_reader_accepts_a_hand_made_file_with_only_the_standard_columns():
    header = list(exports.STANDARD_COLUMNS) + [c.name for c in CATEGORIES] + ["組織名"]
    row = dict.fromkeys(header, "") | {
        "名称": "家計の相談",
        "組織名": "生活支援課",
        "電話番号": "097-582-1111",
        "内線番号": "234",
        "FAX番号": "097-582-1234",
        "利用可能曜日": "月火水木金",
        "開始時間": "08:30",
        "終了時間": "17:15",
        "経済": "1",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(row)
    (record,) = read_directory_csv(out.getvalue(), city="yufu", document="hand.csv")
    assert record.categories == ["keizai"]
    assert [(p.number, p.kind, p.extension) for p in record.phones] == [
        ("097-582-1111", "voice", "234"),
        ("097-582-1234", "fax", ""),
    ]
    assert record.hours[0].weekdays == [0, 1, 2, 3, 4]
    assert record.hours[0].opens.strftime("%H:%M") == "08:30"


def test_hours_and_phones_cells_round_trip_through_the_reader():
    header = list(exports.COLUMNS)
    row = dict.fromkeys(header, "") | {
        "名称": "夜間相談",
        "組織名": "子育て支援課",
        "子ども・子育て": "1",
        "電話・FAX": "電話 097-582-1111 内線12（代表）\nFAX 097-582-1234",
        "受付時間": "月火水木金 08:30-17:15\n土日 09:00-12:00 祝日も受付 ※第2土曜日は休み",
    }
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\r\n").writeheader()
    csv.DictWriter(out, fieldnames=header, lineterminator="\r\n").writerow(row)
    (record,) = read_directory_csv("\ufeff" + out.getvalue(), city="yufu", document="x.csv")
    assert [(p.kind, p.number, p.extension, p.label) for p in record.phones] == [
        ("voice", "097-582-1111", "12", "代表"),
        ("fax", "097-582-1234", "", ""),
    ]
    weekend = record.hours[1]
    assert (weekend.weekdays, weekend.open_on_holidays, weekend.note) == ([5, 6], True, "第2土曜日は休み")
    assert exports.hours_line(weekend) == "土日 09:00-12:00 祝日も受付 ※第2土曜日は休み"


@pytest.mark.parametrize(
    ("text", "english", "japanese"),
    [
        ("", "empty CSV", "空です"),
        ("名称,住所\r\nA,B\r\n", "missing columns", "必要な列がありません"),
        (",".join(exports.COLUMNS) + ",電話番号2\r\n", "unknown columns: 電話番号2", "知らない見出し"),
        (",".join(exports.COLUMNS) + ",名称\r\n", "duplicate columns: 名称", "同じ見出し"),
    ],
)
def test_bad_headers_are_clear_errors(text, english, japanese, caplog):
    with pytest.raises(ImportInputError) as error:
        read_directory_csv(text, city="yufu", document="bad.csv")
    assert english in str(error.value) and "bad.csv" in str(error.value)
    assert japanese in error.value.message_ja
    assert any(english in record.getMessage() for record in caplog.records)


def test_bad_cells_name_the_spreadsheet_row():
    header = list(exports.COLUMNS)
    good = dict.fromkeys(header, "") | {"名称": "税金", "組織名": "税務課"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(good)
    writer.writerow(good | {"経済": "はい"})
    with pytest.raises(ImportInputError) as error:
        read_directory_csv(out.getvalue(), city="yufu", document="bad.csv")
    assert "row 3" in str(error.value)
    assert error.value.message_ja.startswith("bad.csv: 3行目")


# --- HSDS -------------------------------------------------------------------------------------------


def _hsds_registry() -> referencing.Registry:
    """The vendored HSDS schema files, found by file name whatever base URI a `$ref` resolves against."""

    def retrieve(uri: str):
        path = HSDS_DIR / uri.rstrip("/").rsplit("/", 1)[-1]
        if not path.is_file():
            raise referencing.exceptions.NoSuchResource(ref=uri)
        return DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8")))

    return referencing.Registry(retrieve=retrieve)


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((HSDS_DIR / name).read_text(encoding="utf-8"))
    schema.setdefault("$id", f"https://hsds.invalid/schema/{name}")
    return jsonschema.Draft202012Validator(
        schema, registry=_hsds_registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def assert_valid_hsds(document: dict) -> None:
    checks = {
        "organizations": _validator("organization.json"),
        "services": _validator("service.json"),
        "taxonomies": _validator("taxonomy.json"),
        "taxonomy_terms": _validator("taxonomy_term.json"),
    }
    for key, validator in checks.items():
        assert document[key], key
        for item in document[key]:
            errors = sorted(validator.iter_errors(item), key=lambda e: list(e.path))
            assert not errors, f"{key} {item.get('name')}: " + "; ".join(
                f"{list(e.path)}: {e.message}" for e in errors
            )
    ids = [item["id"] for key in checks for item in document[key]]
    assert len(ids) == len(set(ids)), "HSDS ids must be unique"
    for value in ids:
        uuid.UUID(value)
    organisation_ids = {o["id"] for o in document["organizations"]}
    for service in document["services"]:
        assert service["organization_id"] in organisation_ids
    for organisation in document["organizations"]:
        assert organisation.get("parent_organization_id", next(iter(organisation_ids))) in organisation_ids


def test_the_validator_rejects_what_hsds_forbids():
    validator = _validator("service.json")
    assert not list(validator.iter_errors({"id": str(uuid.uuid4()), "name": "x", "status": "active"}))
    assert list(validator.iter_errors({"id": "not-a-uuid", "name": "x", "status": "active"}))
    assert list(validator.iter_errors({"id": str(uuid.uuid4()), "name": "x", "status": "open"}))
    phone = {"id": str(uuid.uuid4()), "number": "097-582-1111", "extension": "12"}
    bad = {"id": str(uuid.uuid4()), "name": "x", "status": "active", "phones": [phone]}
    assert list(validator.iter_errors(bad))  # extension is a number in HSDS


@pytest.mark.parametrize("city", CITIES)
def test_city_hsds_document_validates(client, city):
    response = client.get(f"/opendata/{city}/hsds.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["hsds_version"] == "3.0"
    assert_valid_hsds(document)
    page = CityPage.objects.get(slug=city)
    assert len(document["services"]) == ConsultationWindow.objects.filter(city=page, live=True).count()


def test_all_cities_hsds_document_validates_and_is_stable(client):
    first = client.get("/opendata/hsds.json").json()
    second = client.get("/opendata/hsds.json").json()
    assert first == second  # ids are derived, not random
    assert_valid_hsds(first)
    assert len(first["services"]) == ConsultationWindow.objects.filter(live=True).count()
    city_names = {o["name"] for o in first["organizations"] if o.get("legal_status") == "地方公共団体"}
    assert city_names == {"久留米市", "西脇市", "飯塚市", "由布市", "三条市"}
    assert [t["name"] for t in first["taxonomy_terms"]] == [c.name for c in CATEGORIES]


def test_yufu_hsds_consumer_centre_service(client):
    document = client.get("/opendata/yufu/hsds.json").json()
    service = next(s for s in document["services"] if "多重債務" in s["name"])
    assert service["status"] == "active"
    assert [(p["number"], p["type"]) for p in service["phones"]] == [("097-582-1298", "voice")]
    assert [a["taxonomy_term"]["name"] for a in service["attributes"]] == ["経済"]
    organisation = next(o for o in document["organizations"] if o["id"] == service["organization_id"])
    assert organisation["name"] == "消費生活センター"
    city = next(o for o in document["organizations"] if o["name"] == "由布市")
    assert organisation["parent_organization_id"] == city["id"]
    welfare = next(o for o in document["organizations"] if o["name"] == "福祉課 保護係")
    parent = next(o for o in document["organizations"] if o["id"] == welfare["parent_organization_id"])
    assert parent["name"] == "福祉課"


def test_hsds_schedule_shape():
    from datetime import time

    from directory.values import HoursRecord

    row = HoursRecord(weekdays=[0, 2, 4], opens=time(8, 30), closes=time(17, 15), note="予約制")
    schedule = exports._hsds_schedule(row, service_id=exports.hsds_id("service", "t"), key="t/0")
    assert (schedule["freq"], schedule["byday"]) == ("WEEKLY", "MO,WE,FR")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("08:30+09:00", "17:15+09:00")
    assert "予約制" in schedule["notes"] and "休み" in schedule["notes"]
    assert not list(_validator("schedule.json").iter_errors(schedule))


def test_unknown_city_hsds_is_404(client):
    assert client.get("/opendata/atlantis/hsds.json").status_code == 404


def test_formula_cells_are_neutralised_and_still_round_trip(client):
    rows = parse(download_csv(client, "yufu"))
    consumer = next(r for r in rows if r["組織名"] == "消費生活センター")
    consumer["説明"] = '=HYPERLINK("http://evil.example","click")'
    consumer["対象者"] = "-どなたでも"
    text = exports.rows_to_csv(rows)
    written = next(r for r in parse(text.encode("utf-8")) if r["組織名"] == "消費生活センター")
    assert written["説明"].startswith("'=")
    assert written["対象者"] == "'-どなたでも"
    records = read_directory_csv(text, city="yufu", document="yufu.csv")
    record = next(r for r in records if r.organisation == "消費生活センター")
    assert record.description == '=HYPERLINK("http://evil.example","click")'
    assert record.target == "-どなたでも"


# --- query counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/opendata/yufu/hsds.json", "/opendata/hsds.json"])
def test_hsds_export_query_count_does_not_grow_with_windows(client, django_assert_max_num_queries, url):
    # 由布市 alone (25 windows) and all five cities (80+) alike: a city lookup per organisation was 30 and 57.
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["services"]) >= 25


def test_hsds_export_walks_deeper_organisation_trees_in_bounded_queries(
    client, django_assert_max_num_queries
):
    """A grandparent (部 above 課 above 係) is exported too, in a few queries per level."""
    section = Organisation.objects.get(city__slug="yufu", name="保護係")
    department = section.parent
    division = Organisation.objects.create(city=department.city, name="健康福祉部", live=True)
    department.parent = division
    department.save()
    with django_assert_max_num_queries(15):
        document = client.get("/opendata/yufu/hsds.json").json()
    by_name = {o["name"]: o for o in document["organizations"]}
    assert by_name["健康福祉部 福祉課"]["parent_organization_id"] == by_name["健康福祉部"]["id"]
    assert by_name["福祉課 保護係"]["parent_organization_id"] == by_name["健康福祉部 福祉課"]["id"]
    assert by_name["健康福祉部"]["parent_organization_id"] == by_name["由布市"]["id"]
    assert_valid_hsds(document)


# --- one definition of the columns and of agency identity ----------------------------------------------


def test_reader_and_export_share_one_column_list():
    from directory import values
    from importers.readers import csvdir

    assert csvdir.STANDARD_COLUMNS is exports.STANDARD_COLUMNS is values.STANDARD_COLUMNS
    assert csvdir.CATEGORY_COLUMNS is exports.CATEGORY_COLUMNS
    assert exports.EXTRA_COLUMNS is values.EXTRA_COLUMNS
    # Every column the export writes is known to the reader, and the reader knows no other.
    assert frozenset(exports.COLUMNS) == csvdir.KNOWN_COLUMNS
    assert set(values.INFORMATIONAL_COLUMNS) <= set(values.EXTRA_COLUMNS)


def test_agency_key_lives_in_directory_and_importers_use_it():
    from directory.values import agency_key
    from importers.parsers import windows

    assert windows.agency_key is exports.agency_key is agency_key
    assert agency_key("社会福祉法人 由布市社会福祉協議会 (委託)") == agency_key("由布市社会福祉協議会")
    assert agency_key("ＮＰＯ法人　こだま") == "こだま"
