"""Read a plan PDF into the same blocks as the seed-text reader (`TextLine` and `Table`).

`parse_program` then works on a PDF exactly as on a converted text. The reader works on the characters
pdfplumber reports (text, box, font size), page by page:

1. **Ruled tables** are found with pdfplumber's ``lines`` strategy (``page.find_tables()``); each cell's
   text is read from the characters inside the cell's box.
2. The characters outside ruled tables are grouped into **physical lines** (by vertical overlap, so
   that a raised, smaller footnote marker stays on its line) and each line into **segments**, split
   where the gap between two characters is wider than about one character.
3. **Borderless tables** are runs of lines laid out in columns (the text strategy: columns come from
   the alignment of the text, not from rules): a run starts at a line with two segments or more and
   goes on over lines whose segments start at one of the run's column positions. Lines are grouped
   into rows by the vertical gap (lines of one cell are close; rows are further apart), segments are
   assigned to columns by their left edge, and empty rows are dropped.
4. The remaining lines become **paragraphs**. A line that reaches the right margin wrapped, and the
   next line continues it; a line that ends early was a line break, and the next line becomes a new
   `TextLine` with ``joined=True`` (as in the text format, where such lines follow each other
   without a blank line). A line starting with 「・」 is a bullet. Headings (第1, (1), ア …) are short
   paragraphs of their own, so they come out as `TextLine` blocks in reading order.

Tables and text lines of a page are interleaved by their vertical position. A table that goes on at
the top of the next page is joined to the part before it (a repeated header row is dropped).

Wrapped lines are joined the way `importers.text.clean_cell` joins them: without a space between
Japanese characters, with one between Latin words or numbers and after an organisational unit
(「福祉保健部 地域包括ケア推進課」). Line breaks that were not wraps are kept as ``\\n`` inside a cell, so
that the parser sees a cell's lines as it sees the lines of an HTML fragment. A superscript (a run of
characters clearly smaller than its line) becomes a footnote marker ``^{※1}``, the notation of the
converted texts. Every block carries its page number (``page``), so its `Source` reads 「p.3」.

Parsing untrusted PDFs happens in a subprocess with resource limits: see `importers.sandbox` and
`importers.readers.pdf_worker`; this module does the parsing itself.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from importers.errors import PdfReadError
from importers.normalise import BULLET, is_bullet_glyph, normalise, split_list_marker
from importers.text import clean_cell, is_cjk

from .pdf_tables import join_continuation
from .seedtext import Block, Table, TableRow, TextLine

__all__ = ["PdfReadError", "blocks_from_pdf", "read_pdf"]

Char = dict[str, Any]

# Tuning, in multiples of the font size of the line concerned.
_SPACE_GAP = 0.2  # a gap wider than this between two Latin characters or digits is a space
_CJK_SPACE_GAP = 0.5  # ... and next to a Japanese character (LibreOffice adds ~0.2 between 7 and 年)
_COLUMN_GAP = 0.9  # ... and wider than this, a column boundary (outside ruled tables)
_SUPERSCRIPT = 0.85  # a character smaller than this × its line's size is a superscript
# A vertical gap wider than the document's usual gap between the lines of a paragraph plus this ends
# a paragraph, and in a borderless table starts a new row.
_PARAGRAPH_GAP = 0.3
_ALIGN = 3.0  # points: two left edges this close are the same column
_CELL_PADDING = 8.0  # points: the most padding a cell is assumed to have on its right
_ROW_ALLOWANCE = 12.0  # points: a table ending this close to the foot of the text area reached it


# --- characters → lines ------------------------------------------------------------------------------------


@dataclass
class _Line:
    chars: list[Char]
    top: float
    bottom: float
    size: float = 0.0
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    segments: list[_Line] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return min(a_bottom, b_bottom) - max(a_top, b_top)


# Characters pdfminer maps wrongly from the Adobe-Japan1 collection of a non-embedded CID font.
_CID_REPAIRS = str.maketrans({"\u0336": "—"})


def _group_lines(chars: Iterable[Char], ref_size: float | None = None) -> list[_Line]:
    """Characters → physical lines, top to bottom; each line's characters left to right.

    `ref_size` is the body size of the region (a cell, a page): a line made only of smaller characters
    (a footnote marker that wrapped onto a line of its own) is still read as a superscript.
    """
    chars = list(chars)
    if ref_size is None:
        sizes = [c["size"] for c in chars if c["text"].strip()]
        ref_size = statistics.median(sizes) if sizes else 10.0
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not char["text"].strip() and char["text"] != " ":
            continue
        top, bottom = char["top"], char["bottom"]
        height = max(bottom - top, 0.1)
        for line in reversed(lines[-3:]):
            if _overlap(top, bottom, line.top, line.bottom) > 0.3 * min(height, max(line.height, 0.1)):
                line.chars.append(char)
                # A superscript does not move the line's box: only full-size characters do.
                if char["size"] >= _SUPERSCRIPT * line.size:
                    line.top = min(line.top, top) if line.size >= char["size"] else top
                    line.bottom = max(line.bottom, bottom) if line.size >= char["size"] else bottom
                line.size = max(line.size, char["size"])
                break
        else:
            lines.append(_Line([char], top, bottom, size=char["size"]))
    for line in lines:
        _finish(line, max(line.size, ref_size))
    lines = [line for line in lines if line.text.strip()]
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _finish(line: _Line, ref_size: float) -> None:
    """Set the line's text, extent and segments from its characters."""
    line.size = ref_size if all(c["size"] < _SUPERSCRIPT * ref_size for c in line.chars) else line.size
    chars = sorted(line.chars, key=lambda c: c["x0"])
    line.chars = chars
    visible = [c for c in chars if c["text"].strip()]
    if not visible:
        line.text = ""
        return
    line.x0 = visible[0]["x0"]
    line.x1 = max(c["x1"] for c in visible)
    segments: list[list[Char]] = [[]]
    previous: Char | None = None  # the previous visible character
    for char in chars:
        if not char["text"].strip():
            segments[-1].append(char)  # a space glyph: kept, and stripped at a segment's ends
            continue
        if previous is not None and char["x0"] - previous["x1"] > _COLUMN_GAP * line.size:
            segments.append([])
        segments[-1].append(char)
        previous = char
    line.segments = []
    for group in segments:
        shown = [c for c in group if c["text"].strip()]
        if shown:
            text = _chars_text(group, line.size)
            line.segments.append(
                _Line(shown, line.top, line.bottom, line.size, text, shown[0]["x0"], shown[-1]["x1"])
            )
    line.text = _chars_text(chars, line.size)


def _chars_text(chars: Sequence[Char], size: float) -> str:
    """Characters of one line → text: spaces from gaps, superscripts as ``^{…}``."""
    out: list[str] = []
    in_super = False
    previous: Char | None = None
    for char in chars:
        text = normalise(char["text"].translate(_CID_REPAIRS))
        small = char["size"] < _SUPERSCRIPT * size and bool(text.strip())
        if previous is not None and not small and not in_super and out and out[-1] != " " and text != " ":
            cjk = is_cjk(text[:1]) or is_cjk(previous["text"][:1])
            if char["x0"] - previous["x1"] > (_CJK_SPACE_GAP if cjk else _SPACE_GAP) * size:
                out.append(" ")
        if small and not in_super:
            out.append("^{")
            in_super = True
        elif not small and in_super:
            out.append("}")
            in_super = False
        out.append(text)
        previous = char
    if in_super:
        out.append("}")
    return " ".join("".join(out).split())


def _join_wrapped(left: str, right: str, *, tight: bool = False) -> str:
    """Join a wrapped line to the next as `clean_cell` would join them (no space inside Japanese).

    `tight`: the line was filled to the last glyph position, so a Japanese line-wrapper broke it between
    two glyphs, inside a word or number (「097-582-0」/「660」, 「cocosum」/「o」): no space between Latin
    letters or digits. After an organisational unit (「福祉保健部」/「地域包括…」) the space `clean_cell` keeps
    stays: the wrapper may have broken at a space it did not draw.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if tight and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + right
    tail, head = left.split()[-1], right.split()[0]
    separator = " " if " " in clean_cell(f"{tail}\n{head}") else ""
    return f"{left}{separator}{right}"


def _is_tight(line: _Line, widest: float, lines: list[_Line]) -> bool:
    """The line ends at the cell's last glyph position (as far right as its widest line, ±0.3 em), and at
    least one other line of the cell ends there too: a justified or character-wrapped block of text."""
    flush = [other for other in lines if other.x1 >= widest - 0.3 * other.size]
    return line.x1 >= widest - 0.3 * line.size and len(flush) >= 2 and _ends_mid_word(line)


def _ends_mid_word(line: _Line) -> bool:
    """The last glyph is a letter, digit or kana/kanji (not 、。) and no space glyph follows it."""
    last = line.chars[-1]["text"] if line.chars else ""
    return bool(last.strip()) and (last.isalnum() or is_cjk(last)) and last not in "、。，．・）」』】"


def _is_full(line: _Line, right_edge: float) -> bool:
    """The line reaches the right edge of its box: the text wrapped after it."""
    return line.x1 >= right_edge - _CELL_PADDING - 1.2 * line.size


# --- ruled tables ------------------------------------------------------------------------------------------


def _inside(char: Char, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _cell_text(lines: list[_Line], right_edge: float) -> str:
    """A cell's lines → its text: wraps joined, other line breaks kept as ``\\n``."""
    text = ""
    previous: _Line | None = None
    widest = max((line.x1 for line in lines), default=0.0)
    for line in lines:
        if previous is None:
            text = line.text
        elif _is_full(previous, right_edge):
            text = _join_wrapped(text, line.text, tight=_is_tight(previous, widest, lines))
        else:
            text = f"{text}\n{line.text}"
        previous = line
    return text


def _is_open(lines: list[_Line], right_edge: float) -> bool:
    """The cell's last line reaches the right edge: at a page's foot, its text goes on overleaf."""
    return bool(lines) and _is_full(lines[-1], right_edge)


def _ruled_tables(page: Any) -> list[_Item]:
    found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    items = []
    chars = page.chars
    for table in found:
        rows: list[list[str]] = []
        table_chars = [c for c in chars if _inside(c, table.bbox)]
        open_cells: list[bool] = []
        for row in table.rows:
            cells = []
            open_cells = []
            for box in row.cells:
                if box is None:  # covered by a merged cell
                    cells.append("")
                    open_cells.append(False)
                    continue
                lines = _group_lines(c for c in table_chars if _inside(c, box))
                cells.append(_cell_text(lines, box[2]))
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
    return spans


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
    for group in groups:
        columns: list[list[_Line]] = [[] for _ in spans]
        for line in group:
            for segment in line.segments:
                columns[_span_of(segment, spans)].append(segment)
        cells = []
        open_cells = []
        for index, segments in enumerate(columns):
            # The right edge of a column is the start of the next one, less the gutter.
            right = edges[index] - _COLUMN_GAP * (segments[0].size if segments else 10)
            cells.append(_cell_text(segments, right))
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


# --- items → blocks -------------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, right_edge: float, body_left: float, line_gap: float):
        self.blocks: list[Block] = []
        self.line_gap = line_gap
        self.right_edge = right_edge
        self.body_left = body_left
        self.counter = 0  # running number of the physical line, the `line` of a block
        self.previous: _Item | None = None  # the previous text line, for paragraphs
        self.open_cells: list[bool] = []  # the cells of the last table row that run on
        self.columns: list[float] = []  # the left edges of the last table's columns
        self.item_left = 0.0  # where the last list item's marker is
        self.foot = 0.0  # the foot of the pages' text area
        self.table_bottom = 0.0  # where the last table ended on its page

    def _next_line(self) -> int:
        self.counter += 1
        return self.counter

    def add_table(self, item: _Item) -> None:
        assert item.rows is not None
        rows = [TableRow(cells=cells, line=self._next_line(), page=item.page) for cells in item.rows]
        last = self.blocks[-1] if self.blocks else None
        joined = None
        if (
            isinstance(last, Table)
            and self.previous is None  # nothing between the foot of the last page and this table
            and item.page == last.rows[-1].page + 1  # type: ignore[operator]
            and last.kind == item.kind
        ):
            # A table that ends at the foot of the text area was cut by the page break; one that ends
            # higher ended its row there (the next row did not fit).
            at_foot = self.table_bottom >= self.foot - 1.5 * _ROW_ALLOWANCE
            joined = join_continuation(
                last,
                self.columns,
                self.open_cells,
                rows,
                item.columns,
                item.open_cells,
                _join_wrapped,
                at_foot=at_foot,
            )
        if joined is None:
            self.blocks.append(Table(rows=rows, kind=item.kind))
            self.columns, self.open_cells = item.columns, item.open_cells
        else:
            self.columns, self.open_cells = joined
        self.table_bottom = item.bottom
        self.previous = None

    def add_line(self, item: _Item) -> None:
        line = item.line
        assert line is not None
        previous = self.previous
        last = self.blocks[-1] if self.blocks else None
        bullet = _is_list_item(line)
        if previous is not None and isinstance(last, TextLine):
            assert previous.line is not None
            same_page = previous.page == item.page
            gap = line.top - previous.line.bottom if same_page else 0.0
            wrapped = (
                _is_full(previous.line, self.right_edge)
                and not bullet
                and _same_run(previous.line, line)
                and not (last.bullet and line.x0 < self.item_left - 0.5 * line.size)
            )
            if same_page and gap > (self.line_gap + _PARAGRAPH_GAP) * line.size:
                self._new_line(item, bullet, joined=False)
            elif wrapped:
                last.text = _join_wrapped(last.text, line.text)
            else:
                self._new_line(item, bullet, joined=same_page and not last.bullet)
        else:
            self._new_line(item, bullet, joined=False)
        self.previous = item

    def _new_line(self, item: _Item, bullet: bool, *, joined: bool) -> None:
        line = item.line
        assert line is not None
        text = line.text
        indent = 0
        if bullet:
            text = split_list_marker(text)[1]
            indent = 1 if line.x0 - self.body_left > 2 * line.size else 0
            joined = False
            # Where the item starts: its wrapped lines hang at or after it; a line left of it is a new paragraph.
            self.item_left = line.x0
        self.blocks.append(
            TextLine(
                text=text, line=self._next_line(), bullet=bullet, indent=indent, joined=joined, page=item.page
            )
        )


def _same_run(above: _Line, below: _Line) -> bool:
    """Two lines of one font run: the same size (±15 %) and weight. A title, a heading set larger or in
    bold, and the body text under it are never one wrapped paragraph."""
    if abs(above.size - below.size) > 0.15 * max(above.size, below.size):
        return False
    return _is_bold(above) == _is_bold(below)


def _is_bold(line: _Line) -> bool:
    names = [str(c.get("fontname", "")) for c in line.chars if c["text"].strip()]
    bold = sum(1 for name in names if "bold" in name.lower() or name.endswith(("-W6", "-W7", "-W8", ",Bold")))
    return bool(names) and bold * 2 > len(names)


_DASHES = "-－‐"
_BULLET_GAP = 0.25  # em: a glyph this far from the text after it is a list marker, not part of the text


def _is_list_item(line: _Line) -> bool:
    """The line starts with a list marker: told by the glyph and by the space after it.

    「・」 at the start of a line is a bullet whatever follows (a 中黒 inside a name never starts a line);
    so is 「- ・」. Any other bullet glyph (●■◆➢, a Wingdings private-use glyph) is a marker only when a gap
    or a space glyph separates it from the text, as a list's hanging indent does; 「●重層的…」 written
    against its text is a heading that starts with a symbol.
    """
    visible = [c for c in line.chars if c["text"].strip()]
    if not visible:
        return False
    glyphs = [normalise(c["text"]) for c in visible]
    first = 0
    if glyphs[0] and glyphs[0][0] in _DASHES and len(glyphs) > 1 and glyphs[1] in (BULLET, "･"):
        first = 1
    if glyphs[first] in (BULLET, "･"):
        return len(visible) > first + 1
    if not (glyphs[first] and is_bullet_glyph(glyphs[first][0])) or len(visible) <= first + 1:
        return False
    marker, after = visible[first], visible[first + 1]
    spaced = any(
        not c["text"].strip() and marker["x1"] <= c["x0"] + 0.1 and c["x1"] <= after["x0"] + 0.1
        for c in line.chars
    )
    return spaced or after["x0"] - marker["x1"] >= _BULLET_GAP * line.size


def _line_gap(pages: list[list[_Line]]) -> float:
    """The usual gap between two lines of a paragraph, as a fraction of the font size.

    The lower quartile of the gaps between consecutive lines: most gaps are inside paragraphs, and
    the others (between paragraphs, before headings) are wider.
    """
    ratios = []
    for lines in pages:
        for above, below in zip(lines, lines[1:], strict=False):
            gap = below.top - above.bottom
            if 0 <= gap < 2 * below.size:
                ratios.append(gap / below.size)
    return _percentile(ratios, 0.25, 0.3)


def _percentile(values: list[float], fraction: float, default: float) -> float:
    if not values:
        return default
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _is_page_number(line: _Line, page_height: float) -> bool:
    """A footer such as 「3」「- 3 -」「3/20」 in the bottom margin."""
    text = line.text.replace(" ", "").replace("^{", "").replace("}", "")
    return line.top > page_height * 0.92 and text.strip("-–—ー/ｐPp.").isdigit() and len(text) <= 9


def blocks_from_pdf(pdf: Any) -> list[Block]:
    """Blocks of an open pdfplumber document."""
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        items, lines = _page_items(page, number)
        lines = [line for line in lines if not _is_page_number(line, float(page.height))]
        pages.append((number, page, items, lines))
        page.flush_cache()
    # The body text's left margin: the lowest left edge of single-segment lines (5th percentile).
    lefts = [line.x0 for _, _, _, lines in pages for line in lines if len(line.segments) == 1]
    body_left = _percentile(lefts, 0.05, 56.0)
    line_gap = _line_gap([lines for _, _, _, lines in pages])
    # The foot of the text area: the lowest content of a page, as most full pages reach it.
    feet = [
        max([line.bottom for line in lines] + [item.bottom for item in items])
        for _, _, items, lines in pages
        if lines or items
    ]
    foot = _percentile(feet, 0.75, 0.0)
    builder: _Builder | None = None
    for number, page, items, lines in pages:
        right_edge = float(page.width) - body_left
        if builder is None:
            builder = _Builder(right_edge, body_left, line_gap)
        builder.right_edge = right_edge
        builder.foot = foot
        everything = items + _layout_items(lines, number, body_left, right_edge, line_gap)
        everything.sort(key=lambda item: item.top)
        for item in everything:
            if item.rows is not None:
                builder.add_table(item)
            else:
                builder.add_line(item)
    return builder.blocks if builder else []


def read_pdf(path: str | Path, *, max_pages: int | None = None, password: str = "") -> list[Block]:
    """Read a PDF file into `TextLine` and `Table` blocks (with page numbers), in reading order.

    Raises `PdfReadError` for an encrypted, damaged or empty file, or one with more than `max_pages`.
    Run it through `importers.sandbox` for files from outside.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    if path.stat().st_size == 0:
        raise PdfReadError(f"Empty file: {path.name}", "empty")
    try:
        with pdfplumber.open(path, password=password) as pdf:
            count = len(pdf.pages)
            if max_pages is not None and count > max_pages:
                raise PdfReadError(f"{path.name}: {count} pages > {max_pages}", "too_many_pages")
            if count == 0:
                raise PdfReadError(f"{path.name}: no pages", "empty")
            return blocks_from_pdf(pdf)
    except PdfReadError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise PdfReadError(f"{path.name}: encrypted ({error!r})", "encrypted") from error
    except PDFSyntaxError as error:
        raise PdfReadError(f"{path.name}: damaged ({error})", "damaged") from error
    except MemoryError as error:
        raise PdfReadError(f"{path.name}: memory limit reached", "memory") from error
    except Exception as error:
        if "allocate" in str(error).lower() or isinstance(error.__cause__, MemoryError):
            # zlib reports a stream that inflates past the memory limit (a decompression bomb) so
            raise PdfReadError(f"{path.name}: memory limit reached ({error})", "memory") from error
        if (
            "password" in str(error).lower()
            or type(error).__name__ == "PdfminerException"
            and _is_password(error)
        ):
            raise PdfReadError(f"{path.name}: encrypted ({error!r})", "encrypted") from error
        raise PdfReadError(f"{path.name}: damaged ({type(error).__name__}: {error})", "damaged") from error


def _is_password(error: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        if any(
            isinstance(arg, (PDFPasswordIncorrect, PDFEncryptionError)) for arg in getattr(seen, "args", ())
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
