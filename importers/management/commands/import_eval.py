"""Evaluate the window extractor on pages with gold lists: ``python manage.py import_eval DIR``.

Prints, per kind of input (text / html / pdf) and overall, phones found, phones on the right organisation,
hours right and false phones, then every miss and false phone (``--quiet`` leaves those out). See
`importers.evaluation` for the gold format and how each number is counted. Needs no database.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.evaluation import Extracted, Gold, evaluate, extracted_from_records, load_gold
from importers.extract import extract_windows
from importers.pipeline import ImportInputError


def _extract(gold: Gold) -> Extracted:
    try:
        records = extract_windows(gold.path.read_bytes(), name=gold.path.name, area_code=gold.area_code)
    except ImportInputError as error:
        return Extracted([], error=str(error))
    return extracted_from_records(records)


def _pct(part: int, whole: int) -> str:
    return f"{part:>4}/{whole:<4} {100 * part / whole:5.1f}%" if whole else f"{part:>4}/{whole:<4}    – "


class Command(BaseCommand):
    help = "Evaluate the consultation-window extractor on pages with gold lists (<stem>.gold.json)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--json", action="store_true", help="print the totals as JSON")
        parser.add_argument("--quiet", action="store_true", help="totals only, no misses")
        parser.add_argument("-k", "--keyword", help="only pages whose file name contains this")

    def handle(self, *args, directory: Path, json: bool, quiet: bool, keyword: str | None, **options):
        pages = load_gold(directory)
        if keyword:
            pages = [page for page in pages if keyword in page.path.name]
        if not pages:
            raise CommandError(f"no pages with a .gold.json in {directory}")
        scores, totals = evaluate(pages, _extract)
        if json:
            self.stdout.write(_json_dumps({kind: total.as_dict() for kind, total in totals.items()}))
            return
        if not quiet:
            for score in scores:
                if not (score.misses or score.false_phones or score.error):
                    continue
                self.stdout.write(
                    f"{score.name}: {score.right}/{score.phones} right, {score.windows} windows"
                )
                if score.error:
                    self.stdout.write(f"  ! {score.error[:160]}")
                for miss in score.misses:
                    self.stdout.write(f"  miss  {miss}")
                for false in score.false_phones:
                    self.stdout.write(f"  false {false}")
        self.stdout.write(
            f"{'':6}{'pages':>6}  {'phones found':<17}{'right organisation':<19}{'hours right':<17}"
            f"{'false':>6}{'windows':>9}{'no window':>10}"
        )
        for kind in ("text", "html", "pdf", "all"):
            total = totals.get(kind)
            if total is None:
                continue
            self.stdout.write(
                f"{kind:6}{total.pages:>6}  {_pct(total.found, total.phones):<17}{_pct(total.right, total.phones):<19}"
                f"{_pct(total.hours_right, total.hours):<17}{total.false_phones:>6}{total.windows:>9}{total.errors:>10}"
            )


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
