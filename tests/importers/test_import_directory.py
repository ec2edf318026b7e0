"""`manage.py import_directory` (HTML, CSV, text; dry-run JSON; bad input) and the admin upload and review queue."""

import io
import json
import re
from pathlib import Path

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

from directory.exports import city_windows_csv
from directory.models import ConsultationWindow
from guides.models import CityPage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_directory", *[str(a) for a in args], stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_json_for_an_html_page(seeded):
    before = ConsultationWindow.objects.count()
    report = json.loads(run(FIXTURES / "list_utf8_wrong_meta.html", "--city", "kurume", "--dry-run"))
    assert ConsultationWindow.objects.count() == before
    assert report["format"] == "html" and report["count"] == 4
    first = report["windows"][0]
    assert first["organisation"] == "こども家庭相談室"
    assert first["categories"] == ["kodomo"] and first["category_names"] == ["子ども・子育て"]
    assert first["phones"] == [
        {"number": "0942-30-9401", "kind": "voice", "extension": "2345", "label": ""},
        {"number": "0942-30-9901", "kind": "fax", "extension": "", "label": ""},
    ]
    assert first["hours"] == [
        {
            "weekdays": [0, 1, 2, 3, 4],
            "opens": "08:30",
            "closes": "17:15",
            "note": "",
            "open_on_holidays": False,
        }
    ]
    assert first["source"].startswith("list_utf8_wrong_meta.html line ")


@pytest.mark.django_db
def test_dry_run_for_seed_text_and_exported_csv(seeded, tmp_path):
    text = json.loads(run(SEEDS / "003_4ccc8f22fd5ff24c.txt", "--city", "yufu", "--dry-run"))
    assert text["format"] == "text" and text["count"] > 20
    assert any(
        w["organisation"] == "保護係" and w["parent_organisation"] == "福祉課" for w in text["windows"]
    )

    city = CityPage.objects.get(slug="yufu")
    csv_path = tmp_path / "yufu.csv"
    csv_path.write_text(
        city_windows_csv(city, ConsultationWindow.objects.filter(city=city)), encoding="utf-8"
    )
    from_csv = json.loads(run(csv_path, "--city", "yufu", "--dry-run"))
    assert from_csv["format"] == "csv"
    assert from_csv["count"] == ConsultationWindow.objects.filter(city=city).count()


@pytest.mark.django_db
def test_import_creates_drafts_and_reimport_changes_nothing(seeded):
    path = FIXTURES / "table_sjis.html"
    first = json.loads(run(path, "--city", "kurume"))
    assert first["changed"] == 14  # 7 organisations, 7 windows
    windows = ConsultationWindow.objects.filter(city__slug="kurume", source_document="table_sjis.html")
    assert windows.count() == 7 and not windows.filter(live=True).exists()
    himawari = windows.get(organisation__name="障害者相談支援センター ひまわり")
    assert himawari.needs_review and "引き継ぎ" in himawari.review_reasons[0]["message"]
    assert himawari.review_reasons[0]["code"] == "cells_inherited"  # importers.reasons.Reason, a stable code
    second = json.loads(run(path, "--city", "kurume"))
    assert second["changed"] == 0


@pytest.mark.django_db
def test_bad_input_is_a_command_error_with_no_rows(seeded, tmp_path):
    before = ConsultationWindow.objects.count()
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: rejected by its size, never read
    nothing = tmp_path / "nothing.html"
    nothing.write_text("<html><body><p>お知らせはありません</p></body></html>", encoding="utf-8")
    cases = [
        ((FIXTURES / "table_sjis.html", "--city", "atlantis"), "Unknown city"),
        ((tmp_path / "missing.html", "--city", "kurume"), "ファイルが見つかりません"),
        ((empty, "--city", "kurume"), "ファイルが空です"),
        ((binary, "--city", "kurume"), "バイナリ"),
        ((huge, "--city", "kurume"), "上限5MB"),
        ((nothing, "--city", "kurume"), "読み取れませんでした"),
    ]
    for args, message in cases:
        with pytest.raises(CommandError) as error:
            run(*args)
        assert message in str(error.value), args
    assert ConsultationWindow.objects.count() == before


# --- admin -------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("importer", "importer@example.jp", "pw")


@pytest.mark.django_db
def test_upload_runs_the_import_and_shows_report_and_review_queue(seeded, client, superuser):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    assert client.get(reverse("importers_admin:upload")).status_code == 200
    with (FIXTURES / "dl_eucjp.html").open("rb") as handle:
        response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": handle})
    assert response.status_code == 302
    job_url = response["Location"]
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    status = client.get(reverse("importers_admin:job_status", args=[job_id])).json()
    assert status["status"] == "done" and status["progress"] == 100
    page = client.get(job_url).content.decode()
    assert "配偶者暴力相談支援センター" in page and "0942-30-9810" in page
    assert ConsultationWindow.objects.filter(source_document="dl_eucjp.html", live=False).count() == 4

    review = client.get(reverse("importers_admin:review") + f"?city={city.pk}").content.decode()
    assert "dl_eucjp.html" in review and "配偶者暴力相談支援センター" in review
    window = ConsultationWindow.objects.get(
        source_document="dl_eucjp.html", organisation__name="保健センター"
    )
    assert reverse("wagtailsnippets_directory_consultationwindow:edit", args=[window.pk]) in review


@pytest.mark.django_db
def test_upload_rejects_bad_files_and_reports_failures(seeded, client, superuser):
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    exe = io.BytesIO(b"MZ\x90\x00")
    exe.name = "tool.exe"
    response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": exe})
    assert response.status_code == 200 and "ファイルを選んでください" in response.content.decode()
    pdf = io.BytesIO(b"%PDF-1.4\n%%EOF\n")
    pdf.name = "plan.pdf"
    response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": pdf})
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    status = client.get(reverse("importers_admin:job_status", args=[job_id])).json()
    assert status["status"] == "failed" and status["error"]  # a broken PDF: a message, 0 rows
    assert status["error"] in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_mark_reviewed_clears_the_flag(seeded, client, superuser):
    run(FIXTURES / "table_sjis.html", "--city", "kurume")
    flagged = ConsultationWindow.objects.filter(source_document="table_sjis.html", needs_review=True).first()
    client.force_login(superuser)
    response = client.post(reverse("importers_admin:reviewed", args=["window", flagged.pk]))
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert not flagged.needs_review and flagged.review_reasons == []


@pytest.mark.django_db
def test_review_queue_needs_a_city_role(seeded, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("nobody", "n@example.jp", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("importers_admin:upload")).status_code in {
        302,
        403,
    }  # Wagtail redirects on denial
    assert "dl_eucjp" not in client.get(reverse("importers_admin:review")).content.decode()


PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.django_db
def test_text_page_import_counts_windows_and_organisations_apart_and_links_national_lines(seeded):
    report = json.loads(run(PAGES / "h05_text_multi_per_line.txt", "--city", "kurume"))
    counts = report["counts"]
    assert counts["windows"]["created"] == 9  # 8 city windows and the city hall's 代表
    assert counts["organisations"]["created"] == 9
    assert any("よりそいホットライン" in link and "yorisoi" in link for link in report["national_links"])
    imported = ConsultationWindow.objects.filter(source_document="h05_text_multi_per_line.txt")
    assert not imported.filter(organisation__name__contains="よりそい").exists()
    window = imported.get(organisation__name="保健所")
    source = [r for r in window.review_reasons if r["kind"] == "source"]
    assert source and "0869-92-5180" in source[0]["lines"][0]


@pytest.mark.django_db
def test_review_queue_shows_source_lines_and_submits_ticked_windows_for_moderation(seeded, client, superuser):
    call_command("setup_city_roles", verbosity=0)  # the moderation workflow the bulk action starts
    run(PAGES / "h03_text_village_extensions.txt", "--city", "kurume")
    windows = ConsultationWindow.objects.filter(source_document="h03_text_village_extensions.txt")
    shared = windows.filter(needs_review=True).first()
    client.force_login(superuser)
    city = CityPage.objects.get(slug="kurume")
    review = client.get(reverse("importers_admin:review") + f"?city={city.pk}").content.decode()
    assert "取込元の記載" in review and "他の窓口と共有" in review
    ticked = list(windows.order_by("pk")[:2])
    response = client.post(
        reverse("importers_admin:submit"), {"ids": [f"window:{w.pk}" for w in ticked], "city": str(city.pk)}
    )
    assert response.status_code == 302
    for window in ticked:
        window.refresh_from_db()
        assert window.workflow_in_progress and not window.needs_review
    assert shared is not None


@pytest.mark.django_db
def test_review_queue_reports_tables_joined_over_a_page_break(seeded, client, superuser):
    """A plan PDF whose agency table goes on overleaf: the editor sees the join and the rejoined cut row."""
    client.force_login(superuser)
    city = CityPage.objects.get(slug="iizuka")
    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "pdf" / "002_iizuka_word.pdf"
    with pdf.open("rb") as handle:
        response = client.post(reverse("importers_admin:upload"), {"city": city.pk, "file": handle})
    assert response.status_code == 302
    review = client.get(reverse("importers_admin:review") + f"?city={city.pk}").content.decode()
    assert "読み取りで補った箇所" in review and "002_iizuka_word.pdf" in review
    assert re.search(r"表がページをまたいで結合されました \(p\.(\d+)→p\.\d+\)", review)
    assert re.search(r"ページ境界で切れた行を1行に戻しました \(p\.\d+→p\.\d+:「[^」]+」\)", review)
    other = CityPage.objects.exclude(pk=city.pk).first()
    assert (
        "002_iizuka_word.pdf"
        not in client.get(reverse("importers_admin:review") + f"?city={other.pk}").content.decode()
    )
