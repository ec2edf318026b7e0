"""Japanese phone numbers: parse what people type, find numbers in documents, build tel: links.

Pure functions over `phonenumbers` (region JP); no Django here, so the importers and the models share them.
Numbers are stored as E.164 (+81975822756) and shown in national format with hyphens (097-582-2756),
exactly as phonenumbers formats them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers

from directory.values import PhoneRecord

REGION = "JP"

VOICE = "voice"
FAX = "fax"

# NFKC turns full-width digits and ＦＡＸ into ASCII but leaves these dashes alone; documents use them all.
# They are replaced only between digits: ー is also the long vowel of センター.
_DASHES = "‐‑‒–—―−ー"
_DIGIT_DASH_RE = re.compile(rf"(?<=\d)[{_DASHES}](?=\d)")

# Words that say what kind of number follows. Checked longest first so 電話番号 wins over 電話.
_FAX_WORDS = ("ファックス", "ファクス", "ファクシミリ", "FAX")
_VOICE_WORDS = ("電話番号", "電話", "TEL", "☎", "☏", "📞")
_KIND_WORD_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(_FAX_WORDS + _VOICE_WORDS, key=len, reverse=True)),
    re.IGNORECASE,
)

# 「（内線123）」「内線 123」「ext.123」. No bare "x": it would match the X of FAX.
_EXTENSION_RE = re.compile(r"[(]?\s*(?:内線|ext\.?)\s*[:]?\s*(\d{1,6})\s*[)]?", re.IGNORECASE)

# A candidate number in free text: starts with 0 or +81 and has at least two groups, or a bare local
# number (582-1111) that only counts when the caller knows the area code.
_FULL_NUMBER = r"(?:\+81[-\s]?|\(?0)\d[\d()\-]*\d|0\d{1,4} \d{1,4} \d{3,4}"
_LOCAL_NUMBER = r"\d{2,4}-\d{4}"
_CANDIDATE_RE = re.compile(rf"(?<![\d-])(?:{_FULL_NUMBER}|{_LOCAL_NUMBER})(?![\d-])")

# A short parenthesised word right after a number labels it: 0948-22-5500(代表).
_LABEL_AFTER_RE = re.compile(r"\s*\(([^()\d]{1,8})\)")
_POSTCODE_MARK = "〒"


# Short codes residents dial as they are: #8008 (DV相談ナビ), #9110, #7119, #8000, #8891 and the three-digit
# service numbers (110, 119, 188, 189). phonenumbers rejects them, so they are recognised here and stored as written
# (the "e164" of a short code is the code itself).
_SHORT_CODE_RE = re.compile(r"#\d{4}|1\d\d")


def is_short_code(text: str) -> bool:
    """「#8008」「＃８００８」「189」: a national short code, not a subscriber number."""
    return bool(_SHORT_CODE_RE.fullmatch(normalize_text(text or "").strip()))


class PhoneError(ValueError):
    """An invalid phone number. str(error) is English for logs; `message_ja` is shown to the editor."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(message)
        self.message_ja = message_ja


@dataclass(frozen=True)
class ParsedPhone:
    e164: str  # +81975822756
    display: str  # 097-582-2756 (national format, without the extension)
    extension: str = ""  # 内線
    kind: str = VOICE  # "voice" / "fax"

    @property
    def tel_uri(self) -> str:
        return tel_uri(self.e164, self.extension)


@dataclass(frozen=True)
class PhoneMatch:
    """A number found in text. `start`/`end` index into `normalize_text(text)`, not the raw text."""

    start: int
    end: int
    record: PhoneRecord


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, brackets, colons, ＦＡＸ → ASCII) and dashes between digits → '-'."""
    return _DIGIT_DASH_RE.sub("-", unicodedata.normalize("NFKC", text))


def parse_phone(raw: str, *, default_area_code: str = "") -> ParsedPhone:
    """Parse one number as a person would type it: 「TEL：０９７－５８２－２７５６（内線123）」.

    `default_area_code` (e.g. "097") completes a number written without one (582-1111).
    Raises PhoneError for anything that is not a valid Japanese number.
    """
    text = normalize_text(raw or "").strip()
    if not text:
        raise PhoneError("empty phone number", "電話番号が入力されていません。")

    kind = _kind_of(text)
    extension = ""
    ext_match = _EXTENSION_RE.search(text)
    if ext_match:
        extension = ext_match.group(1)
        text = text[: ext_match.start()] + text[ext_match.end() :]
    text = _strip_kind_words(text)
    if _SHORT_CODE_RE.fullmatch(text.replace(" ", "")):
        code = text.replace(" ", "")
        return ParsedPhone(e164=code, display=code, extension=extension, kind=kind)

    if not re.fullmatch(r"\+?[\d\-\s()]+", text):
        raise PhoneError(
            f"phone number contains unexpected characters: {raw!r}",
            "電話番号に使えない文字が含まれています。数字とハイフンで入力してください（例：097-582-1111）。",
        )
    number = _with_area_code(text, default_area_code, raw)
    parsed = _parse_valid(number, raw)
    return ParsedPhone(
        e164=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        display=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
        extension=extension,
        kind=kind,
    )


def find_phones(text: str, *, default_area_code: str = "") -> list[PhoneRecord]:
    """Every valid number in free text, FAX kept apart from voice, labels such as 代表/直通 kept.

    「電話番号：0948-22-5500(代表)/0948-96-8234(直通)」 → two voice numbers labelled 代表 and 直通.
    Numbers are returned in national format (097-582-2756) so the area code is never lost.
    """
    return [match.record for match in find_phone_matches(text, default_area_code=default_area_code)]


def find_phone_matches(text: str, *, default_area_code: str = "") -> list[PhoneMatch]:
    """Like find_phones, with positions in `normalize_text(text)` so callers can split text around numbers."""
    normalized = normalize_text(text)
    found: list[PhoneMatch] = []
    seen: set[tuple[str, str, str]] = set()
    for start, end, candidate in _candidates(normalized, default_area_code):
        try:
            parsed = parse_phone(candidate, default_area_code=default_area_code)
        except PhoneError:
            continue  # dates, counts and other digit runs that are not numbers
        end, extension, label = _trailing_details(normalized, end)
        record = PhoneRecord(
            number=parsed.display,
            kind=_kind_before(normalized, start),
            extension=extension,
            label=label,
        )
        key = (parsed.e164, record.kind, record.extension)
        if key not in seen:
            seen.add(key)
            found.append(PhoneMatch(start=start, end=end, record=record))
    return found


def tel_uri(e164: str, extension: str = "") -> str:
    """tel:+81975822756, with ;ext=123 (RFC 3966) when there is an extension.

    A short code keeps its digits (tel:189); its # is percent-encoded (tel:%238008), because a bare # would start
    a URL fragment and the phone would dial 「8008」 or nothing.
    """
    uri = "tel:" + e164.replace("#", "%23")
    return f"{uri};ext={extension}" if extension else uri


# --- helpers -------------------------------------------------------------------------------------


def _kind_of(text: str) -> str:
    upper = text.upper()
    return FAX if any(word.upper() in upper for word in _FAX_WORDS) else VOICE


def _strip_kind_words(text: str) -> str:
    text = _KIND_WORD_RE.sub("", text)
    # What is left of 「TEL：」「電話番号は」 etc.: separators and particles before the digits.
    return re.sub(r"^[\s:.\-・は]+", "", text).strip()


def _with_area_code(text: str, default_area_code: str, raw: str) -> str:
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("0"):
        return text
    area = re.sub(r"\D", "", default_area_code)
    if not area:
        raise PhoneError(
            f"phone number has no area code and no default area code was given: {raw!r}",
            "市外局番から入力してください（例：097-582-1111）。",
        )
    if not area.startswith("0"):
        area = "0" + area
    return f"{area}-{text}"


def _parse_valid(number: str, raw: str) -> phonenumbers.PhoneNumber:
    try:
        parsed = phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException as error:
        raise PhoneError(
            f"cannot parse phone number {raw!r}: {error}",
            "電話番号として読み取れませんでした。番号をご確認ください。",
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError(
            f"not a valid Japanese phone number: {raw!r}",
            "有効な電話番号ではありません。桁数や市外局番をご確認ください。",
        )
    return parsed


def _candidates(normalized: str, default_area_code: str) -> Iterator[tuple[int, int, str]]:
    for match in _CANDIDATE_RE.finditer(normalized):
        candidate = match.group(0)
        is_full = candidate.startswith(("0", "+"))
        if not is_full and not default_area_code:
            continue
        if normalized[: match.start()].rstrip().endswith(_POSTCODE_MARK):
            continue  # 〒820-8501 looks like a local number
        yield match.start(), match.end(), candidate


def _trailing_details(normalized: str, end: int) -> tuple[int, str, str]:
    """Extension and label written right after a number: 「097-582-1111（内線123）」「0948-22-5500(代表)」."""
    extension = label = ""
    for _ in range(2):  # a number may carry both, in either order
        rest = normalized[end:]
        ext = re.match(r"\s*" + _EXTENSION_RE.pattern, rest, re.IGNORECASE)
        if ext and not extension:
            extension, end = ext.group(1), end + ext.end()
            continue
        lab = _LABEL_AFTER_RE.match(rest)
        if lab and not label:
            label, end = lab.group(1).strip(), end + lab.end()
            continue
        break
    return end, extension, label


def _kind_before(normalized: str, start: int) -> str:
    """FAX when the nearest kind word before the number on the same line says so, else voice.

    Looking back to the nearest word (not only the one right before) keeps
    「電話：097-111-1111 / 097-222-2222」 both voice and 「FAX：… 」 apart.
    """
    line_start = normalized.rfind("\n", 0, start) + 1
    words = list(_KIND_WORD_RE.finditer(normalized, line_start, start))
    if not words:
        return VOICE
    return _kind_of(words[-1].group(0))
