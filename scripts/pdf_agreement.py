"""Print how many facts of each seed's text import its PDF import reproduces (tests/importers/projection.py).

Usage: ``python scripts/pdf_agreement.py [LAYOUT ...] [--verbose]`` (layouts: word ruled borderless cid;
default: all). The PDFs are tests/fixtures/pdf/<seed>_<layout>.pdf from scripts/make_test_pdfs.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from importers.pipeline import ImportInputError, bundle_from_pdf, bundle_from_text  # noqa: E402
from tests.importers.projection import agreement, facts, project  # noqa: E402
from tests.importers.test_pdf_agreement import CITIES, PDFS, SEEDS  # noqa: E402


def _out(*parts: object) -> None:
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    layouts = [a for a in argv if not a.startswith("--")] or ["word", "ruled", "borderless", "cid"]
    for layout in layouts:
        same_all = total_all = 0
        for stem, (seed, city, city_name) in CITIES.items():
            path = PDFS / f"{stem}_{layout}.pdf"
            if not path.exists():
                continue
            text = (SEEDS / seed).read_text(encoding="utf-8")
            expected = project(
                bundle_from_text(text, city=city, city_name=city_name, document=seed, area_code="0")
            )
            try:
                got = project(
                    bundle_from_pdf(path, city=city, city_name=city_name, area_code="0", document=seed)
                )
                same, total, missing, extra = agreement(expected, got)
            except ImportInputError as error:
                same, total, missing, extra = 0, len(facts(expected)), [str(error)], []
            same_all += same
            total_all += total
            _out(f"{layout:10} {stem:14} {same:3}/{total:3} facts identical")
            if verbose:
                for line in missing:
                    _out("   -", line[:400])
                for line in extra:
                    _out("   +", line[:400])
        _out(
            f"{layout:10} {'all':14} {same_all:3}/{total_all:3} ({100 * same_all / max(total_all, 1):.0f} %)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
