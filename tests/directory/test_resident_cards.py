"""What a resident sees on every window card: phone lines that say what to do, hours, 受付中 and 次の受付."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from directory.models import ConsultationWindow, WindowHours, WindowPhone
from search.signals import index_object

pytestmark = pytest.mark.usefixtures("seeded")

TOKYO = ZoneInfo("Asia/Tokyo")
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
TUESDAY_18 = datetime(2026, 12, 1, 18, 0, tzinfo=TOKYO)


def consumer_centre() -> ConsultationWindow:
    return ConsultationWindow.objects.get(city__slug="yufu", organisation__name="消費生活センター", live=True)


def with_office_hours(window: ConsultationWindow) -> ConsultationWindow:
    WindowHours.objects.create(window=window, weekdays="0,1,2,3,4", opens=time(8, 30), closes=time(17, 15))
    return window


def at(monkeypatch, moment):
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def card_of(html: str, window: ConsultationWindow) -> str:
    start = html.index(f'href="{window.get_url()}"')
    return html[start : html.index("</article>", start)]


def test_directory_card_shows_open_badge_and_hours(client, monkeypatch):
    window = with_office_hours(consumer_centre())
    at(monkeypatch, TUESDAY_10)
    card = card_of(client.get("/yufu/soudan/").content.decode(), window)
    assert "受付中" in card and "受付時間外" not in card
    assert "月曜日～金曜日 8:30～17:15（祝日・年末年始を除く）" in card


def test_closed_card_says_when_it_next_opens(client, monkeypatch):
    window = with_office_hours(consumer_centre())
    at(monkeypatch, TUESDAY_18)
    card = card_of(client.get("/yufu/soudan/keizai/").content.decode(), window)
    assert "受付時間外" in card
    assert "次の受付: 12月2日（水）8:30" in card


def test_badge_is_screen_only_and_hours_print(client, monkeypatch):
    window = with_office_hours(consumer_centre())
    at(monkeypatch, TUESDAY_10)
    card = card_of(client.get("/yufu/soudan/").content.decode(), window)
    # The time-dependent badge is in a no-print block; the hours text is not.
    assert '<p class="open-status no-print">' in card
    hours = card[card.index('<p class="hours">') :]
    assert "no-print" not in hours[: hours.index("</p>")]


def test_window_without_hours_says_to_phone_first(client):
    window = consumer_centre()
    card = card_of(client.get("/yufu/soudan/").content.decode(), window)
    assert "受付中" not in card.replace("受付中の窓口", "")
    assert "お出かけ前にお電話で受付時間をご確認ください" in card


def test_search_result_card_has_the_badge(client, monkeypatch, django_capture_on_commit_callbacks):
    window = with_office_hours(consumer_centre())
    with django_capture_on_commit_callbacks(execute=True):
        index_object("window", window)
    at(monkeypatch, TUESDAY_18)
    html = client.get("/search/", {"q": "多重債務", "city": "yufu"}).content.decode()
    start = html.index(f'href="{window.get_url()}"')
    result = html[start : html.index('class="memo-pick', start)]
    assert "受付時間外" in result and "次の受付: 12月2日（水）8:30" in result


def test_switchboard_number_tells_what_to_say(client):
    html = client.get("/yufu/soudan/").content.decode()
    assert "代表電話です。『税務課の税金について』とお伝えください。" in html


def test_window_without_any_phone_falls_back_to_the_city_number(client):
    window = consumer_centre()
    window.organisation.phones.all().delete()
    WindowPhone.objects.filter(window=window).delete()
    html = client.get(window.get_url()).content.decode()
    assert "電話番号は登録されていません。" in html
    assert "由布市の代表電話です。" in html
    assert 'href="tel:+81975821111"' in html
    # No contradiction: the page never says there is no phone and then asks to phone without giving one.
    assert "お電話でご確認ください" not in html.split("由布市の代表電話です。")[0]


def test_detail_hides_file_names_and_unverified_noise(client):
    window = consumer_centre()
    assert window.source_document.endswith(".txt")
    html = client.get(window.get_url()).content.decode()
    assert "この情報の出典" in html
    assert window.source_document not in html
    assert "未確認" not in html
    assert "由布市" in html[html.index("この情報の出典") :]


def test_phone_numbers_never_break():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/portal.css").read_text(encoding="utf-8")
    assert ".tel__number" in css and "white-space: nowrap" in css
