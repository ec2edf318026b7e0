"""`import_plan FILE.txt` decodes and parses the text in the sandbox (≤ 10 s CPU, ≤ 512 MB): same result, same rejections, hostile input."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from directory.models import ConsultationWindow, Organisation
from importers import limits, pipeline
from importers.cities import demo_cities
from importers.pipeline import ImportInputError, bundle_from_text, bundle_from_text_file, read_text_file

KURUME_SEED = next(info for info in demo_cities() if info.slug == "kurume").seed_path


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "windows": ConsultationWindow.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def import_plan(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_plan", str(path), "--city", "kurume", *options, stdout=out)
    return out.getvalue()


# --- same result as in-process -----------------------------------------------------------------------


@pytest.mark.parametrize("info", demo_cities(), ids=lambda info: info.slug)
def test_sandboxed_plan_equals_in_process_plan(info) -> None:
    expected = bundle_from_text(
        read_text_file(info.seed_path),
        city=info.slug,
        city_name=info.name,
        document=info.seed,
        area_code=info.area_code,
    )
    sandboxed = bundle_from_text_file(
        info.seed_path, city=info.slug, city_name=info.name, area_code=info.area_code
    )
    assert sandboxed == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02garbage\xff\xfe", "Binary file"),
        ("\u3042".encode("shift_jis") * 10, "Not UTF-8"),
        ("ただの文章です。表も事業もありません。".encode(), "nothing recognisable"),
    ],
)
def test_the_child_reports_the_pipelines_own_rejection(tmp_path, content, message) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(ImportInputError) as in_process:
        bundle_from_text(
            read_text_file(path), city="kurume", city_name="久留米市", document=path.name, area_code="0942"
        )
    with pytest.raises(ImportInputError, match=message) as sandboxed:
        bundle_from_text_file(path, city="kurume", city_name="久留米市", area_code="0942")
    assert (str(sandboxed.value), sandboxed.value.message_ja) == (
        str(in_process.value),
        in_process.value.message_ja,
    )


def test_a_file_the_checks_refuse_never_starts_the_sandbox(tmp_path, monkeypatch) -> None:
    def no_spawn(*args, **kwargs):
        raise AssertionError("the sandbox must not start")

    monkeypatch.setattr("importers.sandbox.run_limited", no_spawn)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(pipeline.MAX_TEXT_BYTES + 1)
    for path, message in (
        (tmp_path / "missing.txt", "File not found"),
        (empty, "Empty file"),
        (huge, "too large"),
    ):
        with pytest.raises(ImportInputError, match=message):
            bundle_from_text_file(path, city="kurume", city_name="久留米市", area_code="0942")


# --- hostile input -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_5_mb_line_of_kanji_ends_as_a_cpu_rejection_with_no_rows(seeded, tmp_path, monkeypatch) -> None:
    # parse_routing_rules' pattern is quadratic on one long line: 40 000 kanji take ~20 s, 1.7 million hours.
    monkeypatch.setattr(limits, "SANDBOX_CPU_SECONDS", 2)
    path = tmp_path / "kanji.txt"
    path.write_bytes("漢".encode() * ((pipeline.MAX_TEXT_BYTES - 1) // 3))
    assert path.stat().st_size > 5 * 1024 * 1024 - 3
    before = counts()
    started = time.monotonic()
    with pytest.raises(CommandError) as error:
        import_plan(path)
    assert time.monotonic() - started < 2 * 3 + 5  # the wall-clock limit for 2 s of CPU
    assert "(cpu)" in str(error.value) and "kanji.txt" in str(error.value)
    assert counts() == before


@pytest.mark.django_db
def test_200k_table_separators_after_a_plan_parse_correctly_within_the_limits(seeded, tmp_path) -> None:
    """~5 s of CPU and ~140 MB at the real limits: the plan is read as if the separators were not there."""
    text = KURUME_SEED.read_text(encoding="utf-8")
    path = tmp_path / "separators.txt"
    path.write_text(text + "\n" + "|---|---|---|\n" * 200_000, encoding="utf-8")
    assert path.stat().st_size < pipeline.MAX_TEXT_BYTES
    expected = bundle_from_text(
        text, city="kurume", city_name="久留米市", document=path.name, area_code="0942"
    )
    before = counts()
    try:
        report = json.loads(import_plan(path, "--dry-run"))
    except CommandError as error:  # a slower machine may need more than 10 s: then a clear rejection
        assert "(cpu)" in str(error) or "(timeout)" in str(error), error
    else:
        assert [b["kind"] for b in report["program"]["businesses"]] == [
            b.kind for b in expected.program.businesses
        ]
        assert [w["organisation"] for w in report["windows"]] == [w.organisation for w in expected.windows]
        assert report["warnings"] == expected.warnings
    assert counts() == before


@pytest.mark.django_db
def test_memory_limit_ends_as_a_clear_rejection_with_no_rows(seeded, tmp_path, monkeypatch) -> None:
    # The separators need ~140 MB of address space; a real plan parses in under 60 MB.
    monkeypatch.setattr(limits, "SANDBOX_MEMORY_MB", 90)
    path = tmp_path / "separators.txt"
    path.write_text("|---|---|---|\n" * 200_000, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as error:
        import_plan(path)
    assert "(memory)" in str(error.value), error.value
    with pytest.raises(ImportInputError) as rejection:
        bundle_from_text_file(path, city="kurume", city_name="久留米市", area_code="0942")
    assert (
        rejection.value.message_ja.startswith("separators.txt: ")
        and "メモリが上限" in rejection.value.message_ja
    )
    assert counts() == before
    plan = bundle_from_text_file(KURUME_SEED, city="kurume", city_name="久留米市", area_code="0942")
    assert plan.program is not None and len(plan.program.businesses) == 5


@pytest.mark.django_db
def test_a_plan_imported_through_the_sandbox_writes_drafts(seeded, tmp_path) -> None:
    path = tmp_path / "kurume-next.txt"
    path.write_text(
        KURUME_SEED.read_text(encoding="utf-8").replace("毎月第4水曜日（", "毎月第2水曜日（"),
        encoding="utf-8",
    )
    report = json.loads(import_plan(path))
    assert "kurume/program" in report["updated"]
