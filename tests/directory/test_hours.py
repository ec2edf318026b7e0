"""Hours rules: parsing, holidays and 年末年始, 受付中 in Asia/Tokyo, Japanese descriptions. No Django."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from directory.hours import (
    HoursRecord,
    describe_hours,
    describe_next_opening,
    is_japanese_holiday,
    is_open,
    next_opening,
    parse_hours,
)

TOKYO = ZoneInfo("Asia/Tokyo")
MON_FRI = [0, 1, 2, 3, 4]
OFFICE = [HoursRecord(weekdays=MON_FRI, opens=time(8, 30), closes=time(17, 15))]


@pytest.mark.parametrize(
    "text",
    [
        "平日 8:30～17:15",
        "平日 ８：３０～１７：１５",
        "月〜金曜日（祝日・年末年始を除く）8時30分から17時15分",
        "午前8時30分～午後5時15分",  # no days stated: a city office's Monday–Friday
        "月曜日～金曜日 午前8時30分から午後5時15分まで",
    ],
)
def test_parse_office_hours(text):
    [row] = parse_hours(text)
    assert (row.weekdays, row.opens, row.closes, row.open_on_holidays) == (
        MON_FRI,
        time(8, 30),
        time(17, 15),
        False,
    )


def test_parse_keeps_bracketed_note():
    [row] = parse_hours("月〜金曜日（祝日・年末年始を除く）8時30分から17時15分")
    assert row.note == "祝日・年末年始を除く"


def test_parse_listed_days():
    [row] = parse_hours("月・水・金 9:00-16:00")
    assert (row.weekdays, row.opens, row.closes) == ([0, 2, 4], time(9, 0), time(16, 0))


def test_parse_several_rows_and_noon():
    rows = parse_hours("月～金 9:00-12:00、13:00-16:00 土曜日 9時～正午")
    assert [(r.weekdays, r.opens, r.closes) for r in rows] == [
        (MON_FRI, time(9), time(12)),
        (MON_FRI, time(13), time(16)),  # a range without days continues the previous days
        ([5], time(9), time(12)),
    ]


def test_a_kanji_inside_a_word_is_not_a_weekday():
    [row] = parse_hours("水道課 13時半～15時")
    assert (row.weekdays, row.opens) == (MON_FRI, time(13, 30))


def test_weekends_and_holidays_also_open_extends_the_row():
    [row] = parse_hours("平日 8:30～17:15（土日祝日も受付）")
    assert (row.weekdays, row.open_on_holidays) == ([0, 1, 2, 3, 4, 5, 6], True)


def test_weekends_and_holidays_alone():
    [row] = parse_hours("土日祝日も受付")
    assert (row.weekdays, row.open_on_holidays) == ([5, 6], True)
    assert row.opens == time(0, 0)  # no times written: accepted all day


def test_text_without_hours_gives_no_rows():
    assert parse_hours("お気軽にご相談ください") == []


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 1, 1), True),  # 元日
        (date(2026, 1, 3), True),  # 年末年始, not a national holiday
        (date(2026, 1, 5), False),
        (date(2026, 11, 23), True),  # 勤労感謝の日
        (date(2026, 12, 28), False),
        (date(2026, 12, 29), True),  # 年末年始
        (date(2026, 5, 6), True),  # 振替休日
        (date(2026, 11, 24), False),
    ],
)
def test_is_japanese_holiday(day, holiday):
    assert is_japanese_holiday(day) is holiday


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO), True),  # Tuesday
        (datetime(2026, 11, 24, 8, 30, tzinfo=TOKYO), True),
        (datetime(2026, 11, 24, 8, 29, tzinfo=TOKYO), False),
        (datetime(2026, 11, 24, 17, 15, tzinfo=TOKYO), False),  # closes at 17:15 sharp
        (datetime(2026, 11, 24, 18, 0, tzinfo=TOKYO), False),
        (datetime(2026, 11, 28, 10, 0, tzinfo=TOKYO), False),  # Saturday
        (datetime(2026, 1, 1, 10, 0, tzinfo=TOKYO), False),  # 元日 (Thursday)
        (datetime(2026, 12, 29, 10, 0, tzinfo=TOKYO), False),  # 年末年始 (Tuesday)
        (datetime(2026, 11, 23, 10, 0, tzinfo=TOKYO), False),  # 勤労感謝の日 (Monday)
        (datetime(2026, 11, 24, 10, 0), True),  # naive: taken as Tokyo time
    ],
)
def test_is_open(at, expected):
    assert is_open(OFFICE, at) is expected


def test_is_open_converts_to_tokyo():
    assert is_open(OFFICE, datetime(2026, 11, 24, 1, 0, tzinfo=UTC)) is True  # 10:00 JST
    assert is_open(OFFICE, datetime(2026, 11, 24, 9, 0, tzinfo=UTC)) is False  # 18:00 JST
    # 23:30 UTC on Sunday is 08:30 JST on Monday.
    assert is_open(OFFICE, datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) is True


def test_open_on_holidays_row_is_open_on_a_holiday():
    rows = [HoursRecord(weekdays=MON_FRI, opens=time(9), closes=time(16), open_on_holidays=True)]
    assert is_open(rows, datetime(2026, 11, 23, 10, 0, tzinfo=TOKYO)) is True
    assert is_open(rows, datetime(2026, 1, 1, 10, 0, tzinfo=TOKYO)) is True


@dataclass
class ModelLikeRow:
    """Stands in for the WindowHours model: any object with the four attributes will do."""

    weekdays: list[int]
    opens: time
    closes: time
    open_on_holidays: bool = False


def test_rules_accept_any_row_like_object():
    rows = [ModelLikeRow(MON_FRI, time(8, 30), time(17, 15))]
    assert is_open(rows, datetime(2026, 11, 24, 10, 0, tzinfo=TOKYO)) is True
    assert describe_hours(rows) == "月曜日～金曜日 8:30～17:15（祝日・年末年始を除く）"


def test_describe_hours():
    assert describe_hours(OFFICE) == "月曜日～金曜日 8:30～17:15（祝日・年末年始を除く）"


def test_describe_hours_plain():
    assert describe_hours(OFFICE, plain=True) == (
        "月曜日から金曜日 午前8時30分から午後5時15分まで（祝日と年末年始は休み）"
    )


def test_describe_listed_days_and_holidays():
    rows = parse_hours("月・水・金 9:00-16:00")
    assert describe_hours(rows) == "月曜日・水曜日・金曜日 9:00～16:00（祝日・年末年始を除く）"
    rows = parse_hours("平日 8:30～17:15（土日祝日も受付）")
    assert describe_hours(rows) == "毎日（祝日も受付） 8:30～17:15"


def test_describe_nothing():
    assert describe_hours([]) == ""


# --- around the clock and overnight (crisis lines) ------------------------------------------------


@pytest.mark.parametrize("text", ["24時間365日", "24時間", "２４時間３６５日受付"])
def test_24_hours_is_open_every_day_including_holidays(text):
    [row] = parse_hours(text)
    assert (row.weekdays, row.open_on_holidays) == ([0, 1, 2, 3, 4, 5, 6], True)
    assert is_open([row], datetime(2026, 1, 1, 3, 0, tzinfo=TOKYO)) is True  # 元日, 3 a.m.
    assert is_open([row], datetime(2026, 11, 23, 23, 59, tzinfo=TOKYO)) is True  # 勤労感謝の日
    assert is_open([row], datetime(2026, 11, 28, 12, 0, tzinfo=TOKYO)) is True  # Saturday
    assert describe_hours([row]) == "24時間365日"
    assert describe_hours([row], plain=True) == "24時間いつでも"


@pytest.mark.parametrize(
    ("text", "opens", "closes"),
    [
        ("毎日 22時から6時まで", time(22), time(6)),
        ("毎日 17:00～翌9:00", time(17), time(9)),
        ("毎日 午後10時から翌朝午前6時まで", time(22), time(6)),
        ("毎日 17:00〜翌日9:00", time(17), time(9)),
    ],
)
def test_parse_ranges_crossing_midnight(text, opens, closes):
    [row] = parse_hours(text)
    assert (row.weekdays, row.opens, row.closes) == ([0, 1, 2, 3, 4, 5, 6], opens, closes)


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("8:30～5:15", time(17, 15)),  # a 12-hour afternoon without 午後, not 8:30 until 5:15 next morning
        ("午後5時～9時", time(21)),  # 午後 carries over to the closing time
    ],
)
def test_afternoon_written_without_pm_is_not_overnight(text, closes):
    [row] = parse_hours(text)
    assert row.closes == closes


NIGHT_LINE = parse_hours("毎日 22時から6時まで（祝日・年末年始を除く）")
FRIDAY_NIGHTS = [HoursRecord(weekdays=[4], opens=time(22), closes=time(6))]


@pytest.mark.parametrize(
    ("rows", "at", "expected"),
    [
        (NIGHT_LINE, datetime(2026, 11, 24, 23, 0, tzinfo=TOKYO), True),  # Tuesday night
        (NIGHT_LINE, datetime(2026, 11, 25, 3, 0, tzinfo=TOKYO), True),  # Wednesday small hours
        (NIGHT_LINE, datetime(2026, 11, 25, 5, 59, tzinfo=TOKYO), True),
        (NIGHT_LINE, datetime(2026, 11, 25, 6, 0, tzinfo=TOKYO), False),  # closes at 6:00 sharp
        (NIGHT_LINE, datetime(2026, 11, 25, 12, 0, tzinfo=TOKYO), False),
        (NIGHT_LINE, datetime(2026, 11, 25, 22, 0, tzinfo=TOKYO), True),
        # The small hours count against the PREVIOUS day: Friday night runs into Saturday morning …
        (FRIDAY_NIGHTS, datetime(2026, 11, 28, 3, 0, tzinfo=TOKYO), True),  # Saturday 3:00
        (FRIDAY_NIGHTS, datetime(2026, 11, 27, 3, 0, tzinfo=TOKYO), False),  # Friday 3:00 (Thursday night)
        (FRIDAY_NIGHTS, datetime(2026, 11, 27, 23, 0, tzinfo=TOKYO), True),
        (FRIDAY_NIGHTS, datetime(2026, 11, 28, 23, 0, tzinfo=TOKYO), False),  # Saturday night
        # … and the night after a holiday (勤労感謝の日, Monday) is closed unless open_on_holidays.
        (NIGHT_LINE, datetime(2026, 11, 24, 3, 0, tzinfo=TOKYO), False),
        (NIGHT_LINE, datetime(2026, 11, 23, 23, 0, tzinfo=TOKYO), False),
    ],
)
def test_is_open_across_midnight(rows, at, expected):
    assert is_open(rows, at) is expected


def test_overnight_row_open_on_holidays_covers_holiday_nights():
    rows = [HoursRecord(weekdays=MON_FRI, opens=time(22), closes=time(6), open_on_holidays=True)]
    assert is_open(rows, datetime(2026, 11, 23, 23, 0, tzinfo=TOKYO)) is True  # holiday evening
    assert is_open(rows, datetime(2026, 11, 24, 3, 0, tzinfo=TOKYO)) is True  # the morning after it


def test_describe_overnight_rows():
    rows = parse_hours("毎日 22時から6時まで（祝日・年末年始を除く）")
    assert describe_hours(rows) == "毎日 22:00～翌6:00（祝日・年末年始を除く）"
    assert describe_hours(rows, plain=True) == "毎日 午後10時から翌朝午前6時まで（祝日と年末年始は休み）"
    assert describe_hours(parse_hours("平日 17:00～翌9:00")) == (
        "月曜日～金曜日 17:00～翌9:00（祝日・年末年始を除く）"
    )


def test_every_day_includes_holidays_unless_excepted():
    assert parse_hours("毎日 9:00～21:00")[0].open_on_holidays is True
    assert parse_hours("毎日 9:00～21:00（祝日を除く）")[0].open_on_holidays is False


def test_an_overnight_row_is_valid_in_the_admin_form():
    from datetime import time as t

    from django.core.exceptions import ValidationError

    from directory.models import WindowHours

    WindowHours(weekdays="0,1,2,3,4,5,6", opens=t(22), closes=t(6)).clean()
    with pytest.raises(ValidationError):
        WindowHours(weekdays="0,1", opens=t(9), closes=t(9)).clean()


def test_days_of_the_month_override_weekdays_and_run_overnight():
    """いのちの電話's free line: 毎月10日 8:00 to 8:00 the next morning, whatever the weekday or holiday."""
    row = HoursRecord(weekdays=[], opens=time(8), closes=time(8), month_days=[10])
    assert describe_hours([row]) == "毎月10日 8:00～翌8:00"
    assert is_open([row], datetime(2027, 1, 10, 9, 0, tzinfo=TOKYO)) is True  # a Sunday
    assert (
        is_open([row], datetime(2027, 1, 11, 7, 59, tzinfo=TOKYO)) is True
    )  # 成人の日, still the 10th's night
    assert is_open([row], datetime(2027, 1, 11, 8, 0, tzinfo=TOKYO)) is False
    assert is_open([row], datetime(2027, 1, 10, 7, 59, tzinfo=TOKYO)) is False


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Tuesday evening → Wednesday morning.
        (datetime(2026, 12, 1, 18, 0, tzinfo=TOKYO), datetime(2026, 12, 2, 8, 30, tzinfo=TOKYO)),
        # Early on a weekday → the same morning.
        (datetime(2026, 12, 1, 7, 0, tzinfo=TOKYO), datetime(2026, 12, 1, 8, 30, tzinfo=TOKYO)),
        # Friday evening → Monday.
        (datetime(2026, 11, 27, 18, 0, tzinfo=TOKYO), datetime(2026, 11, 30, 8, 30, tzinfo=TOKYO)),
        # Saturday before 勤労感謝の日 (Monday 23 Nov 2026) → Tuesday.
        (datetime(2026, 11, 21, 10, 0, tzinfo=TOKYO), datetime(2026, 11, 24, 8, 30, tzinfo=TOKYO)),
        # 御用納め evening → after 年末年始 (1/4 2027 is a Monday).
        (datetime(2026, 12, 28, 18, 0, tzinfo=TOKYO), datetime(2027, 1, 4, 8, 30, tzinfo=TOKYO)),
        # 09:00 UTC on Tuesday is 18:00 JST: the answer is in Tokyo time.
        (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), datetime(2026, 12, 2, 8, 30, tzinfo=TOKYO)),
    ],
)
def test_next_opening(at, expected):
    assert next_opening(OFFICE, at) == expected


def test_next_opening_takes_the_earliest_row_and_the_afternoon_session():
    rows = [
        HoursRecord(weekdays=[0, 2], opens=time(9), closes=time(12)),
        HoursRecord(weekdays=[0, 2], opens=time(13), closes=time(16)),
    ]
    # Monday 12:30, between the sessions → 13:00 the same day.
    assert next_opening(rows, datetime(2026, 11, 30, 12, 30, tzinfo=TOKYO)) == datetime(
        2026, 11, 30, 13, 0, tzinfo=TOKYO
    )
    # Monday 17:00 → Wednesday 9:00.
    assert next_opening(rows, datetime(2026, 11, 30, 17, 0, tzinfo=TOKYO)) == datetime(
        2026, 12, 2, 9, 0, tzinfo=TOKYO
    )


def test_next_opening_on_holidays_only_counts_holiday_rows():
    rows = [
        HoursRecord(weekdays=MON_FRI, opens=time(8, 30), closes=time(17, 15)),
        HoursRecord(weekdays=[5, 6], opens=time(10), closes=time(15), open_on_holidays=True),
    ]
    # Sunday 22 Nov 2026 evening → 勤労感謝の日 Monday 10:00 (the holiday row), not 8:30.
    assert next_opening(rows, datetime(2026, 11, 22, 18, 0, tzinfo=TOKYO)) == datetime(
        2026, 11, 23, 10, 0, tzinfo=TOKYO
    )


def test_next_opening_without_rows():
    assert next_opening([], datetime(2026, 12, 1, 18, 0, tzinfo=TOKYO)) is None


def test_describe_next_opening():
    moment = datetime(2026, 12, 2, 8, 30, tzinfo=TOKYO)
    assert describe_next_opening(moment) == "12月2日（水）8:30"
    assert describe_next_opening(moment, today=date(2026, 12, 2)) == "今日 8:30"
    # Given in UTC, shown in Tokyo time.
    assert describe_next_opening(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == "12月2日（水）8:30"


def test_rows_survive_the_search_payload_round_trip():
    from directory.hours import rows_from_json, rows_to_json

    rows = [
        *OFFICE,
        HoursRecord(weekdays=[], opens=time(8), closes=time(8), month_days=[10]),
        HoursRecord(weekdays=[5, 6], opens=time(0), closes=time.max, open_on_holidays=True),
    ]
    back = rows_from_json(rows_to_json(rows))
    assert [(r.weekdays, r.opens, r.closes, r.open_on_holidays, r.month_days) for r in back] == [
        (r.weekdays, r.opens, r.closes, r.open_on_holidays, r.month_days) for r in rows
    ]
    assert rows_from_json([{"weekdays": "x"}, None]) == []  # an old or damaged payload shows no badge


def test_next_opening_of_a_monthly_line():
    row = HoursRecord(weekdays=[], opens=time(8), closes=time(8), month_days=[10])
    assert next_opening([row], datetime(2026, 12, 1, 12, 0, tzinfo=TOKYO)) == datetime(
        2026, 12, 10, 8, 0, tzinfo=TOKYO
    )
