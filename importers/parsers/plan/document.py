"""Dates, titles, legal basis, contact, coordinators, explanatory sections, footnotes.

Part of `importers.parsers.plan` (see its docstring).
"""

from __future__ import annotations

import re

from importers.readers.seedtext import Block, Table, TextLine
from importers.records import (
    ContactRecord,
    MilestoneRecord,
    PhoneRecord,
    SectionRecord,
)
from importers.text import (
    clean_cell,
    repair_pdf_damage,
)

from .businesses import _cell_bullets
from .common import (
    _FOOTNOTE_DEF_RE,
    _SECTION_TOPICS,
    _cell_text,
    _Doc,
    _footnote_definitions,
    _heading_level,
    _heading_title,
    _is_figure_credit,
    _is_heading_like,
    business_kind,
    wareki_to_year,
)

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
