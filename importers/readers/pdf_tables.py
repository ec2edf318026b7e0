"""Tables that go on over a page break: is the table at the top of a page the rest of the last one?

Word and Excel repeat (or not) the header overleaf, and the part on each page shows only the columns that
have text there: 飯塚市's agency table starts at the foot of p.3 with 3 columns and goes on at p.4 with 5.
So a continuation is told by evidence, not by an equal column count:

* the **header repeats** (the first row overleaf equals the table's first row);
* the **column x-positions** agree: every column of one part starts where a column of the other does;
* the **row numbers run on** (1, 2, 3 | 4, 5 …) in the first column.

The parts are then put on one grid, the union of both parts' columns matched by x-position, and a row that
the page break cut (「地域包括支援センタ」 / 「ー」, 「【設置箇所数】」 / 「11」) is joined back into one row:
every cell the first row overleaf fills continues a cell that ran to its right edge at the foot, ended on
an open label (【…】, 「…：」), was empty, or was not shown on the first part at all — and at least one of
them was cut mid-text; or the row overleaf fills one cell only, lacks the key (first) cell the row above
has, and goes on with the text of that row's cell in the same column. Either only when the first part ends
at the foot of the text area: a table that stops higher ended its last row there. Each join is reported (`Table.notes`), so that the review queue can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .seedtext import Table, TableRow

__all__ = ["join_continuation"]

_SAME_COLUMN = 6.0  # points: two column left edges this close are the same column on both pages
_OPEN_LABEL_RE = re.compile(r"(?:【[^【】]*】|[：:])\s*$")
_NUMBER_RE = re.compile(r"^\s*[(（]?(\d{1,3})[)）.．]?\s*$")


def _match(old: list[float], new: list[float]) -> dict[int, int] | None:
    """new column index → old column index, when one part's columns are a subset of the other's."""
    mapping: dict[int, int] = {}
    for j, x in enumerate(new):
        near = [i for i, y in enumerate(old) if abs(x - y) <= _SAME_COLUMN]
        if near:
            mapping[j] = near[0]
    if len(mapping) == len(new) or len(set(mapping.values())) == len(old):
        return mapping
    return None


def _row_number(cell: str) -> int | None:
    match = _NUMBER_RE.match(cell)
    return int(match.group(1)) if match else None


def _numbers_run_on(last: TableRow, first: TableRow) -> bool:
    before, after = _row_number(last.cell(0)), _row_number(first.cell(0))
    return before is not None and after == before + 1


def _union(
    old: list[float], new: list[float], mapping: dict[int, int]
) -> tuple[list[float], list[int], list[int]]:
    """The joined grid: its column positions, and where each old and each new column goes on it."""
    positions = list(old) + [x for j, x in enumerate(new) if j not in mapping]
    order = sorted(range(len(positions)), key=lambda k: positions[k])
    place = {k: rank for rank, k in enumerate(order)}
    old_place = [place[i] for i in range(len(old))]
    extra = iter(range(len(old), len(positions)))
    new_place = [place[mapping[j]] if j in mapping else place[next(extra)] for j in range(len(new))]
    return [positions[k] for k in order], old_place, new_place


def _spread(cells: list[str], places: list[int], width: int) -> list[str]:
    out = [""] * width
    for index, cell in enumerate(cells):
        if index < len(places):
            out[places[index]] = cell
        elif cell:
            out[-1] = f"{out[-1]}\n{cell}".strip()
    return out


def join_continuation(
    table: Table,
    columns: list[float],
    open_cells: list[bool],
    rows: list[TableRow],
    new_columns: list[float],
    new_open: list[bool],
    join_wrapped: Callable[[str, str], str],
    *,
    at_foot: bool = True,
) -> tuple[list[float], list[bool]] | None:
    """Append `rows` (the table at the top of the next page) to `table` when they continue it.

    Returns the joined grid's column positions and which cells of its last row run on (`new_open` of the
    part overleaf, put on the grid), or None (and leaves `table` alone) when the rows are a table of their
    own. `open_cells`: which cells of the table's last row ran to their right edge.
    """
    if not table.rows or not rows or not columns or not new_columns:
        return None
    header_repeats = [c.strip() for c in rows[0].cells if c.strip()] == [
        c.strip() for c in table.rows[0].cells if c.strip()
    ]
    mapping = _match(columns, new_columns)
    if mapping is None and not header_repeats and not _numbers_run_on(table.rows[-1], rows[0]):
        return None
    if mapping is None:
        mapping = {j: j for j in range(min(len(columns), len(new_columns)))}
    grid, old_place, new_place = _union(columns, new_columns, mapping)
    width = len(grid)
    if width != len(columns):
        for row in table.rows:
            row.cells = _spread(row.cells, old_place, width)
        open_cells = _spread_flags(open_cells, old_place, width)
    rows = [
        TableRow(cells=_spread(row.cells, new_place, width), line=row.line, page=row.page) for row in rows
    ]
    first_page = table.rows[-1].page
    if header_repeats:
        rows = rows[1:]
    pages = f"p.{first_page}→p.{rows[0].page if rows else first_page + 1}"
    notes = [f"表がページをまたいで結合されました ({pages})"]
    if rows and _cut_row(table.rows[-1], rows[0], open_cells, at_foot=at_foot):
        tail = table.rows[-1]
        for index, cell in enumerate(rows[0].cells):
            if not cell:
                continue
            before = tail.cells[index]
            if index < len(open_cells) and open_cells[index]:
                tail.cells[index] = join_wrapped(before, cell)
            else:
                tail.cells[index] = f"{before}\n{cell}" if before else cell
        notes.append(f"ページ境界で切れた行を1行に戻しました ({pages}:「{_first_text(tail)}」)")
        rows = rows[1:]
    table.rows.extend(rows)
    table.notes.extend(notes)
    return grid, _spread_flags(new_open, new_place, width)


def _spread_flags(flags: list[bool], places: list[int], width: int) -> list[bool]:
    out = [False] * width
    for index, flag in enumerate(flags):
        if index < len(places):
            out[places[index]] = flag
    return out


def _cut_row(last: TableRow, first: TableRow, open_cells: list[bool], *, at_foot: bool) -> bool:
    """The first row overleaf is the rest of the last row (see the module doc). `at_foot`: the first part
    ended at the foot of the text area; a table that ended higher ended its row there."""
    filled = [index for index, cell in enumerate(first.cells) if cell.strip()]
    if not filled or not at_foot:
        return False
    if len(filled) == 1 and filled[0] > 0 and not first.cell(0).strip() and last.cell(0).strip():
        # One cell overleaf, under a row whose key cell is filled, going on with that row's text in the same
        # column (a list of members cut after 「社会・障がい者福祉課」): the rest of the row. A row that fills two
        # cells or more (「新規事業」 and its sub-programme) is a row of its own under merged cells.
        return bool(last.cell(filled[0]).strip())
    cut = False
    for index in filled:
        before = last.cell(index).strip()
        ran_on = index < len(open_cells) and open_cells[index]
        if ran_on or (before and _OPEN_LABEL_RE.search(before)):
            cut = True
        elif before:
            return False
    return cut


def _first_text(row: TableRow) -> str:
    text = next((cell for cell in row.cells if cell.strip()), "")
    return text.replace("\n", " ")[:30]
