"""Consultation windows from the line model: phone-anchored segmentation, one extractor for every format.

Every voice number on a page is a candidate contact. Its window is named, in this order, by:

1. the number's own line or sentence: the text just before the number (「総合サポート係 TEL.63-8322」,
   「市民生活課0123-24-0194」, 「▼保健センター（中央2-5-10）【TEL】22-4180。」), labels and markers removed;
2. else the nearest name-like line above it in the page: a list item (○●◎■□◆◇▽▼★・-), a 【】 label, a
   numbered item (①⑴(1)1.), an emphasised line, a definition term, a table row's name cell, a short line
   standing alone, or a 「担当／問い合わせ先：…」 label inside the block;
3. a heading, only as a last resort (recorded for the review queue).

Headings and name-like lines that end up without a number of their own are sections: they give the windows
below them topics and categories. A page's 問合せ/お問い合わせ block is the page's contact, not a window.
Hours come from the whole window block (a 受付時間 line, 「（平日…）」 on the phone line, a sentence); nothing
the page does not say is added. What was guessed is written to `uncertain`, with the source lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from directory.hours import parse_hours
from directory.national import national_line_for_number
from directory.phones import FAX, VOICE
from directory.values import AUDIENCE_RESIDENT, parse_target
from importers.categories import guess_categories
from importers.lines import Line, split_marker
from importers.numbers import NumberSpan, area_code_of, read_numbers
from importers.parsers.windows import full_name, split_organisation, split_topics
from importers.records import HtmlWindowRecord, PhoneRecord, Source

# --- labels ------------------------------------------------------------------------------------------------

_LABEL_RE = re.compile(
    r"^[【\[〔<《(]?\s*(?P<label>[^:】\]〕>》)]{1,12}?)\s*[】\]〕>》)]?\s*(?:[:]\s*|(?<=[】\]〕>》)])\s*|\s+)(?P<value>.*)$"
)
HOURS_LABELS = (
    "受付時間",
    "相談時間",
    "開庁時間",
    "開所時間",
    "受付日時",
    "相談日時",
    "時間",
    "日時",
    "受付日",
    "相談日",
    "受付",
    "開設日",
    "開館時間",
)
ADDRESS_LABELS = ("所在地", "住所", "場所", "相談場所", "窓口の場所", "会場", "窓口")
TOPIC_LABELS = ("相談内容", "主な相談内容", "内容", "相談できること", "業務内容", "主な業務", "相談の内容")
TARGET_LABELS = ("対象", "対象者", "相談対象")
NAME_LABELS = (
    "担当",
    "担当課",
    "窓口名",
    "名称",
    "相談先",
    "問い合わせ先",
    "問合せ先",
    "お問い合わせ先",
    "申込先",
    "申し込み先",
    "連絡先",
)
CONTACT_WORDS = ("問い合わせ", "問合せ", "問合わせ", "お問い合わせ", "お問合せ")
_PHONE_LABEL_RE = re.compile(
    r"(?:[【\[(〔]\s*)?(?:専用|相談|代表|直通)?\s*(?:電\s*話\s*(?:番\s*号)?|T\s*E\s*L|ＴＥＬ|Tel|tel|☎|☏|📞|"
    r"フリーダイヤル|ナビダイヤル)\s*(?:[】\])〕]\s*)?[.:]?\s*",
)
_ORG_SUFFIX_RE = re.compile(
    r"(課|係|室|班|所|局|部|センター|協議会|会|館|署|院|ダイヤル|ライン|相談|窓口|事務所|事業所|支所|役場|市役所|ステーション|テラス|ナビ|電話|"
    r"ネット|ルーム|プラザ|サポート|ひろば|広場|園|団|機構|連合|クラブ|組合|法人|ホーム)$"
)
_NOT_NAME_WORDS = (
    "代表",
    "直通",
    "夜間",
    "休日",
    "平日",
    "専用",
    "FAX",
    "ファクス",
    "内線",
    "メール",
    "問い合わせ",
    "問合せ",
)
_HOURS_HINT_RE = re.compile(
    r"[月火水木金土日]曜|平日|祝日|年末年始|\d{1,2}時|\d{1,2}:\d{2}|午前|午後|毎日|24時間|365日"
)
_PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")
_LOCATION_RE = re.compile(r"階|庁舎|館|棟|内|支所|丁目|\d+-\d+|役場|センター内")
_FRONT_DOOR_RE = re.compile(r"(どこに|どこへ|どの窓口に)(相談|聞け).{0,12}(わから|分から)")
_NATIONAL_PREFIXES = ("0120", "0800", "0570")


def read_label(text: str) -> tuple[str, str]:
    """(label, value): 「【受付時間】平日…」「電 話：…」「受付時間 平日…」 → ("受付時間", "平日…"); spaces ignored."""
    match = _LABEL_RE.match(text)
    if not match:
        return "", text
    label = re.sub(r"\s+", "", match.group("label"))
    if re.search(r"\d", label) or len(label) > 10:
        return "", text
    return label, match.group("value").strip()


def _is(label: str, labels: tuple[str, ...]) -> bool:
    return any(label == item or label.endswith(item) for item in labels)


def _known_label(label: str) -> bool:
    return _is(label, HOURS_LABELS + ADDRESS_LABELS + TOPIC_LABELS + TARGET_LABELS + NAME_LABELS) or bool(
        _PHONE_LABEL_RE.fullmatch(label)
    )


# --- names --------------------------------------------------------------------------------------------------


def clean_name(text: str) -> tuple[str, str]:
    """(name, location) from the text before a number or a name-like line; ("", "") when it is no name."""
    text = text.strip()
    marker, text = split_marker(text)
    text = re.sub(
        r"〒\s*\d{3}-?\d{4}", " ", text
    )  # 「〒709-0802 あさひ市役所」: the postal code is no part of a name
    unit = _PAREN_RE.search(text)
    if unit and not text[unit.end() :].strip() and _subunit(text[: unit.start()], unit.group(1)):
        text = f"{text[: unit.start()].strip()} {unit.group(1).strip()}"  # 「保健センター（健康づくり係）」
    location = ""
    for match in list(_PAREN_RE.finditer(text)):
        inner = match.group(1).strip()
        if _LOCATION_RE.search(inner) and not location:
            location = inner
    text = _PAREN_RE.sub(" ", text)
    text = _strip_phone_label(text)
    text = re.sub(r"(?i)\b(?:FAX|Fax|ファクス|ファックス)\b.*$", "", text)
    text = (
        re.sub(r"^[【\[〔][^】\]〕]{1,12}[】\]〕]\s*(?=\S)(?=.*\S)", "", text)
        if re.match(r"^[【\[〔][^】\]〕]{1,12}[】\]〕]\s*\S", text)
        else text
    )
    text = text.strip(" 【】[]〔〕「」:、,/／・。=＝()（）-")
    label, value = read_label(text)
    if label and value and (_known_label(label) or any(word in label for word in CONTACT_WORDS)):
        text = value  # 「問い合わせ先：子育て支援課」「場所・問い合わせ：こども課」
    parts = [p for p in re.split(r"\s{2,}|。", text) if p.strip()]
    if len(parts) > 1:
        text = parts[-1]
    if "は" in text:
        # 「…の悩みは男女共同参画センター「あすてらす」」「…の相談は、法務局の「こどもの人権110番」」
        tail = text.rsplit("は", 1)[1].strip(" 、,")
        bare = re.sub(r"「[^」]*」?$", "", tail)  # the closing 」 may have been stripped with the bracket
        if len(tail) >= 2 and (_ORG_SUFFIX_RE.search(bare) or re.search(r"の「[^」]+」?$", tail)):
            text = tail
    quoted = re.fullmatch(r"(.+?)の「([^」]+)」?", text)  # 「法務局の「こどもの人権110番」」: the quoted line
    if quoted and is_name_like(quoted.group(2)):
        text = quoted.group(2)
    # 「県弁護士会の専用電話」: the organisation's own line is the organisation's window
    text = re.sub(
        r"^(.{2,}?)の(?:専用|相談|無料)?電話(?:相談)?$",
        lambda m: m.group(1) if _ORG_SUFFIX_RE.search(m.group(1)) else m.group(0),
        text,
    )
    text = re.sub(r"[「」『』]", " ", text).strip(" 【】[]:、,/／・。()（）-=※")
    if len(text) > 1 and text[-1] in "はへにをがでもと":
        if not _ORG_SUFFIX_RE.search(text[:-1]):
            return "", ""  # 「…迷ったときは #8000 へ」: a clause, not a name
        text = text[:-1]  # 「※市役所は097-…」
    return (text, location) if is_name_like(text) else ("", "")


_SUBUNIT_RE = re.compile(r"(係|室|班|担当|グループ)$")
_DEPARTMENT_RE = re.compile(r"(課|部|局|委員会|役場|市役所|センター|所)$")


def _subunit(outer: str, inner: str, *, after_number: bool = False) -> bool:
    """Does 「outer（inner）」 name a unit inside a department?

    In a name, only a section of a department: 「保健センター（健康づくり係）」, not 「健康づくり課（保健センター）」 (a
    building) nor 「社会福祉協議会（地域福祉係）」 (the council is the window). After the number, a bracketed
    organisation says whom the number reaches: 「長寿介護課 電話 …（地域包括支援センター）」.
    """
    outer, inner = _strip_phone_label(split_marker(outer.strip())[1]).strip(), inner.strip()
    if not outer or not inner or _LOCATION_RE.search(inner) or _HOURS_HINT_RE.search(inner):
        return False
    if not is_name_like(inner) or any(word in inner for word in _NOT_NAME_WORDS):
        return False
    if not _DEPARTMENT_RE.search(outer):
        return False
    if after_number:
        return bool(_ORG_SUFFIX_RE.search(inner)) and not inner.endswith(("相談", "電話", "ダイヤル"))
    return bool(_SUBUNIT_RE.search(inner))


_LABEL_ONLY_RE = re.compile(
    r"^(?:(?:夜間|休日|平日|土日|土曜|日曜|祝日|日中|緊急時?|時間外|代表|直通|専用|相談専用|携帯|予約|受付|一般|通常|"
    r"フリーダイヤル|ナビダイヤル|携帯電話|IP電話|PHS|から)[・、/\s]*)+$"
)


_LABEL_WORD = r"(?:(?:専用|相談|代表|直通)?\s*(?:電\s*話\s*(?:番\s*号)?|T\s*E\s*L|Tel|tel|☎|☏|📞|フリーダイヤル|ナビダイヤル))"
_TRAILING_LABEL_RES = (
    re.compile(rf"[【\[(〔]\s*{_LABEL_WORD}\s*[】\])〕]?\s*[.:]?\s*$"),  # 「…【TEL】」「…(電話」
    re.compile(rf"(?:^|(?<=[\s、,。/]))\s*{_LABEL_WORD}\s*[.:]?\s*$"),  # 「… 電話」「電話:」
    re.compile(rf"{_LABEL_WORD}\s*[.:]\s*$"),  # 「市民生活課TEL.」「…電話:」
    re.compile(r"(?:TEL|Tel|tel|☎|☏|📞)\s*[.:]?\s*$"),  # Latin labels and symbols are never part of a name
)


def _strip_phone_label(text: str) -> str:
    """「相談室 電話：」「保健所【TEL】」「市民生活課TEL.」 → the name; 「いのちの電話」 keeps its 電話."""
    text = text.strip()
    for pattern in _TRAILING_LABEL_RES:
        text = pattern.sub(" ", text).strip()
    return re.sub(rf"^[【\[(〔]?\s*{_LABEL_WORD}\s*[】\])〕]?\s*[.:]?\s*", "", text).strip()


def is_name_like(text: str) -> bool:
    if not (2 <= len(text) <= 40) or "。" in text or _LABEL_ONLY_RE.match(text):
        return False
    if not re.search(r"[\u3040-\u30ff\u4e00-\u9fffA-Za-z]", text):
        return False
    if any(text == word or text.startswith(word) and len(text) <= len(word) + 2 for word in _NOT_NAME_WORDS):
        return False
    if _HOURS_HINT_RE.search(text) and not _ORG_SUFFIX_RE.search(text):
        return False
    if len(re.findall(r"\d", text)) > 4:
        return False
    label, _value = read_label(text)
    return not (label and _known_label(label) and not _is(label, NAME_LABELS))


_CONTACT_HEADING_RE = re.compile(
    r"^(?:この(?:ページ|記事|情報|ページの内容)(?:に関する|について)の?)?(?:お|御)?問い?合わ?せ(?:先|窓口|は)?(?:こちら)?$"
)


def _is_contact_heading(text: str) -> bool:
    """「お問い合わせ」「このページに関するお問い合わせ」「問合せ先」 as a heading or a line of its own."""
    return bool(_CONTACT_HEADING_RE.match(re.sub(r"[\s【】\[\]():：・]", "", text)))


# --- windows being read -------------------------------------------------------------------------------------


@dataclass
class _Window:
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


class ContactExtractor:
    def __init__(self, lines: list[Line], *, document: str, area_code: str):
        self.lines = lines
        self.document = document
        self.warnings: list[str] = []
        self.area_code = area_code or self._derive_area_code()
        self.windows: list[_Window] = []
        self.headings: dict[int, str] = {}
        self.sections: list[str] = []
        self.current: _Window | None = None
        self.in_contact = False
        self.main_number: PhoneRecord | None = None
        self.unread_local: list[str] = []
        self.front_door_names: list[str] = []

    # --- the area code ---

    def _derive_area_code(self) -> str:
        codes: Counter[str] = Counter()
        main = ""
        local = 0
        for line in self.lines:
            for span in read_numbers(line.text):
                if span.local:
                    local += 1
                code = area_code_of(span.number) if span.number and not span.short else ""
                if code:
                    codes[code] += 1
                    if span.label == "代表" or "代表" in line.text:
                        main = main or code
        code = main or (codes.most_common(1)[0][0] if codes else "")
        if code and local:
            self.warnings.append(
                f"{self.document}: 市外局番のない番号に、ページ内の{'代表番号' if main else '番号'}から推定した市外局番 {code} を補いました。"
            )
        return code

    # --- the walk ---

    def run(self) -> list[HtmlWindowRecord]:
        for line in self.lines:
            if _FRONT_DOOR_RE.search(line.text):
                self.front_door_names.append(line.text)
            if line.heading:
                self._heading(line)
            elif line.table:
                self._cell(line)
            else:
                self._line(line)
        self._close()
        if self.unread_local:
            self.warnings.append(
                f"{self.document}: 市外局番が分からないため、市外局番のない番号 {len(self.unread_local)} 件（"
                + "、".join(self.unread_local[:5])
                + "）を取り込めませんでした。市の市外局番を設定してから取り込み直してください。"
            )
        return self._records()

    def _heading(self, line: Line) -> None:
        self._close()
        self.headings = {k: v for k, v in self.headings.items() if k < line.heading}
        self.sections = []
        if line.heading == 1:
            self.headings[1] = line.text
            self.in_contact = False
            return
        self.in_contact = _is_contact_heading(line.text)
        self.headings[line.heading] = line.text
        if not self.in_contact:
            name, _location = clean_name(line.text)
            if name:
                self.current = _Window(name, "heading", line, self._context(exclude=line.text), lines=[line])
                self.current.candidates.append((_name_score(line, name, "heading"), name, ""))

    def _context(self, exclude: str = "") -> list[str]:
        """Section names above, nearest first; the page title (h1) is not a section (it comes last, if at all)."""
        headings = [
            text
            for level, text in sorted(self.headings.items(), reverse=True)
            if text != exclude and level > 1
        ]
        return [*reversed(self.sections[-2:]), *headings]

    def _close(self) -> None:
        window, self.current = self.current, None
        if window is None:
            return
        if window.row is not None and _is_layout_row(window.lines, self.area_code):
            # Columns of running text that a PDF reader took for one table row: read them as lines.
            for line in window.lines:
                self._line(line)
            self._close()
            return
        if window.row is not None:
            self._finish_row(window)
        if window.voice() or any(n.startswith("unread:") for n in window.notes):
            window.contact = window.contact or self.in_contact
            self.windows.append(window)
        elif window.source in ("item", "heading") and not window.phones:
            self.sections.append(window.name)

    def _open(self, name: str, source: str, line: Line, location: str = "") -> _Window:
        self._close()
        window = _Window(name, source, line, self._context(), lines=[line], address=location)
        window.candidates.append((_name_score(line, name, source), name, location))
        window.contact = self.in_contact
        self.current = window
        return window

    # --- one line outside tables ---

    def _line(self, line: Line) -> None:
        text = line.text
        label, value = read_label(text)
        spans = read_numbers(text, self.area_code)
        current = self.current
        # 「問い合わせ 市民協働課（TEL 22-4101）」 standing alone: the page's contact.
        contact_label = (
            label and any(word in label for word in CONTACT_WORDS) and not _is(label, NAME_LABELS[:5])
        )
        if _is_contact_heading(text) and not spans:
            # 「お問い合わせ」 alone on its line (a footer title in <strong>): what follows is the page's contact.
            self._close()
            self.in_contact = True
            return
        # Inside a window that has no number yet (「問い合わせ：0248-…」 under its heading) the line is the window's;
        # standing after the windows, it is the page's contact.
        if contact_label and (current is None or (current.first.block != line.block and current.voice())):
            self._close()
            self.in_contact = True
        if (
            label
            and (_is(label, NAME_LABELS) or _is(label, CONTACT_WORDS))
            and value
            and current is not None
            and current.first.block == line.block
            and not current.voice()
        ):
            # 「■行政相談 … 問合せ：総務課 【電話】…」: inside a window's block, the office to call names it.
            name, location = clean_name(value)
            if name and (_is(label, NAME_LABELS) or _ORG_SUFFIX_RE.search(name)):
                if current.name and current.name != name:
                    current.topics.append(current.name)
                current.name, current.source = name, "label"
                current.address = current.address or location
                text = value
                spans = read_numbers(text, self.area_code)
        if not spans:
            self._plain(line, label, value)
            return
        self._numbers(line, text, spans)

    def _plain(self, line: Line, label: str, value: str) -> None:
        text = line.text
        current = self.current
        extension = re.search(r"内線\s*[:]?\s*(\d{1,6})", text)
        if extension:
            before = text[: extension.start()]
            name, location = clean_name(before)
            if name and (current is None or name != current.name):
                window = self._open(name, "line", line, location)
                window.notes.append("extension")
                current = window
            elif current is not None:
                current.lines.append(line)
            if current is not None:
                voice = current.voice()
                if voice and not voice[-1].extension:
                    voice[-1].extension = extension.group(1)
                elif not voice and self.main_number:
                    current.add(
                        PhoneRecord(
                            number=self.main_number.number, extension=extension.group(1), label="代表"
                        )
                    )
            return
        if label and value and _known_label(label) and current is not None:
            current.lines.append(line)
            self._detail(current, label, value)
            return
        starts_item = self._starts_item(line)
        if (
            current is not None
            and starts_item
            and not current.voice()
            and not (label and _known_label(label))
        ):
            # A list item under a window that has no number yet: a candidate name, ranked when the number comes
            # (「<h3>地域包括支援センター</h3><ul><li>介護の相談</li><li>電話…」 keeps the heading's name).
            name, location = clean_name(text)
            if name:
                current.lines.append(line)
                current.candidates.append((_name_score(line, name, "item"), name, location))
                return
        if (
            current is not None
            and not starts_item
            and (current.first.block == line.block or not current.voice())
        ):
            current.lines.append(line)
            candidate = self._name_line(line) and "、" not in text and not (label and _known_label(label))
            name, location = clean_name(text) if candidate else ("", "")
            if name and not current.voice() and current.first.block != line.block:
                current.candidates.append((_name_score(line, name, "item"), name, location))
            else:
                self._detail(current, "", text)
            return
        name, location = clean_name(text) if self._name_line(line) else ("", "")
        if name:
            self._open(name, "item", line, location)
            return
        if current is not None:
            current.lines.append(line)
            self._detail(current, "", text)

    def _starts_item(self, line: Line) -> bool:
        return bool(line.marker and line.marker not in ("dd",)) or line.emphasis or line.text.startswith("【")

    def _name_line(self, line: Line) -> bool:
        if line.marker in ("dd",):
            return False
        if line.marker or line.emphasis or line.text.startswith(("【", "[")):
            return True
        return len(line.text) <= 30 and not re.search(r"[。、]$", line.text)

    def _detail(self, window: _Window, label: str, value: str) -> None:
        text = value if label else value
        if label and _is(label, HOURS_LABELS):
            window.hours.append((value, True))
        elif label and _is(label, TOPIC_LABELS):
            window.topics.extend(_topics(value))
        elif label and _is(label, TARGET_LABELS):
            window.target = "\n".join(filter(None, [window.target, value]))
        elif label and _is(label, ADDRESS_LABELS) or text.startswith("〒"):
            window.address = window.address or value
        elif _HOURS_HINT_RE.search(text) and len(text) <= 80:
            window.hours.append((text, False))
        elif not window.topics and len(text) <= 60 and ("、" in text or text.endswith("相談")):
            window.topics.extend(_topics(text))
        else:
            window.description.append(text)

    # --- a line with numbers ---

    def _numbers(self, line: Line, text: str, spans: list[NumberSpan]) -> None:
        position = 0
        for span in spans:
            prefix = text[position : span.start]
            position = span.end
            if span.kind == FAX:
                if self.current is not None:
                    self.current.add(self._record(span))
                continue
            name, location = clean_name(prefix)
            if not name:
                _label_from_prefix(prefix, span)
            current = self.current
            if name and (current is None or name != current.name or current.voice()):
                if (
                    current is not None
                    and current.first.block == line.block
                    and not current.voice()
                    and self._same_entity(current, name)
                ):
                    current.name = name
                else:
                    current = self._open(name, "line", line, location)
            elif (
                span.number
                and (current is None or not current.voice())
                and re.search(r"代表", prefix + span.label)
                and (current is None or text.startswith(("(", "※")) or re.search(r"(?:へ|に)は", prefix))
            ):
                # 「各係へは代表電話 62-2111 に」 outside any window: the number the 内線 lines below go through.
                self.main_number = PhoneRecord(number=span.number, extension=span.extension, label="代表")
                self.warnings.append(
                    f"{self.document}: 代表番号 {span.number} は窓口にせず、内線だけが書かれた窓口の番号にしました。"
                )
                continue
            elif current is None:
                heading = self._context()[0] if self._context() else ""
                current = self._open(heading or "", "heading", line)
            else:
                if line is not current.lines[-1]:
                    current.lines.append(line)
                if not current.voice():
                    self._resolve_name(current)
            unit = _PAREN_RE.match(text[span.end :].lstrip())
            unit_name = (
                unit.group(1) if unit else span.label
            )  # 「（家庭児童相談室）」 read as the number's label
            if unit_name and current.first is line and _subunit(current.name, unit_name, after_number=True):
                current.name = f"{current.name} {unit_name.strip()}"  # 「福祉課 電話 …（生活支援係）」
                span.label = "" if unit_name == span.label else span.label
            if span.number:
                if current.voice() and span.number not in {p.number for p in current.voice()}:
                    current.notes.append("merged")
                current.add(self._record(span))
                if span.label == "代表" and self.main_number is None:
                    self.main_number = self._record(span)
            else:
                self.unread_local.append(span.raw)
                current.notes.append(f"unread:{span.raw}")
        rest = self._without_numbers(text, spans)
        if self.current is not None and rest:
            label, value = read_label(rest)
            if label and _known_label(label):
                self._detail(self.current, label, value)
            for inner in _PAREN_RE.findall(text):
                if _HOURS_HINT_RE.search(inner) and parse_hours(inner):
                    self.current.hours.append((inner, False))
            for sentence in re.split(r"[。]", rest):
                if _HOURS_HINT_RE.search(sentence) and parse_hours(sentence):
                    self.current.hours.append((sentence, False))

    def _resolve_name(self, window: _Window) -> None:
        """The nearest of the best name-like lines above the first number names the window."""
        if len(window.candidates) < 2:
            return
        best = max(range(len(window.candidates)), key=lambda i: (window.candidates[i][0], i))
        score, name, location = window.candidates[best]
        window.topics.extend(candidate for _s, candidate, _l in window.candidates[best + 1 :])
        if name == window.name:
            return
        self.sections.extend(candidate for _s, candidate, _l in window.candidates[:best])
        window.context = [*reversed([c for _s, c, _l in window.candidates[:best]]), *window.context]
        window.name, window.address = name, window.address or location
        if window.source == "heading" and score > 1:
            window.source = "item"

    def _same_entity(self, window: _Window, name: str) -> bool:
        return name.endswith(window.name) or window.name.endswith(name)

    def _without_numbers(self, text: str, spans: list[NumberSpan]) -> str:
        rest = text
        for span in reversed(spans):
            rest = rest[: span.start] + " " + rest[span.end :]
        return rest.strip()

    def _record(self, span: NumberSpan) -> PhoneRecord:
        return PhoneRecord(number=span.number, kind=span.kind, extension=span.extension, label=span.label)

    # --- table rows ---

    def _cell(self, line: Line) -> None:
        key = (line.table, line.row)
        current = self.current
        if current is None or current.row != key:
            self._close()
            current = _Window("", "row", line, self._context(), row=key)
            current.contact = self.in_contact
            self.current = current
        current.lines.append(line)

    def _finish_row(self, window: _Window) -> None:
        names: list[tuple[str, str]] = []
        for line in window.lines:
            role = _column_role(line.header)
            text = line.text
            spans = read_numbers(text, self.area_code)
            if role == "hours":
                window.hours.append((text, True))
                continue
            if role == "topics":
                window.topics.extend(_topics(text))
                continue
            if role == "target":
                window.target = text
                continue
            if role == "address" and not spans:
                window.address = window.address or text
                continue
            if role == "category":
                window.context.insert(0, text)
                continue
            if spans:
                position = 0
                for span in spans:
                    prefix = text[position : span.start]
                    position = span.end
                    name, _location = clean_name(prefix)
                    if name:
                        names.append((name, "phone"))
                    else:
                        _label_from_prefix(prefix, span)
                    kind = FAX if role == "fax" and not re.search(r"電話|TEL|☎", text, re.I) else span.kind
                    if span.number:
                        window.add(
                            PhoneRecord(
                                number=span.number, kind=kind, extension=span.extension, label=span.label
                            )
                        )
                    else:
                        self.unread_local.append(span.raw)
                        window.notes.append(f"unread:{span.raw}")
                continue
            label, value = read_label(text)
            if label and value and _known_label(label) and not _is(label, NAME_LABELS):
                self._detail(window, label, value)
                continue
            if (
                role != "name"
                and not _looks_like_organisation(text)
                and _HOURS_HINT_RE.search(text)
                and parse_hours(text)
            ):
                window.hours.append((text, role == "hours"))
                continue
            extension = re.search(r"内線\s*(\d{1,6})", text)
            if extension and window.voice() and not window.voice()[-1].extension:
                window.voice()[-1].extension = extension.group(1)
                continue
            name, location = clean_name(text)
            if name and role in ("name", "", "phone"):
                names.append((name, role))
                window.address = window.address or location
            elif role == "name" and text:
                names.append((text, role))
        inherited = [line.text for line in window.lines if line.inherited]
        if inherited:
            window.notes.append(
                "セルが足りない行のため、前の行の「"
                + "」「".join(dict.fromkeys(inherited))
                + "」を引き継ぎました（結合セルの崩れ）"
            )
        named = [n for n, role in names if role == "name"] or [n for n, _role in names]
        if named:
            window.name = _join_parent(named)
        else:
            window.name = self._context()[0] if self._context() else ""
            window.source = "heading"

    # --- records ---

    def _records(self) -> list[HtmlWindowRecord]:
        counts = Counter(p.number for w in self.windows if not w.contact for p in w.voice())
        records = []
        for window in self.windows:
            if window.contact:
                numbers = "、".join(p.number for p in window.voice())
                self.warnings.append(
                    f"{self.document}: ページの問い合わせ先「{window.name}」（{numbers}）は窓口にしていません。"
                )
                continue
            record = self._record_of(window, counts)
            if record is not None:
                records.append(record)
        return _deduplicated(records)

    def _record_of(self, window: _Window, counts: Counter) -> HtmlWindowRecord | None:
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
                if line is None and (p.number.startswith(("#", *_NATIONAL_PREFIXES)) or p.number.isdigit())
            ]
            if national:
                uncertain.append(f"全国共通の相談電話の可能性があります（{'、'.join(national)}）")
        hours, hours_note = self._hours(window)
        if hours_note:
            uncertain.append(hours_note)
        categories = []
        for context in window.context:
            categories = categories or guess_categories(context)
        guessed_from_name = False
        if not categories:
            categories = guess_categories(name, *window.topics)
            guessed_from_name = bool(categories)
        page_title = self.headings.get(1, "")
        if not categories and page_title:
            categories = guess_categories(page_title)
        if not categories:
            uncertain.append("分野を推定できませんでした")
        elif guessed_from_name or not window.context:
            uncertain.append("分野は窓口名と相談内容から推定しました")
        front_door = any(organisation in sentence or name in sentence for sentence in self.front_door_names)
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
            source=Source(self.document, window.first.location),
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

    def _hours(self, window: _Window):
        candidates = list(window.hours)
        for index, (text, labelled) in enumerate(window.hours[:-1]):
            if not re.search(
                r"\d\s*(?:時|:)", text
            ):  # 「月〜金曜日（祝日・年末年始を除く）」 then 「9時～16時」
                following, _labelled = window.hours[index + 1]
                candidates.insert(0, (f"{text} {following}", labelled))
        for text, labelled in sorted(candidates, key=lambda item: not item[1]):
            rows = parse_hours(text)
            if rows:
                return rows, "" if labelled else f"受付時間は「{text}」から読み取りました（見出しのない記載）"
        if window.hours:
            return [], f"受付時間「{window.hours[0][0]}」を読み取れませんでした"
        return [], ""


def _label_from_prefix(prefix: str, span: NumberSpan) -> None:
    """「夜間・休日 0942-30-9299」: a short prefix that names no window labels the number."""
    label = prefix.strip(" :/、,・()").strip()
    label = re.sub(rf"(?:{_PHONE_LABEL_RE.pattern})$", "", label).strip(" :/、,・()")
    if label and not span.label and _LABEL_ONLY_RE.match(label):
        span.label = label


def _name_score(line: Line, name: str, source: str) -> int:
    """How surely a line names a window: list items, 【】, emphasis and terms 3; organisation-like 2; else 1."""
    if source == "heading":
        return 2 if _ORG_SUFFIX_RE.search(name) and not name.endswith("相談") else 0
    organisation_like = bool(_ORG_SUFFIX_RE.search(name)) and not name.endswith(("相談", "ごと", "こと"))
    if (line.marker and line.marker != "dd") or line.emphasis or line.text.startswith("【"):
        return 3 if organisation_like or not line.marker else 1  # 「・介護の相談」 is a topic, not a name
    return 2 if organisation_like else 1


def _is_layout_row(lines: list[Line], area_code: str) -> bool:
    """A "row" whose cell holds several windows (two or more lines with a voice number, each after a line of
    its own) is a column of a page layout, not one window's row."""
    by_column: dict[int, list[Line]] = {}
    for line in lines:
        by_column.setdefault(line.column, []).append(line)
    for cell in by_column.values():
        numbered = [
            i
            for i, line in enumerate(cell)
            if any(span.kind == VOICE and span.number for span in read_numbers(line.text, area_code))
        ]
        if len(numbered) >= 2 and all(i > 0 and i - 1 not in numbered for i in numbered):
            return True
    return False


def _looks_like_organisation(text: str) -> bool:
    """A line that names an organisation (ends like one, no list of topics): 「福祉部 高齢者支援課」."""
    name, _location = clean_name(text)
    return bool(name) and "、" not in text and bool(_ORG_SUFFIX_RE.search(name))


def _join_parent(names: list[str]) -> str:
    if (
        len(names) >= 2
        and re.search(r"(部|局|課|委員会)$", names[0])
        and not re.search(r"(部|局|課|委員会)$", names[1])
        or (len(names) >= 2 and names[0].endswith(("部", "局", "委員会")))
    ):
        return f"{names[0]} {names[1]}"
    return names[0]


_TABLE_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fax", ("FAX", "ファクス", "ファックス")),
    ("phone", ("電話", "TEL", "連絡先", "問い合わせ", "問合せ")),
    ("hours", ("時間", "日時", "受付日", "開庁")),
    ("address", ("所在地", "住所", "場所")),
    ("category", ("分野", "区分", "分類", "種別", "項目")),
    ("topics", ("内容", "相談できること", "業務", "こんなとき")),
    ("target", ("対象",)),
    ("name", ("窓口", "担当", "相談先", "名称", "機関", "課", "施設")),
)


def _column_role(header: str) -> str:
    for role, words in _TABLE_ROLES:
        if any(word.lower() in header.lower() for word in words):
            return role
    return ""


def _topics(value: str) -> list[str]:
    if value.startswith("・") or " ・" in value:
        return split_topics(value)
    parts = [p.strip() for p in re.split(r"[、,]", value) if p.strip()]
    if len(parts) > 1 and all(len(p) <= 25 for p in parts):
        return split_topics(" ".join("・" + p for p in parts))
    return split_topics(value)


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


def extract_windows(
    lines: list[Line], *, document: str, area_code: str
) -> tuple[list[HtmlWindowRecord], list[str]]:
    """(windows, warnings) of one page's lines."""
    extractor = ContactExtractor(lines, document=document, area_code=area_code)
    return extractor.run(), extractor.warnings
