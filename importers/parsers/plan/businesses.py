"""The five businesses: sections, agencies and sub-programmes, overview and status tables.

Part of `importers.parsers.plan` (see its docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.readers.seedtext import Block, Table, TableRow, TextLine
from importers.records import (
    AgencyRecord,
    BusinessRecord,
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

from .common import (
    _CLAUSE_RE,
    _COUNT_UNITS,
    _EMPTY_CELLS,
    _FOOTNOTE_DEF_RE,
    _NUMBERING_RE,
    _OPERATIONS,
    _STATUS_RE,
    BUSINESS_NAMES,
    _bracket_fields,
    _cell_text,
    _column_map,
    _Doc,
    _footnote_definitions,
    _heading_level,
    _is_figure_credit,
    _is_heading_like,
    _merge_continuation_rows,
    _parse_count,
    _Row,
    _unique,
    business_kind,
)

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
