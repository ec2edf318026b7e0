"""Re-import safety: unchanged input changes nothing, editors' corrections survive, vanished rows are flagged,
and a failed import leaves the database as it was."""

from unittest import mock

from wagtail.models import Revision

import pytest

from directory.models import ConsultationWindow, Organisation
from guides.models import CityPage
from importers.loader import Loader
from importers.workers import bundle_from_html

DOCUMENT = "soudan.html"

PAGE = """<html><body><main>
<h2>高齢者の相談</h2>
<p>①長寿支援課<br>相談内容：介護保険の申請、高齢者の暮らし<br>電話：0942-30-9201<br>FAX：0942-30-9701<br>受付時間：平日 8:30～17:15</p>
<p>②みどり地域包括支援センター<br>相談内容：認知症、見守り<br>電話：0942-30-9202<br>受付時間：平日 9:00～17:00</p>
</main></body></html>"""


def bundle(page: str = PAGE):
    return bundle_from_html(page.encode("utf-8"), city="kurume", document=DOCUMENT, area_code="0942")


def load(page: str = PAGE):
    city = CityPage.objects.get(slug="kurume")
    return Loader(city, publish=False).load(bundle(page))


def window(organisation: str) -> ConsultationWindow:
    return ConsultationWindow.objects.get(city__slug="kurume", organisation__name=organisation)


def counts() -> tuple[int, int, int]:
    return ConsultationWindow.objects.count(), Organisation.objects.count(), Revision.objects.count()


def edit(obj, **values) -> None:
    """What an editor does in the admin: a new revision on top of the latest."""
    latest = obj.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(latest, name, value)
    latest.save_revision()


@pytest.mark.django_db
def test_unchanged_reimport_changes_no_rows_and_no_revisions(seeded):
    first = load()
    assert len(first.created) == 4  # two organisations, two windows
    before = counts()
    rows = list(ConsultationWindow.objects.filter(source_document=DOCUMENT).values())
    second = load()
    assert second.changed == 0
    assert second.conflicts == [] and second.flagged == []
    assert counts() == before
    assert list(ConsultationWindow.objects.filter(source_document=DOCUMENT).values()) == rows


@pytest.mark.django_db
def test_seed_reimport_is_still_a_no_op(seeded):
    from django.core.management import call_command

    before = counts()
    call_command("load_seeds", verbosity=0)
    assert counts() == before
    assert not ConsultationWindow.objects.filter(needs_review=True).exists()


@pytest.mark.django_db
def test_editor_correction_is_kept_and_the_conflict_reported(seeded):
    load()
    choju = window("長寿支援課")
    assert choju.import_snapshot["topics"] == "介護保険の申請\n高齢者の暮らし"
    # The editor corrects the topics and the description.
    edit(
        choju, topics="介護保険の申請\n高齢者の暮らしの相談\n成年後見", description="本庁舎1階の2番窓口です。"
    )
    # Next year's page changes the topics too, and the hours (which the editor did not touch).
    changed = PAGE.replace(
        "介護保険の申請、高齢者の暮らし", "介護保険の申請、高齢者の暮らし、住まいの改修"
    ).replace("平日 8:30～17:15", "平日 8:30～17:00")
    report = load(changed)

    latest = window("長寿支援課").get_latest_revision_as_object()
    assert latest.topics == "介護保険の申請\n高齢者の暮らしの相談\n成年後見"  # the editor's value is kept
    assert latest.description == "本庁舎1階の2番窓口です。"  # upstream did not change it: kept, no conflict
    assert [(h.opens.hour, h.closes.hour, h.closes.minute) for h in latest.hours.all()] == [
        (8, 17, 0)
    ]  # upstream
    assert [(c["field"], c["imported"]) for c in report.conflicts] == [
        ("topics", "介護保険の申請\n高齢者の暮らし\n住まいの改修")
    ]
    row = window("長寿支援課")
    assert row.needs_review
    assert [r["kind"] for r in row.review_reasons] == ["conflict"]
    assert row.import_snapshot["topics"] == "介護保険の申請\n高齢者の暮らし\n住まいの改修"
    # Importing the same edition again: nothing to do, the conflict stays on record for the review queue.
    again = load(changed)
    assert again.changed == 0
    assert window("長寿支援課").needs_review


@pytest.mark.django_db
def test_editor_phone_correction_on_the_organisation_is_kept(seeded):
    load()
    org = Organisation.objects.get(city__slug="kurume", name="長寿支援課")
    latest = org.get_latest_revision_as_object()
    latest.address = "本庁舎1階"
    latest.save_revision()
    report = load(PAGE.replace("0942-30-9701", "0942-30-9711"))
    org_latest = Organisation.objects.get(pk=org.pk).get_latest_revision_as_object()
    assert org_latest.address == "本庁舎1階"
    assert {(p.number, p.kind) for p in org_latest.phones.all()} == {
        ("0942-30-9201", "voice"),
        ("0942-30-9711", "fax"),
    }
    assert report.conflicts == []


@pytest.mark.django_db
def test_a_window_that_disappeared_is_flagged_not_deleted(seeded):
    load()
    hokatsu = window("みどり地域包括支援センター")
    without = PAGE.split("<p>②")[0] + "</main></body></html>"
    report = load(without)
    assert report.flagged == [f"kurume/{hokatsu.source_key}"]
    flagged = ConsultationWindow.objects.get(pk=hokatsu.pk)  # still there
    assert flagged.needs_review
    assert flagged.review_reasons[0]["kind"] == "missing"
    assert DOCUMENT in flagged.review_reasons[0]["message"]
    # Flagged once, not again on every run.
    assert load(without).flagged == []
    # Back in the source: the flag goes, without a new revision.
    revisions = Revision.objects.count()
    load()
    assert not ConsultationWindow.objects.get(pk=hokatsu.pk).needs_review
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_a_failing_import_leaves_the_database_as_it_was(seeded):
    load()
    edit(window("長寿支援課"), description="編集者のメモ")
    before = counts()
    snapshot = list(ConsultationWindow.objects.values("pk", "import_hash", "import_snapshot", "needs_review"))
    changed = PAGE.replace("認知症、見守り", "認知症、見守り、家族の相談").replace(
        "9:00～17:00", "9:00～16:00"
    )
    changed = changed.replace("0942-30-9201", "0942-30-9209")
    calls = {"n": 0}
    original = Loader._load_window

    def failing(self, record, org):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("killed mid-import")
        return original(self, record, org)

    with mock.patch.object(Loader, "_load_window", failing), pytest.raises(RuntimeError):
        load(changed)
    assert calls["n"] == 2  # the first window was written before the failure…
    assert counts() == before  # …and rolled back with everything else
    assert (
        list(ConsultationWindow.objects.values("pk", "import_hash", "import_snapshot", "needs_review"))
        == snapshot
    )
    org = Organisation.objects.get(city__slug="kurume", name="長寿支援課")
    assert "0942-30-9201" in {p.number for p in org.get_latest_revision_as_object().phones.all()}


@pytest.mark.django_db
def test_reimport_that_differs_only_in_provenance_and_whitespace_creates_no_revisions(seeded):
    """The same plan with every line moved (blank lines above) and re-spaced (trailing and full-width spaces,
    as a PDF's text layer gives them) is the same content: no page, window or organisation changes."""
    from importers.cities import demo_cities
    from importers.pipeline import bundle_from_text, read_text_file

    before = counts()
    for info in demo_cities():
        text = read_text_file(info.seed_path)
        moved = "\n\n\n" + "\n".join(line + ("\u3000 " if line.strip() else "") for line in text.splitlines())
        bundle = bundle_from_text(
            moved, city=info.slug, city_name=info.name, document=info.seed, area_code=info.area_code
        )
        assert any(r.source.location for r in bundle.windows)  # the lines really moved: provenance differs
        report = Loader(CityPage.objects.get(slug=info.slug), publish=True).load(bundle)
        assert report.changed == 0, (info.slug, report.updated)
    assert counts() == before


def test_content_digest_ignores_provenance_and_whitespace_but_not_content():
    from importers.load_common import content_digest, content_hash, is_unchanged

    data = {
        "name": "福祉課",
        "source": {"document": "a.txt", "location": "line 3"},
        "notes": ["平日 8:30～17:15"],
    }
    moved = {
        "name": " 福祉課\u3000",
        "source": {"document": "a.pdf", "location": "p.2"},
        "notes": ["平日8:30～\n17:15"],
    }
    assert content_digest(moved) == content_digest(data)
    assert content_digest(data | {"name": "保健課"}) != content_digest(data)
    assert is_unchanged(content_hash(data), data)  # a digest stored before this rule still counts
    assert not is_unchanged("", data)
