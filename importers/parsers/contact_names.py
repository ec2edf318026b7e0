"""Labels and names of the window extractor (`importers.parsers.contacts`): what a label says, what is a name.

`read_label` reads 「【受付時間】平日…」「電 話：…」 with spaces and brackets ignored; `clean_name` turns the text before
a number, or a name-like line, into a window's name (markers, phone labels, 〒, brackets, sentence heads removed);
`is_name_like` says whether a line can name a window at all. Table headers map to column roles here too.
"""

from __future__ import annotations

import re

from directory.phones import VOICE
from importers.lines import Line, split_marker
from importers.numbers import NumberSpan, read_numbers
from importers.parsers.windows import split_topics

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
    "相談窓口",
    "窓口名称",
    "相談機関",
    "機関名",
    "施設名",
    "事業所名",
)
CONTACT_WORDS = ("問い合わせ", "問合せ", "問合わせ", "お問い合わせ", "お問合せ")
PHONE_LABEL_RE = re.compile(
    r"(?:[【\[(〔]\s*)?(?:専用|相談|代表|直通)?\s*(?:電\s*話\s*(?:番\s*号)?|T\s*E\s*L|ＴＥＬ|Tel|tel|☎|☏|📞|"
    r"フリーダイヤル|ナビダイヤル)\s*(?:[】\])〕]\s*)?[.:]?\s*",
)
ORG_SUFFIX_RE = re.compile(
    r"(課|係|室|班|所|局|部|センター|協議会|会|館|署|院|ダイヤル|ライン|相談|窓口|事務所|事業所|支所|役場|市役所|ステーション|テラス|ナビ|電話|"
    r"ネット|ルーム|プラザ|サポート|ひろば|広場|園|団|機構|連合|クラブ|組合|法人|ホーム)$"
)
NOT_NAME_WORDS = (
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
HOURS_HINT_RE = re.compile(
    r"[月火水木金土日]曜|平日|祝日|年末年始|\d{1,2}時|\d{1,2}:\d{2}|午前|午後|毎日|24時間|365日"
)
PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")
LOCATION_RE = re.compile(r"階|庁舎|館|棟|内|支所|丁目|\d+-\d+|役場|センター内")
FRONT_DOOR_RE = re.compile(r"(どこに|どこへ|どの窓口に)(相談|聞け).{0,12}(わから|分から)")
NATIONAL_PREFIXES = ("0120", "0800", "0570")


def read_label(text: str) -> tuple[str, str]:
    """(label, value): 「【受付時間】平日…」「電 話：…」「受付時間 平日…」 → ("受付時間", "平日…"); spaces ignored."""
    match = _LABEL_RE.match(text)
    if not match:
        return "", text
    label = re.sub(r"\s+", "", match.group("label"))
    if re.search(r"\d", label) or len(label) > 10:
        return "", text
    return label, match.group("value").strip()


def is_label(label: str, labels: tuple[str, ...]) -> bool:
    return any(label == item or label.endswith(item) for item in labels)


def known_label(label: str) -> bool:
    return is_label(
        label, HOURS_LABELS + ADDRESS_LABELS + TOPIC_LABELS + TARGET_LABELS + NAME_LABELS
    ) or bool(PHONE_LABEL_RE.fullmatch(label))


# --- names --------------------------------------------------------------------------------------------------


def clean_name(text: str) -> tuple[str, str]:
    """(name, location) from the text before a number or a name-like line; ("", "") when it is no name."""
    text = text.strip()
    marker, text = split_marker(text)
    postal = re.search(r"〒\s*\d{3}-?\d{4}", text)
    address = ""
    if postal and len(text[: postal.start()].strip(" :、")) >= 2:
        # 「相談支援センターこころ 〒861-4101 熊野市近見6丁目2-15」: the name, then its address
        text, address = text[: postal.start()], text[postal.end() :].strip()
    elif postal:
        text = text[: postal.start()] + " " + text[postal.end() :]  # 「〒709-0802 あさひ市役所」
    unit = PAREN_RE.search(text)
    after = strip_phone_label(text[unit.end() :]).strip(" :、") if unit else ""
    if unit and (not after or LABEL_ONLY_RE.match(after)):
        outer, inner = text[: unit.start()], unit.group(1).strip()
        if subunit(outer, inner):
            text = f"{outer.strip()} {inner}"  # 「保健センター（健康づくり係）」
        elif _service_of(outer, inner):
            text = inner  # 「無料法律相談（市民相談室）」: the office that holds the service
    location = ""
    for match in list(PAREN_RE.finditer(text)):
        inner = match.group(1).strip()
        if LOCATION_RE.search(inner) and not location:
            location = inner
    text = PAREN_RE.sub(" ", text)
    text = strip_phone_label(text)
    text = re.sub(
        r"(?<=\S)[\s:]+(?:予約|専用|相談専用|代表|直通|夜間|休日|携帯)$", "", text
    )  # 「…: 予約電話」
    text = re.sub(r"(?i)\b(?:FAX|Fax|ファクス|ファックス)\b.*$", "", text)
    text = (
        re.sub(r"^[【\[〔][^】\]〕]{1,12}[】\]〕]\s*(?=\S)(?=.*\S)", "", text)
        if re.match(r"^[【\[〔][^】\]〕]{1,12}[】\]〕]\s*\S", text)
        else text
    )
    text = text.strip(" 【】[]〔〕「」:、,/／・。=＝()（）-")
    label, value = read_label(text)
    if label and value and (known_label(label) or any(word in label for word in CONTACT_WORDS)):
        text = value  # 「問い合わせ先：子育て支援課」「場所・問い合わせ：こども課」
    parts = [p for p in re.split(r"\s{2,}|。", text) if p.strip()]
    if len(parts) > 1:
        text = parts[-1]
    if "は" in text:
        # 「…の悩みは男女共同参画センター「あすてらす」」「…の相談は、法務局の「こどもの人権110番」」
        tail = text.rsplit("は", 1)[1].strip(" 、,")
        bare = re.sub(r"「[^」]*」?$", "", tail)  # the closing 」 may have been stripped with the bracket
        if len(tail) >= 2 and (ORG_SUFFIX_RE.search(bare) or re.search(r"の「[^」]+」?$", tail)):
            text = tail
    quoted = re.fullmatch(r"(.+?)の「([^」]+)」?", text)  # 「法務局の「こどもの人権110番」」: the quoted line
    if quoted and is_name_like(quoted.group(2)):
        text = quoted.group(2)
    # 「県弁護士会の専用電話」: the organisation's own line is the organisation's window
    text = re.sub(
        r"^(.{2,}?)の(?:専用|相談|無料)?電話(?:相談)?$",
        lambda m: m.group(1) if ORG_SUFFIX_RE.search(m.group(1)) else m.group(0),
        text,
    )
    head, _space, tail = text.rpartition(" ")
    if head.endswith("相談") and ORG_SUFFIX_RE.search(tail) and not tail.endswith(("相談", "電話")):
        text = tail  # 「▽多重債務の相談　県弁護士会」: a newspaper item's topic, then the organisation
    text = re.sub(r"[「」『』]", " ", text).strip(" 【】[]:、,/／・。()（）-=※")
    if len(text) > 1 and text[-1] in "はへにをがでもと":
        if not ORG_SUFFIX_RE.search(text[:-1]):
            return "", ""  # 「…迷ったときは #8000 へ」: a clause, not a name
        text = text[:-1]  # 「※市役所は097-…」
    return (text, location or address) if is_name_like(text) else ("", "")


_SUBUNIT_RE = re.compile(r"(係|室|班|担当|グループ)$")
_DEPARTMENT_RE = re.compile(r"(課|部|局|委員会|役場|市役所|センター|所)$")


def _service_of(outer: str, inner: str) -> bool:
    """「無料法律相談（市民相談室）」「健康相談（保健センター）」: a service, then the organisation that holds it."""
    outer = split_marker(outer.strip())[1].strip()
    if not re.search(r"相談(?:会|日)?$", outer) or LOCATION_RE.search(inner) or HOURS_HINT_RE.search(inner):
        return False
    return is_name_like(inner) and bool(ORG_SUFFIX_RE.search(inner)) and not inner.endswith(("相談", "電話"))


def subunit(outer: str, inner: str, *, after_number: bool = False) -> bool:
    """Does 「outer（inner）」 name a unit inside a department?

    In a name, only a section of a department: 「保健センター（健康づくり係）」, not 「健康づくり課（保健センター）」 (a
    building) nor 「社会福祉協議会（地域福祉係）」 (the council is the window). After the number, a bracketed
    organisation says whom the number reaches: 「長寿介護課 電話 …（地域包括支援センター）」.
    """
    outer, inner = strip_phone_label(split_marker(outer.strip())[1]).strip(), inner.strip()
    if not outer or not inner or LOCATION_RE.search(inner) or HOURS_HINT_RE.search(inner):
        return False
    if not is_name_like(inner) or any(word in inner for word in NOT_NAME_WORDS):
        return False
    if not _DEPARTMENT_RE.search(outer):
        return False
    if after_number:
        return bool(ORG_SUFFIX_RE.search(inner)) and not inner.endswith(("相談", "電話", "ダイヤル"))
    return bool(_SUBUNIT_RE.search(inner))


LABEL_ONLY_RE = re.compile(
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


def strip_phone_label(text: str) -> str:
    """「相談室 電話：」「保健所【TEL】」「市民生活課TEL.」 → the name; 「いのちの電話」 keeps its 電話."""
    text = text.strip()
    for pattern in _TRAILING_LABEL_RES:
        text = pattern.sub(" ", text).strip()
    return re.sub(rf"^[【\[(〔]?\s*{_LABEL_WORD}\s*[】\])〕]?\s*[.:]?\s*", "", text).strip()


def is_name_like(text: str) -> bool:
    if not (2 <= len(text) <= 40) or "。" in text or LABEL_ONLY_RE.match(text):
        return False
    if not re.search(r"[\u3040-\u30ff\u4e00-\u9fffA-Za-z]", text):
        return False
    if any(text == word or text.startswith(word) and len(text) <= len(word) + 2 for word in NOT_NAME_WORDS):
        return False
    if HOURS_HINT_RE.search(text) and not ORG_SUFFIX_RE.search(text):
        return False
    if len(re.findall(r"\d", text)) > 4:
        return False
    label, _value = read_label(text)
    return not (label and known_label(label) and not is_label(label, NAME_LABELS))


_CONTACT_HEADING_RE = re.compile(
    r"^(?:この(?:ページ|記事|情報|ページの内容)(?:に関する|について)の?)?(?:お|御)?問い?合わ?せ(?:先|窓口|は)?(?:こちら)?$"
)


def is_contact_heading(text: str) -> bool:
    """「お問い合わせ」「このページに関するお問い合わせ」「問合せ先」 as a heading or a line of its own."""
    return bool(_CONTACT_HEADING_RE.match(re.sub(r"[\s【】\[\]():：・]", "", text)))


def label_from_prefix(prefix: str, span: NumberSpan) -> None:
    """「夜間・休日 0942-30-9299」: a short prefix that names no window labels the number."""
    label = prefix.strip(" :/、,・()").strip()
    label = re.sub(rf"(?:{PHONE_LABEL_RE.pattern})$", "", label).strip(" :/、,・()")
    if label and not span.label and LABEL_ONLY_RE.match(label):
        span.label = label


def name_score(line: Line, name: str, source: str) -> int:
    """How surely a line names a window: list items, 【】, emphasis and terms 3; organisation-like 2; else 1."""
    if source == "heading":
        return 2 if ORG_SUFFIX_RE.search(name) and not name.endswith("相談") else 0
    organisation_like = bool(ORG_SUFFIX_RE.search(name)) and not name.endswith(("相談", "ごと", "こと"))
    if (line.marker and line.marker != "dd") or line.emphasis or line.text.startswith("【"):
        return 3 if organisation_like or not line.marker else 1  # 「・介護の相談」 is a topic, not a name
    return 2 if organisation_like else 1


def looks_like_organisation(text: str) -> bool:
    """A line that names an organisation (ends like one, no list of topics): 「福祉部 高齢者支援課」."""
    name, _location = clean_name(text)
    return bool(name) and "、" not in text and bool(ORG_SUFFIX_RE.search(name))


def join_parent(names: list[str]) -> str:
    """「福祉部」「高齢者支援課」 → 「福祉部 高齢者支援課」; a bracketed second line is another name for the first
    (「…センター北部」「（北部高齢者相談センター）」), and 北部/南部… end a place, not a department."""
    names = [n for n in names if not re.match(r"^[(（]", n)] or names
    if re.search(r"[東西南北中]部$", names[0]):
        return names[0]
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


def column_role(header: str) -> str:
    for role, words in _TABLE_ROLES:
        if any(word.lower() in header.lower() for word in words):
            return role
    return ""


def topics_of(value: str) -> list[str]:
    if value.startswith("・") or " ・" in value:
        return split_topics(value)
    parts = [p.strip() for p in re.split(r"[、,]", value) if p.strip()]
    if len(parts) > 1 and all(len(p) <= 25 for p in parts):
        return split_topics(" ".join("・" + p for p in parts))
    return split_topics(value)


def is_layout_row(lines: list[Line], area_code: str) -> bool:
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


_PAGE_WIDE_RE = re.compile(r"いずれも|すべて|全て|各窓口|各課|各係|共通")


def page_hours(line: Line, label: str, after_table: bool) -> bool:
    """Does the line state hours for every window of the page: 「受付時間はいずれも平日…」, or a 受付時間 line
    right under a table (「受付時間：月曜日～金曜日 …」 below the rows)?"""
    text = line.text
    if not HOURS_HINT_RE.search(text) or not re.search(r"\d\s*(?:時|:)", text):
        return False
    if re.search(r"受付|相談|開庁|時間", text[:12]) and _PAGE_WIDE_RE.search(text):
        return True
    return after_table and not line.table and bool(label) and is_label(label, HOURS_LABELS)
