"""The converted-text reader: blocks, tables and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.readers.seedtext import Table, TextLine, read_seed_file, read_seed_text

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"

SAMPLE = """\


第1 基本方針

本文の一行目。
続きの行

- ・箇条書き
 - ・入れ子

主な対象分野\t相談支援機関名\t設置箇所数
高齢\t地域包括支援センター\t1 1
障害\t障害者基幹相談支援センター\t4

※1 注記

事業名 | 概要 |
---|---|
包括的相談支援事業 | ・受け止める ・つなぐ |
多機関協働事業 | ・調整する |
"""


def test_blocks_and_line_numbers() -> None:
    blocks = read_seed_text(SAMPLE)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["TextLine", "TextLine", "TextLine", "TextLine", "TextLine", "Table", "TextLine", "Table"]
    heading, first, second, bullet, nested, table, note, pipe = blocks
    assert isinstance(heading, TextLine) and (heading.text, heading.line) == ("第1 基本方針", 3)
    assert isinstance(first, TextLine) and not first.joined
    assert isinstance(second, TextLine) and second.joined and second.line == 6
    assert isinstance(bullet, TextLine) and bullet.bullet and bullet.text == "箇条書き" and bullet.indent == 0
    assert isinstance(nested, TextLine) and nested.bullet and nested.indent == 1
    assert isinstance(table, Table) and table.kind == "tsv" and table.line == 11
    assert [r.line for r in table.rows] == [11, 12, 13]
    assert table.rows[1].cells == ["高齢", "地域包括支援センター", "1 1"]  # cells stay raw
    assert isinstance(note, TextLine) and note.text == "※1 注記"
    assert isinstance(pipe, Table) and pipe.kind == "pipe"
    assert [r.line for r in pipe.rows] == [17, 19, 20]
    assert pipe.rows[1].cells == ["包括的相談支援事業", "・受け止める ・つなぐ"]
    assert table.source("x.txt").location == "line 11"


def test_continuation_row_after_blank_line_stays_in_table() -> None:
    text = "a\tb\tc\nx\ty\t【実施内容】\n\n\t\t続きの文\nz\tw\tv\n\nafter\n"
    blocks = read_seed_text(text)
    table = blocks[0]
    assert isinstance(table, Table)
    assert [r.line for r in table.rows] == [1, 2, 4, 5]
    assert table.rows[2].is_continuation
    assert isinstance(blocks[1], TextLine) and blocks[1].text == "after"


def test_blank_line_ends_table_when_next_line_is_not_a_continuation() -> None:
    blocks = read_seed_text("a\tb\n\nc\td\n")
    assert [len(b.rows) for b in blocks if isinstance(b, Table)] == [1, 1]


def test_html_cells_are_split_into_lines() -> None:
    table = read_seed_text('会議名\t組織体制\n支援会議\t<p>【市】</p> <ul style="x"> ・ A課 ・ B・C課\n')[0]
    assert isinstance(table, Table)
    assert table.rows[1].cell_lines(1) == ["【市】", "A課", "B・C課"]


def test_markdown_bold_is_removed() -> None:
    [line] = read_seed_text("- ・世帯（**ヤングケアラー**など）\n")
    assert isinstance(line, TextLine) and line.text == "世帯（ヤングケアラーなど）"


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_reads(name: str) -> None:
    blocks = read_seed_file(SEEDS / name)
    assert blocks
    lines = [b.line for b in blocks]
    assert lines == sorted(lines)
    assert all(b.text for b in blocks if isinstance(b, TextLine))


def test_kurume_tables() -> None:
    tables = [b for b in read_seed_file(SEEDS / "000_798662377a1ac82b.txt") if isinstance(b, Table)]
    assert [t.line for t in tables] == [28, 149, 154, 159, 164, 173, 185]
    assert tables[0].rows[1].cells[2] == "1 1"
    assert [len(t.rows) for t in tables] == [5, 2, 2, 2, 3, 3, 4]


def test_iizuka_continuation_rows_are_kept() -> None:
    tables = [b for b in read_seed_file(SEEDS / "002_17f16ef03dd105eb.txt") if isinstance(b, Table)]
    consultation = next(t for t in tables if t.line == 100)
    assert [r.line for r in consultation.rows] == [100, 101, 102, 103, 104, 105, 107, 108]
    assert consultation.rows[6].is_continuation


def test_yufu_pipe_tables() -> None:
    tables = [b for b in read_seed_file(SEEDS / "003_4ccc8f22fd5ff24c.txt") if isinstance(b, Table)]
    assert [(t.kind, t.line, len(t.rows)) for t in tables] == [("pipe", 6, 6), ("pipe", 15, 24)]
    assert tables[1].rows[2].cells == ["・生活困窮、生活保護に関すること", "福祉課保護係", ""]
