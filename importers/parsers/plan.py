"""Parse a municipality's 重層的支援体制整備事業 document (plan, status report, slides or web page).

The parser is driven by what every such document shares rather than by line numbers: the five
businesses of 社会福祉法第106条の4第2項 and their headings with 【新規】/【拡充】 markers, table
header words (主な対象分野, 実施機関, 設置箇所数, 実施方式, 所管課 …), 【支援対象者】-style markers inside
cells, 「担当機関：…」 lines, meeting tables (会議名 / 開催日 / 参加者 …), 現状/目標 indicator tables,
令和N年度 dates and 計画期間 sentences. Where one seed needs a quirk, it lives in a small named
function that says why.

Input: blocks from `importers.readers.seedtext`. Output: an `importers.records.ProgramRecord`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from importers.readers.seedtext import Block, Table, TableRow, TextLine, read_seed_file
from importers.records import (
    AgencyRecord,
    BusinessRecord,
    ContactRecord,
    IndicatorRecord,
    IndicatorValue,
    MeetingRecord,
    MilestoneRecord,
    PhoneRecord,
    ProgramRecord,
    SectionRecord,
    Source,
    SubProgramRecord,
)
from importers.text import (
    clean_cell,
    extract_footnotes,
    html_fragment_to_lines,
    repair_pdf_damage,
    split_bullets,
)

__all__ = ["BUSINESS_NAMES", "business_kind", "parse_program", "parse_seed_program", "wareki_to_year"]

# --- vocabulary ----------------------------------------------------------------------------------

# Clause number of 社会福祉法第106条の4第2項 → the names documents use for that business.
BUSINESS_NAMES: dict[int, tuple[str, ...]] = {
    1: ("包括的相談支援事業",),
    2: ("参加支援事業",),
    3: ("地域づくりに向けた支援事業", "地域づくり事業"),
    4: (
        "アウトリーチ等を通じた継続的支援事業",
        "アウトリーチ等を通じた継続支援事業",
        "アウトリーチ等継続的支援事業",
        "アウトリーチ等継続支援事業",
    ),
    5: ("多機関協働事業",),
}
_NAME_TO_KIND = {name: kind for kind, names in BUSINESS_NAMES.items() for name in names}
_BUSINESS_ALT = "|".join(sorted(map(re.escape, _NAME_TO_KIND), key=len, reverse=True))
_STATUS_RE = re.compile(r"\s*【(新規|拡充|既存)】\s*")
_CLAUSE_RE = re.compile(r"第106条の4第2項第(\d)号")
_OPERATIONS = ("委託・直営", "直営・委託", "委託", "直営", "団体補助", "補助")
_COUNT_UNITS = "か所|カ所|ヵ所|ヶ所|ケ所|箇所|名|人|団体|件"
_EMPTY_CELLS = {"", "—", "-", "－", "―", "ー", "‐"}
_BULLET_PREFIX_RE = re.compile(r"^(?:[・●◦]|[①-⑳]|\(\d+\)|（\d+）)\s*")
_REIWA_ERAS = {"令和": 2018, "平成": 1988}

# Heading numbering, outermost first: 第1 / 1 or 1. / ★…★ / (1) or ① / ア.
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^第\d+\s+\S")),
    (1, re.compile(r"^\d+[.．]?\s+\S|^\d+[.．]\S")),
    (1, re.compile(r"^★.+★$")),
    (2, re.compile(r"^[(（]\d+[)）]\s*\S")),
    (2, re.compile(r"^[①-⑳]\s*\S")),
    (3, re.compile(r"^[ア-ン]\s+\S")),
)
_NUMBERING_RE = re.compile(r"^(?:第\d+\s+|\d+(?:[.．]\s*|\s+)|[(（]\d+[)）]\s*|[①-⑳]\s*|[ア-ン]\s+)")
_DECORATION_RE = re.compile(r"^[★※●■▼○◯◆◇]+\s*|\s*★+$")

# Explanatory headings kept as sections (matched inside the heading's text).
_SECTION_TOPICS = (
    "はじめに",
    "計画の趣旨",
    "事業の目的",
    "地域福祉計画との関わり",
    "重層的支援体制整備事業とは",
    "地域共生社会",
    "事業創設の背景",
    "事業イメージ",
    "各事業の概要",
    "取組の3本柱",
    "3本柱",
    "5つの機能",
    "支援ニーズとは",
    "支援者側の課題",
    "事業の全体像",
    "支援会議",
    "本人同意がない場合",
    "の実施について",
)


def wareki_to_year(era: str, number: str) -> int:
    """令和7 → 2025, 平成31 → 2019 (元 = 1)."""
    return _REIWA_ERAS[era] + (1 if number == "元" else int(number))


def business_kind(text: str) -> int | None:
    """The clause number (1–5) when `text` is exactly a business name, allowing numbering, a
    【新規】-style marker and a legal citation in parentheses round it."""
    name = _business_name_part(text)
    return _NAME_TO_KIND.get(name)


def _business_name_part(text: str) -> str:
    text = _NUMBERING_RE.sub("", re.sub(r"\s+", " ", text).strip())
    text = clean_cell(_STATUS_RE.sub("", text))
    text = re.sub(r"[(（]社会福祉法[^)）]*[)）]", "", text)
    return text.strip()


# --- small helpers -------------------------------------------------------------------------------


def _cell_text(cell: str) -> str:
    """A cell's text on one line: HTML removed, footnote markers removed, PDF damage repaired."""
    text = " ".join(html_fragment_to_lines(cell))
    text, _ = extract_footnotes(text)
    return clean_cell(repair_pdf_damage(text))


def _heading_level(text: str) -> int | None:
    if text.endswith("。") or len(text) > 60:
        return None
    for level, pattern in _LEVELS:
        if pattern.match(text):
            return level
    return None


def _is_heading_like(block: Block) -> bool:
    """A numbered heading, or a short line that is not a sentence, a note, a label or a bullet."""
    if not isinstance(block, TextLine) or block.bullet:
        return False
    text = block.text
    if _heading_level(text) is not None:
        return True
    return (
        len(text) <= 40
        and not text.endswith(("。", "、"))
        and "：" not in text
        and not text.startswith(("※", "・", "（", "("))
    )


def _heading_title(text: str) -> str:
    """A heading without its numbering and decorations: 「★取組の3本柱」 → 「取組の3本柱」."""
    text = _DECORATION_RE.sub("", text.strip())
    text = _NUMBERING_RE.sub("", text)
    if text.startswith("【") and text.endswith("】"):
        text = text[1:-1]
    return clean_cell(text)


def _is_figure_credit(text: str) -> bool:
    """「※厚生労働省資料より抜粋」: the credit of a figure that did not survive the conversion."""
    return "資料より" in text or text.endswith("より抜粋")


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in (part.strip() for part in text.split("。")) if s]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


@dataclass
class _Doc:
    blocks: list[Block]
    document: str

    def source(self, block: Block | TableRow) -> Source:
        return Source(self.document, block.location)

    def text_lines(self) -> Iterator[TextLine]:
        return (b for b in self.blocks if isinstance(b, TextLine))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


# --- quirk: headings glued to the paragraph before them ------------------------------------------

_GLUED_TAIL_RE = re.compile(r"^(?P<body>.+。)(?P<tail>[^。、）」』)\]】\s][^。、]{1,19})$")


def _split_glued_headings(blocks: list[Block]) -> list[Block]:
    """Seed 003 (Yufu) is a web page whose headings were glued to the end of the paragraph before
    them (「…実施するものです。事業創設の背景」). A short tail after the last 「。」 is split off as a
    heading line of its own, with the same line number."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TextLine) and not block.bullet:
            match = _GLUED_TAIL_RE.match(block.text)
            if match:
                out.append(TextLine(match.group("body"), block.line, joined=block.joined, page=block.page))
                out.append(TextLine(match.group("tail").strip(), block.line, joined=True, page=block.page))
                continue
        out.append(block)
    return out


# --- tables --------------------------------------------------------------------------------------


@dataclass
class _Row:
    cells: list[str]
    line: int
    location: str = ""  # 「line 42」 or 「p.3」, from the first raw row


def _ends_with_open_label(cell: str) -> bool:
    """「…【実施内容】」: the cell's last marker has no value yet; it continues on the next row."""
    return re.search(r"【[^】]*】\s*$", " ".join(html_fragment_to_lines(cell))) is not None


def _merge_continuation_rows(table: Table) -> list[_Row]:
    """Rows of a table body with continuation rows resolved.

    A row starting with empty cells either continues a cell the PDF broke across lines (seed 002:
    「【実施内容】」 then the text on the next row) and is appended to it, or repeats the row above
    with new values in some columns (seed 004: 第1層 / 第2層 of one business), and then inherits the
    spanned cells.
    """
    rows: list[_Row] = []
    for raw in table.rows[1:]:
        cells = list(raw.cells)
        if rows and raw.is_continuation:
            previous = rows[-1]
            filled = [i for i, c in enumerate(cells) if c.strip()]
            width = max(len(previous.cells), len(cells))
            previous.cells += [""] * (width - len(previous.cells))
            cells += [""] * (width - len(cells))
            if all(not previous.cells[i].strip() or _ends_with_open_label(previous.cells[i]) for i in filled):
                for i in filled:
                    previous.cells[i] = f"{previous.cells[i]}\n{cells[i]}".strip()
                continue
            cells = [c if c.strip() else previous.cells[i] for i, c in enumerate(cells)]
        rows.append(_Row(cells, raw.line, raw.location))
    return rows


# Table header words → the field they fill. Checked in order; a header matches a word exactly or
# by prefix (「機関数※」, 「実施か所数 ※」).
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("field", ("主な対象分野", "対象分野", "分野")),
    ("name", ("相談支援機関名", "機関名", "実施機関", "実施事業", "事業名")),
    ("sites", ("設置箇所数", "機関数", "実施か所数", "設置か所数", "箇所数", "か所数")),
    ("site_type", ("設置形態",)),
    ("operation", ("運営形態", "実施方式", "運営方式")),
    ("department", ("所管課", "担当課")),
    ("area", ("対象圏域",)),
    ("structure", ("実施体制",)),
    ("activities", ("実施内容",)),
    ("target", ("支援対象者", "対象者")),
)


def _header_key(cell: str) -> str:
    text = _cell_text(cell).replace("※", "").strip()
    return text


def _column_map(table: Table) -> dict[str, int]:
    """Field → column index from the header row; empty when the table is not a plan table."""
    if not table.header:
        return {}
    mapping: dict[str, int] = {}
    for index, cell in enumerate(table.header.cells):
        key = _header_key(cell)
        for name, words in _COLUMNS:
            if name not in mapping and any(key == w or key.startswith(w) for w in words):
                mapping[name] = index
                break
    return mapping if "name" in mapping else {}


def _bracket_fields(text: str) -> dict[str, str]:
    """「【支援対象者】 A 【設置箇所数】 11 【実施内容】 B」 → {支援対象者: A, 設置箇所数: 11, 実施内容: B}."""
    parts = re.split(r"【([^】]+)】", text)
    fields: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        lines = [clean_cell(repair_pdf_damage(line)) for line in value.split("\n")]
        fields[label.strip()] = "\n".join(line for line in lines if line)
    return fields


def _parse_count(text: str) -> tuple[int | None, str]:
    """A count cell → (number, text as written). 「第1層… 1 第2層… 14」 → (None, 「第1層 1 / 第2層 14」)."""
    raw = repair_pdf_damage(" ".join(html_fragment_to_lines(text)))
    layers = re.findall(r"(第\d+層)\D*?(\d+)", raw)
    if len(layers) >= 2:
        return None, " / ".join(f"{layer} {number}" for layer, number in layers)
    written = clean_cell(raw)
    if written in _EMPTY_CELLS:
        return None, ""
    if written.isdigit():
        return int(written), ""
    match = re.search(rf"(\d+)\s*(?:{_COUNT_UNITS})", written) or re.search(r"(\d+)\s*$", written)
    return (int(match.group(1)) if match else None), written


# --- footnotes -----------------------------------------------------------------------------------

_FOOTNOTE_DEF_RE = re.compile(r"^(※\s*\d+)\s+(.*)$")


def _footnote_definitions(blocks: list[Block], start: int) -> dict[str, str]:
    """The 「※1 …」 lines from `start` on (until the next table or bullet), keyed 「※1」.

    A definition may wrap onto the next line with no blank between (seed 000 「※1 創作的活動…、」
    then 「障害に対する…」).
    """
    bodies: dict[str, str] = {}
    current: str | None = None
    for block in blocks[start:]:
        if not isinstance(block, TextLine) or block.bullet:
            break
        match = _FOOTNOTE_DEF_RE.match(block.text)
        if match:
            current = re.sub(r"\s+", "", match.group(1))
            bodies.setdefault(current, match.group(2).strip())
            continue
        if current and block.joined:
            bodies[current] = clean_cell(f"{bodies[current]}\n{block.text}")
            continue
        if block.text.startswith("※") or not block.text.strip():
            current = None
            continue
        break
    return {key: f"{key} {body}" for key, body in bodies.items()}


# --- businesses ----------------------------------------------------------------------------------


@dataclass
class _BusinessSection:
    kind: int
    status: str
    heading: TextLine
    level: int
    blocks: list[Block] = field(default_factory=list)


def _business_heading(block: Block) -> tuple[int, str, int] | None:
    """(kind, status, level) when the block is a business heading such as 「2 参加支援事業【新規】」."""
    if not isinstance(block, TextLine) or block.bullet:
        return None
    kind = business_kind(block.text)
    if kind is None:
        return None
    status = _STATUS_RE.search(block.text)
    level = _heading_level(block.text)
    return kind, status.group(1) if status else "", 2 if level is None else level


def _business_sections(doc: _Doc) -> list[_BusinessSection]:
    sections: list[_BusinessSection] = []
    current: _BusinessSection | None = None
    for block in doc.blocks:
        heading = _business_heading(block)
        if heading:
            kind, status, level = heading
            assert isinstance(block, TextLine)
            current = _BusinessSection(kind, status, block, level)
            sections.append(current)
            continue
        if current is None:
            continue
        if isinstance(block, TextLine) and not block.bullet:
            level = _heading_level(block.text)
            if level is not None and level <= current.level:
                current = None
                continue
        current.blocks.append(block)
    return sections


_LABEL_RE = re.compile(r"^(?P<label>[^：:]{1,20})[：:]\s*(?P<value>.*)$")
_RESPONSIBLE_RE = re.compile(r"^(?P<name>.+?)\s*[（(](?P<op>委託|直営|団体補助|補助)[)）]\s*$")


def _label_with_continuation(blocks: list[Block], index: int, value: str) -> tuple[str, int]:
    """A 「連携先の例：A、B」 list that goes on over the next short lines until one ends with 「等」."""
    parts = [value]
    consumed = 0
    if value.rstrip().endswith("等"):
        return value, 0
    for block in blocks[index + 1 :]:
        if not isinstance(block, TextLine) or block.bullet or len(block.text) > 40 or "：" in block.text:
            break
        if _heading_level(block.text) is not None or block.text.startswith(("●", "※", "【")):
            break
        parts.append(block.text)
        consumed += 1
        if block.text.rstrip().endswith("等"):
            break
    return "、".join(parts), consumed


def _list_items(text: str) -> list[str]:
    """「行政機関、支援関係機関\n社会福祉法人… 等」 → the items, without the closing 「等」."""
    text = re.sub(r"\s*等\s*$", "", text.strip())
    items = re.split(r"[、,\n]", text)
    return [clean_cell(item) for item in items if clean_cell(item)]


@dataclass
class _BusinessBuilder:
    doc: _Doc
    section: _BusinessSection
    record: BusinessRecord
    description: list[str] = field(default_factory=list)
    described: bool = False  # the description ends at the first table or sub-heading
    group: str = ""
    group_operation: str = ""
    subheading: str = ""

    def build(self) -> BusinessRecord:
        blocks = self.section.blocks
        index = 0
        while index < len(blocks):
            index = self._consume(blocks, index) + 1
        if self.description:
            self.record.description = "\n".join(self.description)
        self._apply_site_type(blocks)
        return self.record

    # One block (or a few, for lists that wrap); returns the index of the last block consumed.
    def _consume(self, blocks: list[Block], index: int) -> int:
        block = blocks[index]
        if isinstance(block, Table):
            self.described = True
            self._table(block, blocks, index)
            return index
        text = block.text
        if not text or text.startswith("●"):  # figure captions: the figure itself did not survive
            return index
        if text.startswith("※"):
            if not _FOOTNOTE_DEF_RE.match(text) and not _is_figure_credit(text):
                self.record.notes.append(text)
            return index
        label = _LABEL_RE.match(text) if not block.bullet else None
        # 「担当機関：…」 always; other 「label：value」 lines unless they are a sentence.
        if label and ("担当機関" in label.group("label") or not text.endswith("。")):
            return self._label(blocks, index, label.group("label"), label.group("value"))
        if block.bullet:
            return self._bullet(blocks, index, block)
        if _heading_level(text) is not None:
            self._subheading(text)
            return index
        if text.startswith(("（", "(")) and self.record.subprograms and not text.endswith("。"):
            return self._subprogram_note(blocks, index)
        if _is_heading_like(block) and not text.endswith("）"):
            self._subheading(text)
            return index
        self._prose(text)
        return index

    def _prose(self, text: str) -> None:
        responsible = re.search(r"([^、。]+?)が中心となり", text)
        if responsible and not self.record.responsible:
            self.record.responsible = clean_cell(responsible.group(1))
        if self.described:
            self.record.notes.append(clean_cell(text))
        else:
            self.description.append(text)
        model = re.search(r"[（(](基本型|連携型)[)）]", text)
        if model and not self.record.agencies:
            self.record.notes.append(f"設置形態：{model.group(1)}")

    def _subheading(self, text: str) -> None:
        self.described = True
        self.subheading = text
        level = _heading_level(text)
        if level is not None and level >= 2:
            title = text
            operation = ""
            match = _RESPONSIBLE_RE.match(title)
            if match:
                title, operation = match.group("name"), match.group("op")
            self.group, self.group_operation = re.sub(r"\s+", " ", title).strip(), operation

    def _label(self, blocks: list[Block], index: int, label: str, value: str) -> int:
        consumed = 0
        if re.search(r"連携先|先の例|先$", label):  # a list, which may wrap over the next lines
            value, consumed = _label_with_continuation(blocks, index, value)
        source = self.doc.source(blocks[index])
        if "担当機関" in label or label in ("実施機関", "委託先"):
            name, operation = value, ""
            match = _RESPONSIBLE_RE.match(value)
            if match:
                name, operation = match.group("name"), match.group("op")
            name = clean_cell(name)
            if not self.record.responsible:
                self.record.responsible = name
            notes = [self.subheading] if self.subheading else []
            self.record.agencies.append(
                AgencyRecord(name=name, source=source, operation=operation, role="担当機関", notes=notes)
            )
        elif "連携先" in label:
            for item in _list_items(value):
                self.record.agencies.append(AgencyRecord(name=item, source=source, role="連携先"))
        elif label.endswith("会議"):
            pass  # a meeting's schedule: read by `_meetings_from_label_lines`
        else:
            self.record.notes.append(f"{clean_cell(label)}：{'、'.join(_list_items(value)) or value}")
        return index + consumed

    def _bullet(self, blocks: list[Block], index: int, block: TextLine) -> int:
        text = block.text
        if text.endswith("。") or self.record.kind != 3 or not self.described:
            if text.startswith("（") and self.description:
                self.description[-1] += text
            else:
                self._prose(text)
            return index
        self._subprogram_bullet(blocks, index, block)
        return index

    def _subprogram_bullet(self, blocks: list[Block], index: int, block: TextLine) -> None:
        """「・子育て交流プラザ運営事業：1カ所（委託）」 → a sub-programme in the current group."""
        text, refs = extract_footnotes(block.text)
        text = repair_pdf_damage(text).strip()
        operation, count_text = "", ""
        while match := re.search(r"[（(]([^（）()]*)[)）]\s*$", text):
            inner = clean_cell(match.group(1))
            if inner in _OPERATIONS and not operation:
                operation = inner
            elif re.fullmatch(rf"\d+\s*(?:{_COUNT_UNITS})", inner) and not count_text:
                count_text = inner
            else:
                break
            text = text[: match.start()].rstrip()
        if "：" in text:
            text, value = text.rsplit("：", 1)
            count_text = count_text or clean_cell(value)
        count = None
        if count_text:
            count, _ = _parse_count(count_text)
        notes = []
        if refs:
            definitions = _footnote_definitions(blocks, index + 1)
            notes = [definitions[ref] for ref in refs if ref in definitions]
        self.record.subprograms.append(
            SubProgramRecord(
                name=clean_cell(text),
                source=self.doc.source(block),
                group=self.group,
                count=count,
                count_text=count_text,
                operation=operation or self.group_operation,
                notes=notes,
            )
        )

    def _subprogram_note(self, blocks: list[Block], index: int) -> int:
        """「（よかよか介護ボランティア事業、…」 under a bullet lists what the sub-programme covers;
        it may wrap over the next lines until the closing parenthesis."""
        parts = [blocks[index].text]
        consumed = 0
        for block in blocks[index + 1 :]:
            if (
                parts[-1].rstrip().endswith(("）", ")"))
                or not isinstance(block, TextLine)
                or not block.joined
            ):
                break
            parts.append(block.text)
            consumed += 1
        self.record.subprograms[-1].notes.append(clean_cell("\n".join(parts)))
        return index + consumed

    def _table(self, table: Table, blocks: list[Block], index: int) -> None:
        columns = _column_map(table)
        if not columns:
            return
        definitions = _footnote_definitions(blocks, index + 1)  # mapped onto the rows that cite them
        for row in _merge_continuation_rows(table):
            self._table_row(row, columns, definitions)

    def _table_row(self, row: _Row, columns: dict[str, int], footnotes: dict[str, str]) -> None:
        def raw(name: str) -> str:
            i = columns.get(name)
            return row.cells[i] if i is not None and i < len(row.cells) else ""

        refs: list[str] = []

        def value(name: str) -> str:
            text = " ".join(html_fragment_to_lines(raw(name)))
            text, found = extract_footnotes(text)
            refs.extend(found)
            text = clean_cell(repair_pdf_damage(text))
            return "" if text in _EMPTY_CELLS else text

        name = value("name")
        status = _STATUS_RE.search(name)
        name = _STATUS_RE.sub("", name).strip()
        if not name:
            return
        structure = _bracket_fields("\n".join(html_fragment_to_lines(raw("structure"))))
        target = structure.get("支援対象者", "") or value("target")
        activities = structure.get("実施内容", "") or value("activities")
        count, count_text = _parse_count(structure.get("設置箇所数", "") or raw("sites"))
        source = Source(self.doc.document, row.location)
        if business_kind(name) == self.record.kind:  # the row describes the business itself
            self.record.target = self.record.target or target
            self.record.activities = self.record.activities or activities
            return
        field_ = value("field")
        operation = value("operation")
        department = value("department")
        site_type = value("site_type")
        area = value("area")
        notes = [footnotes[ref] for ref in _unique(refs) if ref in footnotes]
        if self.record.kind == 3:
            self.record.subprograms.append(
                SubProgramRecord(
                    name=name,
                    source=source,
                    group=self.group,
                    field=field_,
                    count=count,
                    count_text=count_text,
                    operation=operation,
                    department=department,
                    target=target,
                    activities=activities,
                    status=status.group(1) if status else "",
                    notes=notes,
                )
            )
            return
        self.record.agencies.append(
            AgencyRecord(
                name=name,
                source=source,
                field=field_,
                sites=count,
                sites_text=count_text,
                site_type=site_type,
                operation=operation,
                department=department,
                area=area,
                target=target,
                activities=activities,
                notes=notes,
            )
        )

    def _apply_site_type(self, blocks: list[Block]) -> None:
        """「…形態(基本型事業・拠点)とします」 / 「…「基本型」となります」 under a 設置形態 heading sets the
        site type of the agencies whose table did not state it."""
        seen_heading = False
        for block in blocks:
            if isinstance(block, TextLine) and "設置形態" in block.text and len(block.text) <= 12:
                seen_heading = True
                continue
            if seen_heading and isinstance(block, TextLine):
                match = re.search(r"[(（「](基本型[^)）」\s]*)[)）」]", block.text)
                if match:
                    for agency in self.record.agencies:
                        if not agency.site_type and agency.role != "連携先":
                            agency.site_type = match.group(1)
                    return


def _businesses(doc: _Doc) -> list[BusinessRecord]:
    records: dict[int, BusinessRecord] = {}
    for section in _business_sections(doc):
        record = records.get(section.kind)
        if record is None:
            record = BusinessRecord(
                kind=section.kind, source=doc.source(section.heading), status=section.status
            )
            records[section.kind] = record
        elif not record.status:
            record.status = section.status
        _BusinessBuilder(doc, section, record).build()
    _apply_overview(doc, records)
    _apply_status_table(doc, records)
    _apply_named_list(doc, records)
    for record in records.values():
        if not record.description and record.overview:
            record.description = "\n".join(record.overview)
    return [records[kind] for kind in sorted(records)]


def _apply_named_list(doc: _Doc, records: dict[int, BusinessRecord]) -> None:
    """Businesses a document only names in a list (「5つの機能（事業）①… ②…」, slides): one record each, with
    the first sentence that speaks about it as its description, so every city shows its five businesses."""
    for line in doc.text_lines():
        kind = business_kind(line.text)
        if kind is None or kind in records:
            continue
        record = BusinessRecord(kind=kind, source=doc.source(line))
        names = BUSINESS_NAMES[kind]
        for other in doc.text_lines():
            text = other.text.strip(" ・-")
            if other is not line and "。" in text and any(name in text for name in names):
                record.description = text
                break
        records[kind] = record


def _overview_rows(table: Table) -> list[tuple[int, str, TableRow]]:
    """(kind, first cell, row) for the rows of a 「各事業の概要」 table, whose first cell names a business."""
    rows = []
    for row in table.rows:
        first = _cell_text(row.cell(0))
        # Not a table of contents: 「(1)包括的相談支援事業 | P.6」 is numbered and points to a page.
        name_kind = None if _NUMBERING_RE.match(first) else business_kind(first)
        if name_kind and not re.fullmatch(r"P\.?\s*\d+", _cell_text(row.cell(1))):
            clause = _CLAUSE_RE.search(first.replace(" ", ""))
            rows.append((int(clause.group(1)) if clause else name_kind, first, row))
    return rows


def _cell_bullets(row: TableRow, index: int) -> list[str]:
    items: list[str] = []
    for line in row.cell_lines(index):
        items += [clean_cell(item) for item in split_bullets(line)]
    return [item for item in items if item]


def _apply_overview(doc: _Doc, records: dict[int, BusinessRecord]) -> None:
    """The 各事業の概要 table: the national summary of each business and its legal clause."""
    for table in doc.tables():
        rows = _overview_rows(table)
        if len(rows) < 3:
            continue
        for kind, first, row in rows:
            record = records.get(kind)
            if record is None:
                record = BusinessRecord(kind=kind, source=doc.source(row))
                records[kind] = record
            record.overview = record.overview or _cell_bullets(row, 1)
            clause = re.search(r"社会福祉法第106条の4第2項第\d号", first.replace(" ", ""))
            if clause and not record.legal_basis:
                record.legal_basis = clause.group(0)


def _apply_status_table(doc: _Doc, records: dict[int, BusinessRecord]) -> None:
    """A structure table with 「既存事業」/「新規事業」 next to a business (seed 002 section 3) gives the
    status of the businesses whose heading has no 【新規】-style marker."""
    for table in doc.tables():
        for row in table.rows:
            cells = [_cell_text(c) for c in row.cells]
            status = next((c[:2] for c in cells if c in ("既存事業", "新規事業")), "")
            if not status:
                continue
            for cell in cells:
                kind = business_kind(cell) if re.match(r"^[(（]\d+[)）]", cell) else None
                if kind in records and not records[kind].status:
                    records[kind].status = status


# --- meetings ------------------------------------------------------------------------------------

_MEETING_NAME_RE = re.compile(r"^(?P<name>.*?会議)\s*(?:[(（](?P<schedule>[^)）]+)[)）])?$")


def _meeting_kind(name: str) -> str:
    if "重層的支援会議" in name:
        return "layered"
    if re.fullmatch(r"(?:.*市)?支援会議", name):
        return "support"
    return "other"


def _consent(text: str) -> str:
    text = text.replace(" ", "")
    if re.search(r"同意が(?:得られて)?(?:い)?ない|同意なし|同意がな|同意を得ていない", text):
        return "本人同意なし"
    if re.search(r"同意に基づ|同意を得た|同意を得て|同意あり", text):
        return "本人同意あり"
    return ""


class _Meetings:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.records: dict[str, MeetingRecord] = {}

    def get(self, name: str, source: Source) -> MeetingRecord:
        name = clean_cell(name)
        if name not in self.records:
            self.records[name] = MeetingRecord(name=name, source=source, kind=_meeting_kind(name))
        return self.records[name]

    def collect(self) -> list[MeetingRecord]:
        blocks = self.doc.blocks
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                self._table(block, blocks, index)
            elif not block.bullet:
                self._label_line(block)
                if re.fullmatch(r"(?:重層的)?支援会議", _heading_title(block.text)):
                    self._explanation(blocks, index)
        return list(self.records.values())

    def _label_line(self, block: TextLine) -> None:
        """「重層的支援会議・支援会議：毎月第4水曜日開催、必要に応じて臨時開催」."""
        match = re.match(
            r"^(?P<names>[^：:、。]*会議(?:・[^：:、。]*会議)*)[：:]\s*(?P<value>.+)$", block.text
        )
        if not match:
            return
        for name in match.group("names").split("・"):
            record = self.get(name, self.doc.source(block))
            record.schedule = record.schedule or clean_cell(match.group("value"))

    def _table(self, table: Table, blocks: list[Block], index: int) -> None:
        header = [_cell_text(c) for c in table.header.cells] if table.header else []
        if header and header[0] == "会議名":
            self._named_rows(table, header)
            return
        keys = [_cell_text(row.cell(0)) for row in table.rows]
        if any(k in ("開催日", "開催頻度", "日時") for k in keys) and any(
            k in ("参加者", "構成員", "運営者") for k in keys
        ):
            self._key_value_table(table, blocks, index)

    def _named_rows(self, table: Table, header: list[str]) -> None:
        """会議名 | 組織体制 (members) or 会議名 | 内容 (what the meeting does)."""
        second = header[1] if len(header) > 1 else ""
        for row in table.rows[1:]:
            match = _MEETING_NAME_RE.match(_cell_text(row.cell(0)))
            if not match:
                continue
            record = self.get(match.group("name"), self.doc.source(row))
            if match.group("schedule"):
                record.schedule = clean_cell(match.group("schedule"))
            if second in ("組織体制", "構成員", "参加者", "構成機関"):
                record.members = _unique(record.members + _members(row.cell_lines(1)))
            else:
                text = clean_cell(" ".join(row.cell_lines(1)))
                record.roles = _unique(record.roles + _sentences(text))
                record.consent = record.consent or _consent(text)

    def _key_value_table(self, table: Table, blocks: list[Block], index: int) -> None:
        """開催日 / 運営者 / 参加者 / 主な協議内容 rows for the meetings named in the sentence before
        (「また、重層的支援会議・支援会議は次のとおり実施します。」)."""
        names = self._names_before(blocks, index)
        if not names:
            return
        records = [self.get(name, self.doc.source(table)) for name in names]
        for row in table.rows:
            key = _cell_text(row.cell(0))
            lines = row.cell_lines(1)
            if key in ("開催日", "開催頻度", "日時"):
                for record in records:
                    record.schedule = clean_cell(" ".join(lines))
            elif key in ("運営者", "主催", "主催者"):
                for record in records:
                    record.organiser = clean_cell(" ".join(lines))
            elif key in ("参加者", "構成員"):
                members = _members([item for line in lines for item in line.split()])
                for record in records:
                    record.members = _unique(record.members + members)
            elif "協議内容" in key or "役割" in key:
                self._grouped_roles(records, lines)

    def _grouped_roles(self, records: list[MeetingRecord], lines: list[str]) -> None:
        """Roles listed under 【重層的支援会議】 / 【支援会議】 labels go to that meeting only."""
        targets = records
        by_name = {r.name: r for r in records}
        for line in lines:
            label = re.fullmatch(r"【([^】]+)】", line)
            if label:
                targets = [by_name[label.group(1)]] if label.group(1) in by_name else records
                continue
            role = clean_cell(re.sub(r"\s*等$", "", line))
            for record in targets:
                record.roles = _unique([*record.roles, role])

    def _names_before(self, blocks: list[Block], index: int) -> list[str]:
        for block in reversed(blocks[max(0, index - 3) : index]):
            if isinstance(block, TextLine):
                match = re.search(r"([^、。\s]*会議(?:・[^、。\s]*会議)*)は次のとおり", block.text)
                if match:
                    return match.group(1).split("・")
        return []

    def _explanation(self, blocks: list[Block], index: int) -> None:
        """The prose under a 【支援会議】 / 重層的支援会議 heading: consent, organiser, schedule, roles."""
        heading = blocks[index]
        assert isinstance(heading, TextLine)
        record = self.get(_heading_title(heading.text), self.doc.source(heading))
        texts: list[str] = []
        for block in blocks[index + 1 :]:
            if isinstance(block, Table):
                break
            title = _heading_title(block.text)
            if not block.bullet and re.fullmatch(r"(?:重層的)?支援会議", title):
                break
            level = _heading_level(block.text)
            if not block.bullet and level is not None and level < 2:
                break
            if block.text.startswith("※"):
                continue
            if not block.bullet and level == 2:  # 「(1)プランの適切性の協議」
                record.roles = _unique([*record.roles, title])
                continue
            if block.bullet and block.indent and not block.text.startswith("⇒"):
                role = _BULLET_PREFIX_RE.sub("", block.text).strip()
                if not role.startswith("★") and not role.endswith("。"):
                    record.roles = _unique([*record.roles, clean_cell(role)])
                    continue
            texts.append(block.text)
        text = "".join(texts)
        record.consent = record.consent or _consent(text)
        organiser = re.search(r"([^、。]+?)が主催", text)
        if organiser and not record.organiser:
            record.organiser = clean_cell(organiser.group(1))
        schedule = re.search(r"((?:毎月|月)\d+回|随時)開催", text)
        if schedule and not record.schedule:
            record.schedule = schedule.group(1)


def _members(lines: list[str]) -> list[str]:
    """Members from a 組織体制 cell: items of the lists, and each 【label】 that has no list of its own
    (「【多機関協働事業者】」 is a member; 「【飯塚市】」 followed by its 課 is a group heading)."""
    tokens: list[tuple[str, str]] = []
    for line in lines:
        parts = re.split(r"【([^】]+)】", line)
        for position, part in enumerate(parts):
            part = clean_cell(part)
            if part:
                tokens.append(("label" if position % 2 else "item", part))
    members: list[str] = []
    for position, (kind, text) in enumerate(tokens):
        has_own_items = position + 1 < len(tokens) and tokens[position + 1][0] == "item"
        if kind == "item" or not has_own_items:
            members.append(text)
    return _unique(members)


# --- indicators ----------------------------------------------------------------------------------

_BASELINE_RE = re.compile(r"^(?:現状|基準|実績)値?\s*[(（](?P<year>[^)）]+)[)）]$")
_TARGET_RE = re.compile(r"^目標値?\s*[(（](?P<year>[^)）]+)[)）]$")
_YEAR_HEADER_RE = re.compile(r"^(?:令和|平成)(?:\d+|元)年度$|^[RH]\d+年度?$")


def _value(cell: str) -> str:
    text = clean_cell(repair_pdf_damage(" ".join(html_fragment_to_lines(cell))))
    return "" if text in _EMPTY_CELLS else text


def _unit(values: Iterable[str]) -> str:
    for value in values:
        match = re.search(r"\d\s*(%|％|件／年|件/年|件|人|名|か所|カ所)$", value)
        if match:
            return match.group(1)
    return ""


def _indicator_heading(blocks: list[Block], index: int) -> tuple[str, str]:
    """The 「○name【survey】」 line just before an indicator table → (name, survey)."""
    for block in reversed(blocks[max(0, index - 3) : index]):
        if isinstance(block, TextLine) and block.text.startswith(("○", "◯")):
            text = block.text[1:].strip()
            survey = ""
            match = re.search(r"【([^】]+)】\s*$", text)
            if match:
                survey, text = match.group(1), text[: match.start()]
            return clean_cell(text), survey
    return "", ""


def _indicators(doc: _Doc) -> list[IndicatorRecord]:
    records: list[IndicatorRecord] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Table) and block.header:
            records += _indicators_from_table(doc, block, index)
    return records


def _indicators_from_table(doc: _Doc, table: Table, index: int) -> list[IndicatorRecord]:
    assert table.header is not None
    header = [_cell_text(c) for c in table.header.cells]
    baseline = {i: m.group("year") for i, c in enumerate(header) if (m := _BASELINE_RE.match(c))}
    targets = {i: m.group("year") for i, c in enumerate(header) if (m := _TARGET_RE.match(c))}
    years = {i: c for i, c in enumerate(header) if _YEAR_HEADER_RE.match(c)}
    if baseline or targets:
        return _status_indicators(doc, table, index, baseline, targets)
    if len(years) >= 2 and header[0] in ("指標", "評価指標", "項目", "成果指標"):
        return _yearly_indicators(doc, table, years)
    return _plan_targets(doc, table)


def _status_indicators(
    doc: _Doc, table: Table, index: int, baseline: dict[int, str], targets: dict[int, str]
) -> list[IndicatorRecord]:
    """現状 (H30) | 目標 (R7) tables: one indicator named by the ○ line above, or one per row when the
    first column holds the names."""
    heading, survey = _indicator_heading(doc.blocks, index)
    named_rows = 0 not in baseline and 0 not in targets
    records = []
    for row in _merge_continuation_rows(table) if named_rows else table.rows[1:]:
        cells = row.cells
        name = _cell_text(cells[0]) if named_rows else heading
        if not name:
            continue
        values = [_value(c) for c in cells]

        def at(i: int, values: list[str] = values) -> str:
            return values[i] if i < len(values) else ""

        base = next((IndicatorValue(year, at(i)) for i, year in baseline.items() if at(i)), None)
        goals = [IndicatorValue(year, at(i)) for i, year in targets.items() if at(i)]
        record = IndicatorRecord(
            name=name,
            source=Source(doc.document, row.location),
            unit=_unit(values),
            survey=survey,
            baseline=base,
            targets=goals,
        )
        if named_rows and heading:
            record.notes.append(heading)
        records.append(record)
    return records


def _yearly_indicators(doc: _Doc, table: Table, years: dict[int, str]) -> list[IndicatorRecord]:
    """指標 | 令和7年度 | 令和8年度 … with a target (or how it will be set) per year."""
    records = []
    for row in _merge_continuation_rows(table):
        name = _cell_text(row.cells[0])
        values = {year: _value(row.cells[i]) for i, year in years.items() if i < len(row.cells)}
        goals = [IndicatorValue(year, value) for year, value in values.items() if value]
        records.append(
            IndicatorRecord(
                name=name,
                source=Source(doc.document, row.location),
                unit=_unit(values.values()),
                targets=goals,
            )
        )
    return records


def _plan_targets(doc: _Doc, table: Table) -> list[IndicatorRecord]:
    """「参加支援事業のプラン作成件数 | 24 件／年」 rows (プラン作成目標件数)."""
    records = []
    for row in table.rows:
        if len(row.cells) != 2:
            return []
        name, value = _cell_text(row.cells[0]), _value(row.cells[1])
        if "件数" not in name or not re.match(r"^\d[\d,]*件", value):
            return []
        records.append(
            IndicatorRecord(
                name=name,
                source=Source(doc.document, row.location),
                kind="plan_target",
                unit=_unit([value]),
                targets=[IndicatorValue("", value)],
            )
        )
    return records


# --- dates, titles, contact ----------------------------------------------------------------------

_DATE_RE = re.compile(r"(?P<era>令和|平成)(?P<year>\d+|元)年(?:(?P<fy>度)|(?P<month>\d+)月)?")
_MILESTONE_WORDS = (("移行準備", "移行準備事業開始"), ("本格実施", "本格実施"))


def _fiscal_year(match: re.Match[str]) -> int:
    year = wareki_to_year(match.group("era"), match.group("year"))
    month = match.group("month")
    return year - 1 if month and int(month) <= 3 else year  # January–March belong to the previous 年度


def _timeline(doc: _Doc) -> list[MilestoneRecord]:
    """「令和5年4月から…移行準備事業を開始し、令和7年4月からの本格実施」 → 2023 移行準備, 2025 本格実施."""
    milestones: list[MilestoneRecord] = []
    seen: set[str] = set()
    for block in doc.text_lines():
        matches = list(_DATE_RE.finditer(block.text))
        for position, match in enumerate(matches):
            end = matches[position + 1].start() if position + 1 < len(matches) else len(block.text)
            segment = block.text[match.start() : end]
            for word, label in _MILESTONE_WORDS:
                if word in segment and label not in seen:
                    seen.add(label)
                    milestones.append(
                        MilestoneRecord(
                            _fiscal_year(match), f"{label}（{match.group(0)}）", doc.source(block)
                        )
                    )
    return sorted(milestones, key=lambda m: m.fiscal_year)


_PERIOD_RE = re.compile(
    r"(?P<e1>令和|平成)(?P<y1>\d+|元)年度?\s*(?:から|～|〜|~|－|-)\s*(?P<e2>令和|平成)(?P<y2>\d+|元)年度"
)


def _period(doc: _Doc) -> tuple[int | None, int | None]:
    """The plan period from a sentence about 期間 (preferring one about 本計画)."""
    candidates = [b for b in doc.text_lines() if "期間" in b.text and _PERIOD_RE.search(b.text)]
    candidates.sort(key=lambda b: "本計画" not in b.text)
    for block in candidates:
        match = _PERIOD_RE.search(block.text)
        assert match is not None
        return wareki_to_year(match["e1"], match["y1"]), wareki_to_year(match["e2"], match["y2"])
    return None, None


def _published(doc: _Doc) -> str:
    for block in doc.text_lines():
        match = re.fullmatch(r"((?:令和|平成)(?:\d+|元)年\d+月)(?:発行)?", block.text.replace(" ", ""))
        if match:
            return match.group(1)
    return ""


def _is_section_heading(text: str) -> bool:
    title = _heading_title(text)
    return len(title) <= 40 and not title.endswith("。") and any(topic in title for topic in _SECTION_TOPICS)


def _document_title(doc: _Doc) -> str:
    """The first line (skipping a 「資料2」 label) and the lines that continue it (「…事業」「実施計画(案)」)."""
    lines = list(doc.text_lines())
    for position, block in enumerate(lines):
        if re.fullmatch(r"資料\s*\d+", block.text):
            continue
        parts = [block.text]
        for follower in lines[position + 1 :]:
            if not follower.joined or _is_section_heading(follower.text) or len(follower.text) > 30:
                break
            parts.append(follower.text)
        return clean_cell("\n".join(parts))
    return ""


def _plan_title(doc: _Doc, document_title: str) -> str:
    for block in doc.text_lines():
        if re.fullmatch(r".{2,40}実施計画", block.text) and not block.bullet:
            return clean_cell(block.text)
    return document_title if "計画" in document_title else ""


def _legal_basis(doc: _Doc) -> str:
    found = ""
    for block in doc.text_lines():
        text = repair_pdf_damage(block.text)
        for match in re.finditer(r"社会福祉法(?:[(（][^)）]*[)）])?第106条の4(?:第2項)?", text):
            basis = re.sub(r"[(（][^)）]*[)）]", "", match.group(0))
            if len(basis) > len(found):
                found = basis
    return found


_PHONE_RE = re.compile(r"(0\d{1,4}-\d{1,4}-\d{3,4})\s*(?:[(（]([^)）]+)[)）])?")


def _contact(doc: _Doc) -> ContactRecord | None:
    """The publisher's department, 〒 address, phones, fax and e-mail (a colophon such as seed 002's)."""
    lines = list(doc.text_lines())
    for position, block in enumerate(lines):
        match = re.match(r"^〒\s*(\d{3}-\d{4})\s*(.*)$", block.text)
        if not match:
            continue
        contact = ContactRecord(
            postcode=match.group(1), address=clean_cell(match.group(2)), source=doc.source(block)
        )
        if position and not re.search(r"発行|\[|［", lines[position - 1].text):
            contact.department = lines[position - 1].text.strip()
        for follower in lines[position + 1 : position + 4]:
            _contact_details(follower.text, contact)
        return contact
    return None


def _contact_details(text: str, contact: ContactRecord) -> None:
    """「電話番号：0948-22-5500(代表)/0948-96-8234(直通)」, 「ファックス番号：…/メールアドレス：…」."""
    kind = "voice"
    for segment in re.split(r"[/／]", text):
        label = re.match(r"^([^：:]+)[：:]", segment)
        if label:
            name = label.group(1)
            kind = "fax" if re.search(r"ファックス|ファクス|FAX|Fax", name) else "voice"
            if "メール" in name:
                kind = "email"
        email = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", segment)
        if email:
            contact.email = email.group(0)
            continue
        for number, phone_label in _PHONE_RE.findall(segment):
            if kind in ("voice", "fax"):
                contact.phones.append(PhoneRecord(number=number, kind=kind, label=phone_label))


_COORDINATOR_RE = re.compile(
    r"(相談支援包括化推進員|包括化推進員|重層コーディネーター)(?:[（(]([^）)]*配置)[）)])?"
)
_PLACED_RE = re.compile(r"(相談支援包括化推進員|包括化推進員|重層コーディネーター)を([^、。をに]+?)に配置")


def _coordinators(doc: _Doc) -> list[str]:
    """Programme-level coordinators and where they sit: 「包括化推進員（長寿福祉課配置）」."""
    found: dict[str, str] = {}
    for block in doc.text_lines():
        for role, placement in _COORDINATOR_RE.findall(block.text):
            if placement or role not in found:
                found[role] = f"{role}（{placement}）" if placement else found.get(role, role)
        for role, place in _PLACED_RE.findall(block.text):
            found[role] = f"{role}（{place}配置）"
    return list(found.values())


# --- explanatory sections ------------------------------------------------------------------------


def _section_body_line(block: Block) -> str:
    if isinstance(block, Table):
        lines = []
        for row in block.rows:
            first = _cell_text(row.cell(0))
            if first in ("事業", "事業名", "項目", "類型"):  # the header row
                continue
            rest = [f"・{b}" for i in range(1, len(row.cells)) for b in _cell_bullets(row, i)]
            lines.append("\n".join([first, *rest]))
        return "\n".join(lines)
    return f"・{block.text}" if block.bullet else block.text


def _ends_section(block: Block, following: Block | None) -> bool:
    if isinstance(block, Table) or block.bullet:
        return False
    text = block.text
    return (
        _is_section_heading(text)
        or (isinstance(following, Table) and _is_heading_like(block))  # a table's caption
        or _heading_level(text) is not None
        or business_kind(text) is not None
        or (_is_heading_like(block) and text.startswith(("●", "■", "▼", "★", "【")))
    )


def _sections(doc: _Doc) -> list[SectionRecord]:
    sections: list[SectionRecord] = []
    blocks = doc.blocks
    first_line = next(doc.text_lines(), None)
    for index, block in enumerate(blocks):
        if not isinstance(block, TextLine) or block.bullet or block is first_line:
            continue
        if block.text.endswith("。") or "：" in block.text or not _is_section_heading(block.text):
            continue
        heading = _heading_title(block.text)
        body: list[str] = []
        for position in range(index + 1, len(blocks)):
            follower = blocks[position]
            if _ends_section(follower, blocks[position + 1] if position + 1 < len(blocks) else None):
                break
            if isinstance(follower, Table):
                if "概要" in heading:
                    body.append(_section_body_line(follower))
                break
            if _is_figure_credit(follower.text):
                continue
            body.append(_section_body_line(follower))
        if body:
            sections.append(SectionRecord(heading=heading, body="\n".join(body), source=doc.source(block)))
    return sections


def _basic_policy(doc: _Doc) -> str:
    """The prose under a 基本方針 heading (figure captions and their notes left out)."""
    paragraphs: list[str] = []
    collecting = False
    for block in doc.blocks:
        if isinstance(block, Table):
            if collecting:
                break
            continue
        level = _heading_level(block.text) if not block.bullet else None
        if level is not None and level <= 1:
            if collecting:
                break
            collecting = "基本方針" in block.text
            continue
        if collecting and block.text and not block.text.startswith(("●", "※")):
            paragraphs.append(block.text)
    return "\n\n".join(paragraphs)


def _footnotes(doc: _Doc) -> list[str]:
    """Every numbered footnote (「※1 …」), wrapped lines joined; numbering restarts per table."""
    notes: list[str] = []
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        starts_run = not (isinstance(previous, TextLine) and _FOOTNOTE_DEF_RE.match(previous.text))
        if isinstance(block, TextLine) and _FOOTNOTE_DEF_RE.match(block.text) and starts_run:
            notes += _footnote_definitions(blocks, index).values()
    return notes


# --- entry points --------------------------------------------------------------------------------


def parse_program(blocks: list[Block], *, city: str, document: str) -> ProgramRecord:
    """Everything a plan-like document states about the city's 重層的支援体制整備事業."""
    doc = _Doc(_split_glued_headings(blocks), document)
    first = next(doc.text_lines(), None)
    document_title = _document_title(doc)
    start, end = _period(doc)
    return ProgramRecord(
        city=city,
        source=doc.source(first) if first else Source(document, ""),
        document_title=document_title,
        plan_title=_plan_title(doc, document_title),
        published=_published(doc),
        period_start=start,
        period_end=end,
        basic_policy=_basic_policy(doc),
        legal_basis=_legal_basis(doc),
        timeline=_timeline(doc),
        businesses=_businesses(doc),
        meetings=_Meetings(doc).collect(),
        indicators=_indicators(doc),
        sections=_sections(doc),
        coordinators=_coordinators(doc),
        contact=_contact(doc),
        footnotes=_footnotes(doc),
    )


def parse_seed_program(path: str | Path, *, city: str) -> ProgramRecord:
    """Read a converted seed file and parse it (the document is the file's name)."""
    path = Path(path)
    return parse_program(read_seed_file(path), city=city, document=path.name)
