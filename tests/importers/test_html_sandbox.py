"""HTML, CSV and text directories are parsed in the sandbox (≤ 10 s CPU, ≤ 512 MB): round trip and hostile input."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from datetime import time
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from directory.exports import city_windows_csv
from directory.models import ConsultationWindow, Organisation
from guides.models import CityPage
from importers import limits, pipeline
from importers.pipeline import ImportInputError, bundle_from_text
from importers.readers.csvdir import read_directory_csv
from importers.readers.html import HtmlWindowRecord, decode_html, parse_html_bundle
from importers.records import (
    HoursRecord,
    PhoneRecord,
    Source,
    WindowRecord,
    windows_from_json,
    windows_to_json,
)
from importers.tasks import bundle_for_file
from importers.workers import bundle_from_csv, bundle_from_directory_text, bundle_from_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
AREA = "0942"
WINDOW = "①福祉課<br>電話：0942-30-9000".encode()


def run(*args: Any) -> str:
    out = io.StringIO()
    call_command("import_directory", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "windows": ConsultationWindow.objects.count(),
        "organisations": Organisation.objects.count(),
    }


def rejected(path: Path, city: str = "kurume") -> str:
    with pytest.raises(CommandError) as error:
        run(path, "--city", city)
    return str(error.value)


# --- round trip --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda path: path.name)
def test_sandboxed_records_equal_in_process_records(path: Path) -> None:
    raw = path.read_bytes()
    local, _codec = parse_html_bundle(raw, city="kurume", document=path.name, area_code=AREA)
    sandboxed = bundle_from_html(raw, city="kurume", document=path.name, area_code=AREA)
    assert local.windows, path.name
    assert sandboxed.windows == local.windows
    assert [type(w) for w in sandboxed.windows] == [HtmlWindowRecord] * len(local.windows)
    assert sandboxed.warnings == local.warnings
    assert (sandboxed.city, sandboxed.document, sandboxed.program) == ("kurume", path.name, None)


def test_records_json_is_plain_and_rebuilds_every_type() -> None:
    hours = [
        HoursRecord([0, 1, 2, 3, 4], time(8, 30), time(17, 15)),
        HoursRecord([5], time(9, 0, 30), time(12, 0), note="第2土曜", open_on_holidays=True),
    ]
    records: list[WindowRecord] = [
        WindowRecord(
            organisation="福祉課",
            source=Source("a.html", "line 3"),
            phones=[
                PhoneRecord("0942-30-9000", extension="123", label="代表"),
                PhoneRecord("0942-30-9001", "fax"),
            ],
            hours=hours,
            business_kind=2,
            business_kinds=[2, 5],
            is_front_door=True,
        ),
        HtmlWindowRecord(
            organisation="人権啓発センター",
            source=Source("b.html", ""),
            uncertain=["分野を推定できませんでした"],
        ),
    ]
    data = json.loads(json.dumps(windows_to_json(records)))
    assert data[0]["hours"][0]["opens"] == "08:30" and data[0]["hours"][0]["closes"] == "17:15"
    assert data[0]["hours"][1]["opens"] == "09:00:30"  # seconds are kept when there are any
    rebuilt = windows_from_json(data)
    assert rebuilt == records
    assert [type(r) for r in rebuilt] == [WindowRecord, HtmlWindowRecord]


@pytest.mark.django_db
def test_csv_and_text_read_in_the_sandbox_equal_in_process(seeded) -> None:
    city = CityPage.objects.get(slug="yufu")
    csv_bytes = city_windows_csv(city, ConsultationWindow.objects.filter(city=city)).encode("utf-8")
    local = read_directory_csv(decode_html(csv_bytes)[0], city="yufu", document="yufu.csv")
    assert local and bundle_from_csv(csv_bytes, city="yufu", document="yufu.csv").windows == local

    seed = SEEDS / "003_4ccc8f22fd5ff24c.txt"
    text = seed.read_text(encoding="utf-8")
    expected = bundle_from_text(text, city="yufu", city_name=city.title, document=seed.name, area_code="097")
    sandboxed = bundle_from_directory_text(
        seed.read_bytes(), city="yufu", city_name=city.title, document=seed.name, area_code="097"
    )
    assert expected.windows and sandboxed.windows == expected.windows
    assert sandboxed.main_phone == expected.main_phone
    assert sandboxed.program is None and sandboxed.routing == []


def test_reader_rejections_keep_their_japanese_message() -> None:
    with pytest.raises(ImportInputError) as error:
        bundle_from_csv("名称,電話番号\n福祉課,0942-30-9000\n".encode(), city="kurume", document="bad.csv")
    assert error.value.message_ja.startswith("bad.csv: ") and "列" in error.value.message_ja
    with pytest.raises(ImportInputError) as error:
        bundle_from_html(
            b"<p>\xe3\x81\x8a\xe7\x9f\xa5\xe3\x82\x89\xe3\x81\x9b</p>",
            city="k",
            document="n.html",
            area_code=AREA,
        )
    assert "相談窓口" in error.value.message_ja and "読み取れませんでした" in error.value.message_ja


# --- hostile input -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_deeply_nested_page_is_rejected_with_no_rows(seeded, tmp_path, monkeypatch) -> None:
    # The depth check is under test: on a slow or busy machine the CPU limit must not end the child first.
    monkeypatch.setattr(limits, "SANDBOX_CPU_SECONDS", 60)
    path = tmp_path / "nested.html"
    path.write_bytes(b"<html><body>" + b"<div>" * 100_000 + WINDOW + b"</div>" * 100_000 + b"</body></html>")
    before = counts()
    message = rejected(path)
    assert "(too_deep)" in message and "タグの入れ子が深すぎる" in message
    assert counts() == before


@pytest.mark.django_db
def test_attribute_soup_parses_correctly_within_the_limits_and_dry_run_writes_nothing(
    seeded, tmp_path
) -> None:
    attributes = b" ".join(b'data-a%d="%s"' % (i, b"x" * 20) for i in range(140_000))
    path = tmp_path / "soup.html"
    path.write_bytes(b"<html><body><div " + attributes + b">" + WINDOW + b"</div></body></html>")
    assert 4 * 1024 * 1024 < path.stat().st_size < pipeline.MAX_TEXT_BYTES
    before = counts()
    report = json.loads(run(path, "--city", "kurume", "--dry-run"))
    assert [(w["organisation"], [p["number"] for p in w["phones"]]) for w in report["windows"]] == [
        ("福祉課", ["0942-30-9000"])
    ]
    assert counts() == before


@pytest.mark.django_db
def test_cpu_limit_ends_as_a_clear_rejection_with_no_rows(seeded, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "SANDBOX_CPU_SECONDS", 2)  # the page needs ~25 s of CPU unsandboxed
    path = tmp_path / "tags.html"
    path.write_bytes(b"<html><body>" + b"<p><b>x</b></p>" * 300_000 + b"</body></html>")
    before = counts()
    message = rejected(path)
    assert "(cpu)" in message and "時間がかかりすぎた" in message
    assert counts() == before


@pytest.mark.django_db
def test_memory_limit_ends_as_a_clear_rejection_with_no_rows(seeded, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "SANDBOX_MEMORY_MB", 160)  # the page needs ~550 MB unsandboxed
    # Only the memory limit is under test: on a slow or busy machine the CPU limit must not end the child first.
    monkeypatch.setattr(limits, "SANDBOX_CPU_SECONDS", 60)
    path = tmp_path / "tags.html"
    path.write_bytes(b"<html><body>" + b"<p><b>x</b></p>" * 300_000 + b"</body></html>")
    before = counts()
    message = rejected(path)
    assert "(memory)" in message and "メモリが上限" in message
    assert counts() == before


@pytest.mark.django_db
def test_50_mb_html_is_rejected_before_the_sandbox_starts(seeded, tmp_path, monkeypatch) -> None:
    def no_spawn(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sandbox must not start for an oversized file")

    monkeypatch.setattr("importers.sandbox.run_limited", no_spawn)
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: rejected by its size, never read
    before = counts()
    assert "上限5MB" in rejected(huge)
    assert counts() == before
    data = b"<html><body>" + b"<p>x</p>" * (50 * 1024 * 1024 // 8) + b"</body></html>"
    with pytest.raises(ImportInputError, match="too large"):
        bundle_from_html(data, city="kurume", document="huge.html", area_code=AREA)
    for name in ("huge.html", "huge.csv", "huge.txt"):
        with pytest.raises(ImportInputError) as error:
            bundle_for_file(data, name=name, city="kurume", city_name="久留米市", area_code=AREA)
        assert "上限5MB" in error.value.message_ja


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def test_scripts_leave_no_trace_in_any_field() -> None:
    bundle = bundle_from_html(
        (FIXTURES / "with_scripts.html").read_bytes(),
        city="kurume",
        document="with_scripts.html",
        area_code=AREA,
    )
    assert {w.organisation for w in bundle.windows} >= {"消費生活センター", "人権啓発センター"}
    strings = _strings([asdict(w) for w in bundle.windows]) + _strings(bundle.warnings)
    planted = (
        "偽",  # 偽の窓口 / 偽の相談室 / 偽のノースクリプト窓口, written by scripts or hidden in noscript
        "0942-99-9999",
        "0942-88-8888",
        "0942-77-7777",
        "0942-66-6666",
        "0942-55-5555",
        "0942-44-4444",
        "古い窓口",
        "document.write",
        "getElementById",
        "innerHTML",
        "alert",
        "analytics",
        "example.invalid",
        "var fake",
        "<",
    )
    found = [(s, mark) for s in strings for mark in planted if mark in s]
    assert found == []
