"""The line model, the number reader and the phone-anchored extractor (importers/lines.py, numbers.py,
parsers/contacts.py), on small pages written here and on the import_eval fixture set."""

from pathlib import Path

import pytest

from importers.evaluation import evaluate, extracted_from_records, load_gold
from importers.extract import extract_windows as extract_page
from importers.lines import lines_from_text, split_marker
from importers.numbers import area_code_of, read_numbers
from importers.parsers.contacts import extract_windows

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def numbers(line: str, area: str = "0123") -> list[tuple[str, str, str, str]]:
    return [(s.number or s.raw, s.kind, s.extension, s.label) for s in read_numbers(line, area)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "電話：0238-64-7881　ファクス：0238-64-3219",
            [("0238-64-7881", "voice", "", ""), ("0238-64-3219", "fax", "", "")],
        ),
        ("(0238)62-8133", [("0238-62-8133", "voice", "", "")]),
        ("0869(92)5180", [("0869-92-5180", "voice", "", "")]),
        ("0123・24・0194", [("0123-24-0194", "voice", "", "")]),
        ("0123ー24ー0194", [("0123-24-0194", "voice", "", "")]),
        ("０１２３－２４－０１９４（内線215）（代表）", [("0123-24-0194", "voice", "215", "代表")]),
        ("【TEL】22-4180。", [("0123-22-4180", "voice", "", "")]),
        ("FAX23-0872", [("0123-23-0872", "fax", "", "")]),
        ("0120-0-78310", [("0120-078-310", "voice", "", "")]),
        ("消費者ホットライン　１８８（いやや！）", [("188", "voice", "", "")]),
        ("＃８０００（毎日 19:00～翌8:00）", [("#8000", "voice", "", "")]),
        (
            "(0859)22-8940 (0859)27-4684（内線525）",
            [("0859-22-8940", "voice", "", ""), ("0859-27-4684", "voice", "525", "")],
        ),
        ("0123 24 0194 24時間", [("0123-24-0194", "voice", "", "")]),
    ],
)
def test_number_reader(line, expected):
    assert numbers(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "緊急の場合は、110番（警察）または119番（救急）へ",
        "〒245-7051 中央2-5-10",
        "令和6年度の相談件数は1,284件",
        "2025年4月1日から",
        "3分あたり10円",
        "9:00～17:00",
        "24時間365日",
        "郵便番号 830-0011",
    ],
)
def test_no_false_numbers(line):
    assert numbers(line) == []


def test_local_number_without_area_code_is_reported_not_dropped():
    [span] = read_numbers("電話 22-4180")
    assert span.local and not span.number and span.raw == "22-4180"


def test_area_code_of():
    assert [area_code_of(n) for n in ("0123-24-0194", "097-582-1111", "0120-279-338", "#8008")] == [
        "0123",
        "097",
        "",
        "",
    ]


def test_markers_are_split_before_normalisation():
    assert split_marker("①子ども家庭相談室") == ("①", "子ども家庭相談室")
    assert split_marker("(3)教育相談") == ("(3)", "教育相談")
    assert split_marker("-0123") == ("", "-0123")
    lines = lines_from_text("| 窓 口 | 電 話 |\n|---|---|\n| 福祉課 | 24-0194 |\n")
    assert [(line.text, line.header, line.row) for line in lines] == [
        ("福祉課", "窓口", 1),
        ("24-0194", "電話", 1),
    ]


def windows(text: str, area: str = "0123"):
    found, warnings = extract_windows(lines_from_text(text), document="t.txt", area_code=area)
    return (
        {(w.organisation_full_name, p.number) for w in found for p in w.phones if p.kind == "voice"},
        found,
        warnings,
    )


def test_name_on_the_numbers_own_line_wins_over_the_heading():
    found, _w, _ = windows("高齢者の相談\n\n市民生活課0123-24-0194\n総合サポート係 TEL.63-8322\n")
    assert found == {("市民生活課", "0123-24-0194"), ("総合サポート係", "0123-63-8322")}


def test_nearest_name_like_line_above_and_sections_as_context():
    text = "障がいのある方の相談\n\n相談支援事業所 ひまわり\n\n【内容】計画相談\n電話：22-6735　ＦＡＸ 0123(22)9096\n"
    found, records, _ = windows(text)
    assert found == {("相談支援事業所 ひまわり", "0123-22-6735")}
    assert records[0].categories == ["shogai"]
    assert [p.kind for p in records[0].phones] == ["voice", "fax"]


def test_page_contact_is_no_window_and_hours_come_from_the_block():
    text = (
        "▼保健センター（中央2-5-10）【TEL】22-4180。こころの相談。月～金曜午前8時45分～午後5時30分。\n\n"
        "問い合わせ　市民協働課（【TEL】22-4101）\n"
    )
    found, records, warnings = windows(text)
    assert found == {("保健センター", "0123-22-4180")}
    assert [(h.opens.hour, h.opens.minute, h.closes.hour) for h in records[0].hours] == [(8, 45, 17)]
    assert any("市民協働課" in w for w in warnings)


def test_shared_numbers_and_guesses_are_reported_with_source_lines():
    text = "○社会福祉協議会\n電話 24-1111（代表）\n\n○権利擁護センター\n電話 24-1111（代表）\n"
    found, records, _ = windows(text)
    assert found == {("社会福祉協議会", "0123-24-1111"), ("権利擁護センター", "0123-24-1111")}
    for record in records:
        assert any("共有" in note and "代表" in note for note in record.uncertain)
        assert record.source_lines[0].startswith("○")


def test_area_code_is_taken_from_the_pages_main_number_and_said_so():
    text = "村役場 電話 0242-64-3311（代表）\n\n■地域包括支援センター\n電話 64-3318\n"
    found, _records, warnings = windows(text, area="")
    assert ("地域包括支援センター", "0242-64-3318") in found
    assert any("0242" in w for w in warnings)


def test_without_any_area_code_local_numbers_are_reported():
    found, records, warnings = windows("■地域包括支援センター\n電話 64-3318\n", area="")
    assert any("64-3318" in w for w in warnings)
    assert any("64-3318" in note for r in records for note in r.uncertain)


def test_fixture_pages_meet_the_measure():
    """The fixture set: every voice number on the right organisation but for known hard cases; no false phone."""

    def extract(gold):
        return extracted_from_records(
            extract_page(gold.path.read_bytes(), name=gold.path.name, area_code=gold.area_code)
        )

    _scores, totals = evaluate(load_gold(PAGES), extract)
    total = totals["all"]
    assert total.pages >= 40 and {"text", "html", "pdf"} <= totals.keys()
    assert total.false_phones == 0
    assert total.right / total.phones >= 0.95


def test_list_items_under_a_named_heading_are_topics_not_names():
    from importers.readers.html import read_html_windows

    page = """<main><h2>高齢者の相談</h2><h3>地域包括支援センター</h3>
    <ul><li>介護や認知症の相談</li><li>電話：0123-24-1111</li></ul>
    <h2>お問い合わせ</h2><p>福祉課 電話：0123-24-1000</p></main>"""
    [window] = read_html_windows(page, document="t.html", area_code="0123")
    assert window.organisation == "地域包括支援センター"
    assert window.topics == ["介護や認知症の相談"]
    assert any("見出し" in note for note in window.uncertain)


def test_target_ages_and_audience_from_the_pages_taisho_line():
    _found, [window], _ = windows("○子ども家庭センター\n対象：18歳未満のお子さんとその家族\n電話 24-1111\n")
    assert (window.target, window.age_min, window.age_max, window.audience) == (
        "18歳未満のお子さんとその家族",
        None,
        17,
        "family",
    )
