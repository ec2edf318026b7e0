"""The national-lines dataset (data/national/lines.toml) and the number look-up importers use. No database."""

import pytest

from directory.models import CrisisKind
from directory.national import (
    CRISIS_KINDS,
    NationalDataError,
    national_line_for_number,
    national_lines,
    read_national_lines,
)

REQUIRED_BY_THE_ISSUE = {
    "0570-783-556": "いのちの電話（ナビダイヤル）",
    "0120-783-556": "自殺予防いのちの電話（フリーダイヤル）",
    "0570-064-556": "こころの健康相談統一ダイヤル",
    "0120-279-338": "よりそいホットライン",
    "#8008": "DV相談ナビ",
    "0120-279-889": "DV相談＋",
    "189": "189",
    "0120-0-78310": "24時間子供SOSダイヤル",
    "0120-007-110": "こどもの人権110番",
    "0570-003-110": "みんなの人権110番",
    "0570-070-810": "女性の人権ホットライン",
    "188": "消費者ホットライン",
    "0570-078374": "法テラス",
    "#8891": "ワンストップ支援センター",
    "#9110": "警察相談専用電話",
    "#7119": "救急安心センター",
    "#8000": "子ども医療電話相談",
    "0570-011000": "外国人在留支援センター",
}


@pytest.mark.parametrize(("number", "title"), REQUIRED_BY_THE_ISSUE.items())
def test_every_line_the_issue_names_is_in_the_dataset(number, title):
    line = national_line_for_number(number)
    assert line is not None and title in line.title
    assert line.source_url.startswith("https://") and line.verified_on and line.operator


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("０１２０－２７９－３３８", "yorisoi"),
        ("＃８００８", "dv-navi"),
        ("TEL 189", "jido-189"),
        ("0120279889", "dv-plus"),
    ],
)
def test_numbers_are_recognised_as_written_on_city_pages(written, key):
    assert national_line_for_number(written).key == key


@pytest.mark.parametrize("number", ["097-582-1111", "110", "not a number", ""])
def test_other_numbers_are_not_national_lines(number):
    assert national_line_for_number(number) is None


def test_crisis_kinds_agree_with_the_model_choices():
    assert set(CRISIS_KINDS) == set(CrisisKind.values)


def test_every_crisis_kind_has_a_24_hour_line():
    from directory.hours import is_around_the_clock

    for kind in CRISIS_KINDS:
        lines = [line for line in national_lines() if kind in line.crisis]
        assert any(any(is_around_the_clock(r) for r in line.hours) for line in lines), kind


def test_inochi_free_dial_has_the_tenth_of_every_month():
    line = national_line_for_number("0120-783-556")
    assert [r.month_days for r in line.hours if r.month_days] == [[10]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[line]]\nkey = "x"\ntitle = "t"\n', "missing operator"),
        (
            '[[line]]\nkey="x"\ntitle="t"\noperator="o"\npurpose="p"\nsource_url="https://x"\nverified_on="2026-12-01"\n'
            'phones=[{number="12-34"}]\n',
            "invalid number",
        ),
        (
            '[[line]]\nkey="x"\ntitle="t"\noperator="o"\npurpose="p"\nsource_url="https://x"\nverified_on="2026-12-01"\n'
            'phones=[{number="189"}]\ncategories=["money"]\n',
            "unknown category",
        ),
        (
            '[[line]]\nkey="x"\ntitle="t"\noperator="o"\npurpose="p"\nsource_url="https://x"\nverified_on="2026-12-01"\n'
            'phones=[{number="189"}]\nhours=[{weekdays=[9], opens="9:00", closes="17:00"}]\n',
            "weekdays",
        ),
        ("[[line]\n", "cannot read"),
    ],
)
def test_malformed_datasets_are_refused_with_the_entry_named(tmp_path, text, message):
    path = tmp_path / "lines.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NationalDataError, match=message):
        read_national_lines(path)
