"""National lines as loaded by load_seeds: pages, city links, API scope, exports, idempotent loading."""

import csv
import io
import json

from django.core.management import call_command

import pytest

from directory.models import ConsultationWindow

pytestmark = pytest.mark.usefixtures("seeded")


def test_load_seeds_loads_every_line_once_and_again_changes_nothing():
    national = ConsultationWindow.objects.filter(city__isnull=True, live=True)
    assert national.count() == 18
    inochi = national.get(source_key="national/inochi-free")
    assert [h.month_days for h in inochi.hours.all() if h.month_days] == ["10"]
    assert inochi.source_url.startswith("https://") and inochi.verified_on
    before = list(national.values_list("pk", "latest_revision_id"))
    call_command("load_seeds", verbosity=0)
    assert list(national.values_list("pk", "latest_revision_id")) == before


def test_national_index_and_detail(client):
    page = client.get("/soudan/zenkoku/")
    html = page.content.decode()
    assert page.status_code == 200 and "よりそいホットライン" in html and "tel:%238008" in html
    line = ConsultationWindow.objects.get(source_key="national/dv-plus")
    detail = client.get(line.get_url()).content.decode()
    assert "チャットで相談" in detail and "すぐにこのページを離れる" in detail and "全国" in detail


def test_every_city_directory_links_to_the_national_lines(client):
    for slug in ("kurume", "nishiwaki", "iizuka", "yufu", "sanjo"):
        html = client.get(f"/{slug}/soudan/").content.decode()
        assert 'href="/soudan/zenkoku/"' in html and "tel:189" in html


def test_category_page_lists_the_categorys_national_lines_after_the_cities(client):
    html = client.get("/soudan/dv/").content.decode()
    assert html.index("national-heading") > html.index("city-yufu") and "DV相談＋" in html


def test_api_labels_national_lines(client):
    data = client.get("/api/v1/windows", {"city": "zenkoku", "page_size": 50}).json()
    assert len(data["results"]) == 18
    assert {w["scope"] for w in data["results"]} == {"national"} and data["results"][0][
        "scope_label"
    ] == "全国"
    yufu = client.get("/api/v1/windows", {"city": "yufu", "page_size": 200}).json()
    assert {w["scope"] for w in yufu["results"]} == {"city"}


def test_open_data_exports_include_the_national_lines(client):
    text = client.get("/opendata/zenkoku/windows.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 18 and any(r["電話番号"] == "#8008" for r in rows)
    hsds = json.loads(client.get("/opendata/hsds.json").content)
    names = {s["name"] for s in hsds["services"]}
    assert "よりそいホットライン" in names
    monthly = [sch for s in hsds["services"] for sch in s["schedules"] if sch.get("freq") == "MONTHLY"]
    assert monthly and monthly[0]["bymonthday"] == "10"


def test_a_closed_window_offers_a_24_hour_line_beside_it(client):
    from datetime import time

    from directory.models import WindowHours

    window = ConsultationWindow.objects.filter(city__slug="yufu", categories__slug="dv").first()
    # Closed at every moment but one minute at 03:00 on Sundays.
    window.hours.all().delete()
    WindowHours.objects.create(window=window, weekdays="6", opens=time(3, 0), closes=time(3, 1))
    html = client.get(window.get_url()).content.decode()
    assert "いまは受付時間外です。24時間つながる相談" in html and "DV相談＋" in html


def test_an_open_window_offers_no_line_beside_it(client):
    window = ConsultationWindow.objects.filter(city__slug="yufu", categories__slug="dv").first()
    window.hours.all().delete()
    html = client.get(window.get_url()).content.decode()
    assert "いまは受付時間外です" not in html
