"""`manage.py apply_corrections [FILE ...] --editor USER --moderator USER`: editorial corrections of imported text
(data/corrections/*.toml by default), each saved as the editor's revision and approved by the moderator through the
city's workflow (guides.corrections). All or nothing: a correction that cannot be applied changes no page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guides.corrections import CORRECTIONS_DIR, CorrectionError, apply_correction, load_corrections


class Command(BaseCommand):
    help = "Apply editorial corrections of imported text through the cities' approval workflows."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, help="TOML files (default: data/corrections/*.toml)"
        )
        parser.add_argument("--editor", required=True, help="username that saves the corrected revisions")
        parser.add_argument("--moderator", required=True, help="username that approves them")

    def handle(self, *args, files, editor, moderator, verbosity=1, **options):
        users = get_user_model().objects
        try:
            editor_user, moderator_user = users.get(username=editor), users.get(username=moderator)
        except get_user_model().DoesNotExist as error:
            raise CommandError(
                f"Unknown user ({editor!r} or {moderator!r}): ユーザーが見つかりません。"
            ) from error
        paths = files or sorted(CORRECTIONS_DIR.glob("*.toml"))
        corrected = []
        try:
            with transaction.atomic():
                for path in paths:
                    for correction in load_corrections(path):
                        corrected += apply_correction(
                            correction, editor=editor_user, moderator=moderator_user
                        )
        except CorrectionError as error:
            raise CommandError(f"{error} / {error.message_ja} (nothing was changed)") from error
        if verbosity:
            self.stdout.write(
                f"{len(corrected)} page(s) corrected and approved" + "".join(f"\n  {p}" for p in corrected)
            )
