"""Garbled source text is flagged for review: Han characters no Japanese character set has, and kana debris."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.models import ConsultationWindow
from guides.models import CityPage
from importers.garble import findings, foreign_han, is_japanese_han, kana_debris
from importers.loader import Loader
from importers.workers import bundle_from_html

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.mark.parametrize("char", ["够", "们", "这", "说", "纸"])
def test_simplified_chinese_forms_are_not_japanese(char):
    assert not is_japanese_han(char)
    assert foreign_han(f"助けを求める可{char}性")


@pytest.mark.parametrize("char", ["能", "髙", "﨑", "々", "猫", "丼", "祉", "隣", "德"])
def test_japanese_han_including_vendor_and_jis_x_0213_forms_pass(char):
    assert is_japanese_han(char)


@pytest.mark.parametrize(
    "text",
    [
        "地域の支えあいをすすめるとともに、活動を活かしつつ進めます。",
        "ささえあいの地域づくり。ただし、ここで相談できます。",
        "受付は午後5時までです。毎月1回開催することとしています。",
        "長期ひきこもりの状態にある人",
        "たたかう、ここのつ、いいえ",
    ],
)
def test_ordinary_japanese_is_not_flagged(text):
    assert findings(text) == []


def test_the_seeds_two_garbled_spots_and_nothing_else():
    """Across all five seed plans, exactly the two known conversion errors are found."""
    found = [
        m
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text().splitlines()
        for m in findings(line)
    ]
    assert len(found) == 2, found
    assert any("「够」" in m for m in found)
    assert any("こたたりつき" in m for m in found)


def test_kana_debris_needs_a_stray_piece_not_only_a_doubled_kana():
    assert kana_debris("長期こたたりつきこもりの状態")
    assert not kana_debris("長期たたかいの状態")


PAGE = """<html><body><main>
<h2>こころの相談</h2>
<p>①健康づくり課<br>相談内容：助けを求める能够性のある人の相談<br>電話：0942-30-9301<br>受付時間：平日 8:30～17:15</p>
<p>②みどり相談室<br>相談内容：認知症、見守り<br>電話：0942-30-9302<br>受付時間：平日 9:00～17:00</p>
</main></body></html>"""


@pytest.mark.django_db
def test_the_loader_puts_garbled_windows_in_the_review_queue(seeded, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    city = CityPage.objects.get(slug="kurume")
    bundle = bundle_from_html(PAGE.encode("utf-8"), city="kurume", document="kokoro.html", area_code="0942")
    Loader(city, publish=False).load(bundle)
    garbled = ConsultationWindow.objects.get(city=city, organisation__name="健康づくり課")
    clean = ConsultationWindow.objects.get(city=city, organisation__name="みどり相談室")
    assert garbled.needs_review, garbled.review_reasons
    reasons = [r for r in garbled.review_reasons if r["kind"] == "garbled"]
    assert reasons and "「够」" in reasons[0]["message"] and reasons[0]["field"] == "topics"
    assert not [r for r in clean.review_reasons if r["kind"] == "garbled"]
    admin = get_user_model().objects.create_superuser("garble-admin", "garble@example.jp", "pw")
    client.force_login(admin)
    html = client.get(reverse("importers_admin:review") + f"?city={city.pk}").content.decode()
    assert "import-garbled" in html and "能够性" in html
