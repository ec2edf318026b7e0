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
    if not name:
        name = "（名称不明）"
        uncertain.append("窓口名を読み取れませんでした")
    parent, organisation = split_organisation(name)
    if window.source == "heading":
        uncertain.append("窓口名は見出しから取りました（番号の近くに名称が見つかりませんでした）")
    if "merged" in window.notes:
        uncertain.append("複数の電話番号を一つの窓口にまとめました")
    shared = [p for p in window.voice() if counts[p.number] > 1]
    for phone in shared:
        label = f"（{phone.label}）" if phone.label else ""
        uncertain.append(f"番号 {phone.number}{label} は他の窓口と共有されています")
    uncertain.extend(note for note in window.notes if note.startswith("セル"))
    for note in window.notes:
        if note.startswith("unread:"):
            uncertain.append(f"市外局番がないため番号「{note[7:]}」を登録できませんでした")
    known = [national_line_for_number(p.number) for p in window.voice()]
    national_line = known[0].key if known and all(known) and len({k.key for k in known}) == 1 else ""
    if national_line:
        uncertain.append(
            f"全国共通の相談窓口「{known[0].title}」の番号です。市の窓口は作らず、全国の窓口にリンクします"
        )
    else:
        national = [
            p.number
            for p, line in zip(window.voice(), known, strict=True)
            if line is None and (p.number.startswith(("#", *NATIONAL_PREFIXES)) or p.number.isdigit())
        ]
        if national:
            uncertain.append(f"全国共通の相談電話の可能性があります（{'、'.join(national)}）")
    hours, hours_note = window_hours(window)
    if hours_note:
        uncertain.append(hours_note)
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
        uncertain.append("分野を推定できませんでした")
    elif guessed_from_name or not window.context:
        uncertain.append("分野は窓口名と相談内容から推定しました")
    front_door = any(organisation in sentence or name in sentence for sentence in front_door_names)
    if front_door:
        uncertain.append("ページが「どこに相談したらよいかわからないとき」の窓口として案内しています")
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
        source_lines=[line.raw or line.text for line in window.lines][:12],
        national_line=national_line,
    )


def window_hours(window: WindowDraft):
    candidates = list(window.hours)
    for index, (text, labelled) in enumerate(window.hours[:-1]):
        if not re.search(r"\d\s*(?:時|:)", text):  # 「月〜金曜日（祝日・年末年始を除く）」 then 「9時～16時」
            following, _labelled = window.hours[index + 1]
            candidates.insert(0, (f"{text} {following}", labelled))
    for text, labelled in sorted(candidates, key=lambda item: not item[1]):
        rows = parse_hours(text)
        if rows:
            return rows, "" if labelled else f"受付時間は「{text}」から読み取りました（見出しのない記載）"
    if window.hours:
        return [], f"受付時間「{window.hours[0][0]}」を読み取れませんでした"
    return [], ""


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
        into.uncertain.extend(u for u in record.uncertain if u not in into.uncertain)
        into.source_lines.extend(record.source_lines)
    return list(merged.values())
