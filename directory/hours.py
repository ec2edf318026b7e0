"""Opening hours (受付時間): parse what cities write, decide 受付中 now, describe rows in Japanese.

Pure functions, no Django: rows are plain data (`HoursRecord`, or any object with weekdays / opens / closes /
open_on_holidays attributes, such as the WindowHours model), so importers and models share one set of rules.
Municipal windows close on national holidays and 年末年始 (12/29–1/3) unless a row says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from directory.values import HoursRecord

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = [
    "HoursRecord",
    "describe_hours",
    "describe_next_opening",
    "is_japanese_holiday",
    "is_open",
    "is_year_end_break",
    "next_opening",
    "open_status",
    "parse_hours",
    "rows_from_json",
    "rows_to_json",
]

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
WEEKDAYS_MON_FRI = [0, 1, 2, 3, 4]
ALL_WEEK = [0, 1, 2, 3, 4, 5, 6]

# A row stated without times (「土日祝日も受付」) accepts all day; closes at time.max so is_open stays simple.
ALL_DAY = (time(0, 0), time.max)
NO_TIME_NOTE = "受付時間の記載なし"


class HoursLike(Protocol):
    weekdays: Sequence[int]
    opens: time
    closes: time
    open_on_holidays: bool


# --- holidays ------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> HolidayBase:
    # Imported on first use: the calendar package costs ~0.1 s of start-up that importers and commands never need.
    import holidays

    return holidays.country_holidays("JP", years=year)


def is_year_end_break(day: date) -> bool:
    """年末年始: 12/29–1/3, when city offices are closed although these are not all national holidays."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_japanese_holiday(day: date) -> bool:
    """National holiday (incl. 振替休日) or 年末年始 — the days a municipal window is closed."""
    if isinstance(day, datetime):
        day = day.date()
    return is_year_end_break(day) or day in _national_holidays(day.year)


def is_around_the_clock(row: HoursLike) -> bool:
    """24時間365日: all day, every day, holidays included."""
    return (
        not _month_days(row)
        and row.open_on_holidays
        and sorted(set(row.weekdays)) == ALL_WEEK
        and (row.opens, row.closes) == ALL_DAY
    )


def crosses_midnight(row: HoursLike) -> bool:
    """「22時から翌6時まで」: a row that closes on the next day (closes at or before it opens)."""
    return row.closes <= row.opens


def is_open(rows: Iterable[HoursLike], at: datetime) -> bool:
    """Is any row accepting at `at`? Judged in Asia/Tokyo; a naive datetime is taken as Tokyo time.

    On holidays and 年末年始 only rows with open_on_holidays count (whatever their weekdays), because
    「土日祝日も受付」 means open on a Wednesday holiday too. A row crossing midnight (22:00～翌6:00) is open
    from `opens` on its own days, and before `closes` on the mornings after them: Saturday 03:00 belongs
    to a Friday night line.
    """
    local = at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)
    day, now = local.date(), local.time()
    yesterday = day - timedelta(days=1)
    for row in rows:
        if not crosses_midnight(row):
            if _applies(row, day) and row.opens <= now < row.closes:
                return True
        elif (now >= row.opens and _applies(row, day)) or (now < row.closes and _applies(row, yesterday)):
            return True
    return False


# 年末年始 (6 days) next to a weekend and a national holiday is the longest closure a city office has;
# three weeks also covers a window open on one weekday only.
_LOOKAHEAD_DAYS = 21


def next_opening(rows: Iterable[HoursLike], at: datetime) -> datetime | None:
    """When does the window next start accepting after `at` (Asia/Tokyo)? None without rows or within 3 weeks.

    Holidays and 年末年始 follow the same rules as is_open: on those days only open_on_holidays rows count.
    A window open at `at` has its next opening after the current period, so callers ask only when closed.
    """
    rows = list(rows)
    if not rows:
        return None
    local = at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)
    for offset in range(_LOOKAHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        starts = sorted(
            datetime.combine(day, row.opens, tzinfo=TOKYO)
            for row in rows
            if _applies(row, day) and (offset > 0 or row.opens > local.time())
        )
        if starts:
            return starts[0]
    return None


@dataclass(frozen=True)
class OpenStatus:
    """受付中 or not at one moment, and for a closed window when it next opens (「12月2日（水）8:30」, or "")."""

    is_open: bool
    next_opening: str = ""


def open_status(rows: Iterable[HoursLike], at: datetime) -> OpenStatus | None:
    """The badge a resident sees: None without rows (nothing can be said), else open or the next opening."""
    rows = list(rows)
    if not rows:
        return None
    if is_open(rows, at):
        return OpenStatus(is_open=True)
    upcoming = next_opening(rows, at)
    today = (at.replace(tzinfo=TOKYO) if at.tzinfo is None else at.astimezone(TOKYO)).date()
    return OpenStatus(is_open=False, next_opening=describe_next_opening(upcoming, today) if upcoming else "")


def rows_to_json(rows: Iterable[HoursLike]) -> list[dict]:
    """Rows as JSON-safe dicts, for payloads (search results) that must work without the database."""
    return [
        {
            "weekdays": list(row.weekdays),
            "opens": row.opens.isoformat(),
            "closes": row.closes.isoformat(),
            "open_on_holidays": bool(row.open_on_holidays),
            "month_days": _month_days(row),
        }
        for row in rows
    ]


def rows_from_json(data: Iterable[dict] | None) -> list[HoursRecord]:
    """The inverse of rows_to_json; malformed entries are skipped (an old payload shows no badge, never an error)."""
    rows = []
    for item in data or []:
        try:
            rows.append(
                HoursRecord(
                    weekdays=[int(d) for d in item["weekdays"]],
                    opens=time.fromisoformat(item["opens"]),
                    closes=time.fromisoformat(item["closes"]),
                    open_on_holidays=bool(item.get("open_on_holidays")),
                    month_days=[int(d) for d in item.get("month_days") or []],
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return rows


def describe_next_opening(moment: datetime, today: date | None = None) -> str:
    """「12月2日（水）8:30」; 「今日 13:00」 when it is later the same day, as a call-back time is read at a glance."""
    local = moment.astimezone(TOKYO)
    clock = _clock(local.time())
    if today is not None and local.date() == today:
        return f"今日 {clock}"
    return f"{local.month}月{local.day}日（{WEEKDAYS[local.weekday()]}）{clock}"


def _applies(row: HoursLike, day: date) -> bool:
    """Does the row accept on `day`: its weekdays, or — on a holiday or 年末年始 — open_on_holidays only.

    A row for days of the month (毎月10日) applies on those dates whatever the weekday or holiday.
    """
    month_days = _month_days(row)
    if month_days:
        return day.day in month_days
    return row.open_on_holidays if is_japanese_holiday(day) else day.weekday() in row.weekdays


def _month_days(row: HoursLike) -> list[int]:
    return list(getattr(row, "month_days", None) or [])


# --- parsing -------------------------------------------------------------------------------------

_TIME = r"(?:(?P<{p}ampm>午前|午後)\s*)?(?:(?P<{p}noon>正午)|(?P<{p}h>\d{{1,2}})(?::(?P<{p}m>\d{{2}})|時(?:(?P<{p}m2>\d{{1,2}})分|(?P<{p}half>半))?))"
# 「17:00～翌9:00」「午後10時から翌朝午前6時まで」: 翌 (翌日, 翌朝) marks a closing time on the next day.
_RANGE_RE = re.compile(
    _TIME.format(p="a")
    + r"\s*(?:~|〜|-|から|より)\s*(?:(?P<next_day>翌[日朝]?)\s*)?"
    + _TIME.format(p="b")
    + r"(?:\s*まで)?"
)
_DAY = "[月火水木金土日]"
_DAY_ITEM = rf"{_DAY}(?:曜日?)?"
_DAY_LIST_RE = re.compile(rf"{_DAY_ITEM}(?:\s*(?:[・、,&]|~|〜|-|から)?\s*{_DAY_ITEM})*")
_DAY_RANGE_RE = re.compile(rf"({_DAY})(?:曜日?)?\s*(?:~|〜|-|から)\s*({_DAY})")
# 「土日祝日も受付」「祝日も開庁」: extra days on which the window also accepts.
_ALSO_OPEN_RE = re.compile(
    rf"((?:{_DAY}(?:曜日?)?|祝祭?日?|休日)(?:[・、]?(?:{_DAY}(?:曜日?)?|祝祭?日?|休日))*)\s*も\s*"
    r"(?:受付|受け付け|開庁|開所|開館|対応|相談|利用)"
)
_WORDS_ALL_WEEK = ("毎日", "年中無休", "365日", "24時間")
_NEGATIONS = ("除", "休み", "休業", "休館", "閉")


def parse_hours(text: str) -> list[HoursRecord]:
    """Rows from hours as cities write them.

    「平日 8:30～17:15」「月〜金曜日（祝日・年末年始を除く）8時30分から17時15分」「午前8時30分～午後5時15分」
    「月・水・金 9:00-16:00」「土日祝日も受付」. A time range without days is taken as Monday–Friday,
    the default for a city office; 「…も受付」 adds its days (and holidays) to every row.
    """
    normalized = unicodedata.normalize("NFKC", text or "")
    rows: list[HoursRecord] = []
    segment_start = 0
    for match in _RANGE_RE.finditer(normalized):
        segment = normalized[segment_start : match.start()]
        segment_start = match.end()
        rows.append(_row_from(segment, match, previous=rows[-1] if rows else None, text=normalized))
    if "24時間" in normalized and not rows:
        # 「24時間365日」「24時間受付」: a crisis line answers around the clock, holidays and 年末年始 included.
        rows.append(
            HoursRecord(weekdays=list(ALL_WEEK), opens=ALL_DAY[0], closes=ALL_DAY[1], open_on_holidays=True)
        )
    _apply_also_open(normalized, rows)
    return rows


def _row_from(
    segment: str, match: re.Match[str], previous: HoursRecord | None, text: str = ""
) -> HoursRecord:
    notes = [n.strip() for n in re.findall(r"\(([^()]*)\)", segment) if n.strip()]
    outside = re.sub(r"\([^()]*\)", " ", segment)
    days = _weekdays_in(outside)
    if not days:
        # 「月・水 9:00-12:00、13:00-16:00」: a second range without days continues the previous days.
        days = list(previous.weekdays) if previous else list(WEEKDAYS_MON_FRI)
    return HoursRecord(
        weekdays=days,
        opens=_time_of(match, "a"),
        closes=_closing_time(match),
        note="、".join(notes),
        open_on_holidays=_mentions_open_holidays(outside)
        or _every_day_without_exception(text or segment, outside),
    )


def _every_day_without_exception(segment: str, outside: str) -> bool:
    """「毎日」「年中無休」「365日」 mean holidays too, unless the text excepts something (「祝日を除く」)."""
    return any(word in outside for word in ("年中無休", "365日", "毎日")) and not any(
        n in segment for n in _NEGATIONS
    )


def _weekdays_in(text: str) -> list[int]:
    if "平日" in text:
        return list(WEEKDAYS_MON_FRI)
    if any(word in text for word in _WORDS_ALL_WEEK):
        return list(ALL_WEEK)
    # Drop words whose 日 is not Sunday before looking for day names.
    cleaned = re.sub(r"祝祭日|祝日|祭日|休日|毎日|相談日|受付日|開庁日|[0-9]+日", " ", text)
    days: set[int] = set()
    for match in _DAY_LIST_RE.finditer(cleaned):
        if _is_day_list(match, cleaned):
            days.update(_expand_day_list(match.group(0)))
    return sorted(days)


def _is_day_list(match: re.Match[str], text: str) -> bool:
    """A lone 「水」 inside 「水道課」 is not Wednesday: accept 曜, several days, or a day standing alone."""
    found = match.group(0)
    if "曜" in found or len(re.findall(_DAY, found)) >= 2:
        return True
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def _is_word_char(char: str) -> bool:
    return char.isalpha() and char not in "はもの"


def _expand_day_list(found: str) -> list[int]:
    days: list[int] = []
    for start, end in _DAY_RANGE_RE.findall(found):
        days.extend(_day_range(WEEKDAYS.index(start), WEEKDAYS.index(end)))
    without_ranges = _DAY_RANGE_RE.sub(" ", found)
    days.extend(WEEKDAYS.index(ch) for ch in re.findall(_DAY, re.sub(r"曜日?", "", without_ranges)))
    return days


def _day_range(start: int, end: int) -> list[int]:
    # 「金〜月」 wraps over the weekend.
    return [(start + i) % 7 for i in range((end - start) % 7 + 1)]


def _time_of(match: re.Match[str], p: str) -> time:
    if match.group(f"{p}noon"):
        return time(12, 0)
    hour = int(match.group(f"{p}h"))
    minute = 30 if match.group(f"{p}half") else int(match.group(f"{p}m") or match.group(f"{p}m2") or 0)
    ampm = match.group(f"{p}ampm")
    if ampm == "午後" and hour < 12:
        hour += 12
    elif ampm == "午前" and hour == 12:
        hour = 0
    if hour >= 24:
        return time.max  # 「24:00まで」 = until the end of the day
    return time(hour, minute)


def _closing_time(match: re.Match[str]) -> time:
    """The closing time; an earlier one than the opening means the next day (「22時から6時まで」).

    Except a 12-hour afternoon written without 午後 after a morning or 午前/午後 start: 「8:30～5:15」 and
    「午後5時～9時」 close at 17:15 and 21:00 the same day. 「17:00～9:00」 and anything with 翌 stay overnight.
    """
    opens, closes = _time_of(match, "a"), _time_of(match, "b")
    if (
        closes < opens
        and not match.group("next_day")
        and not match.group("bampm")
        and closes.hour < 12
        and (opens.hour < 12 or match.group("aampm"))
        and time(closes.hour + 12, closes.minute) > opens
    ):
        return closes.replace(hour=closes.hour + 12)
    return closes


def _mentions_open_holidays(text: str) -> bool:
    return "祝" in text and not any(neg in text for neg in _NEGATIONS)


def _apply_also_open(normalized: str, rows: list[HoursRecord]) -> None:
    """「土日祝日も受付」: extend every row; with no stated times, add an all-day row for those days."""
    for match in _ALSO_OPEN_RE.finditer(normalized):
        phrase = match.group(1)
        extra = _weekdays_in(phrase)
        holidays_too = bool(re.search(r"祝|休日", phrase))
        if not rows:
            rows.append(
                HoursRecord(
                    weekdays=sorted(set(extra)) or list(ALL_WEEK),
                    opens=ALL_DAY[0],
                    closes=ALL_DAY[1],
                    note=NO_TIME_NOTE,
                    open_on_holidays=holidays_too,
                )
            )
            continue
        for row in rows:
            row.weekdays = sorted(set(row.weekdays) | set(extra))
            row.open_on_holidays = row.open_on_holidays or holidays_too


# --- describing ----------------------------------------------------------------------------------

_HOLIDAY_NOTE_WORDS = ("祝", "年末年始", "休日")


def describe_hours(rows: Iterable[HoursLike], plain: bool = False) -> str:
    """Japanese text for rows: 「月曜日～金曜日 8:30～17:15（祝日・年末年始を除く）」.

    plain=True gives やさしい日本語: 「月曜日から金曜日 午前8時30分から午後5時15分まで（祝日と年末年始は休み）」.
    """
    rows = list(rows)
    if not rows:
        return ""
    parts = [_describe_row(row, plain) for row in rows]
    text = "、".join(parts)
    if all(not row.open_on_holidays and not _month_days(row) for row in rows):
        text += "（祝日と年末年始は休み）" if plain else "（祝日・年末年始を除く）"
    return text


def _describe_row(row: HoursLike, plain: bool) -> str:
    month_days = _month_days(row)
    if is_around_the_clock(row):
        return "24時間いつでも" if plain else "24時間365日"
    days = (
        "毎月" + "・".join(f"{d}日" for d in month_days)
        if month_days
        else _describe_days(row.weekdays, plain)
    )
    if row.open_on_holidays and not month_days:
        if days == "毎日":
            days += "（祝日も）" if plain else "（祝日も受付）"
        else:
            days += "と祝日" if plain else "・祝日"
    note = getattr(row, "note", "") or ""
    if (row.opens, row.closes) == ALL_DAY:
        times = "一日中" if plain else "終日"
    elif crosses_midnight(row):
        # 「22:00～翌6:00」 / 「午後10時から翌朝午前6時まで」
        if plain:
            next_day = "翌朝" if row.closes.hour >= 4 else "翌日"
            times = f"{_plain_time(row.opens)}から{next_day}{_plain_time(row.closes)}まで"
        else:
            times = f"{_clock(row.opens)}～翌{_clock(row.closes)}"
    elif plain:
        times = f"{_plain_time(row.opens)}から{_plain_time(row.closes)}まで"
    else:
        times = f"{_clock(row.opens)}～{_clock(row.closes)}"
    text = f"{days} {times}"
    # Holiday notes are already covered by the shared suffix; other notes (「第2土曜日のみ」) are kept.
    if note and note != NO_TIME_NOTE and not plain and not any(w in note for w in _HOLIDAY_NOTE_WORDS):
        text += f"（{note}）"
    return text


def _describe_days(weekdays: Sequence[int], plain: bool) -> str:
    days = sorted(set(weekdays))
    if days == ALL_WEEK:
        return "毎日"
    names = [f"{WEEKDAYS[d]}曜日" for d in days]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[0]}から{names[-1]}" if plain else f"{names[0]}～{names[-1]}"
    return ("と" if plain else "・").join(names)


def _clock(value: time) -> str:
    if value == time.max:
        return "24:00"
    return f"{value.hour}:{value.minute:02d}"


def _plain_time(value: time) -> str:
    """午前8時30分 / 午後5時 / 正午 — a 12-hour clock is easier to read than 17:15."""
    if value == time.max:
        return "夜12時"
    if value == time(12, 0):
        return "正午"
    ampm = "午前" if value.hour < 12 else "午後"
    hour = value.hour if value.hour <= 12 else value.hour - 12
    minutes = f"{value.minute}分" if value.minute else ""
    return f"{ampm}{hour}時{minutes}"
