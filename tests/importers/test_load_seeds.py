"""load_seeds and import_plan through the real pipeline: idempotency, drafts, and bad input."""

import json
from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from directory.models import ConsultationWindow, Organisation
from guides.models import BusinessPage, CityPage, ProgramPage

pytestmark = pytest.mark.usefixtures("seeded")


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "windows": ConsultationWindow.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def test_every_city_has_a_programme_and_five_businesses():
    for city in CityPage.objects.all():
        program = ProgramPage.objects.child_of(city).get()
        kinds = sorted(BusinessPage.objects.child_of(program).values_list("kind", flat=True))
        assert kinds == [1, 2, 3, 4, 5], (city.slug, kinds)
        assert program.live


def test_second_load_changes_nothing(capsys):
    before = counts()
    call_command("load_seeds", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["changed"] == 0, report["created"] + report["updated"]
    assert counts() == before


def test_reimport_with_changes_creates_a_draft_and_leaves_the_live_page(tmp_path):
    text = Path("data/seeds/004_c15e4f8778641e59.txt").read_text(encoding="utf-8")
    changed = text.replace("高齢\t地域包括支援センター\t5\t委託", "高齢\t地域包括支援センター\t6\t委託")
    assert changed != text
    source = tmp_path / "sanjo-next-year.txt"
    source.write_text(changed, encoding="utf-8")
    city = CityPage.objects.get(slug="sanjo")
    business = BusinessPage.objects.descendant_of(city).get(kind=1)
    call_command("import_plan", str(source), "--city", "sanjo")
    business.refresh_from_db()
    live_sites = {a.name: a.sites for a in business.agencies.all()}
    draft = business.get_latest_revision_as_object()
    draft_sites = {a.name: a.sites for a in draft.agencies.all()}
    assert live_sites["地域包括支援センター"] == 5
    assert draft_sites["地域包括支援センター"] == 6
    assert business.has_unpublished_changes


def test_import_plan_dry_run_writes_nothing(capsys):
    before = counts()
    call_command("import_plan", "data/seeds/002_17f16ef03dd105eb.txt", "--city", "iizuka", "--dry-run")
    report = json.loads(capsys.readouterr().out)
    assert report["city"] == "iizuka"
    assert any(b["kind"] == 1 for b in report["program"]["businesses"])
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "File not found"),
        (b"", "Empty file"),
        (b"\x00\x01\x02garbage\xff\xfe", "Binary file"),
        ("\u3042".encode("shift_jis") * 10, "Not UTF-8"),
        ("ただの文章です。表も事業もありません。".encode(), "nothing recognisable"),
    ],
)
def test_import_plan_rejects_bad_input_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_plan", str(path), "--city", "kurume")
    assert counts() == before


def test_import_plan_unknown_city():
    with pytest.raises(CommandError, match="Unknown city 'atlantis'"):
        call_command("import_plan", "data/seeds/000_798662377a1ac82b.txt", "--city", "atlantis")


def test_reimporting_the_same_edited_plan_twice_adds_no_second_revision(tmp_path, capsys):
    text = Path("data/seeds/000_798662377a1ac82b.txt").read_text(encoding="utf-8")
    source = tmp_path / "kurume-next.txt"
    source.write_text(text.replace("毎月第4水曜日（", "毎月第3水曜日（"), encoding="utf-8")
    call_command("import_plan", str(source), "--city", "kurume")
    first = json.loads(capsys.readouterr().out)
    assert "kurume/program" in first["updated"]
    revisions = Revision.objects.count()
    call_command("import_plan", str(source), "--city", "kurume")
    second = json.loads(capsys.readouterr().out)
    assert second["changed"] == 0, second
    assert Revision.objects.count() == revisions


def test_organisations_get_a_kana_reading_from_sudachi():
    council = Organisation.objects.get(city__slug="yufu", name="社会福祉協議会")
    assert council.name_kana == "シャカイフクシキョウギカイ"
