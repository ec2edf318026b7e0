"""`manage.py backup [PATH]`: the database and the uploaded media files in one checked archive (portal/backup.py)."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT to one archive with a manifest and SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="archive to write (default: backups/tsunagu-<UTC time>.tar.gz); an existing file is replaced",
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--no-media", action="store_true", help="leave MEDIA_ROOT out of the archive")

    def handle(self, *args, path=None, database="default", no_media=False, **options):
        if path is None:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            path = Path("backups") / f"tsunagu-{stamp}.tar.gz"
        try:
            manifest = create_backup(Path(path), alias=database, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"backup written: {path} ({manifest['engine']}, {media} media files)")
