import time

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from search.engines import get_engine
from search.registry import providers
from search.signals import rebuild_index


class Command(BaseCommand):
    help = "Re-index every registered search provider (or only --kind …) into the configured engine."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="only this kind (repeatable)")

    def handle(self, *args, kinds=None, **options):
        registered = providers()
        if kinds:
            unknown = sorted(set(kinds) - set(registered))
            if unknown:
                raise CommandError(f"no provider registered for: {', '.join(unknown)}")
        if not registered:
            self.stdout.write("No search providers are registered; the index was cleared.")
        verbosity = options["verbosity"]
        # Providers that can count their documents give the bar a total, hence an ETA.
        counters = [
            p.count for k, p in registered.items() if (not kinds or k in kinds) and hasattr(p, "count")
        ]
        total = sum(count() for count in counters) if verbosity > 0 else 0
        bar = tqdm(total=total or None, unit="doc", disable=verbosity < 1, file=self.stderr, mininterval=1.0)
        started, cpu_started = time.perf_counter(), time.process_time()
        count = rebuild_index(kinds, progress=lambda done: bar.update(done - bar.n))
        engine = get_engine()
        optimize = getattr(engine, "optimize", None)
        if optimize is not None:
            optimize()
        bar.close()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        if verbosity > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {count} documents with {type(engine).__name__} in {elapsed:.1f} s "
                    f"({count / max(elapsed, 1e-9):,.0f} documents/s; CPU {cpu:.1f} s, "
                    f"{count / max(cpu, 1e-9):,.0f} documents per CPU second — on a shared machine the steadier "
                    "figure)."
                )
            )
