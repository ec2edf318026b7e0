"""相談メモ: /memo/?w=… renders a printable card with phones and one QR code per window; nothing is stored."""

import re

import pytest

from directory.memo import parse_ids, qr_svg
from directory.queries import public_windows


def test_parse_ids_accepts_commas_and_repeats_and_drops_junk():
    assert parse_ids(["3,1, 2", "1", "x", "99999999999", "4"]) == [3, 1, 2, 4]
    assert parse_ids([]) == []
    assert len(parse_ids([",".join(str(i) for i in range(50))])) == 20


def test_qr_svg_is_one_named_image_without_ids():
    svg = str(qr_svg("https://example.org/yufu/soudan/1/", "窓口のQRコード"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-label="窓口のQRコード"' in svg
    assert "<title>窓口のQRコード</title>" in svg
    assert " id=" not in svg


@pytest.mark.django_db
def test_memo_page_lists_the_chosen_windows(client, seeded):
    windows = list(public_windows().filter(city__slug="yufu")[:2])
    ids = ",".join(str(w.pk) for w in windows)
    response = client.get(f"/memo/?w={ids},999999")
    assert response.status_code == 200
    html = response.content.decode()
    for w in windows:
        assert w.get_url() in html
    assert html.count('class="qr"') == 2
    assert re.search(r'href="tel:[+0-9-]+"', html)
    assert "1件の窓口は見つかりませんでした" in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.django_db
def test_memo_without_windows_explains_how_to_choose(client):
    response = client.get("/memo/")
    assert response.status_code == 200
    assert "相談メモに入れる" in response.content.decode()
