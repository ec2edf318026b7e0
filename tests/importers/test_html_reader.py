"""The HTML reader against fixture pages in four layouts and three encodings (tests/fixtures/html)."""

from datetime import time
from pathlib import Path

import pytest

from importers.pipeline import ImportInputError
from importers.readers.html import decode_html, guess_categories
from importers.workers import bundle_from_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
AREA = "0942"


def read(name: str):
    return bundle_from_html(
        (FIXTURES / name).read_bytes(), city="kurume", document=name, area_code=AREA
    ).windows


def by_org(windows, name):
    found = [w for w in windows if (w.organisation_full_name or w.organisation) == name]
    assert len(found) == 1, f"{name}: {[w.organisation_full_name for w in windows]}"
    return found[0]


def phone_fields(windows) -> set[tuple[str, str, str, str, str]]:
    """(window, number, kind, extension, label) for every number the reader found."""
    return {
        (w.organisation_full_name, p.number, p.kind, p.extension, p.label) for w in windows for p in w.phones
    }


# --- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codec", "phrase"),
    [
        ("table_sjis.html", "cp932", "障害者相談支援センター ひまわり"),
        ("dl_eucjp.html", "euc_jis_2004", "配偶者暴力相談支援センター"),
        ("list_utf8_wrong_meta.html", "utf-8", "①こども家庭相談室"),
        ("with_scripts.html", "utf-8", "消費生活センター"),
    ],
)
def test_fixtures_decode_to_the_japanese_they_were_written_in(name, codec, phrase):
    text, detected = decode_html((FIXTURES / name).read_bytes())
    assert detected == codec
    assert phrase in text
    assert "\ufffd" not in text


def test_mis_declared_charsets_are_decoded_by_content():
    sjis = (FIXTURES / "table_sjis.html").read_bytes().replace(b"charset=Shift_JIS", b"charset=UTF-8")
    euc = (FIXTURES / "dl_eucjp.html").read_bytes().replace(b"charset=EUC-JP", b"charset=Shift_JIS")
    assert "長寿支援課" in decode_html(sjis)[0]
    assert "保健センター" in decode_html(euc)[0]
    # The UTF-8 page that claims Shift_JIS reads the same as when it says the truth.
    wrong = (FIXTURES / "list_utf8_wrong_meta.html").read_bytes()
    right = wrong.replace(b'charset="Shift_JIS"', b'charset="utf-8"')
    windows_wrong = bundle_from_html(wrong, city="kurume", document="a.html", area_code=AREA).windows
    windows_right = bundle_from_html(right, city="kurume", document="a.html", area_code=AREA).windows
    assert phone_fields(windows_wrong) == phone_fields(windows_right)


def test_short_japanese_in_every_encoding():
    circled = "<p>①福祉課<br>電話：0942-30-9000（内線123）</p>"
    for codec in ("utf-8", "cp932", "euc_jis_2004"):
        assert decode_html(circled.encode(codec))[0] == circled, codec
    plain = "<p>福祉課の窓口<br>電話：0942-30-9000（内線123）</p>"
    for codec in ("euc_jp", "iso2022_jp", "shift_jis"):
        assert decode_html(plain.encode(codec))[0] == plain, codec


# --- table (Shift_JIS, lost rowspan) -----------------------------------------------------------------


def test_table_every_phone_in_its_field():
    assert phone_fields(read("table_sjis.html")) == {
        ("長寿支援課", "0942-30-9201", "voice", "", ""),
        ("長寿支援課", "0942-30-9701", "fax", "", ""),
        ("みどり市地域包括支援センター", "0942-30-9202", "voice", "", ""),
        ("みどり市地域包括支援センター", "0942-30-9702", "fax", "", ""),
        ("障害者福祉課", "0942-30-9203", "voice", "315", ""),
        ("障害者福祉課", "0942-30-9703", "fax", "", ""),
        ("障害者福祉課 手帳係", "0942-30-9204", "voice", "", ""),
        ("障害者相談支援センター ひまわり", "0942-41-5566", "voice", "", ""),
        ("障害者相談支援センター ひまわり", "0942-41-5567", "fax", "", ""),
        ("こども家庭課", "0942-30-9205", "voice", "", ""),
        ("こども家庭課", "0942-30-9299", "voice", "", "夜間・休日"),
        ("こども家庭課", "0942-30-9705", "fax", "", ""),
        ("福祉事務所 生活支援課", "0942-30-9206", "voice", "", ""),
        ("福祉事務所 生活支援課", "0942-30-9706", "fax", "", ""),
    }


def test_table_categories_rowspans_and_details():
    windows = read("table_sjis.html")
    assert {w.organisation_full_name: w.categories for w in windows} == {
        "長寿支援課": ["koreisha"],
        "みどり市地域包括支援センター": ["koreisha"],  # real rowspan, expanded
        "障害者福祉課": ["shogai"],
        "障害者福祉課 手帳係": ["shogai"],  # lost rowspan: inherits 障がい
        "障害者相談支援センター ひまわり": ["shogai"],  # lost two cells: inherits 障がい and the topics
        "こども家庭課": ["kodomo"],
        "福祉事務所 生活支援課": ["keizai"],
    }
    himawari = by_org(windows, "障害者相談支援センター ひまわり")
    assert himawari.topics == ["手帳の交付", "補装具の相談"]
    assert any("引き継ぎ" in note for note in himawari.uncertain)
    techo = by_org(windows, "障害者福祉課 手帳係")
    assert (techo.parent_organisation, techo.organisation) == ("障害者福祉課", "手帳係")
    choju = by_org(windows, "長寿支援課")
    assert choju.address == "本庁舎1階"
    assert choju.topics == ["介護保険の申請", "高齢者の生活"]
    assert [(h.weekdays, h.opens, h.closes) for h in choju.hours] == [
        ([0, 1, 2, 3, 4], time(8, 30), time(17, 15))
    ]
    assert [(h.weekdays, h.opens, h.closes) for h in himawari.hours] == [([0, 2, 4], time(10), time(16))]
    hokatsu = by_org(windows, "みどり市地域包括支援センター")
    assert hokatsu.hours[0].note == "祝日・年末年始を除く"
    assert not hokatsu.hours[0].open_on_holidays
    assert all(w.source.location.startswith("line ") and "table 1 row" in w.source.location for w in windows)


def test_header_and_footer_numbers_are_not_windows():
    for name in ("table_sjis.html", "dl_eucjp.html", "list_utf8_wrong_meta.html", "with_scripts.html"):
        windows = read(name)
        assert windows, name  # a reader that finds nothing must not pass this test
        numbers = {p.number for w in windows for p in w.phones}
        assert "0942-30-9000" not in numbers, name
        assert "0942-30-9999" not in numbers, name


# --- definition lists (EUC-JP) -----------------------------------------------------------------------


def test_definition_lists_every_phone_in_its_field():
    windows = read("dl_eucjp.html")
    assert phone_fields(windows) == {
        ("保健センター", "0942-30-9301", "voice", "", ""),
        ("保健センター", "0942-30-9801", "fax", "", ""),
        ("国保年金課", "0942-30-9302", "voice", "221", ""),  # 「TEL 30-9302（内線 221）」: area code added
        ("配偶者暴力相談支援センター", "0942-30-9310", "voice", "", ""),
        ("配偶者暴力相談支援センター", "0942-30-9810", "fax", "", ""),
        ("建築住宅課 市営住宅係", "0942-30-9320", "voice", "", ""),
    }
    assert {w.organisation_full_name: w.categories for w in windows} == {
        "保健センター": ["kenko"],
        "国保年金課": ["kenko"],
        "配偶者暴力相談支援センター": ["dv"],  # fields dl under its <h3> name
        "建築住宅課 市営住宅係": ["sumai"],
    }
    hoken = by_org(windows, "保健センター")
    assert hoken.address.startswith("〒830-0011 みどり市本町")
    assert [(h.weekdays, h.opens, h.closes, h.note) for h in hoken.hours] == [
        ([0, 1, 2, 3, 4], time(8, 30), time(17, 15), "祝日・年末年始を除く")
    ]
    assert hoken.topics == ["こころの悩み", "依存症", "健康診断"]
    dv = by_org(windows, "配偶者暴力相談支援センター")
    assert dv.topics == ["配偶者やパートナーからの暴力", "避難"]
    assert [(h.opens, h.closes) for h in dv.hours] == [(time(9), time(16))]


# --- numbered list (UTF-8, wrong meta) ---------------------------------------------------------------


def test_numbered_list_every_phone_in_its_field():
    windows = read("list_utf8_wrong_meta.html")
    assert phone_fields(windows) == {
        ("こども家庭相談室", "0942-30-9401", "voice", "2345", ""),  # ☎ line, then a 内線 line
        ("こども家庭相談室", "0942-30-9901", "fax", "", ""),
        ("子ども発達支援センター", "0942-30-9402", "voice", "", "直通"),  # ☎ 30-9402（直通）
        ("子ども発達支援センター", "0942-30-9902", "fax", "", ""),
        ("若者サポートステーションみどり", "0942-55-1234", "voice", "", "代表"),
        ("若者サポートステーションみどり", "0942-55-1235", "voice", "", "直通"),
        ("若者サポートステーションみどり", "0942-55-1236", "fax", "", ""),  # full-width ＦＡＸ：０９４２…
        ("商工観光課 雇用対策係", "0942-30-9403", "voice", "410", ""),  # TEL … 内線 410
    }
    assert [w.organisation_full_name for w in windows] == [
        "こども家庭相談室",
        "子ども発達支援センター",
        "若者サポートステーションみどり",
        "商工観光課 雇用対策係",
    ]  # the お問い合わせ block is not a window
    assert by_org(windows, "こども家庭相談室").categories == ["kodomo"]
    assert by_org(windows, "若者サポートステーションみどり").categories == ["shigoto", "hikikomori"]
    hattatsu = by_org(windows, "子ども発達支援センター")
    # 「月〜金曜日（祝日・年末年始を除く）」 on one line, 「9時～16時」 on the next.
    assert [(h.weekdays, h.opens, h.closes, h.note) for h in hattatsu.hours] == [
        ([0, 1, 2, 3, 4], time(9), time(16), "祝日・年末年始を除く")
    ]
    support = by_org(windows, "若者サポートステーションみどり")
    assert [(h.weekdays, h.opens, h.closes) for h in support.hours] == [([1, 2, 3, 4, 5], time(10), time(18))]


# --- scripts -----------------------------------------------------------------------------------------


def test_scripts_styles_and_active_content_are_ignored():
    windows = read("with_scripts.html")
    assert [w.organisation for w in windows] == ["消費生活センター", "人権啓発センター"]
    numbers = {p.number for w in windows for p in w.phones}
    for fake in (
        "0942-99-9999",
        "0942-66-6666",
        "0942-77-7777",
        "0942-55-5555",
        "0942-44-4444",
        "0942-88-8888",
    ):
        assert fake not in numbers
    assert phone_fields(windows) == {
        ("消費生活センター", "0942-30-9501", "voice", "", ""),
        ("人権啓発センター", "0942-30-9502", "voice", "", ""),
        ("人権啓発センター", "0942-30-9503", "fax", "", ""),
    }
    assert by_org(windows, "消費生活センター").categories == ["keizai"]
    assert by_org(windows, "人権啓発センター").categories == ["jinken"]
    text = repr(windows)
    assert "偽" not in text and "alert" not in text and "document.write" not in text


def test_a_page_of_scripts_only_is_rejected():
    page = b"<html><script>document.write('<table><tr><th>\xe7\xaa\x93\xe5\x8f\xa3</th></tr></table>')</script></html>"
    with pytest.raises(ImportInputError) as error:
        bundle_from_html(page, city="kurume", document="s.html", area_code=AREA)
    assert "読み取れません" in error.value.message_ja


# --- limits ------------------------------------------------------------------------------------------


def test_size_limit_and_empty_input():
    with pytest.raises(ImportInputError) as error:
        bundle_from_html(
            b"<p>" + b"x" * (5 * 1024 * 1024), city="kurume", document="big.html", area_code=AREA
        )
    assert "大きすぎ" in error.value.message_ja and "too large" in str(error.value)
    with pytest.raises(ImportInputError) as error:
        bundle_from_html(b"", city="kurume", document="empty.html", area_code=AREA)
    assert "空" in error.value.message_ja


@pytest.mark.parametrize(
    ("suffix", "reader", "limit_mb"),
    [
        (".txt", "read_text_file", 5),
        (".pdf", "read_pdf_blocks", 20),
        (".html", "read_import_file", 5),
        (".pdf", "read_import_file", 20),
    ],
)
def test_file_checks_share_one_wording_with_the_real_limit(tmp_path, suffix, reader, limit_mb):
    """read_text_file, read_pdf_blocks and read_import_file: one set of checks, the limit in MB in both languages."""
    from importers import pipeline, tasks

    read_file = getattr(pipeline, reader, None) or getattr(tasks, reader)
    huge = tmp_path / f"huge{suffix}"
    with huge.open("wb") as handle:
        if suffix == ".pdf":
            handle.write(b"%PDF-1.4\n")
        handle.truncate(limit_mb * pipeline.MiB + 1)  # sparse: rejected by its size, never read
    with pytest.raises(ImportInputError) as error:
        read_file(huge)
    assert f"{limit_mb} MB limit" in str(error.value) and "too large" in str(error.value)
    assert error.value.message_ja == f"ファイルが大きすぎます（上限{limit_mb}MB）: {huge.name}"
    empty = tmp_path / f"empty{suffix}"
    empty.write_bytes(b"")
    with pytest.raises(ImportInputError) as error:
        read_file(empty)
    assert (str(error.value), error.value.message_ja) == (
        f"Empty file: {empty}",
        f"ファイルが空です: {empty.name}",
    )
    missing = tmp_path / f"missing{suffix}"
    with pytest.raises(ImportInputError) as error:
        read_file(missing)
    assert error.value.message_ja == f"ファイルが見つかりません: {missing.name}"


def test_check_import_file_returns_the_size(tmp_path):
    from importers.pipeline import check_import_file

    path = tmp_path / "ok.txt"
    path.write_bytes(b"abc")
    assert check_import_file(path, 3) == 3
    with pytest.raises(ImportInputError, match="too large"):
        check_import_file(path, 2)


def test_category_guesses():
    assert guess_categories("高齢者") == ["koreisha"]
    assert guess_categories("障がい") == ["shogai"]
    assert guess_categories("DV・女性の悩み") == ["dv"]
    assert guess_categories("仕事・ひきこもりの相談") == ["shigoto", "hikikomori"]
    assert guess_categories("お知らせ") == []
