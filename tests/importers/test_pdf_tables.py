"""Tables over a page break (`importers.readers.pdf_tables`): the evidence for a continuation, and cut rows."""

from __future__ import annotations

from importers.readers.pdf_chars import _cell_text, _group_lines, _starts_item
from importers.readers.pdf_tables import join_continuation
from importers.readers.seedtext import Table, TableRow


def _join(left: str, right: str) -> str:
    return left + right


def _rows(page: int, *rows: list[str]) -> list[TableRow]:
    return [TableRow(cells=list(cells), line=i, page=page) for i, cells in enumerate(rows, start=1)]


def test_iizuka_agency_table_three_columns_then_five_with_a_cut_row() -> None:
    # p.3: only the columns with text at the page's foot are seen (name, sites, activities at x 60/300/420).
    table = Table(
        rows=_rows(
            3,
            ["支援機関名", "設置箇所数", "実施内容"],
            ["地域包括支援センタ", "【設置箇所数】", "高齢者の総合相談、権利擁護や"],
        ),
        kind="borderless",
    )
    overleaf = _rows(
        4, ["ー", "", "", "11", "地域の支援体制づくり"], ["少年相談センター", "市", "少年", "1", "非行防止"]
    )
    joined = join_continuation(
        table,
        [60.0, 300.0, 420.0],
        [True, False, True],
        overleaf,
        [60.0, 150.0, 220.0, 301.5, 421.0],
        [False] * 5,
        _join,
        at_foot=True,
    )
    assert joined is not None
    grid, _ = joined
    assert grid == [60.0, 150.0, 220.0, 300.0, 420.0]
    assert [row.cells for row in table.rows] == [
        ["支援機関名", "", "", "設置箇所数", "実施内容"],
        [
            "地域包括支援センター",
            "",
            "",
            "【設置箇所数】\n11",
            "高齢者の総合相談、権利擁護や地域の支援体制づくり",
        ],
        ["少年相談センター", "市", "少年", "1", "非行防止"],
    ]
    assert len(table.notes) == 2 and "p.3→p.4" in table.notes[0] and "切れた行" in table.notes[1]


def test_a_repeated_header_is_dropped_and_running_numbers_join() -> None:
    table = Table(rows=_rows(1, ["No.", "事業"], ["1", "相談支援"]), kind="ruled")
    overleaf = _rows(2, ["No.", "事業"], ["2", "参加支援"])
    assert join_continuation(
        table, [60.0, 100.0], [False, False], overleaf, [60.0, 100.0], [False, False], _join
    )
    assert [row.cells for row in table.rows] == [["No.", "事業"], ["1", "相談支援"], ["2", "参加支援"]]


def test_a_table_at_other_positions_is_a_table_of_its_own() -> None:
    table = Table(rows=_rows(1, ["会議名", "内容"], ["支援会議", "随時"]), kind="ruled")
    overleaf = _rows(2, ["指標", "令和7年度", "令和8年度"], ["割合", "50%", "60%"])
    assert (
        join_continuation(
            table, [60.0, 200.0], [False, False], overleaf, [60.0, 130.0, 260.0], [False] * 3, _join
        )
        is None
    )
    assert len(table.rows) == 2 and not table.notes


def test_a_row_that_ended_above_the_foot_is_not_joined_to_the_next() -> None:
    table = Table(rows=_rows(3, ["領域", "事業"], ["III 地域づくり", "(5)地域づくり事業"]), kind="ruled")
    overleaf = _rows(4, ["", "[高齢者] 地域介護予防活動"])
    join_continuation(
        table, [60.0, 200.0], [False, False], overleaf, [60.0, 200.0], [False, False], _join, at_foot=False
    )
    assert [row.cells for row in table.rows][-1] == ["", "[高齢者] 地域介護予防活動"]
    join_again = Table(
        rows=_rows(3, ["会議名", "構成"], ["重層的支援会議", "高齢者支援課\n社会・障がい者福祉課"]),
        kind="ruled",
    )
    join_continuation(
        join_again,
        [60.0, 200.0],
        [False, False],
        _rows(4, ["", "こども家庭課"]),
        [60.0, 200.0],
        [False, False],
        _join,
        at_foot=True,
    )
    assert join_again.rows[-1].cells == ["重層的支援会議", "高齢者支援課\n社会・障がい者福祉課\nこども家庭課"]


def test_a_numbered_item_after_a_sentence_is_a_new_line_however_full_the_line_above() -> None:
    assert _starts_item("…情報発信等を行います。", "③地域コミュニティを形成する")
    assert _starts_item("…を推進します。", "(4) 行政、地域住民")
    assert not _starts_item("…情報発信等を行い", "③地域コミュニティ")  # mid-sentence: a wrap
    assert not _starts_item("…を行います。", "地域コミュニティ")


def _chars(text: str, top: float, x0: float = 100.0, size: float = 10.0) -> list[dict]:
    return [
        {
            "text": ch,
            "x0": x0 + i * size,
            "x1": x0 + (i + 1) * size,
            "top": top,
            "bottom": top + size,
            "size": size,
        }
        for i, ch in enumerate(text)
    ]


def test_a_line_whose_next_word_would_have_fit_ended_with_a_line_break() -> None:
    # A 10-glyph column: the first item wraps (its line is full), the second ends one glyph short although the
    # next line's first glyph would have fit there, so the next line is a new item; 「。」 may hang past the edge.
    lines = _group_lines(
        _chars("分野や世代を問わず包", 0)
        + _chars("括的に受け止める", 12)
        + _chars("支援機関のネットワー", 24)
        + _chars("クで対応する。", 36)
    )
    assert (
        _cell_text(lines, right_edge=200.0)
        == "分野や世代を問わず包括的に受け止める\n支援機関のネットワークで対応する。"
    )
    short = _group_lines(
        _chars("交流できる場を整備", 0) + _chars("交流・参加の機会", 12) + _chars("分野や世代を問わず包", 24)
    )
    assert _cell_text(short, right_edge=200.0) == "交流できる場を整備\n交流・参加の機会\n分野や世代を問わず包"
    # Line-start rules: 「ー」 may not start a line, so a wrapper carries 「ケ」 over with it: still a wrap.
    kinsoku = _group_lines(_chars("支援会議等を開催しケ", 0)[:-1] + _chars("ケースの検討", 12))
    assert _cell_text(kinsoku, right_edge=200.0, measure=200.0) == "支援会議等を開催しケースの検討"


def test_a_glyph_carried_over_by_a_line_start_rule_is_still_a_wrap() -> None:
    # 「す。」 may not be split and 「。」 may not start a line: the wrapper carried 「す」 over, the line above
    # ends a glyph short of the measure and still wrapped.
    # The cell's box reaches further right than its measure (the line is not "full"), yet 「す」 did not fit.
    lines = _group_lines(_chars("機関に紹介を行いま", 0) + _chars("す。", 12))
    assert _cell_text(lines, right_edge=230.0, measure=200.0) == "機関に紹介を行います。"
    # With no line-start rule in play, a short line is a line break.
    short = _group_lines(_chars("機関に紹介を行いま", 0) + _chars("次の項目", 12))
    assert _cell_text(short, right_edge=230.0, measure=200.0) == "機関に紹介を行いま\n次の項目"


def test_a_label_alone_on_a_line_starts_a_new_line_and_running_text_has_no_space_after_a_unit() -> None:
    lines = _group_lines(
        _chars("資源の開発にむけた検討等", 0) + _chars("【支援会議】", 12) + _chars("見守り", 24)
    )
    assert _cell_text(lines, right_edge=220.0) == "資源の開発にむけた検討等\n【支援会議】\n見守り"
    # Running text filled to the last glyph twice: 「…教育委員会」/「からの…」 is one word run, no space; a
    # short name broken once (「福祉保健部」/「地域包括課」) keeps the space `clean_cell` keeps after a unit.
    running = _group_lines(
        _chars("相談業務と教育委員会", 0) + _chars("からの情報による安全", 12) + _chars("確保", 24)
    )
    assert _cell_text(running, right_edge=200.0) == "相談業務と教育委員会からの情報による安全確保"
    name = _group_lines(_chars("福祉保健部", 0) + _chars("地域包括課", 12))
    assert _cell_text(name, right_edge=150.0) == "福祉保健部 地域包括課"
