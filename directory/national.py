"""The national lines (全国共通): the reviewed dataset in data/national/lines.toml and number look-ups.

National lines are ConsultationWindows without a city (see docs/national-lines.md). This module reads the dataset
the loader imports (importers/national.py) and answers one question other parts ask without a database:
is this number a known national line? (`national_line_for_number`, used by importers to tell a city's own number
from a national one printed on its page.)
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from directory import phones as phone_rules
from directory.categories import CATEGORIES
from directory.values import HoursRecord, LinkRecord, PhoneRecord

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "national" / "lines.toml"
CRISIS_KINDS = ("suicide", "violence", "child_abuse", "sexual_violence", "hunger")
LINK_KINDS = ("chat", "sns", "mail", "web")
#: The slug of the national scope in URLs, exports and editor roles (グループ zenkoku-editors / zenkoku-moderators).
NATIONAL_SLUG = "zenkoku"
NATIONAL_LABEL = "全国"


class NationalDataError(ValueError):
    """The dataset is malformed. str() names the entry and field (English, for logs and the command line)."""


@dataclass(frozen=True)
class NationalLine:
    key: str
    title: str
    operator: str
    purpose: str
    categories: tuple[str, ...]
    crisis: tuple[str, ...]
    languages: str
    phones: tuple[PhoneRecord, ...]
    hours: tuple[HoursRecord, ...]
    source_url: str
    verified_on: date
    hours_note: str = ""
    links: tuple[LinkRecord, ...] = ()
    verification: str = ""
    numbers: frozenset[str] = field(default=frozenset(), compare=False)  # number keys, see number_key()


def number_key(number: str) -> str | None:
    """What identifies a number: a short code as dialled (#8008, 189), else E.164. None when it is no number."""
    try:
        return phone_rules.parse_phone(number).e164
    except phone_rules.PhoneError:
        return None


def read_national_lines(path: Path | str = DATA_PATH) -> list[NationalLine]:
    """Parse and check the dataset. Raises NationalDataError naming the entry and field at the first problem."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise NationalDataError(f"{path}: cannot read the national lines: {error}") from error
    lines: list[NationalLine] = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("line", [])):
        where = f"{Path(path).name} line #{index + 1} ({entry.get('key', '?')})"
        line = _line(entry, where)
        if line.key in seen:
            raise NationalDataError(f"{where}: duplicate key {line.key!r}")
        seen.add(line.key)
        lines.append(line)
    return lines


@functools.cache
def _dataset() -> tuple[NationalLine, ...]:
    return tuple(read_national_lines())


def national_lines() -> tuple[NationalLine, ...]:
    """The shipped dataset, read once per process."""
    return _dataset()


def national_line_for_number(number: str) -> NationalLine | None:
    """The national line a number belongs to (「0120-279-338」「＃８００８」「189」), or None.

    For importers: a number on a city's page that is a national line is not the city's own window.
    """
    key = number_key(number)
    if key is None:
        return None
    for line in _dataset():
        if key in line.numbers:
            return line
    return None


# --- parsing helpers -------------------------------------------------------------------------------------------

_CATEGORY_SLUGS = frozenset(c.slug for c in CATEGORIES)
_REQUIRED = ("key", "title", "operator", "purpose", "phones", "source_url", "verified_on")


def _line(entry: dict, where: str) -> NationalLine:
    missing = [name for name in _REQUIRED if not entry.get(name)]
    if missing:
        raise NationalDataError(f"{where}: missing {', '.join(missing)}")
    categories = tuple(entry.get("categories", ()))
    unknown = [c for c in categories if c not in _CATEGORY_SLUGS]
    if unknown:
        raise NationalDataError(f"{where}: unknown category slug(s) {unknown}")
    crisis = tuple(entry.get("crisis", ()))
    if any(k not in CRISIS_KINDS for k in crisis):
        raise NationalDataError(f"{where}: unknown crisis kind(s) in {list(crisis)}")
    phones = tuple(_phone(p, where) for p in entry["phones"])
    verified = entry["verified_on"]
    if isinstance(verified, str):
        try:
            verified = date.fromisoformat(verified)
        except ValueError as error:
            raise NationalDataError(f"{where}: verified_on must be YYYY-MM-DD") from error
    links = tuple(_link(link, where) for link in entry.get("links", ()))
    return NationalLine(
        key=str(entry["key"]),
        title=str(entry["title"]),
        operator=str(entry["operator"]),
        purpose=str(entry["purpose"]),
        categories=categories,
        crisis=crisis,
        languages=str(entry.get("languages", "日本語")),
        phones=phones,
        hours=tuple(_hours(row, where) for row in entry.get("hours", ())),
        source_url=str(entry["source_url"]),
        verified_on=verified,
        hours_note=str(entry.get("hours_note", "")),
        links=links,
        verification=str(entry.get("verification", "")),
        numbers=frozenset(filter(None, (number_key(p.number) for p in phones))),
    )


def _phone(data: dict, where: str) -> PhoneRecord:
    number = str(data.get("number", ""))
    try:
        parsed = phone_rules.parse_phone(number)
    except phone_rules.PhoneError as error:
        raise NationalDataError(f"{where}: invalid number {number!r}: {error}") from error
    return PhoneRecord(number=parsed.display, label=str(data.get("label", ""))[:30])


def _clock(value: str, where: str) -> time:
    if value == "24:00":
        return time.max
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise NationalDataError(f"{where}: invalid time {value!r} (HH:MM)") from error


def _hours(row: dict, where: str) -> HoursRecord:
    weekdays = list(row.get("weekdays", [0, 1, 2, 3, 4, 5, 6] if row.get("month_days") else []))
    month_days = list(row.get("month_days", []))
    if not weekdays or any(d not in range(7) for d in weekdays):
        raise NationalDataError(f"{where}: hours need weekdays 0–6 (or month_days)")
    if any(d not in range(1, 32) for d in month_days):
        raise NationalDataError(f"{where}: month_days must be 1–31")
    return HoursRecord(
        weekdays=weekdays,
        opens=_clock(str(row.get("opens", "")), where),
        closes=_clock(str(row.get("closes", "")), where),
        note=str(row.get("note", "")),
        open_on_holidays=bool(row.get("holidays", False)),
        month_days=month_days,
    )


def _link(data: dict, where: str) -> LinkRecord:
    kind = str(data.get("kind", "web"))
    if kind not in LINK_KINDS or not data.get("url") or not data.get("label"):
        raise NationalDataError(f"{where}: a link needs label, url and kind in {LINK_KINDS}")
    return LinkRecord(label=str(data["label"]), url=str(data["url"]), kind=kind)
