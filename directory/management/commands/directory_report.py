"""Print the editor reports: `python manage.py directory_report [--report unverified|shared] [--city yufu] [--json]`."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from directory.reports import shared_phones, unverified_windows
from guides.models import CityPage

REPORTS = ("unverified", "shared")


class Command(BaseCommand):
    help = "Windows not verified in 12 months and phone numbers shared by different organisations (warnings)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--report", choices=REPORTS, action="append", help="Only this report (repeatable)."
        )
        parser.add_argument("--city", help="Only this city slug.")
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Judge verification as of this date (YYYY-MM-DD)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args, report=None, city=None, today=None, json=False, **options):
        if city and not CityPage.objects.filter(slug=city).exists():
            raise CommandError(f"Unknown city slug: {city}")
        wanted = report or list(REPORTS)
        data = {}
        if "unverified" in wanted:
            data["unverified_windows"] = [
                {
                    "id": w.pk,
                    "city": w.city.slug,
                    "title": w.title,
                    "organisation": w.organisation.full_name,
                    "verified_on": w.verified_on.isoformat() if w.verified_on else None,
                    "verified_by": w.verified_by,
                    "live": w.live,
                }
                for w in unverified_windows(today, city=city)
            ]
        if "shared" in wanted:
            data["shared_phones"] = [group.as_dict() for group in shared_phones(city=city)]
        if json:
            self.stdout.write(_dumps(data))
        else:
            self._write_text(data)

    def _write_text(self, data: dict) -> None:
        if "unverified_windows" in data:
            rows = data["unverified_windows"]
            self.stdout.write(f"12か月以上確認されていない窓口: {len(rows)}件")
            for row in rows:
                verified = row["verified_on"] or "未確認"
                self.stdout.write(
                    f"  [{row['city']}] {row['organisation']} / {row['title']} (最終確認日: {verified})"
                )
        if "shared_phones" in data:
            groups = data["shared_phones"]
            self.stdout.write(f"複数の組織で共有されている電話番号（警告）: {len(groups)}件")
            for group in groups:
                labels = f"（{'、'.join(group['labels'])}）" if group["labels"] else ""
                self.stdout.write(f"  {group['number']}{labels}: {len(group['organisations'])}組織")
                for name in group["organisations"]:
                    self.stdout.write(f"    - {name}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
