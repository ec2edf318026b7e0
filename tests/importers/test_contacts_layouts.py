"""Layouts the first extractor missed (issue #10): units in brackets, 代表 numbers stated once, page-wide hours,
names inside sentences and 広報 items; and the review reasons as stable codes (importers.reasons)."""

from importers.lines import lines_from_text
from importers.numbers import read_numbers
from importers.parsers.contact_names import clean_name
from importers.parsers.contacts import extract_windows
from importers.reasons import Reason
from importers.review import ReviewReason, reason_label


def windows(text: str, area: str = "0235"):
    records, _warnings = extract_windows(lines_from_text(text), document="t.txt", area_code=area)
    return records


def names(records) -> dict[str, list[str]]:
    return {r.organisation_full_name or r.organisation: [p.number for p in r.phones] for r in records}


def test_a_unit_in_brackets_after_the_number_names_the_window_inside_its_department():
    records = windows(
        "福祉課 電話 0235-64-2211（生活支援係）\n生活保護の相談\n"
        "長寿介護課 電話 0235-64-2240（地域包括支援センター）\n介護の相談\n"
        "社会福祉協議会 0235-64-3000（地域福祉係）\n"
    )
    assert names(records) == {
        "福祉課 生活支援係": ["0235-64-2211"],
        "長寿介護課 地域包括支援センター": ["0235-64-2240"],
        "社会福祉協議会": ["0235-64-3000"],  # the council is the window; its 係 is a note
    }


def test_a_main_number_stated_once_serves_every_window_written_with_its_extension():
    records = windows(
        "困ったときの相談先\n（役場の各係へは、代表電話 ☎62-2111 におかけください）\n"
        "◇保健福祉係（内線215）\n健康相談\n◇教育係（内線301）\n不登校の相談\n",
        area="0238",
    )
    phones = {r.organisation: [(p.number, p.extension, p.label) for p in r.phones] for r in records}
    assert phones == {
        "保健福祉係": [("0238-62-2111", "215", "代表")],
        "教育係": [("0238-62-2111", "301", "代表")],
    }
    assert all(Reason.NUMBER_SHARED in r.uncertain_codes for r in records)


def test_hours_stated_once_for_the_page_go_to_every_window_but_the_excepted_and_national_ones():
    records = windows(
        "受付時間はいずれも平日8時30分～17時15分です（社会福祉協議会を除く）。\n\n"
        "■福祉課\n電話 0235-64-2211\n■社会福祉協議会\n電話 0235-64-3000\n"
        "■教育相談室\n電話 0235-64-2300\n受付時間 火曜日～土曜日 9:00～16:00\n■消費者ホットライン\n188\n"
    )
    hours = {r.organisation: [(h.weekdays, h.opens.hour, h.closes.hour) for h in r.hours] for r in records}
    assert hours["福祉課"] == [([0, 1, 2, 3, 4], 8, 17)]
    assert hours["教育相談室"] == [([1, 2, 3, 4, 5], 9, 16)]  # its own hours win
    assert hours["社会福祉協議会"] == [] and hours["消費者ホットライン"] == []
    welfare = next(r for r in records if r.organisation == "福祉課")
    assert Reason.HOURS_FROM_PAGE in welfare.uncertain_codes


def test_names_inside_sentences_and_an_items_contact_label():
    records = windows(
        "▽女性の悩み相談　夫婦や家族の悩みは男女共同参画センター「あすてらす」（☎0235・40・6630）。\n"
        "子どもの人権に関する相談は、法務局の「こどもの人権110番」（電話0120-007-110）でも受け付けています。\n"
        "▽多重債務の相談　県弁護士会の専用電話（☎0120・370・218）。\n\n"
        "■行政相談\n国の仕事への苦情\n問合せ：総務課\n【電話】0235-45-2111\n"
    )
    found = {r.organisation for r in records}
    assert {"男女共同参画センター あすてらす", "こどもの人権110番", "県弁護士会", "総務課"} <= {
        (r.organisation_full_name or r.organisation) for r in records
    } | found


def test_a_label_starting_with_a_unit_word_does_not_hide_the_number():
    spans = read_numbers("本庁舎市民相談室 電話086-803-1140 日時 月曜日から金曜日", "086")
    assert [s.number for s in spans] == ["086-803-1140"]
    assert read_numbers("定員 0235 人 1140 日") == []


def test_every_reason_has_a_code_and_a_label():
    assert {r.value for r in Reason} == set(ReviewReason.values)
    assert reason_label("hours_guessed") and reason_label("no-such-code") == ""
    records = windows("高齢者の相談\n\n電話 0235-64-2211\n■介護保険係 0120-111-222\n")
    for record in records:
        assert len(record.uncertain_codes) == len(record.uncertain) > 0
        assert set(record.uncertain_codes) <= set(ReviewReason.values)
    assert Reason.CATEGORY_GUESSED in records[0].uncertain_codes
    assert Reason.MAYBE_NATIONAL in records[1].uncertain_codes  # a free-dial number the project does not know


def test_a_service_then_its_office_in_brackets_names_the_office():
    assert clean_name("無料法律相談(市民相談室): 予約電話:")[0] == "市民相談室"
    assert clean_name("健康相談（保健センター）")[0] == "保健センター"
    assert clean_name("こころの健康相談（予約制）")[0] == "こころの健康相談"
    assert clean_name("地域包括支援センター（本庁舎1階）") == ("地域包括支援センター", "本庁舎1階")
