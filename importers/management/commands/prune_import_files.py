"""`manage.py prune_import_files`: drop the uploaded bytes of finished import jobs after the retention period.

An admin upload keeps the file's bytes in its `ImportJob` row so that a worker on another machine can read it
(importers/models.py). Once the job is done or failed nothing reads them again; after `TSUNAGU_IMPORT_FILE_DAYS`
(30) days they are emptied. The job row itself — file name, status, report — stays for the job page and the audit
trail. A running job whose worker is gone is marked failed first (`ImportJob.checked`). The scheduler runs this
daily (`make prod`, compose.yaml, docs/deploy.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from importers.models import ImportJob

FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED)


class Command(BaseCommand):
    help = "Empty the stored upload of import jobs that finished more than TSUNAGU_IMPORT_FILE_DAYS days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: settings.TSUNAGU_IMPORT_FILE_DAYS)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.TSUNAGU_IMPORT_FILE_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more")
        cutoff = timezone.now() - timedelta(days=days)
        # A job still "running" since before the cutoff has lost its worker: fail it, and its upload goes too.
        running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, created__lt=cutoff).defer("data")
        if dry_run:
            abandoned = [job.pk for job in running if job._worker_lost()]
        else:
            abandoned = [job.pk for job in running if job.checked().status == ImportJob.Status.FAILED]
        past_retention = Q(finished__lt=cutoff) | Q(finished__isnull=True, created__lt=cutoff)
        expired = ImportJob.objects.filter(
            (Q(status__in=FINISHED) & past_retention) | Q(pk__in=abandoned)
        ).exclude(data=b"")
        count = expired.count() if dry_run else expired.update(data=b"")
        verb = "would prune" if dry_run else "pruned"
        self.stdout.write(
            f"{verb} the uploaded files of {count} import jobs finished before {cutoff:%Y-%m-%d %H:%M} UTC"
        )
