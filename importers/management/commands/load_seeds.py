"""Build the demo site from the five seed documents: `python manage.py load_seeds`. Idempotent."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.national import NationalDataError
from importers.cities import demo_cities
from importers.deferred_indexes import deferred_side_indexes
from importers.demosite.referral_forms import ensure_sample_referral_forms
from importers.demosite.site import ensure_city, ensure_guides, ensure_home
from importers.loader import Loader, LoadReport
from importers.national import load_national_lines
from importers.pipeline import ImportInputError, bundle_from_text, read_text_file


class Command(BaseCommand):
    help = "Import the five seed documents and PUBLISH them directly (demo only; real imports create drafts)."

    def add_arguments(self, parser):
        parser.add_argument("--city", action="append", help="Only these city slugs (repeatable).")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, city=None, json=False, verbosity=1, **options):
        cities = [c for c in demo_cities() if not city or c.slug in city]
        if city and len(cities) != len(set(city)):
            unknown = sorted(set(city) - {c.slug for c in cities})
            raise CommandError(f"Unknown city slug(s): {', '.join(unknown)}")
        report = LoadReport()
        # Wagtail's search and reference indexes: once per object when the load ends, not on every save.
        with transaction.atomic(), deferred_side_indexes():
            home = ensure_home(report)
            ensure_guides(home, report)
            for info in cities:
                page = ensure_city(home, info, report)
                try:
                    text = read_text_file(info.seed_path)
                    bundle = bundle_from_text(
                        text,
                        city=info.slug,
                        city_name=info.name,
                        document=info.seed,
                        area_code=info.area_code,
                    )
                except ImportInputError as error:
                    raise CommandError(str(error)) from error
                report.merge(Loader(page, publish=True).load(bundle))
            try:
                # 全国共通: every city's residents see them, so they are loaded whichever cities were asked for.
                report.merge(load_national_lines(publish=True))
            except NationalDataError as error:
                raise CommandError(str(error)) from error
            ensure_sample_referral_forms(report)
        self._write(report, json, verbosity)

    def _write(self, report: LoadReport, as_json: bool, verbosity: int) -> None:
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Seeds loaded and published: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
