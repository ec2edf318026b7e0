"""The editors' dashboard: the stale-windows panel (directory) and the 公開予定 panel (guides), one verification rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

import pytest

from directory.models import ConsultationWindow
from directory.reports import unverified_windows

from .conftest import make_user

pytestmark = pytest.mark.usefixtures("roles")


def test_verification_due_is_the_report_rule():
    today = timezone.localdate()
    window = ConsultationWindow.objects.filter(city__slug="yufu").first()
    for verified_on, due in (
        (None, True),
        (today, False),
        (today - timedelta(days=365), False),
        (today - timedelta(days=366), True),
    ):
        ConsultationWindow.objects.filter(pk=window.pk).update(verified_on=verified_on)
        window.refresh_from_db()
        assert window.verification_due is due
        assert unverified_windows().filter(pk=window.pk).exists() is due


def test_dashboard_lists_my_citys_stale_windows_and_scheduled_items_with_localised_dates(client):
    ConsultationWindow.objects.update(verified_on=timezone.localdate())
    yufu_stale, yufu_scheduled = ConsultationWindow.objects.filter(city__slug="yufu").order_by("pk")[:2]
    sanjo_stale = ConsultationWindow.objects.filter(city__slug="sanjo").order_by("pk").first()
    ConsultationWindow.objects.filter(pk__in=[yufu_stale.pk, sanjo_stale.pk]).update(
        verified_on=date(2020, 4, 1)
    )
    revision = yufu_scheduled.save_revision()
    revision.approved_go_live_at = datetime(2099, 4, 1, 9, 5, tzinfo=ZoneInfo("Asia/Tokyo"))
    revision.save()

    def edit_url(window):
        return reverse(ConsultationWindow.snippet_viewset.get_url_name("edit"), args=[window.pk])

    client.force_login(make_user("dash-moderator", "yufu-moderators"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    stale = html[html.index("tsunagu-stale-windows-heading") :]
    stale = stale[: stale.index("</section>")]
    scheduled = html[html.index("tsunagu-scheduled-heading") :]
    scheduled = scheduled[: scheduled.index("</section>")]
    assert "12か月以上確認していない相談窓口" in stale and "公開予定の項目" in scheduled
    assert edit_url(yufu_stale) in stale and edit_url(yufu_scheduled) not in stale
    assert edit_url(sanjo_stale) not in html  # another city's window
    assert "2020/04/01" in stale  # SHORT_DATE_FORMAT (ja), not isoformat
    assert edit_url(yufu_scheduled) in scheduled
    assert "2099/04/01 9:05" in scheduled  # SHORT_DATETIME_FORMAT (ja), not strftime
