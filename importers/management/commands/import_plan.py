"""Import one city's plan or web page as DRAFTS: `python manage.py import_plan PATH --city SLUG [--dry-run]`."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.models import CityPage
from importers.loader import Loader
from importers.pipeline import ImportInputError
from importers.tasks import bundle_for_file


class Command(BaseCommand):
    help = "Import a plan (PDF or converted text) for one city. Creates draft revisions for editorial review."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--city", required=True, help="City slug, e.g. kurume")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be imported as JSON; write nothing."
        )

    def handle(self, *args, path: Path, city: str, dry_run: bool, **options):
        page = CityPage.objects.filter(slug=city).first()
        if page is None:
            known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"Unknown city {city!r} (known: {known}). Add it with add_city first.")
        try:
            # The one intake: a PDF (by its magic bytes) or a converted text, read and parsed in the sandbox.
            bundle, _kind = bundle_for_file(
                b"",
                name=path.name,
                path=path,
                plan=True,
                city=city,
                city_name=page.title,
                area_code=page.area_code,
            )
        except ImportInputError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self.stdout.write(json.dumps(asdict(bundle), ensure_ascii=False, indent=2, default=str))
            return
        report = Loader(page, publish=False).load(bundle)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
