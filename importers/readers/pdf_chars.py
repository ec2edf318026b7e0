"""Characters → lines, segments and cell text: the first stage of the PDF reader (`importers.readers.pdf`).

See `importers.readers.pdf` for the method as a whole.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from importers.normalise import normalise
from importers.text import clean_cell, is_cjk

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


def _cell_text(lines: list[_Line], right_edge: float, measure: float = 0.0) -> str:
    """A cell's lines → its text: wraps joined, other line breaks kept as ``\\n``.

    `measure`: where the longest line of the cell's column ends (the line-wrapper's limit, as far as the
    text shows it); a line after which the next line's first word would still have fit was ended by a
    line break, not wrapped.
    """
    text = ""
    previous: _Line | None = None
    widest = max((line.x1 for line in lines), default=0.0)
    measure = max([measure] + [_measure_end(line) for line in lines])
    for line in lines:
        if previous is None:
            text = line.text
        elif _wrapped(previous, line, right_edge, measure):
            # Broken between two glyphs: 「097-582-0」/「660」; in running text (two lines or more filled to the
            # last glyph) also between two kanji after 市 or 委員会, where `clean_cell` keeps a name's space.
            running = _is_tight(previous, widest, lines[:-1])
            tight = running or (previous.x1 >= measure - 0.3 * previous.size and _ends_mid_word(previous))
            if running and text and line.text and is_cjk(text[-1]) and is_cjk(line.text[0]):
                text += line.text
            else:
                text = _join_wrapped(text, line.text, tight=tight)
        else:
            text = f"{text}\n{line.text}"
        previous = line
    return text


def _wrapped(above: _Line, below: _Line, right_edge: float, measure: float) -> bool:
    """`below` continues `above` (the wrapper broke the line) rather than starting a new line."""
    if _starts_item(above.text, below.text) or _LABEL_LINE_RE.fullmatch(below.text.strip()):
        return False
    fits = _next_word_fits(above, below, measure)
    if _is_full(above, right_edge):
        return not fits
    # Short of the edge, but what starts the next line did not fit: a line-start rule carried a glyph over
    # (「…紹介を行いま」/「す。」). Only a glyph or two: a longer gap is a line break before a long word.
    glyphs = [c["text"] for c in below.chars if c["text"].strip()][:2]
    carried = len(glyphs) == 2 and (glyphs[1] in _NO_LINE_START or glyphs[0] in _NO_LINE_END)
    return bool(measure) and carried and not fits and measure - above.x1 < 2.5 * above.size


# Glyphs a Japanese line-wrapper does not put at the start of a line (JIS X 4051 行頭禁則), and those it does
# not leave at the end of one (行末禁則): the wrapper carries the glyph before (or the opening bracket) over.
_NO_LINE_START = set(
    "、。，．,.・：；:;？！?!ー―‐-～」』）)】〕〉》］]}ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻ゝゞヽヾ"
)
_NO_LINE_END = set("「『（(【〔〈《［[{")


def _first_word_width(line: _Line) -> float:
    """The width the next line's first unbreakable unit needs: a Latin word or number whole, a Japanese
    glyph with the glyphs that may not start a line after it, an opening bracket with what follows."""
    visible = [c for c in line.chars if c["text"].strip()]
    if not visible:
        return 0.0
    end = 1
    first = visible[0]["text"]
    if first.isascii() and first.isalnum():
        while end < len(visible) and visible[end]["text"].isascii() and visible[end]["text"].isalnum():
            end += 1
    else:
        while end < len(visible) and (
            visible[end - 1]["text"] in _NO_LINE_END or visible[end]["text"] in _NO_LINE_START
        ):
            end += 1
    return visible[end - 1]["x1"] - visible[0]["x0"]


_HANGING = (
    _NO_LINE_START  # what a wrapper may hang past the measure (ぶら下げ: 、。」 and 々ー small kana too)
)


def _measure_end(line: _Line) -> float:
    """Where the line's text ends within the measure: a hanging 、。 at its end does not count."""
    visible = [c for c in line.chars if c["text"].strip()]
    while len(visible) > 1 and visible[-1]["text"] in _HANGING:
        visible.pop()
    return visible[-1]["x1"] if visible else line.x1


def _next_word_fits(above: _Line, below: _Line, measure: float) -> bool:
    """The first word of `below` would have fit at the end of `above`: the line-wrapper did not break
    `above`, a line break did (a list item's end, 「…整備する」/「交流・参加…」). `measure` is the farthest any
    line of the column reaches, so it is at most the wrapper's real limit: whatever fits before it fit."""
    if not measure or above.x1 >= measure - 0.3 * above.size:
        return False
    # A line of full-width glyphs only is measured exactly; one with spaces or Latin letters and digits is
    # not (a wrapper may count a space wider than it draws it): half an em of doubt.
    doubt = 0.0 if all(is_cjk(c["text"]) for c in above.chars) else 0.5 * above.size
    return above.x1 + _first_word_width(below) <= measure + 0.1 - doubt


_ITEM_START_RE = re.compile(
    r"^\s*(?:[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f]|[(（]\d{1,2}[)）])"
)


# A line that is one bracketed label and nothing else (「【支援会議】」) heads what follows it: never a wrap.
_LABEL_LINE_RE = re.compile(r"【[^【】]{1,20}】")


def _starts_item(above: str, below: str) -> bool:
    """`below` starts a numbered item (①, ⑫, (3)) after a sentence's end: a new line, however full `above`
    was (「…を行います。」/「③地域コミュニティを…」)."""
    return above.rstrip().endswith(("。", "．")) and bool(_ITEM_START_RE.match(below))


def _is_open(lines: list[_Line], right_edge: float) -> bool:
    """The cell's last line reaches the right edge: at a page's foot, its text goes on overleaf."""
    return bool(lines) and _is_full(lines[-1], right_edge)
