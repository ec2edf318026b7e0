"""Parse a municipality's 重層的支援体制整備事業 document (plan, status report, slides or web page).

The parser is driven by what every such document shares rather than by line numbers: the five
businesses of 社会福祉法第106条の4第2項 and their headings with 【新規】/【拡充】 markers, table
header words (主な対象分野, 実施機関, 設置箇所数, 実施方式, 所管課 …), 【支援対象者】-style markers inside
cells, 「担当機関：…」 lines, meeting tables (会議名 / 開催日 / 参加者 …), 現状/目標 indicator tables,
令和N年度 dates and 計画期間 sentences. Where one seed needs a quirk, it lives in a small named
function that says why.

Input: blocks from `importers.readers.seedtext`. Output: an `importers.records.ProgramRecord`.

The parser is split by what it reads: `common` (vocabulary, helpers, tables, footnotes), `businesses`,
`meetings`, `indicators` and `document` (dates, titles, contact, sections); this module holds the entry points.
"""

from __future__ import annotations

from pathlib import Path

from importers.readers.seedtext import Block, read_seed_file
from importers.records import ProgramRecord, Source

from .businesses import _businesses
from .common import BUSINESS_NAMES, _Doc, _split_glued_headings, business_kind, wareki_to_year
from .document import (
    _basic_policy,
    _contact,
    _coordinators,
    _document_title,
    _footnotes,
    _legal_basis,
    _period,
    _plan_title,
    _published,
    _sections,
    _timeline,
)
from .indicators import _indicators
from .meetings import _Meetings

__all__ = ["BUSINESS_NAMES", "business_kind", "parse_program", "parse_seed_program", "wareki_to_year"]

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
