"""Evaluation of crisis detection: recall on crisis phrasings, false panels on ordinary ones.

File format (tests/search/fixtures/crisis_eval.tsv): ``query <TAB> kind or - <TAB> style``, ``#`` comments.
Printed by ``manage.py search_eval --crisis FILE``; tested in tests/search/test_crisis_eval.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.crisis import CrisisMatch, detect_crisis

ORDINARY = "-"


@dataclass(frozen=True)
class CrisisCase:
    query: str
    kind: str  # a crisis kind, or "-" for an ordinary query
    style: str = ""


@dataclass
class CrisisReport:
    rows: list[tuple[CrisisCase, CrisisMatch | None]] = field(default_factory=list)

    @property
    def crisis(self) -> list[tuple[CrisisCase, CrisisMatch | None]]:
        return [(c, m) for c, m in self.rows if c.kind != ORDINARY]

    @property
    def ordinary(self) -> list[tuple[CrisisCase, CrisisMatch | None]]:
        return [(c, m) for c, m in self.rows if c.kind == ORDINARY]

    @property
    def recall(self) -> float:
        return _share(m is not None for _c, m in self.crisis)

    @property
    def kind_accuracy(self) -> float:
        """Crisis queries whose panel leads with the expected kind."""
        return _share(m is not None and m.kind == c.kind for c, m in self.crisis)

    @property
    def false_panel_rate(self) -> float:
        return _share(m is not None for _c, m in self.ordinary)

    @property
    def misses(self) -> list[CrisisCase]:
        return [c for c, m in self.crisis if m is None]

    @property
    def wrong_kind(self) -> list[tuple[CrisisCase, CrisisMatch]]:
        return [(c, m) for c, m in self.crisis if m is not None and m.kind != c.kind]

    @property
    def false_panels(self) -> list[tuple[CrisisCase, CrisisMatch]]:
        return [(c, m) for c, m in self.ordinary if m is not None]

    def recall_by(self, attribute: str) -> dict[str, tuple[int, int]]:
        """kind or style → (detected, total) over the crisis queries."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for case, match in self.crisis:
            key = getattr(case, attribute) or "?"
            out[key][0] += match is not None
            out[key][1] += 1
        return {key: (hit, total) for key, (hit, total) in out.items()}


def _share(values: Iterable[bool]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def parse_cases(text: str) -> list[CrisisCase]:
    cases = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0].strip():
            continue
        cases.append(
            CrisisCase(cells[0].strip(), cells[1].strip(), cells[2].strip() if len(cells) > 2 else "")
        )
    return cases


def load_cases(path: str | Path) -> list[CrisisCase]:
    return parse_cases(Path(path).read_text(encoding="utf-8"))


def evaluate_crisis(
    cases: Iterable[CrisisCase], detector: Callable[[str], CrisisMatch | None] = detect_crisis
) -> CrisisReport:
    return CrisisReport(rows=[(case, detector(case.query)) for case in cases])
