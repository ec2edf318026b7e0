"""Benchmark the PDF import: ``python manage.py bench_import [--pages 20] [--layout cid|ruled]``.

``--windows DIR`` instead times the consultation-window extractor alone (read + line model + extraction, in
process) on the pages of DIR and prints pages per second per kind of input.

Builds a plan PDF of about `--pages` pages by repeating the content of seeds 000, 002 and 004 (with
the generator of scripts/make_test_pdfs.py), then times reading it through the sandbox (subprocess with
CPU/memory limits, as `import_plan` does) plus parsing it into records. Prints seconds and pages per
second; the target is a 20-page plan in 5 s or less.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.extract import extract_with_warnings
from importers.kinds import detect_kind
from importers.parsers.plan import parse_program
from importers.pipeline import read_pdf_blocks
from importers.readers.pdf import read_pdf
from importers.readers.seedtext import read_seed_file

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ("000_798662377a1ac82b.txt", "002_17f16ef03dd105eb.txt", "004_c15e4f8778641e59.txt")
TARGET_SECONDS = 5.0


def _generator():
    spec = importlib.util.spec_from_file_location("make_test_pdfs", ROOT / "scripts" / "make_test_pdfs.py")
    if spec is None or spec.loader is None:
        raise CommandError("scripts/make_test_pdfs.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


class Command(BaseCommand):
    help = "Time the PDF import (sandboxed read + parse) of a generated multi-page plan."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20)
        parser.add_argument("--runs", type=int, default=3, help="Report the best of this many runs.")
        parser.add_argument("--json", action="store_true", help="Print the numbers as JSON.")
        parser.add_argument(
            "--windows",
            type=Path,
            metavar="DIR",
            help="Instead: time the window extractor alone (in process, per kind) on the pages of DIR, "
            "e.g. tests/fixtures/pages.",
        )

    def handle(self, *args, pages: int, runs: int, json: bool, windows: Path | None = None, **options):
        if windows is not None:
            self._windows(windows, runs, json)
            return
        generator = _generator()
        seed_blocks = [block for name in SEEDS for block in read_seed_file(ROOT / "data" / "seeds" / name)]
        with tempfile.TemporaryDirectory() as work:
            path = Path(work) / "bench.pdf"
            blocks = list(seed_blocks)
            generator.reportlab_pdf(blocks, path)
            while _page_count(path) < pages:
                blocks += seed_blocks
                generator.reportlab_pdf(blocks, path)
            while _page_count(path) > pages and len(blocks) > 1:  # trim to the page count asked for
                blocks = blocks[: max(1, len(blocks) - max(1, len(blocks) // 40))]
                generator.reportlab_pdf(blocks, path)
            count = _page_count(path)
            sandboxed, direct = [], []
            for _ in range(max(1, runs)):
                start = time.perf_counter()
                program = parse_program(read_pdf_blocks(path), city="bench", document=path.name)
                sandboxed.append(time.perf_counter() - start)
                start = time.perf_counter()
                parse_program(read_pdf(path), city="bench", document=path.name)
                direct.append(time.perf_counter() - start)
        best, best_direct = min(sandboxed), min(direct)
        result = {
            "pages": count,
            "seconds": round(best, 3),
            "pages_per_second": round(count / best, 1),
            "seconds_in_process": round(best_direct, 3),
            "pages_per_second_in_process": round(count / best_direct, 1),
            "businesses": len(program.businesses),
            "target_seconds_for_20_pages": TARGET_SECONDS,
            "within_target": best * 20 / count <= TARGET_SECONDS,
        }
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{count} pages in {best:.2f} s (sandboxed read + parse): {count / best:.1f} pages/s; "
            f"in-process {best_direct:.2f} s ({count / best_direct:.1f} pages/s). "
            f"Target: 20 pages in ≤ {TARGET_SECONDS:.0f} s — {'OK' if result['within_target'] else 'MISSED'}"
        )

    def _windows(self, directory: Path, runs: int, json: bool) -> None:
        """Pages per second of `importers.extract` (read + lines + extraction, no sandbox, no database)."""
        files = sorted(p for p in directory.iterdir() if p.suffix in (".html", ".htm", ".txt", ".pdf"))
        if not files:
            raise CommandError(f"no pages in {directory}")
        pages = [(p, p.read_bytes()) for p in files]
        result: dict[str, dict] = {}
        for kind in ("text", "html", "pdf"):
            chosen = [(p, data) for p, data in pages if detect_kind(p.name, data[:4096]) == kind]
            if not chosen:
                continue
            times = []
            for _ in range(max(1, runs)):
                start = time.perf_counter()
                for path, data in chosen:
                    extract_with_warnings(data, name=path.name, area_code="0123", kind=kind)
                times.append(time.perf_counter() - start)
            best = min(times)
            result[kind] = {
                "pages": len(chosen),
                "seconds": round(best, 3),
                "pages_per_second": round(len(chosen) / best, 1),
            }
        if json:
            self.stdout.write(_dumps(result))
            return
        for kind, numbers in result.items():
            self.stdout.write(
                f"{kind:5} {numbers['pages']:3} pages in {numbers['seconds']:.2f} s: {numbers['pages_per_second']:.1f} pages/s"
                " (extractor alone, in process)"
            )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
