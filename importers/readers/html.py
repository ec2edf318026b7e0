"""Read a city's web page that lists consultation windows (相談窓口一覧) into WindowRecords.

Layouts handled, in document order, under the nearest heading (h1–h6, which also gives the category):

- tables with a header row (分野 | 相談内容 | 窓口 | 電話 | FAX | 受付時間 | 場所 …), including rowspans lost in
  conversion: a row with fewer cells than the header inherits the leading cells of the row above;
  key/value tables (every row 「<th>電話</th><td>…</td>」) describe one window named by the heading above;
- definition lists: 「<dt>窓口名</dt><dd>…</dd>」, or 「<dt>電話</dt><dd>…</dd>」 fields of the window named by
  the heading above;
- numbered items 「①子ども家庭相談室」 followed by detail lines, and headings followed by detail lines that
  carry a phone number;
- detail lines 「電話：」「TEL」「☎」「FAX」「内線」「受付時間」「所在地」「相談内容」; numbers without an area code get
  the city's; FAX numbers are kept apart from voice numbers.

Untrusted input: scripts, styles and other active content are removed before anything is read (nothing is
executed or kept); the parser is pinned to Python's "html.parser"; the file size is limited; the encoding is
detected from the bytes (UTF-8, Shift_JIS/CP932, EUC-JP, ISO-2022-JP), not trusted from `<meta charset>`.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from directory.categories import BY_NAME, CATEGORIES
from directory.hours import parse_hours
from directory.phones import FAX, VOICE, find_phone_matches, normalize_text
from importers.parsers.windows import CATEGORY_ALIASES, full_name, split_organisation, split_topics
from importers.records import HoursRecord, ImportBundle, PhoneRecord, Source, WindowRecord

logger = logging.getLogger(__name__)

PARSER = "html.parser"  # pinned: the same tree on every machine, no lxml/html5lib differences
MAX_HTML_BYTES = 5 * 1024 * 1024

# --- records -----------------------------------------------------------------------------------------


@dataclass
class HtmlWindowRecord(WindowRecord):
    """A WindowRecord with what the reader was unsure of, shown to editors in the review queue."""

    uncertain: list[str] = field(default_factory=list)


# --- errors ------------------------------------------------------------------------------------------


def _input_error(message: str, message_ja: str) -> Exception:
    # Imported here: importers.pipeline imports the readers package, so a module-level import would cycle.
    from importers.pipeline import ImportInputError

    return ImportInputError(message, message_ja)


# --- encodings ---------------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_CANDIDATES = ("utf-8", "cp932", "euc_jis_2004", "euc_jp", "iso2022_jp")
_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jis_2004",
    "euc_jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "eucjp": "euc_jis_2004",
    "iso-2022-jp": "iso2022_jp",
    "utf-8": "utf-8",
    "utf8": "utf-8",
}


def declared_charset(raw: bytes) -> str:
    """The charset a page declares in <meta>, as written ("" when none). Not trusted, only a tie-breaker."""
    match = _META_CHARSET_RE.search(raw[:4096])
    return match.group(1).decode("ascii").lower() if match else ""


def decode_html(raw: bytes, *, document: str = "") -> tuple[str, str]:
    """(text, codec): decode by what the bytes are, whatever `<meta charset>` claims.

    Every candidate codec is tried strictly; those that decode are scored by how Japanese the result reads
    (hiragana and common punctuation count, half-width katakana and control characters — the marks of a
    wrong codec — count against). The declared charset only breaks ties. When nothing decodes strictly,
    charset-normalizer decides.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace"), codec.replace("-sig", "")
    declared = _ALIASES.get(declared_charset(raw), "")
    scored: list[tuple[float, int, str, str]] = []
    for codec in _CANDIDATES:
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "iso2022_jp" and b"\x1b$" not in raw:
            continue  # pure ASCII also "decodes" as ISO-2022-JP
        preference = 1 if codec == declared else 0
        scored.append((_japanese_score(text), preference, codec, text))
        if codec == "utf-8" and any(ord(ch) > 127 for ch in text):
            # Valid UTF-8 with non-ASCII characters is practically never a legacy encoding by accident.
            return text, codec
    if scored:
        _score, _preference, codec, text = max(scored, key=lambda item: (item[0], item[1]))
        if declared and codec != declared and declared_charset(raw):
            logger.info("%s: declared charset %s, decoded as %s", document, declared, codec)
        return text, codec
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["cp932", "euc_jp", "utf_8", "iso2022_jp"]).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("cp932", errors="replace"), "cp932"


def _japanese_score(text: str) -> float:
    good = bad = 0
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F:  # kana, 「」、。
            good += 2
        elif 0x4E00 <= code <= 0x9FFF or 0xFF01 <= code <= 0xFF5E:
            good += 1
        elif 0xFF61 <= code <= 0xFF9F or 0xE000 <= code <= 0xF8FF or (code < 32 and ch not in "\r\n\t"):
            bad += 3  # half-width katakana, private use, control: bytes read with the wrong codec
        elif 0x80 <= code <= 0x2FFF:
            bad += 1
    return (good - bad) / max(len(text), 1)


# --- reading a document ------------------------------------------------------------------------------


def check_size(raw: bytes, *, document: str, limit: int = MAX_HTML_BYTES) -> None:
    if not raw:
        raise _input_error(f"{document}: empty file", f"{document}: ファイルが空です。")
    if len(raw) > limit:
        raise _input_error(
            f"{document}: file too large ({len(raw)} bytes > {limit})",
            f"{document}: ファイルが大きすぎます（上限{limit // (1024 * 1024)}MB）。ページを分けて取り込んでください。",
        )


def bundle_from_html(
    raw: bytes, *, city: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> ImportBundle:
    """One web page → an ImportBundle of windows (no programme). Raises ImportInputError for unusable input.

    The size is checked here; decoding and parsing run in `importers.sandbox` (≤ 10 s CPU, ≤ 512 MB), through
    `importers.readers.html_worker`, so a hostile page ends as an ImportInputError, never a stuck worker.
    """
    check_size(raw, document=document, limit=max_bytes)
    from importers.readers.html_worker import run_html_worker

    return run_html_worker(raw, city=city, document=document, area_code=area_code, max_bytes=max_bytes)


def parse_html_bundle(
    raw: bytes, *, city: str, document: str, area_code: str, max_bytes: int = MAX_HTML_BYTES
) -> tuple[ImportBundle, str]:
    """(bundle, codec), parsed in THIS process: for the sandbox worker and tests; callers use `bundle_from_html`."""
    check_size(raw, document=document, limit=max_bytes)
    text, codec = decode_html(raw, document=document)
    if "\x00" in text:
        raise _input_error(
            f"{document}: binary data, not HTML", f"{document}: HTMLファイルではありません（バイナリ）。"
        )
    reader = HtmlReader(text, document=document, area_code=area_code)
    windows = reader.windows()
    if not windows:
        raise _input_error(
            f"{document}: no consultation windows found (tables, lists or numbered items with phone numbers)",
            f"{document}: 相談窓口（表・定義リスト・①②の一覧など）を読み取れませんでした。ページの形式をご確認ください。",
        )
    logger.info("%s (%s): %d windows read, decoded as %s", document, city, len(windows), codec)
    bundle = ImportBundle(city=city, document=document, windows=list(windows), warnings=reader.warnings)
    return bundle, codec


def read_html_windows(text: str, *, document: str, area_code: str) -> list[HtmlWindowRecord]:
    """Windows from already-decoded HTML."""
    return HtmlReader(text, document=document, area_code=area_code).windows()


# --- categories --------------------------------------------------------------------------------------

# Keyword → categories, for headings, names and topics. Categories by their official names come first.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("生活保護", ("keizai",)),
    ("生活困窮", ("keizai",)),
    ("生活支援", ("keizai",)),
    ("債務", ("keizai",)),
    ("借金", ("keizai",)),
    ("消費生活", ("keizai",)),
    ("家計", ("keizai",)),
    ("お金", ("keizai",)),
    ("年金", ("keizai",)),
    ("税", ("keizai",)),
    ("健康", ("kenko",)),
    ("医療", ("kenko",)),
    ("保健", ("kenko",)),
    ("こころ", ("kenko",)),
    ("心の", ("kenko",)),
    ("精神", ("kenko",)),
    ("難病", ("kenko",)),
    ("高齢", ("koreisha",)),
    ("介護", ("koreisha",)),
    ("認知症", ("koreisha",)),
    ("地域包括支援センター", ("koreisha",)),
    ("長寿", ("koreisha",)),
    ("障害", ("shogai",)),
    ("障がい", ("shogai",)),
    ("障碍", ("shogai",)),
    ("子ども", ("kodomo",)),
    ("こども", ("kodomo",)),
    ("子育て", ("kodomo",)),
    ("児童", ("kodomo",)),
    ("妊娠", ("kodomo",)),
    ("出産", ("kodomo",)),
    ("母子", ("kodomo",)),
    ("少年", ("kodomo",)),
    ("不登校", ("kodomo",)),
    ("ヤングケアラー", ("kodomo",)),
    ("DV", ("dv",)),
    ("配偶者", ("dv",)),
    ("暴力", ("dv",)),
    ("仕事", ("shigoto",)),
    ("就労", ("shigoto",)),
    ("就職", ("shigoto",)),
    ("求職", ("shigoto",)),
    ("ハローワーク", ("shigoto",)),
    ("住まい", ("sumai",)),
    ("住宅", ("sumai",)),
    ("住居", ("sumai",)),
    ("ひきこもり", ("hikikomori",)),
    ("引きこもり", ("hikikomori",)),
    ("こもりびと", ("hikikomori",)),
    ("環境", ("kankyo",)),
    ("ごみ", ("kankyo",)),
    ("ゴミ", ("kankyo",)),
    ("公害", ("kankyo",)),
    ("騒音", ("kankyo",)),
    ("人権", ("jinken",)),
    ("差別", ("jinken",)),
)


def guess_categories(*texts: str) -> list[str]:
    """Category slugs named in `texts`: an official name (経済 … 人権) or alias, else keywords; official order."""
    found: set[str] = set()
    for text in texts:
        text = normalize_text(text or "")
        stripped = text.strip(" :・")
        if stripped in BY_NAME:
            found.add(BY_NAME[stripped].slug)
            continue
        if stripped in CATEGORY_ALIASES:
            found.add(CATEGORY_ALIASES[stripped])
            continue
        for category in CATEGORIES:
            if category.name in text:
                found.add(category.slug)
        for keyword, slugs in CATEGORY_KEYWORDS:
            if keyword in text:
                found.update(slugs)
    return [c.slug for c in CATEGORIES if c.slug in found]


# --- text of the tree --------------------------------------------------------------------------------

_REMOVED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "form",
    "button",
    "select",
    "textarea",
    "head",
    "nav",
    "header",
    "footer",
    "aside",
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_MAIN_SELECTORS = ("main", "[role=main]", "#main", "#contents", "#content", "#main-contents", "article")
_CJK_NEWLINE_RE = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


def _clean_string(value: str) -> str:
    # Source-code line breaks inside Japanese text are not spaces; elsewhere whitespace collapses to one.
    return re.sub(r"\s+", " ", _CJK_NEWLINE_RE.sub("", value))


def text_lines(node: Tag) -> list[str]:
    """Visible text of `node` as lines: block elements and <br> break lines, inline elements do not."""
    parts: list[str] = []

    def walk(tag: Tag) -> None:
        for child in tag.children:
            if isinstance(child, Comment | Declaration | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                parts.append(_clean_string(str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                    continue
                block = child.name in _BLOCK_TAGS
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")

    walk(node)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


# --- line classification -----------------------------------------------------------------------------

_CIRCLED_RE = re.compile(r"^\s*([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f])\s*(.*)$")
_LABEL_RE = re.compile(
    r"^[【\[(<≪《〈]?\s*(?P<label>[^:：】\])>≫》〉]{1,10}?)\s*[】\])>≫》〉]?\s*[:：]\s*(?P<value>.*)$"
)
_HOURS_LABELS = (
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
)
_ADDRESS_LABELS = ("所在地", "住所", "場所", "窓口", "相談場所", "窓口の場所", "会場")
_TOPIC_LABELS = ("相談内容", "主な相談内容", "内容", "相談できること", "業務内容", "主な業務", "相談の内容")
_TARGET_LABELS = ("対象", "対象者", "相談対象")
_NAME_LABELS = ("担当", "担当課", "窓口名", "名称", "相談先", "問い合わせ先", "お問い合わせ先")
_PHONE_WORDS = ("電話", "TEL", "Tel", "tel", "☎", "☏", "FAX", "Fax", "fax", "ファクス", "ファックス")
_EXTENSION_ONLY_RE = re.compile(r"^\(?\s*内線\s*[:：]?\s*(?:番号)?\s*(\d{1,6})\s*\)?$")
_LOCATION_RE = re.compile(r"[(（]([^()（）]*(?:階|庁舎|館|棟|センター内|支所)[^()（）]*)[)）]")
_SKIP_HEADINGS = (
    "お問い合わせ",
    "お問合せ",
    "問い合わせ",
    "問合せ",
    "関連リンク",
    "関連情報",
    "このページ",
    "アンケート",
)


def _label_of(line: str) -> tuple[str, str]:
    """(label, value) for 「受付時間：平日…」「【電話】…」; ("", line) when the line has no label."""
    match = _LABEL_RE.match(normalize_text(line))
    if match and not re.search(r"\d", match.group("label")):
        return match.group("label").strip(), match.group("value").strip()
    return "", line


def _is(label: str, labels: Iterable[str]) -> bool:
    return any(label == item or label.endswith(item) for item in labels)


@dataclass
class _Details:
    """What the lines of one window say."""

    phones: list[PhoneRecord] = field(default_factory=list)
    hours_text: list[str] = field(default_factory=list)
    address: str = ""
    topics: list[str] = field(default_factory=list)
    target: str = ""
    description: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


class _LineParser:
    def __init__(self, area_code: str):
        self.area_code = area_code

    def phones_in(self, text: str, *, force_kind: str = "") -> list[PhoneRecord]:
        found = []
        normalized = normalize_text(text)
        position = 0
        for match in find_phone_matches(text, default_area_code=self.area_code):
            record = match.record
            before = _KIND_PREFIX_RE.sub("", normalized[position : match.start]).strip(" :/・、,()")
            position = match.end
            if not record.label and 0 < len(before) <= 10 and not re.search(r"\d", before):
                record.label = before  # 「夜間・休日 0942-30-9299」
            if force_kind and not _has_kind_word(text):
                record.kind = force_kind
            found.append(record)
        return found

    def details(self, lines: Iterable[str], details: _Details | None = None) -> _Details:
        details = details or _Details()
        for raw in lines:
            line = normalize_text(raw).strip()
            if not line:
                continue
            self.line(line, details)
        return details

    def line(self, line: str, details: _Details) -> None:
        extension = _EXTENSION_ONLY_RE.match(line)
        if extension:
            self._attach_extension(extension.group(1), details)
            return
        label, value = _label_of(line)
        if label and _is(label, _HOURS_LABELS):
            details.hours_text.append(value)
            return
        if label and _is(label, _TOPIC_LABELS):
            details.topics.extend(_topics(value))
            return
        if label and _is(label, _TARGET_LABELS):
            details.target = "\n".join(filter(None, [details.target, value]))
            return
        phones = self.phones_in(line)
        if phones:
            self._add_phones(phones, details)
            if label and _is(label, _ADDRESS_LABELS):
                details.address = details.address or _without_phones(value, self.area_code)
            return
        if (label and _is(label, _ADDRESS_LABELS)) or line.startswith("〒"):
            details.address = details.address or value
            return
        if any(word in line for word in _PHONE_WORDS) and re.search(r"\d", line):
            details.uncertain.append(f"電話番号として読み取れない記載があります:「{line}」")
            return
        if parse_hours(line) or (
            re.search(r"[月火水木金土日]曜|平日|祝日|年末年始", line) and len(line) < 60
        ):
            details.hours_text.append(line)
            return
        if line.startswith(("・", "-", "●", "○", "■", "◆")):
            details.topics.extend(_topics(line.lstrip("-●○■◆ ")))
            return
        if not details.topics and len(line) <= 80 and ("、" in line or line.endswith("相談")):
            details.topics.extend(_topics(line))  # 「子育ての不安、児童虐待の相談」 under a window name
            return
        details.description.append(line)

    def _add_phones(self, phones: list[PhoneRecord], details: _Details) -> None:
        known = {(p.number, p.kind, p.extension) for p in details.phones}
        details.phones.extend(p for p in phones if (p.number, p.kind, p.extension) not in known)

    def _attach_extension(self, extension: str, details: _Details) -> None:
        for phone in reversed(details.phones):
            if phone.kind == VOICE:
                if not phone.extension:
                    phone.extension = extension
                return
        details.uncertain.append(f"内線{extension}に対応する電話番号が見つかりません")


_KIND_PREFIX_RE = re.compile(
    r"(電話番号|電話|TEL|FAX|ファクス|ファックス|☎|☏|直通|代表)\s*[:：]?", re.IGNORECASE
)


def _has_kind_word(text: str) -> bool:
    return any(word.lower() in text.lower() for word in _PHONE_WORDS)


def _without_phones(text: str, area_code: str) -> str:
    normalized = normalize_text(text)
    for match in reversed(find_phone_matches(normalized, default_area_code=area_code)):
        normalized = normalized[: match.start] + normalized[match.end :]
    normalized = re.sub(
        r"(電話番号|電話|TEL|FAX|ファクス|ファックス|☎|☏)\s*[:：]?", " ", normalized, flags=re.IGNORECASE
    )
    return " ".join(normalized.replace("/", " ").split()).strip(" 、,/:")


def _topics(value: str) -> list[str]:
    """「介護保険の申請、高齢者の生活に関すること」 → two topics; 「・a ・b」 bullets as the seed reader splits them."""
    value = normalize_text(value)
    if value.startswith("・") or " ・" in value:
        return split_topics(value)
    parts = [p.strip() for p in re.split(r"[、,]", value) if p.strip()]
    if len(parts) > 1 and all(len(p) <= 25 for p in parts):
        return split_topics(" ".join("・" + p for p in parts))
    return split_topics(value)


# --- the reader --------------------------------------------------------------------------------------

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
    header = normalize_text(header)
    for role, words in _TABLE_ROLES:
        if any(word.lower() in header.lower() for word in words):
            return role
    return ""


@dataclass
class _Block:
    """A window being read: its name, where it starts, what it says."""

    name: str
    location: str
    context: tuple[str, ...]  # the headings it sits under, nearest first, the page title (h1) last
    lines: list[str] = field(default_factory=list)
    category_text: str = ""
    details: _Details | None = None
    weak: bool = False  # a heading: only a window when its lines carry a phone number
    notes: list[str] = field(default_factory=list)


class HtmlReader:
    def __init__(self, text: str, *, document: str, area_code: str):
        self.document = document
        self.area_code = area_code
        self.parser = _LineParser(area_code)
        self.warnings: list[str] = []
        self.soup = BeautifulSoup(text, PARSER)
        self._strip_active_content()
        self._tables = 0

    def _strip_active_content(self) -> None:
        for tag in self.soup.find_all(_REMOVED_TAGS):
            tag.decompose()
        for comment in self.soup.find_all(string=lambda s: isinstance(s, Comment | ProcessingInstruction)):
            comment.extract()

    def _main(self) -> Tag:
        for selector in _MAIN_SELECTORS:
            found = self.soup.select_one(selector)
            if found is not None and text_lines(found):
                return found
        return self.soup.body or self.soup

    # --- walking ---

    def windows(self) -> list[HtmlWindowRecord]:
        records: list[HtmlWindowRecord] = []
        headings: dict[int, str] = {}
        block: _Block | None = None
        for kind, node, payload in self._events(self._main()):
            if kind == "heading":
                records.extend(self._finish(block))
                level, text = payload
                headings = {k: v for k, v in headings.items() if k < level}
                headings[level] = text
                circled = _CIRCLED_RE.match(text)
                block = None
                if circled:
                    block = _Block(circled.group(2), self._where(node), self._context(headings, below=level))
                elif level >= 2 and not any(word in text for word in _SKIP_HEADINGS):
                    block = _Block(text, self._where(node), self._context(headings, below=level), weak=True)
            elif kind in {"table", "dl"}:
                records.extend(self._finish(block))
                block = None
                context = self._context(headings)
                heading_name = headings[max(headings)] if headings else ""
                reader = self._table if kind == "table" else self._dl
                records.extend(reader(node, context, heading_name))
            else:
                line = payload
                circled = _CIRCLED_RE.match(line)
                if circled:
                    records.extend(self._finish(block))
                    context = self._context(headings)
                    block = _Block(circled.group(2), self._where(node), context)
                elif block is not None:
                    block.lines.append(line)
        records.extend(self._finish(block))
        return _deduplicated(records)

    def _events(self, root: Tag) -> Iterator[tuple[str, Tag, object]]:
        """("heading", tag, (level, text)), ("table"|"dl", tag, None), ("line", tag, text) in document order."""
        buffer: list[str] = []
        owner: list[Tag] = [root]

        def flush() -> Iterator[tuple[str, Tag, object]]:
            text = "".join(buffer)
            buffer.clear()
            for line in text.split("\n"):
                line = " ".join(line.split())
                if line:
                    yield "line", owner[-1], line

        def walk(tag: Tag) -> Iterator[tuple[str, Tag, object]]:
            for child in tag.children:
                if isinstance(child, Comment | Declaration | Doctype | ProcessingInstruction):
                    continue
                if isinstance(child, NavigableString):
                    if not buffer or not "".join(buffer).strip():
                        owner.append(child.parent)
                    buffer.append(_clean_string(str(child)))
                    continue
                if not isinstance(child, Tag):
                    continue
                if child.name == "br":
                    buffer.append("\n")
                elif child.name in _HEADINGS:
                    yield from flush()
                    text = " ".join(text_lines(child))
                    if text:
                        yield "heading", child, (int(child.name[1]), text)
                elif child.name in {"table", "dl"}:
                    yield from flush()
                    yield child.name, child, None
                elif child.name in _BLOCK_TAGS:
                    yield from flush()
                    owner.append(child)
                    yield from walk(child)
                    yield from flush()
                else:
                    yield from walk(child)

        yield from walk(root)
        yield from flush()

    def _context(self, headings: dict[int, str], below: int = 99) -> tuple[str, ...]:
        nearer = [text for level, text in sorted(headings.items(), reverse=True) if 2 <= level < below]
        return (*nearer, headings.get(1, ""))

    def _where(self, tag: Tag | None, suffix: str = "") -> str:
        line = getattr(tag, "sourceline", None)
        where = f"line {line}" if line else ""
        return ", ".join(filter(None, [where, suffix]))

    # --- numbered items and headings ---

    def _finish(self, block: _Block | None) -> list[HtmlWindowRecord]:
        if block is None:
            return []
        details = block.details or self.parser.details(block.lines)
        if block.weak and not details.phones:
            return []
        record = self._record(block, details)
        return [record] if record else []

    def _record(self, block: _Block, details: _Details) -> HtmlWindowRecord | None:
        name = normalize_text(block.name)
        location = _LOCATION_RE.search(name)
        address = details.address
        if location:
            address = address or location.group(1).strip()
            name = (name[: location.start()] + name[location.end() :]).strip()
        label, value = _label_of(name)
        if label and _is(label, _NAME_LABELS):
            name = value
        name_phones = self.parser.phones_in(name)
        if name_phones:
            self.parser._add_phones(name_phones, details)
            name = _without_phones(name, self.area_code)
        name = name.strip(" :：、")
        if not name:
            self.warnings.append(f"{self.document} {block.location}: 窓口名のない項目を読み飛ばしました")
            return None
        parent, organisation = split_organisation(name)
        uncertain = list(block.notes) + details.uncertain
        explicit = guess_categories(block.category_text) if block.category_text else []
        if block.category_text and not explicit:
            uncertain.append(f"分野「{block.category_text}」を既知の分野に対応づけられませんでした")
        # The nearest section heading says most; then the window's own name and topics; the page title last.
        *sections, page_title = block.context or ("",)
        categories = explicit
        for heading in sections:
            categories = categories or guess_categories(heading)
        categories = categories or guess_categories(name, *details.topics) or guess_categories(page_title)
        if not categories:
            uncertain.append("分野を推定できませんでした")
        if not details.phones:
            uncertain.append("電話番号が見つかりません")
        hours: list[HoursRecord] = []
        if details.hours_text:
            hours_text = " ".join(details.hours_text)
            hours = parse_hours(hours_text)
            if not hours:
                uncertain.append(f"受付時間「{hours_text}」を読み取れませんでした")
        topics = details.topics
        return HtmlWindowRecord(
            organisation=organisation,
            parent_organisation=parent,
            organisation_full_name=full_name(parent, organisation),
            source=Source(self.document, block.location),
            title=_title(topics) if block.category_text else "",
            categories=categories,
            topics=topics,
            phones=details.phones,
            hours=hours,
            target=details.target,
            description="\n".join(details.description),
            address=address,
            uncertain=uncertain,
        )

    # --- tables ---

    def _table(self, table: Tag, context: tuple[str, ...], heading_name: str) -> list[HtmlWindowRecord]:
        self._tables += 1
        number = self._tables
        grid = _grid(table)
        if not grid:
            return []
        if all(len(row) == 2 and row[0][1] for row in grid):
            # Key/value table: 「<th>電話</th><td>…</td>」 rows describe the window named by the heading above.
            block = _Block(heading_name, self._where(table, f"table {number}"), context)
            lines = [
                f"{key}:{line}"
                for (_key_tag, _th, key), (cell, _is_th, _text) in grid
                for line in _cell_lines(cell)
            ]
            return self._key_value(block, lines)
        header_index = _header_row(grid)
        if header_index is None:
            self.warnings.append(f"{self.document} table {number}: 見出し行のない表を読み飛ばしました")
            return []
        roles = [_column_role(text) for _tag, _th, text in grid[header_index]]
        if "name" not in roles and "phone" not in roles:
            self.warnings.append(f"{self.document} table {number}: 窓口・電話の列がない表を読み飛ばしました")
            return []
        width = len(roles)
        records: list[HtmlWindowRecord] = []
        previous: list[tuple[Tag, bool, str]] | None = None
        for index, row in enumerate(grid[header_index + 1 :], start=header_index + 2):
            notes = []
            if len(row) < width and previous is not None:
                inherited = previous[: width - len(row)]
                notes.append(
                    "セルが足りない行のため、前の行の「"
                    + "」「".join(text for _tag, _th, text in inherited)
                    + "」を引き継ぎました（結合セルの崩れ）"
                )
                row = inherited + row
            previous = row
            record = self._table_row(
                row, roles, context, self._where(row[-1][0], f"table {number} row {index}"), notes
            )
            if record is not None:
                records.append(record)
        return records

    def _key_value(self, block: _Block, lines: list[str]) -> list[HtmlWindowRecord]:
        block.lines = lines
        if not block.name:
            self.warnings.append(
                f"{self.document} {block.location}: 窓口名の見出しがない表を読み飛ばしました"
            )
            return []
        return self._finish(block)

    def _table_row(
        self,
        row: list[tuple[Tag, bool, str]],
        roles: list[str],
        context: tuple[str, ...],
        location: str,
        notes: list[str],
    ) -> HtmlWindowRecord | None:
        details = _Details()
        names: list[str] = []
        category = ""
        for (cell, _is_th, _text), role in zip(row, roles, strict=False):
            lines = _cell_lines(cell)
            if role == "category":
                category = " ".join(lines)
            elif role == "name":
                names.extend(lines)
            elif role == "topics":
                for line in lines:
                    details.topics.extend(_topics(line))
            elif role == "target":
                details.target = " ".join(lines)
            elif role == "address":
                details.address = " ".join(lines)
            elif role == "hours":
                details.hours_text.extend(lines)
            elif role in {"phone", "fax"}:
                kind = FAX if role == "fax" else ""
                for line in lines:
                    extension = _EXTENSION_ONLY_RE.match(normalize_text(line))
                    if extension:
                        self.parser._attach_extension(extension.group(1), details)
                        continue
                    phones = self.parser.phones_in(line, force_kind=kind)
                    if phones:
                        self.parser._add_phones(phones, details)
                    elif role == "phone" and "name" not in roles:
                        names.append(line)  # 「連絡先」 holds the name and the number
        if not names:
            return None
        name, *rest = names
        self.parser.details(rest, details)
        block = _Block(name, location, context, category_text=category, notes=notes)
        return self._record(block, details)

    # --- definition lists ---

    def _dl(self, dl: Tag, context: tuple[str, ...], heading_name: str) -> list[HtmlWindowRecord]:
        groups: list[tuple[Tag, list[str]]] = []
        for item in dl.find_all(["dt", "dd"]):
            if item.find_parent("dl") is not dl:
                continue
            if item.name == "dt":
                groups.append((item, [" ".join(text_lines(item))]))
            elif groups:
                groups[-1][1].extend(text_lines(item))
        if not groups:
            return []
        labels = [lines[0] for _tag, lines in groups]
        known = sum(1 for label in labels if _is_field_label(label))
        if known * 2 > len(labels):
            # 「<dt>電話</dt><dd>…</dd>」: the fields of one window, named by the heading above.
            block = _Block(heading_name, self._where(dl), context)
            lines = [f"{lines[0]}:{line}" for _tag, lines in groups for line in lines[1:]]
            return self._key_value(block, lines)
        records = []
        for tag, lines in groups:
            circled = _CIRCLED_RE.match(lines[0])
            block = _Block(
                circled.group(2) if circled else lines[0], self._where(tag), context, lines=lines[1:]
            )
            records.extend(self._finish(block))
        return records


def _is_field_label(label: str) -> bool:
    label = normalize_text(label).strip(" :：【】")
    return _has_kind_word(label) or _is(
        label, _HOURS_LABELS + _ADDRESS_LABELS + _TOPIC_LABELS + _TARGET_LABELS + _NAME_LABELS + ("内線",)
    )


def _cell_lines(cell: Tag) -> list[str]:
    return text_lines(cell)


def _grid(table: Tag) -> list[list[tuple[Tag, bool, str]]]:
    """Rows of (cell, is_th, text), with rowspan and colspan expanded (nested tables are not descended)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: list[list[tuple[Tag, bool, str]]] = []
    carried: dict[int, tuple[int, tuple[Tag, bool, str]]] = {}  # column → (rows left, cell)
    for tr in rows:
        row: list[tuple[Tag, bool, str]] = []
        for cell in tr.find_all(["th", "td"], recursive=False):
            _take_carried(row, carried)
            entry = (cell, cell.name == "th", " ".join(text_lines(cell)))
            down = _int_attr(cell, "rowspan")
            for _ in range(_int_attr(cell, "colspan")):
                if down > 1:
                    carried[len(row)] = (down - 1, entry)
                row.append(entry)
        _take_carried(row, carried)
        if any(text for _tag, _th, text in row):
            grid.append(row)
    return grid


def _take_carried(row: list, carried: dict[int, tuple[int, tuple[Tag, bool, str]]]) -> None:
    """Fill the columns a rowspan above still covers, at the current end of `row`."""
    while len(row) in carried:
        left, cell = carried[len(row)]
        if left <= 1:
            del carried[len(row)]
        else:
            carried[len(row)] = (left - 1, cell)
        row.append(cell)


def _int_attr(cell: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 50))
    except ValueError:
        return 1


def _header_row(grid: list[list[tuple[Tag, bool, str]]]) -> int | None:
    for index, row in enumerate(grid[:3]):
        roles = [_column_role(text) for _tag, _th, text in row]
        all_th = all(is_th for _tag, is_th, _text in row)
        if sum(1 for role in roles if role) >= 2 and (all_th or index == 0):
            return index
    return None


def _title(topics: list[str]) -> str:
    return "／".join(re.sub(r"\([^()]*\)", "", topic).strip() for topic in topics)[:200]


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
    return list(merged.values())
