"""Evaluation indicators: 現状/目標 tables, yearly targets, plan-count targets.

Part of `importers.parsers.plan` (see its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from importers.readers.seedtext import Block, Table, TextLine
from importers.records import (
    IndicatorRecord,
    IndicatorValue,
    Source,
)
from importers.text import (
    clean_cell,
    html_fragment_to_lines,
    repair_pdf_damage,
)

from .common import _EMPTY_CELLS, _cell_text, _Doc, _merge_continuation_rows

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
