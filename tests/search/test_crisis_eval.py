"""The crisis evaluation set: every crisis phrasing gets the panel, ordinary queries (near misses too) almost never.

Targets from issue #12: crisis recall 100 %, false panels ≤ 1 %. Printed by
``manage.py search_eval --crisis tests/search/fixtures/crisis_eval.tsv``.
"""

from pathlib import Path

from django.core.management import call_command

from search.crisis_eval import evaluate_crisis, load_cases

FIXTURE = Path(__file__).parent / "fixtures" / "crisis_eval.tsv"


def test_the_set_is_as_large_as_the_issue_asks():
    cases = load_cases(FIXTURE)
    crisis = [c for c in cases if c.kind != "-"]
    ordinary = [c for c in cases if c.kind == "-"]
    assert len(crisis) >= 150 and len(ordinary) >= 300
    assert {c.kind for c in crisis} == {"suicide", "violence", "child_abuse", "sexual_violence", "hunger"}
    assert {"hiragana", "dialect", "typo", "indirect"} <= {c.style for c in crisis}
    assert sum(c.style == "near miss" for c in ordinary) >= 80


def test_crisis_recall_is_complete_and_false_panels_are_rare():
    report = evaluate_crisis(load_cases(FIXTURE))
    assert report.misses == [], [c.query for c in report.misses]
    assert report.recall == 1.0
    assert report.false_panel_rate <= 0.01, [c.query for c, _m in report.false_panels]
    assert report.kind_accuracy >= 0.97, [(c.query, m.kinds) for c, m in report.wrong_kind]


def test_search_eval_prints_the_crisis_numbers(capsys):
    call_command("search_eval", str(FIXTURE), "--crisis")
    out = capsys.readouterr().out
    assert "crisis recall        1.000" in out and "false panels" in out and "recall by style" in out


def test_blind_batch_stays_where_it_was_measured():
    """A second batch written after the first set passed (docs/search.md has its blind numbers: recall 0.42, false
    panels 4/34 before the general fixes it prompted). Guarded so it never falls back."""
    report = evaluate_crisis(load_cases(Path(__file__).parent / "fixtures" / "crisis_blind.tsv"))
    assert report.recall >= 0.93, [c.query for c in report.misses]
    assert report.false_panels == []
