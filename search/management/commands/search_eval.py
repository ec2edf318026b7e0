from django.core.management.base import BaseCommand, CommandError

from search.crisis_eval import evaluate_crisis, load_cases
from search.engines import get_engine
from search.evaluation import EvalReport, engine_searcher, evaluate, load_queries, result_name
from search.registry import providers


class Command(BaseCommand):
    help = (
        "Evaluate resident search on a query file (city, query, expected organisations, note): prints hit@1, hit@k, "
        "MRR and every miss, beside Wagtail's stock search backend when the window provider offers stock_search()."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="TSV in the data/eval/dev-queries.tsv format")
        parser.add_argument(
            "--crisis",
            action="store_true",
            help="FILE is a crisis set (query, kind or -, style): print crisis recall and false panels",
        )
        parser.add_argument(
            "--k", type=int, default=3, help="a hit is within the first k windows (default 3)"
        )
        parser.add_argument("--engine", help="dotted path of the engine class (default: settings)")
        parser.add_argument(
            "--city", action="append", dest="cities", help="only rows for this city (repeatable)"
        )
        parser.add_argument("--kind", default="window", help="document kind to evaluate (default window)")
        parser.add_argument("--no-stock", action="store_true", help="skip the stock-backend comparison")
        parser.add_argument(
            "--fail-under",
            type=float,
            default=None,
            help="exit with an error when hit@k is below this (e.g. 1.0)",
        )

    def handle(self, *args, **options):
        if options["crisis"]:
            return self._crisis(options["file"], options["fail_under"])
        try:
            queries = load_queries(options["file"])
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        if options["cities"]:
            queries = [q for q in queries if q.city in set(options["cities"])]
        if not queries:
            raise CommandError("no queries to evaluate")
        k = options["k"]
        engine = get_engine(options["engine"])
        report = evaluate(queries, engine_searcher(engine, options["kind"]), k=k)

        stock_report = None
        provider = providers().get(options["kind"])
        stock = getattr(provider, "stock_search", None) if provider else None
        if options["no_stock"]:
            pass
        elif stock is None:
            self.stdout.write(
                f"(stock comparison skipped: the {options['kind']!r} provider does not implement stock_search())"
            )
        else:

            def stock_searcher(item, limit):
                return [result_name(d.title, d.payload) for d in stock(item.query, item.city, limit)]

            try:
                stock_report = evaluate(queries, stock_searcher, k=k)
            except Exception as exc:  # the comparison is informative; a broken hook must not hide our numbers
                self.stdout.write(f"(stock comparison failed: {type(exc).__name__}: {exc})")

        self._print(report, stock_report, type(engine).__name__)
        if options["fail_under"] is not None and report.hit_at(k) < options["fail_under"]:
            raise CommandError(f"hit@{k} {report.hit_at(k):.2f} is below {options['fail_under']:.2f}")

    def _print(self, report: EvalReport, stock: EvalReport | None, engine_name: str) -> None:
        k = report.k
        out = self.stdout
        out.write(f"{report.n} queries, engine {engine_name}")
        header = f"{'':10}{'tsunagu':>10}" + (f"{'stock':>10}" if stock else "")
        out.write(header)
        for label, value in (
            ("hit@1", lambda r: r.hit_at(1)),
            (f"hit@{k}", lambda r: r.hit_at(k)),
            ("MRR", lambda r: r.mrr),
        ):
            line = f"{label:10}{value(report):>10.2f}"
            if stock:
                line += f"{value(stock):>10.2f}"
            out.write(line)
        out.write(f"zero-result queries: {report.zero_results}")
        kinds = report.by_kind()
        if len(kinds) > 1 or "-" not in kinds:
            out.write(f"by kind{'':12}{'n':>5}{'hit@1':>8}{f'hit@{k}':>8}")
            for kind, sub in kinds.items():
                out.write(f"  {kind:18}{sub.n:>5}{sub.hit_at(1):>8.2f}{sub.hit_at(k):>8.2f}")
        by_city: dict[str, list] = {}
        for row in report.rows:
            by_city.setdefault(row.item.city, []).append(row)
        for city, rows in sorted(by_city.items()):
            hits = sum(r.hit_at(k) for r in rows)
            out.write(f"  {city}: hit@{k} {hits}/{len(rows)}")
        misses = report.misses
        out.write(f"misses ({len(misses)}):" if misses else "misses: none")
        for row in misses:
            got = " | ".join(row.names[:k]) or "(no results)"
            out.write(
                f"  [{row.item.city}] {row.item.query} → expected {'|'.join(row.item.expected)}; got {got}"
            )
        if stock:
            stock_misses = {(r.item.city, r.item.query) for r in stock.misses}
            out.write(f"stock backend misses: {len(stock_misses)} of {stock.n}")

    def _crisis(self, path: str, fail_under: float | None) -> None:
        try:
            cases = load_cases(path)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        if not cases:
            raise CommandError("no crisis cases to evaluate")
        report = evaluate_crisis(cases)
        out = self.stdout
        out.write(
            f"crisis set: {len(report.crisis)} crisis phrasings, {len(report.ordinary)} ordinary queries"
        )
        out.write(f"crisis recall        {report.recall:.3f}  (target 1.000)")
        out.write(f"kind first correct   {report.kind_accuracy:.3f}")
        out.write(
            f"false panels         {report.false_panel_rate:.3f}  ({len(report.false_panels)}/{len(report.ordinary)},"
            " target <= 0.010)"
        )
        for attribute in ("kind", "style"):
            parts = [
                f"{key} {hit}/{total}" for key, (hit, total) in sorted(report.recall_by(attribute).items())
            ]
            out.write(f"recall by {attribute}: " + ", ".join(parts))
        for case in report.misses:
            out.write(f"  MISSED  {case.kind:16} {case.query}")
        for case, match in report.wrong_kind:
            out.write(f"  KIND    {case.kind:16} {case.query} → {', '.join(match.kinds)}")
        for case, match in report.false_panels:
            out.write(f"  FALSE   {match.kind:16} {case.query}  ({' / '.join(match.phrases)})")
        if fail_under is not None and report.recall < fail_under:
            raise CommandError(f"crisis recall {report.recall:.3f} is below {fail_under:.3f}")
