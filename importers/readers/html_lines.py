"""HTML → the line model (`importers.lines.Line`), for the one window extractor.

The tree is the one `importers.readers.html` builds (parser pinned, active content and page chrome removed,
the main content found by the usual CMS containers). Block elements and <br> break lines; a line wholly inside
<strong>/<b>/<em> is emphasised; h1–h6 give heading levels; <li>, <dt>/<dd> give markers; tables become cells
with their row, column and column header (header cells written with spaces, 「場 所」, are read without them).
A key/value table (every row 「<th>電話</th><td>…</td>」) becomes 「電話: …」 lines of one block. A row with
fewer cells than the header inherits the leading cells of the row above (a rowspan lost in conversion).
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from importers.lines import HEADER_WORDS, Line, clean, make_line

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_EMPHASIS = frozenset({"strong", "b", "em"})
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED = (Comment, Declaration, Doctype, ProcessingInstruction)
_CJK_NEWLINE_RE = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")


class _LineBuilder:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.block = 0
        self.table = 0
        self._parts: list[tuple[str, bool]] = []
        self._owner: Tag | None = None
        self._marker = ""

    # --- flushing text into lines ---

    def text(self, value: str, emphasised: bool, owner: Tag) -> None:
        if not self._parts or not "".join(p for p, _e in self._parts).strip():
            self._owner = owner
        self._parts.append(
            (re.sub(r"[ \t\r\f\v]+", " ", _CJK_NEWLINE_RE.sub("", value)).replace("\n", " "), emphasised)
        )

    def br(self) -> None:
        self._parts.append(("\n", False))

    def flush(self, **hints) -> None:
        if not self._parts:
            return
        current: list[tuple[str, bool]] = []
        for part in [*self._parts, ("\n", False)]:
            if part[0] == "\n":
                self._emit(current, **hints)
                current = []
            else:
                current.append(part)
        self._parts = []

    def _emit(self, parts: list[tuple[str, bool]], **hints) -> None:
        raw = "".join(text for text, _e in parts)
        if not clean(raw):
            return
        emphasis = all(e for text, e in parts if text.strip())
        marker = hints.pop("marker", self._marker)
        line = make_line(
            raw,
            location=_where(self._owner),
            emphasis=emphasis,
            block=self.block,
            marker=marker,
            **hints,
        )
        if line:
            self.lines.append(line)
            self._marker = "" if marker in ("li", "dt") else self._marker

    def new_block(self) -> None:
        self.flush()
        self.block += 1


def _where(tag: Tag | None) -> str:
    line = getattr(tag, "sourceline", None)
    return f"line {line}" if line else ""


def html_lines(root: Tag) -> list[Line]:
    """The lines of `root` (already stripped of active content) in document order."""
    builder = _LineBuilder()
    _walk(root, builder, emphasised=False)
    builder.flush()
    return builder.lines


def _walk(tag: Tag, builder: _LineBuilder, *, emphasised: bool) -> None:
    for child in tag.children:
        if isinstance(child, _SKIPPED):
            continue
        if isinstance(child, NavigableString):
            builder.text(str(child), emphasised, child.parent)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            builder.br()
        elif name in _HEADINGS:
            builder.new_block()
            text = clean(child.get_text(" "))
            line = make_line(text, location=_where(child), heading=_HEADINGS[name], block=builder.block)
            if line:
                builder.lines.append(line)
            builder.block += 1
        elif name == "table":
            builder.new_block()
            _table(child, builder)
            builder.block += 1
        elif name == "dl" and _field_list(child):
            # 「<dt>電話</dt><dd>…</dd>」: the fields of one window, as 「電話: …」 lines of one block.
            builder.new_block()
            label = ""
            for item in child.find_all(["dt", "dd"]):
                if item.find_parent("dl") is not child:
                    continue
                if item.name == "dt":
                    label = _header_text(item)
                    continue
                for text in _cell_lines(item):
                    line = make_line(
                        f"{label}: {text}" if label else text, location=_where(item), block=builder.block
                    )
                    if line:
                        builder.lines.append(line)
            builder.block += 1
        elif name in ("li", "dt", "dd"):
            builder.new_block() if name != "dd" else builder.flush()
            builder._marker = name
            _walk(child, builder, emphasised=emphasised)
            builder.flush(marker=name)
            builder._marker = ""
        elif name in _BLOCKS:
            builder.new_block()
            _walk(child, builder, emphasised=emphasised)
            builder.new_block()
        else:
            _walk(child, builder, emphasised=emphasised or name in _EMPHASIS)


# --- tables ------------------------------------------------------------------------------------------------


_FIELD_WORDS = (
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
    "受付",
    "メール",
    "内線",
)


def _field_list(dl: Tag) -> bool:
    terms = [_header_text(dt) for dt in dl.find_all("dt") if dt.find_parent("dl") is dl]
    known = sum(1 for term in terms if len(term) <= 8 and any(word in term.upper() for word in _FIELD_WORDS))
    return bool(terms) and known * 2 > len(terms)


def _grid(table: Tag) -> list[list[tuple[Tag, bool]]]:
    """Rows of (cell, is_th), rowspan and colspan expanded (nested tables are not descended)."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: list[list[tuple[Tag, bool]]] = []
    carried: dict[int, tuple[int, tuple[Tag, bool]]] = {}
    for tr in rows:
        row: list[tuple[Tag, bool]] = []
        for cell in tr.find_all(["th", "td"], recursive=False):
            _take_carried(row, carried)
            entry = (cell, cell.name == "th")
            down = _int_attr(cell, "rowspan")
            for _ in range(_int_attr(cell, "colspan")):
                if down > 1:
                    carried[len(row)] = (down - 1, entry)
                row.append(entry)
        _take_carried(row, carried)
        if any(clean(cell.get_text(" ")) for cell, _th in row):
            grid.append(row)
    return grid


def _take_carried(row: list, carried: dict) -> None:
    while len(row) in carried:
        left, cell = carried[len(row)]
        if left <= 1:
            del carried[len(row)]
        else:
            carried[len(row)] = (left - 1, cell)
        row.append(cell)


def _int_attr(cell: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 50))
    except ValueError:
        return 1


# An HTML header row may also be the 問い合わせ column of a contact table.
_HEADER_WORDS = (*HEADER_WORDS, "問合", "問い合")


def _header_text(cell: Tag) -> str:
    return re.sub(r"\s+", "", clean(cell.get_text(" ")))


def _is_header(row: list[tuple[Tag, bool]]) -> bool:
    texts = [_header_text(cell) for cell, _th in row]
    if any(re.search(r"\d{3,}", text) for text in texts):
        return False
    known = sum(1 for text in texts if any(word in text.upper() for word in _HEADER_WORDS))
    return known >= 2 or (all(th for _c, th in row) and len(row) >= 2 and known >= 1)


def _cell_lines(cell: Tag) -> list[str]:
    builder = _LineBuilder()
    _walk(cell, builder, emphasised=False)
    builder.flush()
    return [line.raw or line.text for line in builder.lines]


def _table(table: Tag, builder: _LineBuilder) -> None:
    builder.table += 1
    number = builder.table
    grid = _grid(table)
    if not grid:
        return
    caption = table.find("caption")
    if caption is not None and clean(caption.get_text(" ")):
        line = make_line(caption.get_text(" "), location=_where(caption), heading=6, block=builder.block)
        if line:
            builder.lines.append(line)
        builder.block += 1
    if all(len(row) == 2 and row[0][1] and not row[1][1] for row in grid):
        # Key/value table: the fields of one window, as 「電話: …」 lines of one block.
        builder.block += 1
        for (key, _th), (value, _vth) in grid:
            label = _header_text(key)
            for text in _cell_lines(value):
                line = make_line(f"{label}: {text}", location=_where(value), block=builder.block)
                if line:
                    builder.lines.append(line)
        return
    header: list[str] = []
    start = 0
    for index, row in enumerate(grid[:3]):
        if _is_header(row):
            header, start = [_header_text(cell) for cell, _th in row], index + 1
            break
    width = len(header) or max(len(row) for row in grid)
    previous: list[tuple[Tag, bool]] | None = None
    for row_number, row in enumerate(grid[start:], start=1):
        inherited = 0
        if header and len(row) < width and previous is not None:
            inherited = width - len(row)
            row = previous[:inherited] + row  # a lost rowspan: inherit the leading cells
        previous = row
        for column, (cell, is_th) in enumerate(row, start=1):
            builder.block += 1
            name = header[column - 1] if column - 1 < len(header) else ""
            for text in _cell_lines(cell):
                line = make_line(
                    text,
                    location=", ".join(
                        filter(None, [_where(cell), f"table {number} row {row_number + start}"])
                    ),
                    table=number,
                    row=row_number,
                    column=column,
                    header=name,
                    block=builder.block,
                    emphasis=is_th,
                    inherited=column <= inherited,
                )
                if line:
                    builder.lines.append(line)
