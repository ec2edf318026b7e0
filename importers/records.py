"""Neutral records: what every reader and parser produces and what the loader consumes.

They know nothing of Django. A fact carries its `Source` so an editor can find it in the original document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import time
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

# Phones and hours are directory value types; importers produce them, the directory owns them.
from directory.values import HoursRecord, LinkRecord, PhoneRecord


def _many():
    # A helper rather than `field(...)` inline: records have a data attribute named `field` (分野),
    # which would shadow dataclasses.field inside their class bodies.
    return field(default_factory=list)


@dataclass(frozen=True)
class Source:
    document: str  # file name as imported, e.g. "000_798662377a1ac82b.txt" or "plan.pdf"
    location: str  # "line 42", "p.3", "p.3 table 2 row 4"

    def __str__(self) -> str:
        return f"{self.document} {self.location}".strip()


@dataclass
class AgencyRecord:
    """One agency (機関) that carries out a business, as listed in a plan's table."""

    name: str
    source: Source
    field: str = ""  # 主な対象分野, e.g. 高齢 / 障がい者 / DV被害者等
    sites: int | None = None  # 設置箇所数 / 機関数
    sites_text: str = ""  # the count as written when it is not a bare number
    site_type: str = ""  # 設置形態, e.g. 基本型事業・拠点
    operation: str = ""  # 委託 / 直営 / 委託・直営 / 団体補助
    department: str = ""  # 所管課
    area: str = ""  # 対象圏域
    target: str = ""  # 支援対象者
    activities: str = ""  # 実施内容
    role: str = ""  # 担当機関, 連携先 …
    notes: list[str] = _many()


@dataclass
class SubProgramRecord:
    """A sub-programme of a business (e.g. 地域子育て支援拠点事業, 10か所)."""

    name: str
    source: Source
    group: str = ""  # the heading it sits under, e.g. 「エ 地域子育て支援拠点事業」
    field: str = ""
    count: int | None = None
    count_text: str = ""  # e.g. 「10か所」「11名」「第1層 1 / 第2層 14」
    operation: str = ""
    department: str = ""
    target: str = ""
    notes: list[str] = _many()
    activities: str = ""  # 実施内容
    status: str = ""  # 新規 when the plan marks the sub-programme 【新規】


@dataclass
class BusinessRecord:
    """One of the five businesses of 社会福祉法第106条の4第2項 (kind = clause number 1–5)."""

    kind: int
    source: Source
    status: str = ""  # 新規 / 拡充 / 既存 / ""
    description: str = ""
    responsible: str = ""  # 担当機関 / 実施機関 as stated in prose
    agencies: list[AgencyRecord] = _many()
    subprograms: list[SubProgramRecord] = _many()
    notes: list[str] = _many()
    legal_basis: str = ""  # e.g. 社会福祉法第106条の4第2項第1号
    overview: list[str] = _many()  # the points of a 「各事業の概要」 table, as written
    target: str = ""  # 支援対象者 of the business itself
    activities: str = ""  # 実施内容 of the business itself


@dataclass
class MeetingRecord:
    name: str
    source: Source
    kind: str = "other"  # "support" (支援会議) / "layered" (重層的支援会議) / "other"
    schedule: str = ""  # as written: 毎月第4水曜日 / 月1回 / 随時
    organiser: str = ""
    members: list[str] = _many()
    roles: list[str] = _many()  # 主な協議内容 / 役割
    consent: str = ""  # 本人同意あり / 本人同意なし / ""
    notes: list[str] = _many()


@dataclass
class IndicatorValue:
    year: str  # as written: "R7", "令和7年度", "H31・R1"
    value: str  # as written after repair: "64.1%", "226,650件", "100%", "増加"


@dataclass
class IndicatorRecord:
    name: str
    source: Source
    kind: str = "outcome"  # "outcome" (評価指標) or "plan_target" (プラン作成目標件数)
    unit: str = ""  # "%", "件", "件／年"
    survey: str = ""  # data source, e.g. 市民意識調査
    baseline: IndicatorValue | None = None
    targets: list[IndicatorValue] = _many()
    notes: list[str] = _many()


@dataclass
class MilestoneRecord:
    fiscal_year: int  # western year in which the fiscal year starts (令和4年度 → 2022)
    label: str  # e.g. 移行準備事業開始
    source: Source


@dataclass
class ContactRecord:
    department: str = ""
    postcode: str = ""
    address: str = ""
    phones: list[PhoneRecord] = _many()
    email: str = ""
    source: Source | None = None


@dataclass
class SectionRecord:
    """Explanatory prose kept as the city wrote it (shown with attribution on the programme page)."""

    heading: str
    body: str
    source: Source


@dataclass
class WindowRecord:
    """A consultation window (相談窓口): one service an organisation offers."""

    organisation: str
    source: Source
    title: str = ""
    parent_organisation: str = ""
    categories: list[str] = _many()  # category slugs (directory.categories)
    topics: list[str] = _many()
    phones: list[PhoneRecord] = _many()
    hours: list[HoursRecord] = _many()
    target: str = ""
    # What target states, structured (directory.values.parse_target); None / "" when it states nothing.
    age_min: int | None = None
    age_max: int | None = None
    audience: str = ""
    description: str = ""
    operation: str = ""  # 委託 / 直営
    business_kind: int | None = None
    is_front_door: bool = False
    address: str = ""
    # The department as written, shown as 「福祉課 保護係」 when split into parent and organisation.
    organisation_full_name: str = ""
    # Every business (1–5) the agency carries out, when one agency appears in several.
    business_kinds: list[int] = _many()
    # A stable source key given by the source itself (the national dataset: national/<key>); else one is derived.
    key: str = ""
    # Stated by the national dataset; other sources leave them empty and the loader then leaves them alone.
    window_phones: list[PhoneRecord] = (
        _many()
    )  # the window's own numbers, when they differ from the organisation's
    languages: str = ""
    hours_note: str = ""
    source_url: str = ""
    verified_on: str = ""  # YYYY-MM-DD
    verified_by: str = ""
    crisis_kinds: list[str] = _many()
    links: list[LinkRecord] = _many()


@dataclass
class HtmlWindowRecord(WindowRecord):
    """A window read from a city page, with what the extractor guessed (`uncertain`, Japanese, for the review
    queue) and the lines of the page it came from (`source_lines`), so editors can compare without the page."""

    uncertain: list[str] = _many()
    uncertain_codes: list[str] = _many()  # importers.reasons.Reason, one per message in `uncertain`
    source_lines: list[str] = _many()
    national_line: str = (
        ""  # key of a known national line (directory.national): linked, not made a city window
    )


@dataclass
class RoutingRuleRecord:
    """つなぐシート routing: who should consult which 所管課 first."""

    sender: str  # 介護関連事業所
    departments: list[str]  # 高齢者支援課
    source: Source


@dataclass
class ProgramRecord:
    city: str  # city slug
    source: Source
    document_title: str = ""
    plan_title: str = ""
    published: str = ""  # as written, e.g. 令和7年3月
    period_start: int | None = None  # western year the first fiscal year starts
    period_end: int | None = None
    basic_policy: str = ""
    legal_basis: str = ""
    timeline: list[MilestoneRecord] = _many()
    businesses: list[BusinessRecord] = _many()
    meetings: list[MeetingRecord] = _many()
    indicators: list[IndicatorRecord] = _many()
    sections: list[SectionRecord] = _many()
    coordinators: list[str] = _many()  # e.g. 包括化推進員（長寿福祉課配置）
    contact: ContactRecord | None = None
    footnotes: list[str] = _many()


__all__ = ["HoursRecord", "PhoneRecord"]  # re-exported for readers and parsers


@dataclass
class ImportBundle:
    """Everything one document yields."""

    city: str
    document: str
    program: ProgramRecord | None = None
    windows: list[WindowRecord] = _many()
    routing: list[RoutingRuleRecord] = _many()
    main_phone: PhoneRecord | None = None  # the city hall number the document states
    warnings: list[str] = _many()

    def to_dict(self) -> dict:
        return asdict(self)


# --- records ⇄ JSON ------------------------------------------------------------------------------------
# A bundle crosses the sandbox's process boundary as plain JSON (`importers.readers.text_worker`). The
# conversion is driven by the dataclasses' own field types, so a field added to a record travels without
# edits here. Times are "HH:MM" (or "HH:MM:SS" when there are seconds). Decoding checks every value
# against its declared type: the JSON comes from a child that parsed an untrusted file.

_JSON_SCALARS: tuple[type, ...] = (str, int, float, bool)


@cache
def _field_types(cls: type) -> dict[str, Any]:
    hints = get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def _time_to_json(value: time) -> str:
    if value.tzinfo is not None:
        raise TypeError(f"time with a time zone cannot be converted: {value!r}")
    if value.microsecond:
        return value.isoformat()
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _optional_of(tp: Any) -> Any:
    """X for ``X | None`` / ``Optional[X]``; None for any other type."""
    if get_origin(tp) in (Union, UnionType):
        args = [arg for arg in get_args(tp) if arg is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
        raise TypeError(f"unsupported union {tp!r}: only X | None can be converted")
    return None


def value_to_json(tp: Any, value: Any) -> Any:
    """`value`, declared as `tp`, as plain JSON (dicts, lists, str, int, float, bool, None)."""
    inner = _optional_of(tp)
    if inner is not None:
        return None if value is None else value_to_json(inner, value)
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return value
    if origin in (list, tuple):
        item = args[0] if args else Any
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            raise TypeError(f"unsupported tuple type {tp!r}: only tuple[X, ...]")
        return [value_to_json(item, element) for element in value]
    if origin is dict:
        if args and args[0] is not str:
            raise TypeError(f"unsupported dict type {tp!r}: keys must be str")
        return {key: value_to_json(args[1] if args else Any, element) for key, element in value.items()}
    if tp is time:
        if not isinstance(value, time):
            raise TypeError(f"expected time, got {type(value).__name__}")
        return _time_to_json(value)
    if is_dataclass(tp):
        if type(value) is not tp:
            # A subclass's extra fields would be lost on the way back.
            raise TypeError(f"expected exactly {tp.__name__}, got {type(value).__name__}")
        return {name: value_to_json(ftp, getattr(value, name)) for name, ftp in _field_types(tp).items()}
    if tp in _JSON_SCALARS:
        return value
    raise TypeError(f"unsupported type {tp!r}")


def value_from_json(tp: Any, data: Any, path: str = "$") -> Any:
    """The inverse of `value_to_json`: rebuild a value of type `tp`, checking each value as it goes.

    Raises TypeError or ValueError (naming the JSON path) when `data` does not fit `tp`.
    """
    inner = _optional_of(tp)
    if inner is not None:
        return None if data is None else value_from_json(inner, data, path)
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return data
    if origin in (list, tuple):
        if not isinstance(data, list):
            raise TypeError(f"{path}: expected a list, got {type(data).__name__}")
        item = args[0] if args else Any
        items = [value_from_json(item, element, f"{path}[{i}]") for i, element in enumerate(data)]
        return items if origin is list else tuple(items)
    if origin is dict:
        if not isinstance(data, dict):
            raise TypeError(f"{path}: expected an object, got {type(data).__name__}")
        item = args[1] if args else Any
        return {str(key): value_from_json(item, element, f"{path}.{key}") for key, element in data.items()}
    if tp is time:
        if not isinstance(data, str) or not _TIME_RE.fullmatch(data):
            raise ValueError(f"{path}: expected a time as HH:MM[:SS], got {data!r}")
        return time.fromisoformat(data)
    if is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"{path}: expected an object for {tp.__name__}, got {type(data).__name__}")
        types = _field_types(tp)
        unknown = set(data) - set(types)
        if unknown:
            raise ValueError(f"{path}: unknown field(s) for {tp.__name__}: {', '.join(sorted(unknown))}")
        # Missing fields take their defaults; the constructor reports a missing required one.
        return tp(**{name: value_from_json(types[name], data[name], f"{path}.{name}") for name in data})
    if tp in _JSON_SCALARS:
        if tp is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        # bool is an int in Python, not in JSON: 1 is no bool and true no int.
        if type(data) is not tp:
            raise TypeError(f"{path}: expected {tp.__name__}, got {type(data).__name__}")
        return data
    raise TypeError(f"{path}: unsupported type {tp!r}")


_TIME_RE = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d{6})?)?")


def bundle_to_json(bundle: ImportBundle) -> dict[str, Any]:
    """The bundle as plain JSON (see `value_to_json`); `bundle_from_json` rebuilds an equal bundle."""
    return value_to_json(ImportBundle, bundle)


def bundle_from_json(data: dict[str, Any]) -> ImportBundle:
    """An ImportBundle equal to the one `bundle_to_json` was given; TypeError/ValueError for malformed data."""
    return value_from_json(ImportBundle, data)


# --- values of one of several classes (window records, reader blocks) --------------------------------------


def tagged_to_json(types: Mapping[str, type], value: Any) -> dict[str, Any]:
    """`value`, an instance of exactly one of `types` (name → dataclass), as JSON tagged with that name."""
    name = type(value).__name__
    if types.get(name) is not type(value):
        raise TypeError(f"{name} cannot be converted: not one of {', '.join(types)}")
    return {"type": name, **value_to_json(type(value), value)}


def tagged_from_json(types: Mapping[str, type], data: Any, path: str = "$") -> Any:
    """The inverse of `tagged_to_json`; TypeError/ValueError (naming the JSON path) for malformed data."""
    if not isinstance(data, dict):
        raise TypeError(f"{path}: expected an object, got {type(data).__name__}")
    name = data.get("type")
    if name not in types:
        raise ValueError(f"{path}: unknown type {name!r}")
    return value_from_json(types[name], {k: v for k, v in data.items() if k != "type"}, path)


# Exact record classes that cross the sandbox's process boundary (a subclass must be added here).
WINDOW_RECORD_TYPES: dict[str, type[WindowRecord]] = {
    "WindowRecord": WindowRecord,
    "HtmlWindowRecord": HtmlWindowRecord,
}


def tagged_list_from_json(types: Mapping[str, type], data: Any, what: str) -> list[Any]:
    """A JSON list of tagged values (`tagged_to_json` of each item) back into equal values."""
    if not isinstance(data, list):
        raise TypeError(f"$: expected a list of {what}, got {type(data).__name__}")
    return [tagged_from_json(types, item, f"$[{i}]") for i, item in enumerate(data)]


def windows_to_json(records: list[WindowRecord]) -> list[dict[str, Any]]:
    """Window records (plain or HTML) as tagged JSON; `windows_from_json` rebuilds equal records."""
    return [tagged_to_json(WINDOW_RECORD_TYPES, record) for record in records]


def windows_from_json(data: list[Any]) -> list[WindowRecord]:
    return tagged_list_from_json(WINDOW_RECORD_TYPES, data, "windows")
