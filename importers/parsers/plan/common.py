"""Vocabulary, small helpers, tables and footnotes shared by the plan parser's parts.

Part of `importers.parsers.plan` (see its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from importers.readers.seedtext import Block, Table, TableRow, TextLine
from importers.records import (
    Source,
)
from importers.text import (
    clean_cell,
    extract_footnotes,
    html_fragment_to_lines,
    repair_pdf_damage,
)

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
