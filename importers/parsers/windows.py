"""Consultation windows (相談窓口) from city documents.

- `parse_directory_table`: the 相談窓口 pipe table of a city web page (由布市: 項目 | 内容 | 連絡先 |).
- `parse_routing_rules` / `parse_form_contact`: the つなぐシート paragraph (who consults which 所管課 first,
  and where the sheet is submitted).
- `windows_from_program`: every agency of a parsed 実施計画 as a window, categorised by a small data table.
- `front_door_window`: the 「どこに相談したらよいかわからないとき」 window.

Input is text as the conversion left it; everything is NFKC-normalised first (full-width digits and
brackets become ASCII), so topics keep half-width parentheses: 「環境問題(公害、放置ゴミ等)」.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from directory.categories import BY_NAME, BY_SLUG, CATEGORIES
from directory.phones import VOICE, find_phone_matches, find_phones, normalize_text
from directory.values import agency_key
from importers.records import (
    AgencyRecord,
    BusinessRecord,
    ContactRecord,
    PhoneRecord,
    ProgramRecord,
    RoutingRuleRecord,
    Source,
    WindowRecord,
)

logger = logging.getLogger(__name__)

MAIN_PHONE_LABEL = "代表"
FRONT_DOOR_TITLE = "どこに相談したらよいかわからないとき"

# Category cells as cities write them; the eleven official names come from directory.categories.
CATEGORY_ALIASES: dict[str, str] = {
    "障害": "shogai",
    "障がい者": "shogai",
    "子ども": "kodomo",
    "子育て": "kodomo",
    "健康": "kenko",
    "医療": "kenko",
    "就労": "shigoto",
}

# --- organisation names ----------------------------------------------------------------------------

# 「福祉課保護係」「中部保健所由布保健部」: a parent written together with its section.
_GLUED_PARENT_END = ("課", "保健所")
_GLUED_CHILD_END = ("係", "班", "担当", "室", "保健部")
# 「福祉保健部 地域包括ケア推進課」「教育委員会 子育て支援課」: levels separated by a space.
_SPACED_PARENT_END = ("部", "局", "課", "委員会", "保健所", "市", "町", "村")
_SPACED_CHILD_END = ("課", "係", "班", "室", "担当", "保健部", "センター")


def split_organisation(name: str) -> tuple[str, str]:
    """(parent, organisation): 福祉課保護係 → (福祉課, 保護係); a name without a parent → ("", name).

    Only known suffixes split, so 「人権・部落差別解消推進課」 and 「相談支援センター こだま」 stay whole.
    """
    name = " ".join(name.split())
    spaced = _split_spaced(name)
    if spaced:
        return spaced
    for parent_end in _GLUED_PARENT_END:
        index = name.find(parent_end)
        while index != -1:
            parent, child = name[: index + len(parent_end)], name[index + len(parent_end) :]
            if len(parent) >= 2 and len(child) >= 2 and child.endswith(_GLUED_CHILD_END):
                return parent, child
            index = name.find(parent_end, index + 1)
    return "", name


def _split_spaced(name: str) -> tuple[str, str] | None:
    parent, _, child = name.rpartition(" ")
    if parent and parent.endswith(_SPACED_PARENT_END) and child.endswith(_SPACED_CHILD_END):
        return parent, child
    return None


def full_name(parent: str, organisation: str) -> str:
    """How the organisation is shown: 「福祉課 保護係」."""
    return f"{parent} {organisation}" if parent else organisation


# --- the directory table ----------------------------------------------------------------------------

_HEADER_RE = re.compile(r"項目\s*\|\s*内容\s*\|\s*連絡先\s*\|?")
_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}")
_BULLET_RE = re.compile(r"(?:^|\s)・")
_TOPIC_SUFFIXES = ("に関すること", "についての相談", "について")


@dataclass
class _TableRow:
    line: int  # 1-based line number in the document
    category: str  # slug, "" when the category cell is unknown
    content: str
    contact: str


@dataclass
class _Contact:
    name: str
    phones: list[PhoneRecord] = field(default_factory=list)


def parse_directory_table(
    text: str, *, city: str, document: str, default_area_code: str
) -> tuple[list[WindowRecord], PhoneRecord | None]:
    """Windows from a 「項目 | 内容 | 連絡先 |」 pipe table, and the city-hall number the page states.

    Handles the converter's quirks: the header glued to the sentence before it
    (「※市役所は097-582-1111項目 | 内容 | 連絡先 |」), continuation rows that lost their category cell and
    sit one column to the left, several topics in one cell, several organisations (each with its number)
    in one contact cell. Rows without a number get the stated city-hall number, labelled 代表.
    `city` is the city slug, used only in log messages.
    """
    lines = normalize_text(text).splitlines()
    header = _find_header(lines)
    if header is None:
        logger.warning("%s (%s): no 項目 | 内容 | 連絡先 table found", document, city)
        return [], None
    main_phone = _main_phone(lines, header, default_area_code)
    windows: list[WindowRecord] = []
    for row in _table_rows(lines, header, document, city):
        windows.extend(_windows_from_row(row, document, default_area_code, main_phone))
    return windows, main_phone


def _find_header(lines: Sequence[str]) -> int | None:
    for index, line in enumerate(lines):
        if _HEADER_RE.search(line):
            return index
    return None


def _main_phone(lines: Sequence[str], header: int, default_area_code: str) -> PhoneRecord | None:
    """The number in 「※市役所は097-582-1111」, glued before the header or on the line above it."""
    before_header = lines[header][: _HEADER_RE.search(lines[header]).start()]
    candidates = [before_header] + ([lines[header - 1]] if header > 0 else [])
    for candidate in candidates:
        voice = [p for p in find_phones(candidate, default_area_code=default_area_code) if p.kind == VOICE]
        if voice:
            return PhoneRecord(number=voice[0].number, extension=voice[0].extension, label=MAIN_PHONE_LABEL)
    return None


def _table_rows(lines: Sequence[str], header: int, document: str, city: str) -> Iterator[_TableRow]:
    category = ""
    for index in range(header + 1, len(lines)):
        line = lines[index]
        if "|" not in line:
            return  # the table ends at the first line that is not a row
        if _SEPARATOR_RE.match(line.strip()):
            continue
        cells = _cells(line)
        if not cells:
            continue
        first_slug = _category_slug(cells[0])
        if first_slug is not None:
            category = first_slug
            content, contact = _cell(cells, 1), _cell(cells, 2)
        elif cells[0].startswith("・"):
            # A continuation row: its category cell was dropped, so every cell moved one to the left.
            content, contact = cells[0], _cell(cells, 1)
        else:
            logger.warning("%s (%s) line %d: unknown category %r", document, city, index + 1, cells[0])
            category = ""
            content, contact = _cell(cells, 1), _cell(cells, 2)
        yield _TableRow(line=index + 1, category=category, content=content, contact=contact)


def _cells(line: str) -> list[str]:
    cells = [cell.strip() for cell in line.strip().split("|")]
    if line.strip().startswith("|"):
        cells = cells[1:]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _category_slug(cell: str) -> str | None:
    name = cell.strip()
    if name in BY_NAME:
        return BY_NAME[name].slug
    return CATEGORY_ALIASES.get(name)


def _windows_from_row(
    row: _TableRow, document: str, default_area_code: str, main_phone: PhoneRecord | None
) -> list[WindowRecord]:
    topics = split_topics(row.content)
    windows = []
    for contact in _contacts(row.contact, default_area_code):
        parent, organisation = split_organisation(contact.name)
        phones = contact.phones or ([_copy_phone(main_phone)] if main_phone else [])
        windows.append(
            WindowRecord(
                organisation=organisation,
                parent_organisation=parent,
                organisation_full_name=full_name(parent, organisation),
                source=Source(document, f"line {row.line}"),
                title=_title(topics),
                categories=[row.category] if row.category else [],
                topics=list(topics),
                phones=phones,
            )
        )
    return windows


def split_topics(cell: str) -> list[str]:
    """「・高齢者の相談、高齢者虐待に関すること ・介護保険制度…」 → one topic per bullet, suffix dropped.

    Commas inside a bullet stay: 「ペット、動物(多頭飼育等)」 is one topic, details in brackets kept.
    """
    topics = []
    for part in _BULLET_RE.split(cell):
        topic = part.strip()
        for suffix in _TOPIC_SUFFIXES:
            topic = topic.replace(suffix, "")
        topic = topic.strip(" ・")
        if topic:
            topics.append(topic)
    return topics


def _title(topics: Sequence[str]) -> str:
    # Without bracketed details the title stays short: 「ペット、動物／環境問題」.
    return "／".join(re.sub(r"\([^()]*\)", "", topic).strip() for topic in topics)


def _contacts(cell: str, default_area_code: str) -> list[_Contact]:
    """「相談支援センター こだま 097-547-8162 障がい者相談支援センター こうせいかん 097-582-2213」 → two.

    Each number closes the organisation named before it; a name with no number after it stands alone.
    """
    text = normalize_text(cell)
    contacts: list[_Contact] = []
    position = 0
    for match in find_phone_matches(text, default_area_code=default_area_code):
        name = text[position : match.start].strip()
        if name:
            contacts.append(_Contact(name=name, phones=[match.record]))
        elif contacts:
            contacts[-1].phones.append(match.record)  # a second number for the same organisation
        position = match.end
    rest = text[position:].strip()
    if rest:
        contacts.append(_Contact(name=rest))
    return contacts


def _copy_phone(phone: PhoneRecord) -> PhoneRecord:
    # Each window gets its own record so that editing one window's phone never changes another's.
    return PhoneRecord(number=phone.number, kind=phone.kind, extension=phone.extension, label=phone.label)


# --- つなぐシート ---------------------------------------------------------------------------------

# Bounded runs: an unbounded sender made findall quadratic on long lines without an arrow (40,000 kanji took 21 s).
_ROUTE_RE = re.compile(r"([^、,()\s:⇒→]{1,40})\s*(?:⇒|→|=>|->)\s*([^、,()\s]{1,60})")
_ALTERNATIVES_RE = re.compile(r"または|又は|もしくは|若しくは|/")
_SUBMIT_RE = re.compile(r"を\s*([^\s、。をへ]+?)\s*へ\s*(?:ご)?(?:提出|送付|送信)")
_DEPARTMENT_LOCATION_RE = re.compile(r"^\s*([^\s()]+?)\s*\(([^()]+)\)\s*$")


def parse_routing_rules(text: str, *, document: str) -> list[RoutingRuleRecord]:
    """「介護関連事業所⇒高齢者支援課、…、医療機関⇒保険課または健康増進課」 → one rule per sender."""
    rules = []
    for number, line in enumerate(normalize_text(text).splitlines(), start=1):
        for sender, target in _ROUTE_RE.findall(line):
            sender = sender.removeprefix("例").strip()
            departments = [d.strip() for d in _ALTERNATIVES_RE.split(target) if d.strip()]
            if sender and departments:
                rules.append(RoutingRuleRecord(sender, departments, Source(document, f"line {number}")))
    return rules


def parse_form_contact(text: str) -> tuple[str, str]:
    """(department, location) to which the つなぐシート goes: ("福祉課", "本庁舎新館1階").

    The department comes from 「つなぐシートを福祉課へ提出」; its location from the page's contact line
    「福祉課(本庁舎新館1階)」. ("", "") when the page names no office to submit to: a bare 「X(Y)」 line is too
    common in plans (indicator names, headings) to be taken as a contact on its own.
    """
    normalized = normalize_text(text)
    submit = _SUBMIT_RE.search(normalized)
    if not submit:
        return "", ""
    department = submit.group(1)
    for line in reversed(normalized.splitlines()):  # the お問い合わせ block sits at the end of a page
        match = _DEPARTMENT_LOCATION_RE.match(line)
        if match and match.group(1) == department:
            return department, match.group(2).strip()
    return department, ""


# --- windows from a plan ----------------------------------------------------------------------------

# Keyword in an agency's 分野 or name → categories. Order does not matter; results follow CATEGORIES.
AGENCY_CATEGORY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("高齢", ("koreisha",)),
    ("地域包括支援センター", ("koreisha",)),
    ("障害", ("shogai",)),
    ("障がい", ("shogai",)),
    ("子ども", ("kodomo",)),
    ("こども", ("kodomo",)),
    ("子育て", ("kodomo",)),
    ("少年", ("kodomo",)),  # 少年相談センター, 青少年育成センター
    ("生活困窮", ("keizai", "shigoto")),
    ("DV", ("dv",)),
    ("こもりびと", ("hikikomori",)),
    ("ひきこもり", ("hikikomori",)),
    ("引きこもり", ("hikikomori",)),
)

# Business (社会福祉法第106条の4第2項第n号) → categories its agencies add. 5 (多機関協働) adds none: it is
# the route for 複合的な課題, which the lead maps to a situation rather than a category.
BUSINESS_CATEGORIES: dict[int, tuple[str, ...]] = {
    2: ("hikikomori", "shigoto"),  # 参加支援
    4: ("hikikomori",),  # アウトリーチ等を通じた継続的支援
}


def categories_for(agency: AgencyRecord, business_kind: int) -> list[str]:
    """Category slugs for one agency in one business, in the official order."""
    text = normalize_text(f"{agency.field} {agency.name}")
    found: set[str] = set(BUSINESS_CATEGORIES.get(business_kind, ()))
    for keyword, slugs in AGENCY_CATEGORY_RULES:
        if keyword in text:
            found.update(slugs)
    return _ordered(found)


def windows_from_program(program: ProgramRecord) -> list[WindowRecord]:
    """One window per agency of the plan, merged when an agency carries out several businesses.

    社会福祉協議会 in businesses 3, 4 and 5 becomes ONE window with business_kinds [3, 4, 5] and the union of
    their categories. 連携先 (partners named as examples) and sub-programmes are not windows.
    """
    windows: dict[str, WindowRecord] = {}
    for business, agency in _window_agencies(program.businesses):
        key = agency_key(agency.name)
        window = windows.get(key)
        if window is None:
            windows[key] = _window_from_agency(agency, business)
        else:
            _merge(window, agency, business)
    return list(windows.values())


def _window_agencies(businesses: Iterable[BusinessRecord]) -> Iterator[tuple[BusinessRecord, AgencyRecord]]:
    for business in sorted(businesses, key=lambda b: b.kind):
        for agency in business.agencies:
            if "連携先" in agency.role:
                continue
            yield business, agency


def _window_from_agency(agency: AgencyRecord, business: BusinessRecord) -> WindowRecord:
    parent, organisation = split_organisation(agency.name)
    return WindowRecord(
        organisation=organisation,
        parent_organisation=parent,
        organisation_full_name=full_name(parent, organisation),
        source=agency.source,
        title=" ".join(agency.name.split()),
        categories=categories_for(agency, business.kind),
        target=agency.target,
        description=_description(agency, business),
        operation=agency.operation,
        business_kind=business.kind,
        business_kinds=[business.kind],
        is_front_door=False,
    )


def _merge(window: WindowRecord, agency: AgencyRecord, business: BusinessRecord) -> None:
    window.categories = _ordered(set(window.categories) | set(categories_for(agency, business.kind)))
    if business.kind not in window.business_kinds:
        window.business_kinds = sorted([*window.business_kinds, business.kind])
    description = _description(agency, business)
    if description and description not in window.description.split("\n"):
        window.description = "\n".join(filter(None, [window.description, description]))
    window.target = window.target or agency.target
    window.operation = window.operation or agency.operation


def _description(agency: AgencyRecord, business: BusinessRecord) -> str:
    return (agency.activities or business.description).strip()


def _ordered(slugs: Iterable[str]) -> list[str]:
    wanted = set(slugs)
    unknown = wanted - BY_SLUG.keys()
    if unknown:
        raise ValueError(f"unknown category slugs: {sorted(unknown)}")
    return [c.slug for c in CATEGORIES if c.slug in wanted]


# --- the front door ---------------------------------------------------------------------------------


def front_door_window(
    city_name: str,
    contact_or_department: ContactRecord | str,
    phones: Sequence[PhoneRecord] = (),
    *,
    source: Source | None = None,
) -> WindowRecord:
    """The window for people who do not know where to go: 「どこに相談したらよいかわからないとき」.

    It has no category on purpose: it is shown above the categories, not inside one. With a ContactRecord,
    its phones and address are used unless `phones` is given.
    """
    if isinstance(contact_or_department, ContactRecord):
        contact = contact_or_department
        department, address = contact.department, contact.address
        phones = phones or contact.phones
        source = source or contact.source
    else:
        department, address = contact_or_department, ""
    parent, organisation = split_organisation(department)
    shown = full_name(parent, organisation)
    return WindowRecord(
        organisation=organisation,
        parent_organisation=parent,
        organisation_full_name=shown,
        source=source or Source(document="", location=""),
        title=FRONT_DOOR_TITLE,
        categories=[],
        phones=[_copy_phone(p) for p in phones],
        target="どなたでも",
        description=(
            f"どこに相談したらよいかわからないときや、困りごとがいくつも重なっているときは、"
            f"{city_name}の{shown}にご相談ください。関係する窓口や支援機関と一緒に考えます。"
        ),
        is_front_door=True,
        address=address,
    )
