"""`manage.py restore PATH`: replace the database and MEDIA_ROOT with a `manage.py backup` archive.

The whole archive is checked first (portal/backup.py); a corrupt or mismatched archive is refused before anything
is written. Stop the web processes and the worker first (docs/deploy.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup
from portal.cache import bump_generation


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from a `manage.py backup` archive (checked before anything is written)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive written by manage.py backup")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, path, database="default", interactive=True, **options):
        if interactive:
            answer = input(
                "データベースとメディアファイルをバックアップの内容で置き換えます。よろしいですか？ "
                "This replaces the database and the media files. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError(
                    "中止しました。何も変更していません。\nRestore cancelled; nothing was changed."
                )
        try:
            result = restore_backup(Path(path), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        bump_generation()  # cached pages show the old content
        self.stdout.write(f"restored {path} ({result.engine}, {result.media_files} media files)")
        if result.previous_media is not None:
            self.stdout.write(f"previous media kept in {result.previous_media}")
        if result.missing_migrations:
            self.stdout.write(
                f"the archive predates {len(result.missing_migrations)} migrations: run `manage.py migrate` now"
            )
