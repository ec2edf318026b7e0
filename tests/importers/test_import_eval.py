"""import_eval's scoring: a perfect extraction scores 100 %, a FAX taken as voice is a false phone."""

from pathlib import Path

from django.core.management import call_command

from importers.evaluation import Extracted, Gold, GoldWindow, same_organisation, score_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def gold() -> Gold:
    return Gold(
        path=Path("p.html"),
        kind="html",
        area_code="0123",
        windows=[
            GoldWindow("地域包括支援センター", ["0123-24-0194"], hours="平日 8:30～17:15"),
            GoldWindow("生活支援課", ["0123-24-1111"], parent="福祉部"),
            GoldWindow("福祉総務課", ["0123-24-9999"], optional=True),
        ],
    )


def test_perfect_extraction_scores_everything():
    from datetime import time

    rows = [((0, 1, 2, 3, 4), time(8, 30), time(17, 15))]
    extracted = Extracted(
        [
            (["地域包括支援センター"], ["0123-24-0194"], rows),
            (["福祉部 生活支援課", "生活支援課"], ["0123-24-1111"], []),
            (["福祉総務課"], ["0123-24-9999"], []),  # the page contact: optional, never false
        ]
    )
    score = score_page(gold(), extracted)
    assert (score.phones, score.found, score.right, score.hours, score.hours_right) == (2, 2, 2, 1, 1)
    assert score.false_phones == []


def test_wrong_name_fax_and_heading_are_counted():
    extracted = Extracted(
        [
            (["高齢者・介護の相談"], ["0123-24-0194", "0123-24-5555"], []),  # heading as name; a FAX as voice
            (["生活支援課"], ["0123-24-1111"], []),
        ]
    )
    score = score_page(gold(), extracted)
    assert (score.found, score.right) == (2, 1)
    assert score.false_phones == ["0123-24-5555 (高齢者・介護の相談)"]


def test_names_match_without_spaces_brackets_and_markers():
    window = GoldWindow("相談支援事業所 ひまわり", ["0"])
    assert same_organisation(["○相談支援事業所ひまわり"], window)
    assert same_organisation(["【相談支援事業所 ひまわり】"], window)
    assert not same_organisation(["ひまわり"], window)  # less than half of the name


def test_command_prints_every_kind(capsys):
    call_command("import_eval", str(PAGES), "--quiet")
    out = capsys.readouterr().out
    for kind in ("text", "html", "pdf", "all"):
        assert f"\n{kind} " in out or out.startswith(f"{kind} ")
