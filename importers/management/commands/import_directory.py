"""Import a city's directory of consultation windows as DRAFTS.

    python manage.py import_directory PATH --city SLUG [--dry-run]

PATH is an HTML page (any Japanese encoding), a CSV in the portal's export format, or plain text/Markdown
in the seed format (a 「項目 | 内容 | 連絡先 |」 table). `--dry-run` prints a JSON report (windows with
organisation, category guesses, phones and hours) and writes nothing.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.models import CityPage
from importers.loader import Loader
from importers.pipeline import ImportInputError
from importers.tasks import bundle_for_file, dry_run_report, read_import_file


class Command(BaseCommand):
    help = "Import a directory of consultation windows (HTML, CSV, text) for one city as draft revisions."
    # The system checks import every URL conf (admin, API, views) to check them: ~1 s of start-up that a
    # data import never uses. `manage.py check`, `migrate` and the server still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--city", required=True, help="City slug, e.g. kurume")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be imported as JSON; write nothing."
        )

    def handle(self, *args, path: Path, city: str, dry_run: bool, **options) -> None:
        page = CityPage.objects.filter(slug=city).first()
        if page is None:
            known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"Unknown city {city!r} (known: {known}).")
        try:
            data = read_import_file(path)
            bundle, kind = bundle_for_file(
                data, name=path.name, city=city, city_name=page.title, area_code=page.area_code, path=path
            )
        except ImportInputError as error:
            raise CommandError(f"{error} / {error.message_ja}") from error
        if dry_run:
            self.stdout.write(json.dumps(dry_run_report(bundle, kind=kind), ensure_ascii=False, indent=2))
            return
        report = Loader(page, publish=False).load(bundle)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
