"""Search on cities nobody tuned for: three made-up municipalities onboarded through the real path.

data/eval/cities/*.csv are open-data directories written for this set (modelled on the structure of real 相談窓口
pages: a front door, 社会福祉協議会, 地域包括 by district, prefectural and national windows, windows for businesses
and for age ranges). manage.py load_eval_cities runs add_city → import_directory → publish for each; the 400
phrasings of data/eval/unseen-queries.tsv are then searched the way the site searches them.

Measured blind, before any change they led to (manage.py search_eval data/eval/unseen-queries.tsv):
hit@1 0.66, hit@3 0.78, MRR 0.72, 56 zero-result queries; English 0.03, romaji 0.11, place names 0.59.
"""

import sys
from pathlib import Path

from django.core.management import call_command

import pytest

from search.engines import get_engine
from search.evaluation import engine_searcher, evaluate, load_queries

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "data" / "eval" / "unseen-queries.tsv"
# A second batch written after the first fixes, measured blind once (hit@1 0.68, hit@3 0.85).
UNSEEN_2 = ROOT / "data" / "eval" / "unseen-queries-2.tsv"
MIN_HIT_AT_3 = 0.93
MIN_HIT_AT_1 = 0.8


def test_unseen_set_is_broad():
    queries = load_queries(UNSEEN)
    assert len(queries) >= 400
    assert {"shinonome", "midorikawa", "hoshigaura", "*"} <= {q.city for q in queries}
    kinds = {kind for q in queries for kind in q.kinds}
    assert {
        "dialect",
        "hiragana",
        "typo",
        "narrative",
        "negation",
        "multi",
        "english",
        "romaji",
        "easy",
    } <= kinds
    assert {"slang", "target", "place"} <= kinds
    foreign = [q for q in queries if {"english", "romaji", "easy"} & set(q.kinds)]
    assert len(foreign) >= 60


@pytest.mark.django_db
def test_unseen_cities(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # publishing indexes on commit
        call_command("load_eval_cities", verbosity=0)
    engine = get_engine()
    engine.invalidate()
    report = evaluate([*load_queries(UNSEEN), *load_queries(UNSEEN_2)], engine_searcher(engine), k=3)
    lines = [f"unseen cities: hit@1 {report.hit_at(1):.2f} hit@3 {report.hit_at(3):.2f} MRR {report.mrr:.2f}"]
    for kind, sub in report.by_kind().items():
        lines.append(f"  {kind:12} n={sub.n:3}  hit@1 {sub.hit_at(1):.2f}  hit@3 {sub.hit_at(3):.2f}")
    with capsys.disabled():
        sys.stdout.write("\n" + "\n".join(lines) + "\n")
    misses = [(r.item.city, r.item.query, r.names[:3]) for r in report.misses]
    assert report.hit_at(3) >= MIN_HIT_AT_3, misses
    assert report.hit_at(1) >= MIN_HIT_AT_1
