"""Measure the window extractor on municipal pages with gold lists (`manage.py import_eval DIR`).

A directory holds pages (`.html`, `.txt`, `.pdf`) and, next to each, `<stem>.gold.json`:

    {"area_code": "0123", "kind": "html", "windows": [
        {"organisation": "地域包括支援センター", "parent": "", "phones": ["0123-24-0194"],
         "hours": "平日 8:30～17:15", "national": false},
        {"organisation": "福祉総務課", "phones": ["0123-24-7881"], "optional": true, "page_contact": true}]}

Per page and per kind of input (text / html / pdf):

- **phones found**: gold voice numbers (of required windows) that some extracted window carries as voice;
- **on the right organisation**: …carried by a window whose name is the gold organisation's (spaces, brackets,
  list markers and the parent department ignored; a name that contains the gold one, or the reverse, counts
  when the shorter is at least half the longer);
- **hours right**: gold windows with hours whose matched window has the same rows (weekdays, opens, closes) as
  `parse_hours` of the gold text;
- **false phones**: extracted voice numbers that are no voice number of the page (FAX, 〒, dates, amounts,
  110/119, a number cut from a longer one). Optional windows (the page's contact, the city hall) are neither
  required nor false.

No database is needed: the extractor runs in this process on the file's bytes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from directory.hours import parse_hours
from directory.phones import VOICE

PAGE_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text", ".pdf": "pdf"}
_NAME_NOISE_RE = re.compile(r"[\s　【】\[\]「」『』()（）○●◎■□◆◇▽▼★・\-:：]")


@dataclass
class GoldWindow:
    organisation: str
    phones: list[str]
    parent: str = ""
    hours: str | None = None
    optional: bool = False
    national: bool = False


@dataclass
class Gold:
    path: Path
    kind: str
    area_code: str
    windows: list[GoldWindow]


@dataclass
class Extracted:
    """What the extractor returned for one page: windows as (names, voice numbers, hours rows)."""

    windows: list[tuple[list[str], list[str], list[tuple]]]
    error: str = ""


@dataclass
class PageScore:
    name: str
    kind: str
    phones: int = 0
    found: int = 0
    right: int = 0
    hours: int = 0
    hours_right: int = 0
    false_phones: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    windows: int = 0
    error: str = ""


def load_gold(directory: Path) -> list[Gold]:
    pages = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        page = next(
            (
                directory / f"{stem}{suffix}"
                for suffix in PAGE_SUFFIXES
                if (directory / f"{stem}{suffix}").exists()
            ),
            None,
        )
        if page is None:
            continue
        data = json.loads(gold_path.read_text(encoding="utf-8"))
        windows = [
            GoldWindow(
                organisation=item["organisation"],
                phones=list(item.get("phones", [])),
                parent=item.get("parent", ""),
                hours=item.get("hours"),
                optional=bool(item.get("optional")),
                national=bool(item.get("national")),
            )
            for item in data["windows"]
        ]
        pages.append(Gold(page, PAGE_SUFFIXES[page.suffix], data.get("area_code", ""), windows))
    return pages


def name_key(name: str) -> str:
    return _NAME_NOISE_RE.sub("", unicodedata.normalize("NFKC", name or ""))


def same_organisation(extracted: list[str], gold: GoldWindow) -> bool:
    wanted = {name_key(gold.organisation), name_key(f"{gold.parent}{gold.organisation}")} - {""}
    for name in extracted:
        key = name_key(name)
        if not key:
            continue
        for target in wanted:
            if key == target or key.endswith(target) and len(target) * 2 >= len(key):
                return True
            if target.endswith(key) and len(key) * 2 >= len(target):
                return True
    return False


def number_key(number: str) -> str:
    return re.sub(r"[^\d#]", "", unicodedata.normalize("NFKC", number or ""))


def hours_rows(records) -> list[tuple]:
    return sorted((tuple(h.weekdays), h.opens, h.closes) for h in records)


def score_page(gold: Gold, extracted: Extracted) -> PageScore:
    score = PageScore(
        name=gold.path.name, kind=gold.kind, windows=len(extracted.windows), error=extracted.error
    )
    every_gold_number = {number_key(p) for w in gold.windows for p in w.phones}
    for names, numbers, _hours in extracted.windows:
        for number in numbers:
            if number_key(number) not in every_gold_number:
                score.false_phones.append(f"{number} ({' / '.join(names)[:40]})")
    for window in gold.windows:
        if window.optional:
            continue
        matched = [w for w in extracted.windows if same_organisation(w[0], window)]
        for phone in window.phones:
            score.phones += 1
            key = number_key(phone)
            carriers = [w for w in extracted.windows if key in {number_key(n) for n in w[1]}]
            if carriers:
                score.found += 1
            if any(key in {number_key(n) for n in w[1]} for w in matched):
                score.right += 1
            else:
                where = " / ".join(sorted({" ".join(w[0])[:30] for w in carriers})) or "not found"
                score.misses.append(f"{window.organisation} {phone} → {where}")
        if window.hours:
            score.hours += 1
            expected = hours_rows(parse_hours(window.hours))
            if expected and any(w[2] == expected for w in matched):
                score.hours_right += 1
    return score


@dataclass
class Totals:
    pages: int = 0
    phones: int = 0
    found: int = 0
    right: int = 0
    hours: int = 0
    hours_right: int = 0
    false_phones: int = 0
    windows: int = 0
    errors: int = 0

    def add(self, score: PageScore) -> None:
        self.pages += 1
        self.phones += score.phones
        self.found += score.found
        self.right += score.right
        self.hours += score.hours
        self.hours_right += score.hours_right
        self.false_phones += len(score.false_phones)
        self.windows += score.windows
        self.errors += bool(score.error)

    def as_dict(self) -> dict:
        return {
            "pages": self.pages,
            "phones": self.phones,
            "found": self.found,
            "right_organisation": self.right,
            "hours": self.hours,
            "hours_right": self.hours_right,
            "false_phones": self.false_phones,
            "windows": self.windows,
            "pages_without_windows": self.errors,
        }


def evaluate(
    pages: list[Gold], extract: Callable[[Gold], Extracted]
) -> tuple[list[PageScore], dict[str, Totals]]:
    scores = [score_page(gold, extract(gold)) for gold in pages]
    totals: dict[str, Totals] = {}
    for score in scores:
        totals.setdefault(score.kind, Totals()).add(score)
        totals.setdefault("all", Totals()).add(score)
    return scores, totals


def extracted_from_records(records) -> Extracted:
    windows = []
    for record in records:
        names = [record.organisation_full_name or record.organisation, record.organisation]
        numbers = [p.number for p in record.phones if p.kind == VOICE]
        windows.append((names, numbers, hours_rows(record.hours)))
    return Extracted(windows)
