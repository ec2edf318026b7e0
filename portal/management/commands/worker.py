"""`manage.py worker`: django-tasks-db's `db_worker` that backs off while the database is away.

The stock worker exits on the first OperationalError, so an outage or a restart of PostgreSQL kills the import
worker until someone restarts it. This one logs the outage once, waits 1, 2, 4 … up to 60 seconds between
attempts, and resumes by itself. Same options as db_worker (`--backend imports`, `--queue-name`, `--interval` …).
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections

from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("tsunagu.worker")

MAX_BACKOFF_SECONDS = 60.0


class BackoffWorker(db_worker.Worker):
    backoff_max = MAX_BACKOFF_SECONDS

    def run(self) -> None:
        delay = 1.0
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > self.backoff_max:
                    delay = 1.0  # it ran fine for a while: this is a new outage
                logger.warning("database unavailable (%s); worker retries in %.0f s", error, delay)
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                    connection.close()
                if not self.running:
                    return
                time.sleep(delay)
                delay = min(delay * 2, self.backoff_max)


class Command(db_worker.Command):
    help = "Run queued tasks (like db_worker), backing off while the database is unavailable."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        **options,
    ):
        self.configure_logging(verbosity)
        worker = BackoffWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        worker.configure_signals()
        worker.run()
