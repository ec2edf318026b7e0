"""Write the sample つなぐシート (PDF and XLSX, stamped 「見本（サンプル）」) to a folder: `make_sample_forms`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.demosite.referral_forms import SAMPLE_CITY, ensure_sample_referral_forms, sample_sheet_for
from importers.demosite.sample_sheets import sample_pdf, sample_xlsx


class Command(BaseCommand):
    help = "Generate the clearly labelled sample つなぐシート (PDF + XLSX); --load also creates 由布市's published form."

    def add_arguments(self, parser):
        parser.add_argument(
            "--city", default=SAMPLE_CITY, help="Demo city slug whose seed gives the routing rules."
        )
        parser.add_argument("--out", default="media/samples", help="Folder to write the files to.")
        parser.add_argument(
            "--load", action="store_true", help="Also create and publish 由布市's ReferralForm."
        )

    def handle(self, *args, city, out, load, **options):
        sheet, _rules = sample_sheet_for(city)
        if not sheet.rules and not sheet.submit_to:
            raise CommandError(f"No つなぐシート routing rules found in the seed of {city!r}.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for ext, content in (("pdf", sample_pdf(sheet)), ("xlsx", sample_xlsx(sheet))):
            path = folder / f"tsunagu-sheet-sample-{city}.{ext}"
            path.write_bytes(content)
            self.stdout.write(f"wrote {path} ({len(content)} bytes)")
        if load:
            form = ensure_sample_referral_forms()
            self.stdout.write(f"form: {form} (live={getattr(form, 'live', None)})")
