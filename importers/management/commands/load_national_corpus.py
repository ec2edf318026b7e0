"""Load the synthetic national corpus (search.synthetic) into this site's database, for benchmarks only."""

import time

from django.core.management.base import BaseCommand

from tqdm import tqdm

from importers.national_corpus import load_national_corpus


class Command(BaseCommand):
    help = (
        "Create synthetic cities (city0000 …) with their windows, live, in bulk: a benchmark corpus. "
        "Idempotent: cities that exist are skipped. Never use on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=1741)
        parser.add_argument("--per-city", type=int, default=60)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, cities, per_city, seed, verbosity=1, **options):
        started = time.perf_counter()
        bar = tqdm(total=cities, unit="city", disable=verbosity < 1, file=self.stderr)

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        created = load_national_corpus(cities, per_city, seed=seed, progress=progress)
        bar.close()
        if verbosity:
            self.stdout.write(
                f"Synthetic corpus: {created} cities created ({cities} requested × {per_city} windows) "
                f"in {time.perf_counter() - started:.1f} s."
            )
