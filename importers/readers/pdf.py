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
from pathlib import Path
from typing import Any

from importers.errors import PdfReadError
from importers.normalise import BULLET, is_bullet_glyph, normalise, split_list_marker
from importers.text import is_cjk

from .pdf_chars import _PARAGRAPH_GAP, _ROW_ALLOWANCE, _ends_mid_word, _is_full, _join_wrapped, _Line
from .pdf_layout import _Item, _layout_items, _page_items
from .pdf_tables import join_continuation
from .seedtext import Block, Table, TableRow, TextLine

__all__ = ["PdfReadError", "blocks_from_pdf", "read_pdf"]

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
        self.text_right = right_edge  # where the full lines of the body text end (their last glyph)

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
                last.text = self._join_paragraph(last.text, previous.line, line)
            else:
                self._new_line(item, bullet, joined=same_page and not last.bullet)
        else:
            self._new_line(item, bullet, joined=False)
        self.previous = item

    def _join_paragraph(self, text: str, above: _Line, below: _Line) -> str:
        """Join a wrapped line of running text to the next. A line filled to the body text's last glyph
        position was broken between two glyphs (「…相談窓口が市」/「内各所…」): no space, even after a unit
        such as 市 or 委員会 (inside a table cell, where names are, `clean_cell`'s rule stands)."""
        tight = above.x1 >= self.text_right - 0.3 * below.size and _ends_mid_word(above)
        if tight and text and below.text and is_cjk(text[-1]) and is_cjk(below.text[0]):
            return text + below.text
        return _join_wrapped(text, below.text, tight=tight)

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
_ARROWS = "→⇒⇨"  # typed arrows; Wingdings arrows come as private-use codes
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
    if visible[first]["text"][:1] in _ARROWS:
        return False  # 「⇒ 新たな参加の場へ」: an arrow typed in the text leads to a result (a symbol font's arrow is a bullet)
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
    # Where the body text's full lines end: the median right end of the lines that reach the margin. A line
    # that ends there was broken between two glyphs by the line-wrapper, not at a space.
    full = [
        line.x1
        for number, page, _, lines in pages
        for line in lines
        if len(line.segments) == 1 and _is_full(line, float(page.width) - body_left)
    ]
    builder: _Builder | None = None
    for number, page, items, lines in pages:
        right_edge = float(page.width) - body_left
        if builder is None:
            builder = _Builder(right_edge, body_left, line_gap)
        builder.right_edge = right_edge
        builder.text_right = statistics.median(full) if full else right_edge
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
