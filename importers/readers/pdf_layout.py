"""A page's ruled and borderless tables and its text lines as items in reading order (`importers.readers.pdf`).

See `importers.readers.pdf` for the method as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .pdf_chars import (
    _ALIGN,
    _CELL_PADDING,
    _COLUMN_GAP,
    _PARAGRAPH_GAP,
    _cell_text,
    _group_lines,
    _inside,
    _is_open,
    _Line,
    _measure_end,
)


def _ruled_tables(page: Any) -> list[_Item]:
    found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    items = []
    chars = page.chars
    for table in found:
        rows: list[list[str]] = []
        table_chars = [c for c in chars if _inside(c, table.bbox)]
        open_cells: list[bool] = []
        grid = [
            [
                None if box is None else _group_lines(c for c in table_chars if _inside(c, box))
                for box in row.cells
            ]
            for row in table.rows
        ]
        # Where the longest line of each column (each box width: a merged cell has its own) ends.
        measures: dict[tuple[float, float], float] = {}
        for row, row_lines in zip(table.rows, grid, strict=True):
            for box, lines in zip(row.cells, row_lines, strict=True):
                if box is not None and lines:
                    key = (round(box[0], 1), round(box[2], 1))
                    measures[key] = max(measures.get(key, 0.0), max(_measure_end(line) for line in lines))
        for row, row_lines in zip(table.rows, grid, strict=True):
            cells = []
            open_cells = []
            for box, lines in zip(row.cells, row_lines, strict=True):
                if box is None or lines is None:  # covered by a merged cell
                    cells.append("")
                    open_cells.append(False)
                    continue
                cells.append(
                    _cell_text(lines, box[2], measures.get((round(box[0], 1), round(box[2], 1)), 0.0))
                )
                open_cells.append(_is_open(lines, box[2]))
            rows.append(cells)
        if rows and max(len(r) for r in rows) >= 2:
            lefts = sorted({round(box[0], 1) for row in table.rows for box in row.cells if box is not None})
            items.append(
                _Item(
                    table.bbox[1],
                    0,
                    rows=rows,
                    kind="ruled",
                    bottom=table.bbox[3],
                    open_cells=open_cells,
                    columns=lefts,
                )
            )
    return items


# --- borderless tables -------------------------------------------------------------------------------------


def _column_of(x0: float, starts: list[float]) -> int:
    index = 0
    for i, start in enumerate(starts):
        if x0 >= start - _ALIGN:
            index = i
    return index


def _aligned(x0: float, starts: Iterable[float]) -> bool:
    return any(abs(x0 - start) <= _ALIGN for start in starts)


def _borderless_run(lines: list[_Line], start: int, body_left: float, line_gap: float) -> int:
    """The end (exclusive) of the borderless table that starts at `lines[start]`."""
    starts = [segment.x0 for segment in lines[start].segments]
    end = start + 1
    while end < len(lines):
        line = lines[end]
        previous = lines[end - 1]
        gap = line.top - previous.bottom
        if gap > 3 * line.size:  # far below: the table has ended
            break
        if len(line.segments) >= 2:
            if not all(_aligned(s.x0, starts) for s in line.segments[1:]) and len(line.segments) < len(
                starts
            ):
                starts += [s.x0 for s in line.segments if not _aligned(s.x0, starts)]
            else:
                starts += [s.x0 for s in line.segments if not _aligned(s.x0, starts)]
            starts.sort()
            end += 1
            continue
        # One segment: part of the table if it sits in a column that is not the body text's margin.
        x0 = line.segments[0].x0
        if _aligned(x0, starts) and abs(x0 - body_left) > _ALIGN:
            end += 1
            continue
        if gap <= (line_gap + _PARAGRAPH_GAP) * line.size and x0 > min(starts) + _ALIGN:
            end += 1  # a wrapped line of a cell (it may start after a space glyph, off the column's edge)
            continue
        break
    return end


def _column_spans(lines: list[_Line]) -> list[tuple[float, float]]:
    """The table's columns as x-ranges: the gutters are the x-ranges no segment of any line covers.

    Gutters, not left edges: a count or 委託/直営 centred (or right-aligned) in its column starts where
    no header does, on a grid shifted from the header's, and still falls in its column's range.
    """
    spans: list[tuple[float, float]] = []
    for x0, x1 in sorted((segment.x0, segment.x1) for line in lines for segment in line.segments):
        if spans and x0 <= spans[-1][1] + 0.5:  # overlapping or touching: one column
            spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
        else:
            spans.append((x0, x1))
    return _under_headers(spans, lines)


_SHORT_VALUE = 8  # characters: a count, 委託/直営, 24件／年 — what a table centres in its column


def _under_headers(spans: list[tuple[float, float]], lines: list[_Line]) -> list[tuple[float, float]]:
    """Merge a range of short centred values into the header's column on its left.

    When the header is set flush left and the values centred in a wide column, the values' range does not
    touch the header's: 「現状 (H31・R1)」 at the column's edge, 「64.1%」 in its middle. A range that holds no
    segment of the first line (the header) and only short values belongs to the column on its left.
    """
    if not lines or len(lines[0].segments) < 2:
        return spans
    header = lines[0].segments
    segments = [segment for line in lines for segment in line.segments]
    merged: list[tuple[float, float]] = []
    for x0, x1 in spans:
        inside = [s for s in segments if x0 - 0.5 <= s.x0 and s.x1 <= x1 + 0.5]
        has_header = any(x0 - 0.5 <= s.x0 and s.x1 <= x1 + 0.5 for s in header)
        short = all(len(s.text.replace(" ", "")) <= _SHORT_VALUE for s in inside)
        if merged and not has_header and short:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _span_of(segment: _Line, spans: list[tuple[float, float]]) -> int:
    middle = (segment.x0 + segment.x1) / 2
    for index, (x0, x1) in enumerate(spans):
        if x0 - _ALIGN <= middle <= x1 + _ALIGN:
            return index
    return _column_of(segment.x0, [x0 for x0, _ in spans])


def _borderless_rows(
    lines: list[_Line], page_right: float, line_gap: float
) -> tuple[list[list[str]], list[bool], list[float]]:
    spans = _column_spans(lines)
    edges = [*(x0 for x0, _ in spans[1:]), page_right + _CELL_PADDING]
    # Rows: lines separated by more than a line's spacing.
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and line.top - groups[-1][-1].bottom <= (line_gap + _PARAGRAPH_GAP) * line.size:
            groups[-1].append(line)
        else:
            groups.append([line])
    rows: list[list[str]] = []
    open_cells: list[bool] = []
    table: list[list[list[_Line]]] = []
    for group in groups:
        columns: list[list[_Line]] = [[] for _ in spans]
        for line in group:
            for segment in line.segments:
                columns[_span_of(segment, spans)].append(segment)
        table.append(columns)
    # Where each column's longest line ends: the line-wrapper's measure in that column.
    measures = [
        max((_measure_end(s) for cells in table for s in cells[i]), default=0.0) for i in range(len(spans))
    ]
    for columns in table:
        cells = []
        open_cells = []
        for index, segments in enumerate(columns):
            # The right edge of a column is the start of the next one, less the gutter.
            right = edges[index] - _COLUMN_GAP * (segments[0].size if segments else 10)
            cells.append(_cell_text(segments, right, measures[index]))
            open_cells.append(_is_open(segments, right))
        if any(cell.strip() for cell in cells):  # empty rows are dropped
            rows.append(cells)
    return rows, open_cells, [x0 for x0, _ in spans]


# --- a page → items in reading order ---------------------------------------------------------------------


@dataclass
class _Item:
    top: float
    page: int
    line: _Line | None = None
    rows: list[list[str]] | None = None
    kind: str = ""
    bottom: float = 0.0
    open_cells: list[bool] = field(default_factory=list)  # the last row's cells that run on
    columns: list[float] = field(default_factory=list)  # the left edge of each column


def _page_items(page: Any, number: int) -> tuple[list[_Item], list[_Line]]:
    items = _ruled_tables(page)
    for item in items:
        item.page = number
    boxes = [(page.bbox[0], item.top, page.bbox[2], item.bottom) for item in items]
    outside = [c for c in page.chars if not any(_inside(c, box) for box in boxes)]
    return items, _group_lines(outside)


def _leads_into_columns(lines: list[_Line], index: int, body_left: float) -> bool:
    """A lone line in a later column just above a borderless table: the end of a header or row
    that the page break cut (「式」 of 「実施方式」 at the top of the next page)."""
    line = lines[index]
    if index + 1 >= len(lines) or abs(line.x0 - body_left) <= _ALIGN:
        return False
    below = lines[index + 1]
    return (
        len(below.segments) >= 2
        and below.top - line.bottom <= 3 * line.size
        and _aligned(line.x0, [segment.x0 for segment in below.segments[1:]])
    )


def _layout_items(
    lines: list[_Line], number: int, body_left: float, page_right: float, line_gap: float
) -> list[_Item]:
    items: list[_Item] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(line.segments) >= 2 or _leads_into_columns(lines, index, body_left):
            end = _borderless_run(lines, index, body_left, line_gap)
            rows, open_cells, columns = _borderless_rows(lines[index:end], page_right, line_gap)
            if rows and max(len(r) for r in rows) >= 2:
                bottom = lines[end - 1].bottom
                items.append(
                    _Item(
                        line.top,
                        number,
                        rows=rows,
                        kind="borderless",
                        bottom=bottom,
                        open_cells=open_cells,
                        columns=columns,
                    )
                )
                index = end
                continue
        items.append(_Item(line.top, number, line=line, bottom=line.bottom))
        index += 1
    return items
