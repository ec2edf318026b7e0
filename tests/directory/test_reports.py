"""Editor reports: windows not verified in 12 months, numbers shared by different organisations."""

import json
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

import pytest

from directory.models import ConsultationWindow
from directory.reports import shared_phones, unverified_windows

pytestmark = pytest.mark.usefixtures("seeded")

UNVERIFIED_URL = "/admin/reports/directory/unverified/"
SHARED_URL = "/admin/reports/directory/shared-phones/"


def yufu_window(organisation: str) -> ConsultationWindow:
    return ConsultationWindow.objects.get(city__slug="yufu", organisation__name=organisation)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.jp", "pw")


def test_every_seeded_window_is_unverified():
    # The national lines (全国共通) carry the date their dataset was checked; every city window is unverified.
    assert unverified_windows().count() == ConsultationWindow.objects.filter(city__isnull=False).count() > 0
    assert (
        unverified_windows(city="yufu").count()
        == ConsultationWindow.objects.filter(city__slug="yufu").count()
    )


def test_verification_older_than_365_days_is_due():
    today = date(2026, 4, 1)
    recent, old, boundary = (yufu_window(name) for name in ("消費生活センター", "税務課", "水道課"))
    ConsultationWindow.objects.filter(pk=recent.pk).update(verified_on=today - timedelta(days=30))
    ConsultationWindow.objects.filter(pk=old.pk).update(verified_on=today - timedelta(days=400))
    ConsultationWindow.objects.filter(pk=boundary.pk).update(verified_on=today - timedelta(days=365))
    due = set(unverified_windows(today, city="yufu").values_list("pk", flat=True))
    assert recent.pk not in due
    assert boundary.pk not in due  # exactly 12 months ago is still fine
    assert old.pk in due
    assert len(due) == ConsultationWindow.objects.filter(city__slug="yufu").count() - 2


def test_yufu_main_number_is_shared_by_several_organisations():
    groups = {g.number: g for g in shared_phones(city="yufu")}
    main = groups["097-582-1111"]
    assert main.e164 == "+81975821111"
    assert "代表" in main.labels
    names = main.organisation_names
    for expected in (
        "由布市 税務課",
        "由布市 水道課",
        "由布市 福祉課 保護係",
        "由布市 子育て支援課",
        "由布市 福祉課",
    ):
        assert expected in names, names
    assert main.organisation_count == len(set(names)) >= 10
    assert next(iter(groups.values())) is main  # most shared first


def test_a_number_used_by_one_organisation_only_is_not_reported():
    # 097-582-2756 belongs to 社会福祉協議会 alone (two of its windows), and 097-582-1298 to 消費生活センター.
    numbers = {g.number for g in shared_phones()}
    assert "097-582-2756" not in numbers
    assert "097-582-1298" not in numbers


def test_admin_reports_render_for_superusers(client, superuser):
    client.force_login(superuser)
    response = client.get(UNVERIFIED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12か月以上確認されていない窓口" in html
    assert "多重債務や消費生活トラブル" in html
    response = client.get(SHARED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "複数の組織で共有されている電話番号" in html
    assert "097-582-1111" in html and "税務課" in html


def test_admin_report_spreadsheet_export(client, superuser):
    client.force_login(superuser)
    response = client.get(SHARED_URL, {"export": "csv"})
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode("utf-8")
        if response.streaming
        else response.content.decode()
    )
    assert "097-582-1111" in body and "+81975821111" in body


def test_reports_are_listed_in_the_reports_menu(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert UNVERIFIED_URL in html and SHARED_URL in html


def test_reports_are_closed_to_users_who_cannot_edit_windows(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.jp", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (UNVERIFIED_URL, SHARED_URL):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert UNVERIFIED_URL not in client.get("/admin/").content.decode()


def test_reports_need_a_login(client):
    response = client.get(SHARED_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_directory_report_command_json(capsys):
    call_command("directory_report", "--json", "--city", "yufu")
    data = json.loads(capsys.readouterr().out)
    assert len(data["unverified_windows"]) == 25
    shared = {g["number"]: g for g in data["shared_phones"]}
    assert "097-582-1111" in shared and "由布市 税務課" in shared["097-582-1111"]["organisations"]


def test_directory_report_command_text(capsys):
    today = timezone.localdate()
    ConsultationWindow.objects.filter(city__slug="yufu").update(verified_on=today)
    call_command("directory_report", "--city", "yufu")
    out = capsys.readouterr().out
    assert "12か月以上確認されていない窓口: 0件" in out
    assert "097-582-1111（代表）" in out


def test_directory_report_command_rejects_unknown_city():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Unknown city"):
        call_command("directory_report", "--city", "atlantis")


def test_city_editors_see_only_their_own_city_in_reports(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("setup_city_roles", verbosity=0)
    editor = get_user_model().objects.create_user("sanjo-ed", "ed@example.jp", "pw")
    editor.groups.add(Group.objects.get(name="sanjo-editors"))
    client.force_login(editor)
    unverified = client.get(UNVERIFIED_URL).content.decode()
    assert "三条こもりびと支援センター" in unverified
    assert "消費生活センター" not in unverified
    shared = client.get(SHARED_URL).content.decode()
    assert "097-582-1111" not in shared
