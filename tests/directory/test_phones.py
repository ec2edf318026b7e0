"""Phone rules: parsing what editors type, finding numbers in documents, tel: links. No Django, no DB."""

import pytest

from directory.phones import FAX, VOICE, ParsedPhone, PhoneError, find_phones, parse_phone, tel_uri


@pytest.mark.parametrize(
    "raw",
    [
        "097-582-2756",
        "0975822756",
        "０９７－５８２－２７５６",  # full-width digits and hyphens
        "０９７ー５８２ー２７５６",  # katakana long-vowel mark used as a hyphen
        "TEL：097-582-2756",
        "電話 097-582-2756",
        "☎097-582-2756",
        "℡097-582-2756",
        "097(582)2756",
    ],
)
def test_parse_phone_normalises_written_forms(raw):
    parsed = parse_phone(raw)
    assert parsed == ParsedPhone(e164="+81975822756", display="097-582-2756", extension="", kind=VOICE)


@pytest.mark.parametrize(
    "raw", ["097-582-1111（内線123）", "097-582-1111 内線 123", "０９７-５８２-１１１１(内線１２３)"]
)
def test_parse_phone_keeps_extension_apart(raw):
    parsed = parse_phone(raw)
    assert (parsed.display, parsed.extension) == ("097-582-1111", "123")


@pytest.mark.parametrize(
    "raw", ["FAX 097-582-1234", "ＦＡＸ：０９７－５８２－１２３４", "ファックス 097-582-1234"]
)
def test_parse_phone_recognises_fax(raw):
    parsed = parse_phone(raw)
    assert (parsed.kind, parsed.display) == (FAX, "097-582-1234")


def test_parse_phone_completes_local_number_with_default_area_code():
    parsed = parse_phone("582-1111", default_area_code="097")
    assert (parsed.e164, parsed.display) == ("+81975821111", "097-582-1111")


def test_default_area_code_without_leading_zero_is_accepted():
    assert parse_phone("582-1111", default_area_code="97").display == "097-582-1111"


def test_default_area_code_does_not_touch_a_full_number():
    assert parse_phone("0948-22-5500", default_area_code="097").display == "0948-22-5500"


def test_parse_phone_free_dial_and_mobile():
    assert parse_phone("0120444444").display == "0120-444-444"
    assert parse_phone("0120-444-444").e164 == "+81120444444"
    assert parse_phone("090-1234-5678").e164 == "+819012345678"


@pytest.mark.parametrize(
    ("raw", "japanese"),
    [
        ("", "入力されていません"),
        ("abc", "使えない文字"),
        ("582-1111", "市外局番"),  # no area code and none to fall back on
        ("03-1234-567", "有効な電話番号ではありません"),  # one digit short
        ("097-582-2756 まで", "使えない文字"),
    ],
)
def test_invalid_input_raises_phone_error_in_two_languages(raw, japanese):
    with pytest.raises(PhoneError) as caught:
        parse_phone(raw)
    assert isinstance(caught.value, ValueError)
    assert japanese in caught.value.message_ja
    # The log message is English; only the quoted input may hold Japanese.
    english = str(caught.value).replace(repr(raw), "")
    assert english.isascii() and english.strip()


def test_find_phones_keeps_labels_and_fax_apart():
    # The 飯塚市 plan's colophon (seed 002), as the conversion left it.
    text = (
        "電話番号：0948-22-5500(代表)/0948-96-8234(直通)\n\n"
        "ファックス番号：0948-21-6356/メールアドレス：shakai@city.iizuka.lg.jp"
    )
    phones = find_phones(text)
    assert [(p.number, p.kind, p.label) for p in phones] == [
        ("0948-22-5500", VOICE, "代表"),
        ("0948-96-8234", VOICE, "直通"),
        ("0948-21-6356", FAX, ""),
    ]


def test_find_phones_on_one_line_with_extension_and_local_number():
    text = "TEL ０９７－５８２－１１１１（内線１２３） FAX 097-582-1112 〒879-5498 令和7年3月"
    phones = find_phones(text, default_area_code="097")
    assert [(p.number, p.kind, p.extension) for p in phones] == [
        ("097-582-1111", VOICE, "123"),
        ("097-582-1112", FAX, ""),
    ]  # the postcode is not a local number


def test_find_phones_local_number_only_with_default_area_code():
    assert find_phones("※市役所は582-1111") == []
    assert [p.number for p in find_phones("※市役所は582-1111", default_area_code="097")] == ["097-582-1111"]


def test_find_phones_ignores_dates_and_counts():
    assert find_phones("2026-01-01 に 1,020 件、226,650件", default_area_code="097") == []


def test_tel_uri():
    assert tel_uri("+81975822756") == "tel:+81975822756"
    assert tel_uri("+81975821111", "123") == "tel:+81975821111;ext=123"
    assert parse_phone("097-582-1111（内線123）").tel_uri == "tel:+81975821111;ext=123"


@pytest.mark.parametrize(
    ("raw", "code", "uri"),
    [
        ("#8008", "#8008", "tel:%238008"),
        ("＃８８９１", "#8891", "tel:%238891"),
        ("電話 #9110", "#9110", "tel:%239110"),
        ("189", "189", "tel:189"),
        ("１８８", "188", "tel:188"),
    ],
)
def test_short_codes_are_kept_as_dialled_with_working_tel_links(raw, code, uri):
    parsed = parse_phone(raw)
    assert (parsed.e164, parsed.display, parsed.tel_uri) == (code, code, uri)


@pytest.mark.parametrize("raw", ["#80", "#80081", "289", "1234"])
def test_near_short_codes_are_still_rejected(raw):
    with pytest.raises(PhoneError):
        parse_phone(raw)
