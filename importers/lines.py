"""The line model: every reader (text, HTML, PDF) turns a document into the same stream of `Line`s.

A line is what a person reads as one line, with the structure hints its format gave: heading level, list
marker, emphasis, table cell (table, row, column and the column's header), the block it belongs to (one
paragraph, list item, cell or definition) and its source location. Extraction (`importers.parsers.contacts`)
runs once, on lines, whatever the format.

This module also holds the plain-text reader (`lines_from_text`: text pasted from a browser or converted from a
PDF, with pipe- and tab-flattened tables) and the conversion of PDF blocks (`lines_from_blocks`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from importers.normalise import BULLET_GLYPHS, normalise

# List markers a line may start with, longest first: bullets, 【】 labels are not markers (they carry a name).
BULLETS = "".join(sorted(set("○●◎■□◆◇▽▼▲△★☆・◯-*＊") | BULLET_GLYPHS))  # not ※: a note, never a name
_NUMBERED = (
    r"[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f\u2474-\u2487\u2488-\u249b]"  # ①–⑳ ⑴ ⒈
    r"|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.．、)）](?!\d)|[(（]?[ア-ン][)）]"
)
# A bullet before a digit is still a bullet (「◆24時間子供SOSダイヤル」) but for - * ＊ (「-1」 is a number).
_MARKER_RE = re.compile(
    rf"^\s*(?P<marker>[{re.escape(BULLETS.replace('-', '').replace('*', '').replace('＊', ''))}]|[-*＊](?!\d)|{_NUMBERED})\s*"
)


@dataclass(frozen=True)
class Line:
    text: str  # NFKC-normalised, whitespace collapsed; the marker removed
    location: str = ""  # "line 12" (text, HTML source line) / "p.2" (PDF)
    heading: int = 0  # 1–6 for headings, 0 otherwise
    marker: str = ""  # ○ ① (1) 1. … as written; "li" for an HTML list item, "dt"/"dd" for definition lists
    emphasis: bool = False  # the whole line is <strong>/<b>/<em> (or bold in a PDF)
    table: int = 0  # 1-based table number, 0 outside tables
    row: int = 0  # row in the table (0 = header row)
    column: int = 0
    header: str = ""  # the header of the cell's column, spaces removed (「場 所」 → 「場所」)
    block: int = 0  # lines of one paragraph, list item, cell or dd share a block number
    indent: int = 0
    inherited: bool = False  # a table cell copied from the row above (a rowspan lost in conversion)
    raw: str = ""  # the line as written (before normalisation), for the review queue

    def to_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in ("", 0, False)}

    @classmethod
    def from_json(cls, data: dict) -> Line:
        return cls(**data)


def clean(text: str) -> str:
    """The shared normaliser (radicals, symbol-font bullets, odd spaces), NFKC, collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFKC", normalise(text or "")).split())


def split_marker(text: str) -> tuple[str, str]:
    """(marker, rest): 「○地域包括支援センター」 → ("○", "地域包括支援センター"); ("", text) without one."""
    match = _MARKER_RE.match(text)
    if not match:
        return "", text
    marker = match.group("marker")
    rest = text[match.end() :]
    if marker in "-*" and (not rest or rest[:1].isdigit()):
        return "", text
    return marker.strip(), rest


def make_line(raw: str, **hints) -> Line | None:
    """A Line from raw text: the list marker is split off before NFKC (which would turn ① into 1)."""
    marker = hints.pop("marker", "")
    found, rest = split_marker(" ".join(normalise(raw or "").split()))
    if found and (not marker or marker in ("li", "dd")):
        marker = found if marker != "dd" else marker
        raw_text = rest
    else:
        raw_text = raw or ""
    text = clean(raw_text)
    if not text:
        return None
    return Line(text=text, marker=marker, raw=(raw or "").strip(), **hints)


# --- plain text ----------------------------------------------------------------------------------------------

_PIPE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}")


def lines_from_text(text: str, *, prefix: str = "line") -> list[Line]:
    """Pasted text → lines. Blank lines end blocks; 「| a | b |」 and tab-separated rows become table cells.

    The first row of a table whose cells carry no number is its header row; later rows get its cells as
    `header`. Indented lines (「　電話：…」 under 「○窓口名」) stay in the block of the line above.
    """
    lines: list[Line] = []
    block = 0
    table = 0
    header: list[str] | None = None
    row = 0
    previous_blank = True
    for number, raw in enumerate(text.splitlines(), start=1):
        location = f"{prefix} {number}"
        stripped = raw.strip()
        if not stripped:
            previous_blank = True
            header = None
            continue
        cells = _cells(raw)
        if (
            cells is not None
            and len([c for c in cells if c]) == 2
            and _is_label_cell(cells[0])
            and header is None
        ):
            # 「電話番号<TAB>0123-…」: a key/value row, read as the label line 「電話番号: 0123-…」.
            cells, raw = None, f"{cells[0]}: {' '.join(c for c in cells[1:] if c)}"
        if cells is not None:
            if _PIPE_SEPARATOR_RE.match(stripped):
                continue
            if header is None:
                table += 1
                block += 1
                row = 0
                if _is_header(cells):
                    header = [re.sub(r"\s+", "", clean(cell)) for cell in cells]
                    continue
                header = [""] * len(cells)
            row += 1
            for column, cell in enumerate(cells, start=1):
                block += 1
                name = header[column - 1] if column - 1 < len(header) else ""
                line = make_line(
                    cell, location=location, table=table, row=row, column=column, header=name, block=block
                )
                if line:
                    lines.append(line)
            previous_blank = True  # the text after a table starts a new block
            continue
        header = None
        if previous_blank:
            block += 1
        indent = len(raw) - len(raw.lstrip(" \u3000\t"))
        line = make_line(raw, location=location, block=block, indent=1 if indent else 0)
        if line:
            lines.append(line)
        previous_blank = False
    return lines


def _cells(raw: str) -> list[str] | None:
    stripped = raw.strip()
    if stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.count("|") >= 3):
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        return cells
    if "\t" in stripped:
        cells = [cell.strip() for cell in stripped.split("\t")]
        if len([c for c in cells if c]) >= 2:
            return cells
    return None


# Words that mark a table's header cell (a text table's and an HTML table's alike).
HEADER_WORDS = (
    "窓口",
    "名称",
    "担当",
    "相談先",
    "電話",
    "TEL",
    "連絡先",
    "内容",
    "時間",
    "場所",
    "所在地",
    "対象",
    "分野",
    "区分",
    "機関",
    "FAX",
)


_LABEL_WORDS = (
    "電話",
    "TEL",
    "FAX",
    "ファクス",
    "時間",
    "日時",
    "内容",
    "所在地",
    "住所",
    "場所",
    "対象",
    "担当",
    "受付",
    "相談日",
    "メール",
)


def _is_label_cell(cell: str) -> bool:
    squeezed = re.sub(r"[\s【】\[\]]", "", clean(cell))
    return (
        len(squeezed) <= 8
        and any(word in squeezed.upper() for word in _LABEL_WORDS)
        and not re.search(r"\d", squeezed)
    )


def _is_header(cells: list[str]) -> bool:
    squeezed = [re.sub(r"\s+", "", clean(cell)) for cell in cells]
    if any(re.search(r"\d{2,}", cell) for cell in squeezed):
        return False
    return sum(1 for cell in squeezed if any(word in cell.upper() for word in HEADER_WORDS)) >= 2


# --- PDF blocks ----------------------------------------------------------------------------------------------


_SUPERSCRIPT_RE = re.compile(r"\^\{([^{}]*)\}")


def _unwrap_superscripts(text: str) -> str:
    """A PDF line's ``^{…}`` that is no footnote marker (「^{※1}」「^{2}」) is text that only looked small next to
    a larger line at the same height (a heading in the next column): 「^{平日} ^{9:00~16:30}」 → 「平日 9:00~16:30」."""

    def unwrap(match: re.Match) -> str:
        inner = match.group(1)
        return (
            match.group(0)
            if re.fullmatch(r"\s*(?:[※*＊]\S{0,3}|\d{1,2}|[(（]\d{1,2}[)）])\s*", inner)
            else inner
        )

    return _SUPERSCRIPT_RE.sub(unwrap, text)


def lines_from_blocks(blocks: Iterable) -> list[Line]:
    """`importers.readers.pdf.read_pdf` blocks (TextLine, Table) → lines; a table's first row is its header."""
    lines: list[Line] = []
    block = 0
    table = 0
    for item in blocks:
        location = getattr(item, "location", "") or ""
        rows = getattr(item, "rows", None)
        if rows is None:
            for part in str(item.text).split("\n"):
                part = _unwrap_superscripts(part)
                if not getattr(item, "joined", False):
                    block += 1
                line = make_line(part, location=location, block=block, indent=getattr(item, "indent", 0) or 0)
                if line:
                    lines.append(line)
            continue
        table += 1
        header: list[str] = []
        for index, row in enumerate(rows):
            cells = list(row.cells)
            if index == 0 and _is_header(cells):
                header = [re.sub(r"\s+", "", clean(c)) for c in cells]
                continue
            for column, cell in enumerate(cells, start=1):
                block += 1
                name = header[column - 1] if column - 1 < len(header) else ""
                for part in str(cell).split("\n"):
                    line = make_line(
                        _unwrap_superscripts(part),
                        location=location,
                        table=table,
                        row=index + (0 if header else 1),
                        column=column,
                        header=name,
                        block=block,
                    )
                    if line:
                        lines.append(line)
    return lines
