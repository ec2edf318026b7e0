"""A tolerant reader of phone numbers in municipal pages, built on `phonenumbers` (via `directory.phones`).

`read_numbers(line, area_code)` finds every number a person would dial in one line and says what it is:

- separators `-` `－` `‐` `ー` `・` `.`, spaces, full-width digits and `(0xx)` area codes: 「(0238)62-8133」
  「0869(92)5180」「0123・24・0194」「０１２３－２４－０１９４」;
- numbers without an area code (「22-4180」), completed from the city's area code when known, else returned
  with `local=True` and no `number`, so the caller can say so instead of dropping them;
- 0120 / 0800 / 0570 numbers; short national codes (188, 189, #8008, #7119 …), never 110/118/119 or a
  number followed by 番 (「110番」) in prose;
- 内線 (「（内線215）」) and a short label in brackets after the number (「（代表）」「（直通）」);
- the kind from the nearest kind word before the number in the same clause: FAX/ファクス → fax. Postal codes
  (〒, 郵便番号), dates, times, amounts and digit runs that are no valid number are not read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from directory.phones import FAX, VOICE, PhoneError, parse_phone

# Between two digits these are separators (ー is also the long vowel of センター, so only between digits).
_DIGIT_SEPARATORS = "‐‑‒–—―−ー・.－"
_SEPARATOR_RE = re.compile(rf"(?<=\d)\s*[{_DIGIT_SEPARATORS}]\s*(?=\d)")
_FULL = r"(?:\+81[-\s]?\d|\(0\d{1,4}\)\s*\d|0\d)(?:[\d\-]|\s(?=\d)|\(\d{1,4}\))*\d"
_LOCAL = r"\d{2,4}-\d{4}"
_SHORT = r"#\s?\d{4}|\b1[0-9]{2}\b"
_CANDIDATE_RE = re.compile(rf"(?<![\d\-#,])(?:{_FULL}|{_LOCAL}|{_SHORT})(?![\d\-])")
_SHORT_NATIONAL = frozenset({"188", "189"})  # 消費者ホットライン, 児童相談所虐待対応ダイヤル
_FAX_WORDS = ("ファックス", "ファクス", "ファクシミリ", "FAX", "FAX")
_VOICE_WORDS = ("電話", "TEL", "☎", "☏", "📞", "ダイヤル", "ホットライン", "フリーダイヤル", "ナビダイヤル")
_KIND_RE = re.compile(
    "|".join(sorted(map(re.escape, _FAX_WORDS + _VOICE_WORDS), key=len, reverse=True)), re.I
)
_EXTENSION_RE = re.compile(r"^\s*[(]?\s*(?:内線|ext\.?)\s*[:]?\s*(?:番号)?\s*(\d{1,6})\s*[)]?", re.I)
_LABEL_RE = re.compile(r"^\s*\(([^()\d]{1,8})\)")
# A unit right after the digits makes them a count, date or amount (「1140日」「110番」); a word that only starts
# with one (「日時」「時間」「月曜日」「番号」「年末年始」) is the next label, not a unit.
_NOT_AFTER = re.compile(
    r"^\s*(?:番(?!号)|件|人|円|名|回|年(?!末|始)|月(?!曜|～|~)|日(?!時|曜|中)|時(?!間)|分|歳|才|号|%|万|丁目|階)"
)
_POSTAL_BEFORE = re.compile(r"(?:〒|郵便番号)\s*[:]?\s*$")


@dataclass
class NumberSpan:
    start: int  # in `normalize(line)`
    end: int
    raw: str
    number: str  # national format 0123-24-0194, or the short code 188 / #8008; "" for an unread local number
    kind: str = VOICE
    extension: str = ""
    label: str = ""
    short: bool = False  # a short national code
    local: bool = False  # written without an area code
    completed: bool = False  # … and completed from the area code


def normalize(text: str) -> str:
    """NFKC, and every separator between two digits → '-' (lengths may change: use spans on this text)."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SEPARATOR_RE.sub("-", text)


def read_numbers(line: str, area_code: str = "") -> list[NumberSpan]:
    """Numbers in one line (already `normalize`d or not), left to right. Dates, amounts and 〒 are skipped."""
    text = normalize(line)
    spans: list[NumberSpan] = []
    position = 0
    while True:
        match = _CANDIDATE_RE.search(text, position)
        if match is None:
            break
        position = match.end()
        raw = match.group(0).strip()
        start, end = match.start(), match.start() + len(match.group(0).rstrip())
        if _POSTAL_BEFORE.search(text[:start]):
            continue
        span = _read(raw, start, end, text, area_code)
        if span is None or _NOT_AFTER.match(text[span.end :]):
            continue
        position = span.end  # a shortened run: go on after the part that was read
        span.end, span.extension, span.label = _trailing(text, span.end)
        span.kind = _kind_before(text, start, spans[-1].end if spans else 0, spans)
        spans.append(span)
    return spans


def _read(raw: str, start: int, end: int, text: str, area_code: str) -> NumberSpan | None:
    compact = raw.replace(" ", "")
    if compact.startswith("#"):
        return NumberSpan(start, end, raw, compact, short=True)
    if re.fullmatch(r"\d{3}", compact):
        if compact in _SHORT_NATIONAL:
            return NumberSpan(start, end, raw, compact, short=True)
        return None  # 110, 119, 118 and other three-digit runs are never a window's number
    digits = re.sub(r"\D", "", compact)
    if not digits.startswith("0") and not compact.startswith("+"):
        if not re.fullmatch(r"\d{2,4}-\d{4}", compact):
            return None
        if not area_code:
            return NumberSpan(start, end, raw, "", local=True)
        try:
            parsed = parse_phone(compact, default_area_code=area_code)
        except PhoneError:
            return None
        return NumberSpan(start, end, raw, parsed.display, local=True, completed=True)
    if len(digits) < 10 and " " in raw:
        return None
    try:
        parsed = parse_phone(compact)
    except PhoneError:
        # 「0123 24 0194 FAX …」: a space-separated run may have swallowed a following group; try shorter.
        return _shorter(raw, start, text)
    return NumberSpan(start, end, raw, parsed.display)


def _shorter(raw: str, start: int, text: str) -> NumberSpan | None:
    parts = raw.split()
    while len(parts) > 1:
        parts.pop()
        candidate = " ".join(parts)
        try:
            parsed = parse_phone(candidate.replace(" ", "-"))
        except PhoneError:
            continue
        return NumberSpan(start, start + len(candidate), candidate, parsed.display)
    return None


def _trailing(text: str, end: int) -> tuple[int, str, str]:
    extension = label = ""
    for _ in range(3):
        rest = text[end:]
        ext = _EXTENSION_RE.match(rest)
        if ext and not extension:
            extension, end = ext.group(1), end + ext.end()
            continue
        lab = _LABEL_RE.match(rest)
        if lab and not label and _is_phone_label(lab.group(1)):
            label, end = lab.group(1).strip(), end + lab.end()
            continue
        break
    return end, extension, label


_PHONE_LABEL_WORDS = (
    "代表",
    "直通",
    "専用",
    "夜間",
    "休日",
    "平日",
    "相談",
    "予約",
    "受付",
    "携帯",
    "フリー",
    "ダイヤル",
)


def _is_phone_label(text: str) -> bool:
    return any(word in text for word in _PHONE_LABEL_WORDS) and len(text) <= 8


def _kind_before(text: str, start: int, previous_end: int, spans: list[NumberSpan]) -> str:
    """FAX when the nearest kind word between the previous number (or the line start) and this one says so.

    Without a kind word of its own, a number after a FAX number on the same line is a FAX too only when
    separated by 「/」 or 「・」 (「FAX 0123-24-0001/0002」); otherwise it is voice.
    """
    words = list(_KIND_RE.finditer(text, previous_end, start))
    if words:
        return FAX if words[-1].group(0).upper() in {w.upper() for w in _FAX_WORDS} else VOICE
    if spans and spans[-1].kind == FAX and re.fullmatch(r"\s*[/、,]\s*", text[previous_end:start]):
        return FAX
    return VOICE


def area_code_of(number: str) -> str:
    """「0123-24-0194」 → 「0123」: the geographic area code of a number, "" for 0120/050/mobile/short ones."""
    try:
        parsed = phonenumbers.parse(number, "JP")
    except phonenumbers.NumberParseException:
        return ""
    length = phonenumbers.length_of_geographical_area_code(parsed)
    return "0" + phonenumbers.national_significant_number(parsed)[:length] if length else ""
