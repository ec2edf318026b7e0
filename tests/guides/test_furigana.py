"""The ``furigana`` template filter: valid ruby, escaped text, nothing inside attributes or tel: links."""

from django.template import Context, Template
from django.utils.safestring import SafeData, mark_safe

from guides.templatetags.furigana import furigana


def test_kanji_runs_get_ruby_with_hiragana_readings():
    html = furigana("由布市の相談窓口")
    assert html == (
        "<ruby>由布市<rp>(</rp><rt>ゆふし</rt><rp>)</rp></ruby>の"
        "<ruby>相談窓口<rp>(</rp><rt>そうだんまどぐち</rt><rp>)</rp></ruby>"
    )
    assert isinstance(html, SafeData)


def test_okurigana_is_left_outside_the_ruby():
    assert furigana("取り扱い") == (
        "<ruby>取<rp>(</rp><rt>と</rt><rp>)</rp></ruby>り<ruby>扱<rp>(</rp><rt>あつか</rt><rp>)</rp></ruby>い"
    )


def test_plain_text_is_escaped():
    html = furigana('<script>alert("相談")</script> & 電話')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_text_without_kanji_is_unchanged_but_escaped():
    assert furigana("ABC 123 ひらがな") == "ABC 123 ひらがな"
    assert furigana("") == ""


def test_safe_html_keeps_tags_and_skips_tel_links():
    html = furigana(mark_safe('<p title="相談">相談 <a href="tel:0975821111">電話 097-582-1111</a></p>'))
    assert html.startswith('<p title="相談">')  # attribute untouched
    assert '<a href="tel:0975821111">電話 097-582-1111</a>' in html  # tel: link text untouched
    assert html.count("<ruby>") == 1


def test_filter_in_a_template_is_not_double_escaped():
    out = Template("{% load furigana %}<h1>{{ t|furigana }}</h1>").render(Context({"t": "窓口 & 電話"}))
    assert "&amp;" in out and "&amp;amp;" not in out
    assert "<ruby>窓口" in out
