"""The windows the extractor reads (`WindowDraft`) and their records: names split into parent and organisation,
categories, hours, national lines, and the reasons for review (`uncertain`) of what was guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from directory.hours import parse_hours
from directory.national import national_line_for_number
from directory.phones import VOICE
from directory.values import AUDIENCE_RESIDENT, parse_target
from importers.categories import guess_categories
from importers.lines import Line
from importers.parsers.contact_names import NATIONAL_PREFIXES
from importers.parsers.windows import full_name, split_organisation
from importers.reasons import Reason
from importers.records import HtmlWindowRecord, PhoneRecord, Source

# --- windows being read -------------------------------------------------------------------------------------


@dataclass
class WindowDraft:
    name: str
    source: str  # "line" / "item" / "heading" / "row" / "label"
    first: Line
    context: list[str]
    lines: list[Line] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    hours: list[tuple[str, bool]] = field(default_factory=list)  # (text, labelled)
    topics: list[str] = field(default_factory=list)
    target: str = ""
    address: str = ""
    description: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contact: bool = False
    page_hours: str = ""  # hours the page states once for every window (「受付時間はいずれも…」)
    row: tuple[int, int] | None = None
    # Name-like lines seen since the window opened and before its first number: (score, name, location).
    candidates: list[tuple[int, str, str]] = field(default_factory=list)

    def voice(self) -> list[PhoneRecord]:
        return [p for p in self.phones if p.kind == VOICE]

    def add(self, phone: PhoneRecord) -> None:
        if any((p.number, p.kind) == (phone.number, phone.kind) for p in self.phones):
            return
        self.phones.append(phone)


def build_records(
    windows: list[WindowDraft],
    *,
    document: str,
    page_title: str,
    front_door_names: list[str],
    warnings: list[str],
) -> list[HtmlWindowRecord]:
    """The page's records: one per window (the page's contact only as a warning), duplicates merged."""
    counts = Counter(p.number for w in windows if not w.contact for p in w.voice())
    records = []
    for window in windows:
        if window.contact:
            numbers = "、".join(p.number for p in window.voice())
            warnings.append(
                f"{document}: ページの問い合わせ先「{window.name}」（{numbers}）は窓口にしていません。"
            )
            continue
        record = _record_of(
            window, counts, document=document, page_title=page_title, front_door_names=front_door_names
        )
        if record is not None:
            records.append(record)
    return _deduplicated(records)


def _record_of(
    window: WindowDraft, counts: Counter, *, document: str, page_title: str, front_door_names: list[str]
) -> HtmlWindowRecord | None:
    name = window.name.strip()
    uncertain: list[str] = []
    codes: list[str] = []

    def note(code: Reason, message: str) -> None:
        codes.append(code.value)
        uncertain.append(message)

    if not name:
        name = "（名称不明）"
        note(Reason.NAME_UNREAD, "窓口名を読み取れませんでした")
    parent, organisation = split_organisation(name)
    if window.source == "heading":
        note(
            Reason.NAME_FROM_HEADING, "窓口名は見出しから取りました（番号の近くに名称が見つかりませんでした）"
        )
    if "merged" in window.notes:
        note(Reason.NUMBERS_MERGED, "複数の電話番号を一つの窓口にまとめました")
    shared = [p for p in window.voice() if counts[p.number] > 1]
    for phone in shared:
        label = f"（{phone.label}）" if phone.label else ""
        note(Reason.NUMBER_SHARED, f"番号 {phone.number}{label} は他の窓口と共有されています")
    for text in window.notes:
        if text.startswith("セル"):
            note(Reason.CELLS_INHERITED, text)
        elif text.startswith("unread:"):
            note(
                Reason.NUMBER_WITHOUT_AREA_CODE, f"市外局番がないため番号「{text[7:]}」を登録できませんでした"
            )
    known = [national_line_for_number(p.number) for p in window.voice()]
    national_line = known[0].key if known and all(known) and len({k.key for k in known}) == 1 else ""
    if national_line:
        note(
            Reason.NATIONAL_LINE,
            f"全国共通の相談窓口「{known[0].title}」の番号です。市の窓口は作らず、全国の窓口にリンクします",
        )
    else:
        national = [
            p.number
            for p, line in zip(window.voice(), known, strict=True)
            if line is None and (p.number.startswith(("#", *NATIONAL_PREFIXES)) or p.number.isdigit())
        ]
        if national:
            note(Reason.MAYBE_NATIONAL, f"全国共通の相談電話の可能性があります（{'、'.join(national)}）")
    hours, hours_code, hours_note = window_hours(window)
    if hours_code:
        note(hours_code, hours_note)
    categories = []
    for context in window.context:
        categories = categories or guess_categories(context)
    guessed_from_name = False
    if not categories:
        categories = guess_categories(name, *window.topics)
        guessed_from_name = bool(categories)
    if not categories and page_title:
        categories = guess_categories(page_title)
    if not categories:
        note(Reason.CATEGORY_UNKNOWN, "分野を推定できませんでした")
    elif guessed_from_name or not window.context:
        note(Reason.CATEGORY_GUESSED, "分野は窓口名と相談内容から推定しました")
    front_door = any(organisation in sentence or name in sentence for sentence in front_door_names)
    if front_door:
        note(Reason.FRONT_DOOR, "ページが「どこに相談したらよいかわからないとき」の窓口として案内しています")
    stated = parse_target(window.target) if window.target else None
    return HtmlWindowRecord(
        age_min=stated.age_min if stated else None,
        age_max=stated.age_max if stated else None,
        audience=stated.audience if stated and stated.audience != AUDIENCE_RESIDENT else "",
        organisation=organisation,
        parent_organisation=parent,
        organisation_full_name=full_name(parent, organisation),
        source=Source(document, window.first.location),
        categories=categories,
        topics=list(dict.fromkeys(window.topics)),
        phones=window.phones,
        hours=hours,
        target=window.target,
        description="\n".join(window.description[:5]),
        address=window.address,
        uncertain=uncertain,
        uncertain_codes=codes,
        source_lines=[line.raw or line.text for line in window.lines][:12],
        national_line=national_line,
    )


def apply_page_hours(windows: list[WindowDraft], text: str) -> None:
    """Hours the page states once go to every window without hours of its own, but for national lines and the
    windows the page excepts (「（社会福祉協議会を除く）」)."""
    if not text:
        return
    excepted = [
        m
        for m in re.findall(r"[(（]([^()（）]+?)を除く[)）]", text)
        if not re.search(r"祝|休日|年末|土|日曜", m)
    ]
    for window in windows:
        numbers = [p.number for p in window.voice()]
        if window.hours or window.contact or not numbers:
            continue
        if all(n.startswith(("#", *NATIONAL_PREFIXES)) or n.isdigit() for n in numbers):
            continue
        if any(name and name in window.name for item in excepted for name in re.split(r"[、・,]", item)):
            continue
        window.page_hours = text


def window_hours(window: WindowDraft) -> tuple[list, Reason | None, str]:
    """(rows, reason, message): the window block's hours; else the hours the page states once for every window."""
    candidates = list(window.hours)
    for index, (text, labelled) in enumerate(window.hours[:-1]):
        if not re.search(r"\d\s*(?:時|:)", text):  # 「月〜金曜日（祝日・年末年始を除く）」 then 「9時～16時」
            following, _labelled = window.hours[index + 1]
            candidates.insert(0, (f"{text} {following}", labelled))
    for text, labelled in sorted(candidates, key=lambda item: not item[1]):
        rows = parse_hours(text)
        if rows:
            if labelled:
                return rows, None, ""
            return rows, Reason.HOURS_GUESSED, f"受付時間は「{text}」から読み取りました（見出しのない記載）"
    if window.hours:
        return [], Reason.HOURS_UNREAD, f"受付時間「{window.hours[0][0]}」を読み取れませんでした"
    if window.page_hours:
        rows = parse_hours(window.page_hours)
        if rows:
            message = f"受付時間は、ページがすべての窓口について書いている「{window.page_hours}」としました"
            return rows, Reason.HOURS_FROM_PAGE, message
    return [], None, ""


def _deduplicated(records: list[HtmlWindowRecord]) -> list[HtmlWindowRecord]:
    """One record per window identity (the loader's key): a repeated window merges its topics and phones."""
    merged: dict[tuple, HtmlWindowRecord] = {}
    for record in records:
        key = (record.parent_organisation, record.organisation, tuple(record.categories), record.title)
        into = merged.get(key)
        if into is None:
            merged[key] = record
            continue
        into.topics.extend(t for t in record.topics if t not in into.topics)
        known = {(p.number, p.kind, p.extension) for p in into.phones}
        into.phones.extend(p for p in record.phones if (p.number, p.kind, p.extension) not in known)
        into.hours = into.hours or record.hours
        into.address = into.address or record.address
        for code, message in zip(record.uncertain_codes, record.uncertain, strict=False):
            if message not in into.uncertain:
                into.uncertain.append(message)
                into.uncertain_codes.append(code)
        into.source_lines.extend(record.source_lines)
    return list(merged.values())
