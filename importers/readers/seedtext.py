"""Read the converted-text format of data/seeds/*.txt into blocks that know their line numbers.

The format, as the PDF/HTML conversion left it:

* paragraphs and headings, one per line, usually separated by blank lines;
* bullets written ``- ・text`` (nested ones indented: `` - ・text``);
* tables as tab-separated rows; a cell that wrapped in the PDF can continue on a later line that
  starts with tabs (empty leading cells), sometimes after a blank line;
* Markdown pipe tables (``a | b |`` rows with a ``---|---|`` separator);
* HTML fragments (``<p>``, ``<ul>``, ``<br>``) inside table cells.

The reader keeps cells raw: cleaning them (footnotes, wrapped lines, PDF damage) is the parser's job,
because only the parser knows whether a cell holds a name, a count or prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from importers.normalise import BULLET, normalise, split_list_marker
from importers.records import Source
from importers.text import html_fragment_to_lines, strip_markdown

__all__ = ["Block", "Table", "TableRow", "TextLine", "read_seed_file", "read_seed_text"]

_BULLET_RE = re.compile(r"^(?P<indent>\s*)-\s+(?:・\s*)?(?P<text>.*)$")
_PIPE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class TextLine:
    """One non-blank line outside a table: a heading, a paragraph line or a bullet."""

    text: str  # stripped; Markdown bold markers removed; a bullet's 「- ・」 removed
    line: int  # 1-based line number in the document
    bullet: bool = False
    indent: int = 0  # nesting of a bullet (0 = top level)
    joined: bool = False  # True when the previous line was text with no blank line between
    page: int | None = None  # 1-based page number when read from a PDF (importers.readers.pdf)

    @property
    def location(self) -> str:
        """Where the line is, for a `Source`: 「p.3」 in a PDF, 「line 42」 in a text file."""
        return _location(self.line, self.page)

    def source(self, document: str) -> Source:
        return Source(document, self.location)


@dataclass
class TableRow:
    cells: list[str]  # raw cells, as split on tabs or pipes
    line: int
    page: int | None = None  # 1-based page number when read from a PDF

    @property
    def location(self) -> str:
        return _location(self.line, self.page)

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""

    def cell_lines(self, index: int) -> list[str]:
        """The lines of a cell, with an HTML fragment turned into its paragraphs and list items."""
        return html_fragment_to_lines(self.cell(index))

    @property
    def is_continuation(self) -> bool:
        """A row that starts with empty cells continues (or spans from) the row above."""
        return len(self.cells) > 1 and not self.cells[0].strip()


@dataclass
class Table:
    rows: list[TableRow] = field(default_factory=list)
    kind: str = "tsv"  # "tsv" / "pipe" / "ruled" / "borderless" (the last two from a PDF)
    notes: list[str] = field(default_factory=list)  # what a reader repaired (a PDF table joined over pages)

    @property
    def line(self) -> int:
        return self.rows[0].line if self.rows else 0

    @property
    def header(self) -> TableRow | None:
        return self.rows[0] if self.rows else None

    @property
    def location(self) -> str:
        return self.rows[0].location if self.rows else "line 0"

    def source(self, document: str) -> Source:
        return Source(document, self.location)


Block = TextLine | Table


def _location(line: int, page: int | None) -> str:
    return f"p.{page}" if page is not None else f"line {line}"


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_tsv(line: str) -> bool:
    return "\t" in line and not _is_blank(line)


def _split_pipe_row(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip() for cell in text.split("|")]


def _next_content_index(lines: list[str], start: int) -> int:
    index = start
    while index < len(lines) and _is_blank(lines[index]):
        index += 1
    return index


def _read_tsv_table(lines: list[str], start: int) -> tuple[Table, int]:
    """Rows from `start` while lines hold tabs.

    A blank line does not end the table when the next line starts with a tab: in seed 002 a cell's
    text continues on such a line after a blank one (the PDF broke the row across a page column).
    """
    table = Table(kind="tsv")
    index = start
    while index < len(lines):
        line = lines[index]
        if _is_tsv(line):
            table.rows.append(TableRow(cells=line.split("\t"), line=index + 1))
            index += 1
            continue
        if _is_blank(line):
            after = _next_content_index(lines, index)
            if after < len(lines) and lines[after].startswith("\t"):
                index = after
                continue
        break
    return table, index


def _read_pipe_table(lines: list[str], start: int) -> tuple[Table, int]:
    """A Markdown pipe table: the header at `start`, the separator next, then rows until a non-row."""
    table = Table(kind="pipe", rows=[TableRow(cells=_split_pipe_row(lines[start]), line=start + 1)])
    index = start + 2  # skip the ---|--- separator
    while index < len(lines) and not _is_blank(lines[index]) and "|" in lines[index]:
        table.rows.append(TableRow(cells=_split_pipe_row(lines[index]), line=index + 1))
        index += 1
    return table, index


def _text_line(raw: str, number: int, previous_was_text: bool) -> TextLine:
    match = _BULLET_RE.match(raw)
    if match:
        text = strip_markdown(match.group("text")).strip()
        return TextLine(text=text, line=number, bullet=True, indent=1 if match.group("indent") else 0)
    marker, item = split_list_marker(raw) if raw.lstrip(" \t\u3000").startswith(BULLET) else (None, raw)
    if marker is not None:
        # 「・」 starting a line is a list item (a 中黒 never starts a line): what a PDF of this text shows.
        # Other glyphs written against the text (「●重層的…」「○地域での…」) are part of a heading here.
        indent = 1 if raw[:1] in " \t\u3000" else 0
        return TextLine(text=strip_markdown(item).strip(), line=number, bullet=True, indent=indent)
    return TextLine(text=strip_markdown(raw).strip(), line=number, joined=previous_was_text)


def read_seed_text(text: str) -> list[Block]:
    """Split a converted seed document into `TextLine` and `Table` blocks, in document order.

    The text goes through `importers.normalise` first, as every reader's does.
    """
    lines = normalise(text).splitlines()
    blocks: list[Block] = []
    index = 0
    previous_was_text = False
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            previous_was_text = False
            index += 1
            continue
        if index + 1 < len(lines) and "|" in line and _PIPE_SEPARATOR_RE.match(lines[index + 1]):
            table, index = _read_pipe_table(lines, index)
            blocks.append(table)
            previous_was_text = False
            continue
        if _is_tsv(line):
            table, index = _read_tsv_table(lines, index)
            blocks.append(table)
            previous_was_text = False
            continue
        block = _text_line(line, index + 1, previous_was_text)
        blocks.append(block)
        previous_was_text = not block.bullet
        index += 1
    return blocks


def read_seed_file(path: str | Path) -> list[Block]:
    """Read a seed file (UTF-8) into blocks."""
    return read_seed_text(Path(path).read_text(encoding="utf-8"))
