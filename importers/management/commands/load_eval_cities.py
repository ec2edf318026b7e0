"""Onboard the made-up evaluation cities the way a new municipality joins: add_city, import_directory of its
open-data CSV, then publish what the import left as drafts (as an editor would after review).

    python manage.py load_eval_cities [--file data/eval/cities/cities.json] [--only SLUG]

Used by the unseen-city regression tests (tests/search/test_unseen_cities.py) and before
``manage.py search_eval data/eval/unseen-queries.tsv``. Cities already present are left as they are.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import ConsultationWindow, Organisation
from guides.models import CityPage
from search.places import invalidate_cities

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "eval" / "cities" / "cities.json"


def publish_city(city: CityPage) -> int:
    """Publish the city page and every draft organisation and window of the city. Returns windows published."""
    with transaction.atomic():
        revision = city.latest_revision or city.save_revision()
        revision.publish()
        for model in (Organisation, ConsultationWindow):
            for obj in model.objects.filter(city=city, live=False):
                (obj.latest_revision or obj.save_revision()).publish()
    return ConsultationWindow.objects.filter(city=city, live=True).count()


class Command(BaseCommand):
    help = "Onboard the evaluation cities: add_city, import_directory of their CSV, publish."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FILE, help="cities.json (default: data/eval/cities)"
        )
        parser.add_argument("--only", action="append", dest="only", help="only this city slug (repeatable)")

    def handle(self, *args, file: Path, only: list[str] | None, **options):
        try:
            spec = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        for city in spec["cities"]:
            if only and city["slug"] not in only:
                continue
            if CityPage.objects.filter(slug=city["slug"]).exists():
                self.stdout.write(f"{city['slug']}: already onboarded")
                continue
            quiet = io.StringIO()
            call_command(
                "add_city",
                city["slug"],
                city["name"],
                prefecture=city["prefecture"],
                code=city["code"],
                kana=city.get("name_kana", ""),
                stdout=quiet,
            )
            call_command("import_directory", str(file.parent / city["csv"]), city=city["slug"], stdout=quiet)
            count = publish_city(CityPage.objects.get(slug=city["slug"]))
            invalidate_cities()
            self.stdout.write(f"{city['slug']}: {city['name']} onboarded, {count} windows published")
