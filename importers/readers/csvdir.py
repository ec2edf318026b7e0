"""Read the directory's open-data CSV (`directory.exports`) back into WindowRecords.

The file the portal exports imports back with no changes: every fact the loader stores is in a column
(組織名, 上位組織, 相談内容, 電話・FAX, 受付時間, 事業区分 …). A hand-made file that has only the standard
columns still imports: phones then come from 電話番号/内線番号/FAX番号 and hours from
利用可能曜日/開始時間/終了時間. Informational columns (URL, 備考, 状態, 最終確認日 …) are not read.

Bad input raises `importers.pipeline.ImportInputError` (English for the logs, `message_ja` for editors).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from datetime import time

from directory.categories import CATEGORIES
from directory.hours import WEEKDAYS
from directory.phones import PhoneError, parse_phone
from directory.values import (
    AUDIENCE_BY_LABEL,
    CATEGORY_COLUMNS,
    EXTRA_COLUMNS,
    STANDARD_COLUMNS,
    TargetFacts,
    parse_ages,
    parse_target,
)
from importers.errors import ImportInputError
from importers.parsers.windows import full_name
from importers.records import HoursRecord, PhoneRecord, Source, WindowRecord

logger = logging.getLogger(__name__)

# The columns are defined once, in directory.values (plain data: no views or querysets here).
REQUIRED_EXTRA_COLUMNS = ("組織名",)
OPTIONAL_COLUMNS = tuple(name for name in EXTRA_COLUMNS if name not in REQUIRED_EXTRA_COLUMNS)
REQUIRED_COLUMNS = STANDARD_COLUMNS + CATEGORY_COLUMNS + REQUIRED_EXTRA_COLUMNS
KNOWN_COLUMNS = frozenset(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)

_FLAG_TRUE = {"1", "○", "〇", "true", "TRUE", "True"}
_FLAG_FALSE = {"", "0", "false", "FALSE", "False"}
# 「電話 097-582-1111 内線123（代表）」 / 「FAX 097-582-1234」
_PHONE_LINE_RE = re.compile(
    r"^(?P<kind>電話|FAX)\s+(?P<number>[^\s（]+)(?:\s+内線(?P<ext>\d+))?(?:（(?P<label>[^（）]*)）)?$"
)
# 「月火水木金 08:30-17:15 祝日も受付 ※備考」
_HOURS_LINE_RE = re.compile(
    r"^(?P<days>[月火水木金土日]+)\s+(?P<opens>[\d:.]+)-(?P<closes>[\d:.]+)"
    r"(?P<holidays>\s+祝日も受付)?(?:\s+※(?P<note>.*))?$"
)


def _error(document: str, message: str, message_ja: str):
    logger.error("%s: %s", document, message)
    return ImportInputError(f"{document}: {message}", f"{document}: {message_ja}")


def read_directory_csv(text: str, *, city: str, document: str) -> list[WindowRecord]:
    """Parse an exported windows CSV (BOM optional) into one WindowRecord per data row.

    `city` is the city slug (for log messages); `document` names the file in each record's Source, whose
    location is the spreadsheet row (「row 2」 is the first data row, as Excel numbers it).
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _error(document, "empty CSV", "CSVファイルが空です。")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as error:
        raise _error(
            document, f"unreadable CSV header ({error})", "CSVの見出し行を読み取れません。"
        ) from error
    _check_header(header, document)
    records = []
    for index, cells in enumerate(reader):
        row_number = index + 2  # the header is row 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise _error(
                document,
                f"row {row_number}: {len(cells)} cells but {len(header)} columns",
                f"{row_number}行目: 列の数（{len(cells)}）が見出し（{len(header)}）より多くなっています。",
            )
        cells = [_restore_formula(cell) for cell in cells]
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        records.append(_record(row, row_number, city=city, document=document))
    logger.info("%s (%s): %d windows read", document, city, len(records))
    return records


def _restore_formula(cell: str) -> str:
    """Undo the export's CSV-injection guard: 「'=…」 was written for a cell that starts with 「=」."""
    return cell[1:] if cell.startswith(("'=", "'+", "'-", "'@", "'\t", "'\r")) else cell


def _check_header(header: list[str], document: str) -> None:
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise _error(
            document,
            f"duplicate columns: {', '.join(duplicates)}",
            f"同じ見出しの列が複数あります: {'、'.join(duplicates)}",
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise _error(
            document,
            f"missing columns: {', '.join(missing)}",
            f"必要な列がありません: {'、'.join(missing)}（1行目の見出しをご確認ください）",
        )
    unknown = [name for name in header if name not in KNOWN_COLUMNS]
    if unknown:
        raise _error(
            document,
            f"unknown columns: {', '.join(unknown)}",
            f"知らない見出しの列があります: {'、'.join(unknown)}（見出しの誤字をご確認ください）",
        )


def _record(row: dict[str, str], number: int, *, city: str, document: str) -> WindowRecord:
    def fail(message: str, message_ja: str):
        return _error(document, f"row {number}: {message}", f"{number}行目: {message_ja}")

    organisation = row["組織名"].strip()
    if not organisation:
        raise fail("組織名 is empty", "組織名が空です。")
    parent = row.get("上位組織", "").strip()
    categories = []
    for category in CATEGORIES:
        value = row[category.name].strip()
        if value in _FLAG_TRUE:
            categories.append(category.slug)
        elif value not in _FLAG_FALSE:
            raise fail(
                f"{category.name} must be 1 or blank, not {value!r}",
                f"「{category.name}」は1か空欄にしてください。",
            )
    kinds = _business_kinds(row.get("事業区分", ""), fail)
    target = _target(row, fail)
    return WindowRecord(
        organisation=organisation,
        parent_organisation=parent,
        organisation_full_name=full_name(parent, organisation),
        source=Source(document, f"row {number}"),
        title=row["名称"].strip(),
        categories=categories,
        topics=_lines(row.get("相談内容", "")),
        phones=_phones(row, fail),
        hours=_hours(row, fail),
        target=row.get("対象者", ""),
        age_min=target.age_min,
        age_max=target.age_max,
        audience=target.audience,
        description=row.get("説明", ""),
        operation=row.get("運営形態", "").strip(),
        business_kind=kinds[0] if kinds else None,
        business_kinds=kinds,
        is_front_door=_flag(row.get("総合窓口", ""), "総合窓口", fail),
        address=row["住所"].strip(),
    )


def _target(row: dict[str, str], fail) -> TargetFacts:
    """対象年齢 and 対象区分 when the file has those columns (an empty cell then means none: the export round-trips
    losslessly); what 対象者 states when it has not (a hand-made file with the standard columns)."""
    stated = parse_target(row.get("対象者", ""))
    ages_cell = row.get("対象年齢", "").strip()
    if "対象年齢" not in row:
        ages = (stated.age_min, stated.age_max)
    else:
        ages = parse_ages(ages_cell) if ages_cell else (None, None)
    if ages is None:
        raise fail(
            f"対象年齢 must be like 65- / 15-49 / -17, not {ages_cell!r}",
            f"「対象年齢」は「65-」「15-49」「-17」の形で書いてください（「{ages_cell}」）。",
        )
    audience_cell = row.get("対象区分", "").strip()
    if audience_cell and audience_cell not in AUDIENCE_BY_LABEL:
        raise fail(
            f"対象区分 must be 本人, 家族 or 事業者, not {audience_cell!r}",
            "「対象区分」は「本人」「家族」「事業者」のどれかにしてください。",
        )
    if "対象区分" not in row:
        audience = stated.audience
    else:
        audience = AUDIENCE_BY_LABEL[audience_cell] if audience_cell else AUDIENCE_BY_LABEL["本人"]
    return TargetFacts(ages[0], ages[1], audience)


def _lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _flag(value: str, column: str, fail) -> bool:
    value = value.strip()
    if value in _FLAG_TRUE:
        return True
    if value in _FLAG_FALSE:
        return False
    raise fail(f"{column} must be 1 or blank, not {value!r}", f"「{column}」は1か空欄にしてください。")


def _business_kinds(cell: str, fail) -> list[int]:
    parts = [p.strip() for p in re.split(r"[,、，]", cell) if p.strip()]
    if not all(p.isdigit() and 1 <= int(p) <= 5 for p in parts):
        raise fail(
            f"事業区分 must list clause numbers 1-5, not {cell!r}",
            "「事業区分」は1〜5の号の番号をカンマ区切りで書いてください。",
        )
    return [int(p) for p in parts]


def _checked_phone(number: str, fail) -> str:
    try:
        parse_phone(number)
    except PhoneError as error:
        raise fail(
            f"invalid phone number {number!r}: {error}", f"電話番号「{number}」: {error.message_ja}"
        ) from error
    return number


def _phones(row: dict[str, str], fail) -> list[PhoneRecord]:
    if "電話・FAX" in row:
        phones = []
        for line in _lines(row["電話・FAX"]):
            match = _PHONE_LINE_RE.match(line)
            if match is None:
                raise fail(
                    f"電話・FAX line {line!r} is not 「電話 097-582-1111 内線1（代表）」",
                    f"「電話・FAX」の「{line}」は「電話 097-582-1111 内線1（代表）」の形で書いてください。",
                )
            phones.append(
                PhoneRecord(
                    number=_checked_phone(match["number"], fail),
                    kind="fax" if match["kind"] == "FAX" else "voice",
                    extension=match["ext"] or "",
                    label=match["label"] or "",
                )
            )
        return phones
    phones = []
    if row["電話番号"].strip():
        number = _checked_phone(row["電話番号"].strip(), fail)
        phones.append(PhoneRecord(number=number, extension=row["内線番号"].strip()))
    if row["FAX番号"].strip():
        phones.append(PhoneRecord(number=_checked_phone(row["FAX番号"].strip(), fail), kind="fax"))
    return phones


def _time(value: str, fail) -> time:
    try:
        return time.fromisoformat(value.strip())
    except ValueError as error:
        raise fail(f"invalid time {value!r}", f"時刻「{value}」を読み取れません（例: 08:30）。") from error


def _days(text: str, fail) -> list[int]:
    text = text.strip()
    if not text or any(ch not in WEEKDAYS for ch in text):
        raise fail(f"invalid weekdays {text!r}", f"曜日「{text}」は「月火水木金」のように書いてください。")
    return [WEEKDAYS.index(ch) for ch in text]


def _hours(row: dict[str, str], fail) -> list[HoursRecord]:
    if "受付時間" in row:
        rows = []
        for line in _lines(row["受付時間"]):
            match = _HOURS_LINE_RE.match(line)
            if match is None:
                raise fail(
                    f"受付時間 line {line!r} is not 「月火水木金 08:30-17:15」",
                    f"「受付時間」の「{line}」は「月火水木金 08:30-17:15」の形で書いてください。",
                )
            rows.append(
                HoursRecord(
                    weekdays=_days(match["days"], fail),
                    opens=_time(match["opens"], fail),
                    closes=_time(match["closes"], fail),
                    note=match["note"] or "",
                    open_on_holidays=bool(match["holidays"]),
                )
            )
        return rows
    days, opens, closes = row["利用可能曜日"].strip(), row["開始時間"].strip(), row["終了時間"].strip()
    if not (days or opens or closes):
        return []
    if not (days and opens and closes):
        raise fail(
            "利用可能曜日, 開始時間 and 終了時間 go together",
            "利用可能曜日・開始時間・終了時間はそろえて書いてください。",
        )
    return [HoursRecord(weekdays=_days(days, fail), opens=_time(opens, fail), closes=_time(closes, fail))]
