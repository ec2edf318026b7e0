"""The curated domain vocabulary: how residents phrase a worry → the concepts windows are filed under.

The reviewed data lives in ``search/vocabulary/*.tsv`` (one file per consultation category); editors add entries in
the admin (``search.models.VocabularyEntry``). Both are analysed with the same analyzer when loaded, so a phrase
written 子ども matches a query typed こども, and expansion is decided on analysed tokens, never on raw strings or a
general synonym dictionary (Sudachi's 介護 group contains 介錯).

TSV format, tab-separated, ``#`` starts a comment line::

    concept <TAB> category slugs (comma-separated) <TAB> phrases separated by | <TAB> note <TAB> English

The English column holds the concept's reviewed English label, then English phrases, all separated by |
(``Debt|debt|loan|can't pay back``). The label is shown to residents; label and phrases are matched against
English queries (search.foreign: lowercased, Snowball-stemmed, function words dropped, negations kept), so
"I have debts I cannot pay back" reaches 多重債務 like 借金が返せない does.

The categories cell may also hold a tag: ``crisis:<kind>`` (suicide, violence, child_abuse, sexual_violence, hunger)
makes the concept a crisis concept (``crisis.tsv``): search.crisis detects it in queries and the search page puts the
crisis panel first. A crisis phrase written ``~もう限界`` counts only when it stands alone in its clause
(「もう限界」, not 「介護がもう限界」); see search/crisis.py.

Matching rules (why they differ):
- In a query every token of a phrase must occur, in any order: queries are short, and residents reorder
  (「暴力を夫から受けている」 is still 夫から暴力).
- In a document the tokens must occur in order with at most ``DOC_MAX_GAP`` other tokens between them, because a
  long page mentions 家 and 出る in unrelated sentences.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.analyzer import (
    CONCEPT_PREFIX,
    Morph,
    _reading_token,
    _safe_token,
    match_stream,
    normalize_text,
    tokenize,
)
from search.foreign import english_tokens

logger = logging.getLogger("tsunagu.search")

VOCABULARY_DIR = Path(__file__).resolve().parent
DOC_MAX_GAP = 2
CRISIS_TAG = "crisis:"
STANDALONE_MARK = "~"
# How often a process re-checks the database for editor changes made in another process.
DB_RECHECK_SECONDS = 30.0


def concept_token(name: str) -> str:
    return CONCEPT_PREFIX + _safe_token(normalize_text(name))


@dataclass
class Concept:
    name: str
    categories: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # as written, for review and the admin
    english_label: str = ""  # the reviewed English name shown to residents (first item of the English column)
    english_phrases: list[str] = field(default_factory=list)
    name_token: str | None = None  # the concept name as one index token, when it is one word (不登校, DV)
    crisis: str | None = None  # the crisis kind of a crisis concept (crisis:suicide → "suicide")

    @property
    def token(self) -> str:
        return concept_token(self.name)


@dataclass(frozen=True)
class VocabularyRow:
    concept: str
    categories: tuple[str, ...]
    phrases: tuple[str, ...]
    origin: str  # "keizai.tsv:12" or "admin:5"
    english: tuple[str, ...] = ()  # label first, then phrases


def parse_tsv(text: str, origin: str = "") -> tuple[list[VocabularyRow], list[str]]:
    """Parse one vocabulary file. Returns rows and human-readable problems (never raises on bad lines)."""
    rows: list[VocabularyRow] = []
    problems: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            problems.append(f"{origin}:{lineno}: expected concept, categories, phrases")
            continue
        concept = normalize_text(cells[0])
        categories = tuple(c.strip() for c in cells[1].split(",") if c.strip())
        phrases = tuple(p for p in (normalize_text(p) for p in cells[2].split("|")) if p)
        if not concept:
            problems.append(f"{origin}:{lineno}: empty concept")
            continue
        english = (
            tuple(p for p in (normalize_text(p) for p in cells[4].split("|")) if p) if len(cells) > 4 else ()
        )
        rows.append(VocabularyRow(concept, categories, phrases, f"{origin}:{lineno}", english))
    return rows, problems


class Vocabulary:
    """Analysed vocabulary with fast phrase lookup."""

    def __init__(self, rows: Iterable[VocabularyRow]):
        self.concepts: dict[str, Concept] = {}
        self.problems: list[str] = []
        # phrase token tuple → concept names; and an index by first token for document scanning
        self._phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        # Query matching only looks at phrases that share at least one token with the query.
        self._by_token: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        # Reading of a one-word phrase (シャッキン for 借金) → concepts, for queries typed in kana.
        self._by_reading: dict[str, set[str]] = defaultdict(set)
        # English phrase stems → concepts (search.foreign), and every stem any English phrase uses.
        self._english: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._english_by_token: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for row in rows:
            self._add(row)
        for phrase in self._english:
            for token in phrase:
                self._english_by_token[token].add(phrase)
        self.english_words = frozenset(t for t in self._english_by_token if not t.startswith("@"))
        for phrase in self._phrases:
            self._by_first[phrase[0]].append(phrase)
            for token in phrase:
                self._by_token[token].add(phrase)

    def _add(self, row: VocabularyRow) -> None:
        concept = self.concepts.get(row.concept)
        if concept is None:
            concept = self.concepts[row.concept] = Concept(row.concept, name_token=_single_token(row.concept))
        for slug in row.categories:
            if slug.startswith(CRISIS_TAG):
                concept.crisis = slug[len(CRISIS_TAG) :]
            elif slug not in concept.categories:
                concept.categories.append(slug)
        for index, phrase in enumerate(row.english):
            if index == 0 and not concept.english_label:
                concept.english_label = phrase
            if phrase not in concept.english_phrases:
                concept.english_phrases.append(phrase)
            tokens = english_tokens(phrase)
            if tokens and any(not t.startswith("@") for t in tokens):
                self._english[tokens].add(row.concept)
        for phrase in (row.concept, *row.phrases):
            if phrase.startswith(STANDALONE_MARK):
                # A crisis-only phrase (「~もう限界」): too vague to rank windows by; search.crisis reads it.
                if phrase not in concept.phrases:
                    concept.phrases.append(phrase)
                continue
            morphs, compounds = tokenize(normalize_text(phrase))
            tokens = tuple(match_stream(morphs))
            words = [m for m in morphs if not m.is_stop]
            # A phrase is named by its reading only when it is one word, or one compound covering every word:
            # 夫がお金をくれない holds the compound お金 but is not named by オカネ (おかね ≠ DV).
            whole = (
                len(compounds) == 1
                and bool(words)
                and compounds[0].begin <= words[0].begin
                and compounds[0].end >= words[-1].end
            )
            if len(words) == 1 or (whole and len(tokens) > 1):
                reading = _reading_token(compounds[0].reading if len(words) > 1 else words[0].reading)
                if reading:
                    self._by_reading[reading].add(row.concept)
            if not tokens:
                self.problems.append(f"{row.origin}: phrase {phrase!r} has no content words")
                continue
            if phrase not in concept.phrases:
                concept.phrases.append(phrase)
            self._phrases[tokens].add(row.concept)

    def __len__(self) -> int:
        return len(self.concepts)

    def concepts_in_query(self, stream: list[str]) -> list[str]:
        """Concepts whose phrases occur in a query's match stream (all tokens present, any order)."""
        present = set(stream)
        found: dict[str, None] = {}
        candidates: set[tuple[str, ...]] = set()
        for token in present:
            candidates |= self._by_token.get(token, set())
        # Longest phrases first so the order of concepts follows the most specific evidence.
        for phrase in sorted(candidates, key=lambda p: (-len(p), p)):
            if present.issuperset(phrase):
                for name in sorted(self._phrases[phrase]):
                    found.setdefault(name, None)
        return list(found)

    def concepts_in_english(self, tokens: Iterable[str]) -> list[str]:
        """Concepts whose English phrases' stems all occur among an English query's stems (any order)."""
        present = set(tokens)
        candidates: set[tuple[str, ...]] = set()
        for token in present:
            candidates |= self._english_by_token.get(token, set())
        found: dict[str, None] = {}
        for phrase in sorted(candidates, key=lambda p: (-len(p), p)):
            if present.issuperset(phrase):
                for name in sorted(self._english[phrase]):
                    found.setdefault(name, None)
        return list(found)

    def concepts_by_reading(self, readings: Iterable[str]) -> list[str]:
        """Concepts named by the reading of a one-word phrase (r:シャッキン → 多重債務)."""
        found: dict[str, None] = {}
        for reading in readings:
            for name in sorted(self._by_reading.get(reading, ())):
                found.setdefault(name, None)
        return list(found)

    def concepts_in_document(self, stream: list[str]) -> list[str]:
        """Concepts whose phrases occur in order (small gaps allowed) in a document's match stream."""
        found: dict[str, None] = {}
        for _, _, phrase in self._scan(stream):
            for name in sorted(self._phrases[phrase]):
                found.setdefault(name, None)
        return list(found)

    def concept_spans(self, morphs: list[Morph], concepts: set[str]) -> list[tuple[int, int]]:
        """Character spans of phrases of the given concepts inside analysed text (for highlighting)."""
        kept = [m for m in morphs if not m.is_stop and m.norm]
        spans = []
        for start, end, phrase in self._scan([m.norm for m in kept]):
            if self._phrases[phrase] & concepts:
                spans.append((kept[start].begin, kept[end].end))
        return spans

    def _scan(self, stream: list[str]) -> Iterable[tuple[int, int, tuple[str, ...]]]:
        for i, token in enumerate(stream):
            for phrase in self._by_first.get(token, ()):
                pos = i
                for part in phrase[1:]:
                    window = stream[pos + 1 : pos + 2 + DOC_MAX_GAP]
                    if part not in window:
                        break
                    pos = pos + 1 + window.index(part)
                else:
                    yield i, pos, phrase


def _single_token(text: str) -> str | None:
    """The index token for a concept name when the name is one word (or one mode C compound)."""
    normalized = normalize_text(text)
    morphs, compounds = tokenize(normalized)
    content = [m for m in morphs if m.is_content]
    whole = [c for c in compounds if c.begin == 0 and c.end == len(normalized)]
    if whole:
        return whole[0].norm
    if len(content) == 1 and not compounds and content[0].end - content[0].begin == len(normalized):
        return content[0].norm
    return None


# --------------------------------------------------------------------------------------------------------------
# Loading and caching
# --------------------------------------------------------------------------------------------------------------


def file_rows(directory: Path = VOCABULARY_DIR) -> tuple[list[VocabularyRow], list[str]]:
    rows: list[VocabularyRow] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.tsv")):
        file_rows_, file_problems = parse_tsv(path.read_text(encoding="utf-8"), path.name)
        rows.extend(file_rows_)
        problems.extend(file_problems)
    return rows, problems


def _database_ready() -> bool:
    try:
        from django.apps import apps

        return apps.ready
    except Exception:
        return False


def db_rows() -> list[VocabularyRow]:
    """Active, approved editor entries from the database; empty when Django or the table is not available.

    Only a live entry counts, with its live content: a proposal (a draft in the moderators' workflow) and an
    unapproved change to a live entry (a newer revision) do not reach the analyser until a moderator publishes them.
    """
    if not _database_ready():
        return []
    try:
        from django.db import transaction

        from search.models import VocabularyEntry

        # A savepoint keeps a missing table (before migrate) from poisoning an outer PostgreSQL transaction.
        with transaction.atomic():
            entries = list(VocabularyEntry.objects.filter(active=True, live=True).order_by("pk"))
    except Exception:
        logger.debug("vocabulary: database entries unavailable", exc_info=True)
        return []
    return [
        VocabularyRow(
            concept=normalize_text(e.concept),
            categories=tuple(c.strip() for c in (e.categories or "").split(",") if c.strip()),
            phrases=tuple(p for p in (normalize_text(line) for line in e.phrases.splitlines()) if p),
            origin=f"admin:{e.pk}",
        )
        for e in entries
    ]


def _db_version() -> tuple | None:
    if not _database_ready():
        return None
    try:
        from django.db import transaction
        from django.db.models import Count, Max

        from search.models import VocabularyEntry

        with transaction.atomic():
            agg = VocabularyEntry.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
        return (agg["n"], agg["latest"])
    except Exception:
        return None


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.vocabulary: Vocabulary | None = None
        self.file_vocabulary_rows: list[VocabularyRow] | None = None
        self.db_version: tuple | None = None
        self.checked_at = 0.0


_cache = _Cache()


def get_vocabulary() -> Vocabulary:
    """The merged vocabulary (files + active admin entries), cached per process.

    Saving or deleting a VocabularyEntry invalidates the cache in that process (search.signals); other processes
    notice within DB_RECHECK_SECONDS.
    """
    now = time.monotonic()
    vocabulary = _cache.vocabulary
    if vocabulary is not None and now - _cache.checked_at < DB_RECHECK_SECONDS:
        return vocabulary
    with _cache.lock:
        version = _db_version()
        # An unreadable database (no access in this context) keeps what we have rather than dropping admin entries.
        unreadable = version is None and _cache.db_version is not None
        if _cache.vocabulary is None or (version != _cache.db_version and not unreadable):
            if _cache.file_vocabulary_rows is None:
                rows, problems = file_rows()
                for problem in problems:
                    logger.warning("vocabulary: %s", problem)
                _cache.file_vocabulary_rows = rows
            _cache.vocabulary = Vocabulary([*_cache.file_vocabulary_rows, *db_rows()])
            _cache.db_version = version
        _cache.checked_at = time.monotonic()
        return _cache.vocabulary


def file_concepts() -> set[str]:
    """Names of the concepts the shipped TSV files define."""
    rows = _cache.file_vocabulary_rows
    if rows is None:
        rows, _problems = file_rows()
    return {row.concept for row in rows}


def invalidate_vocabulary_cache(*, files: bool = False) -> None:
    """Forget the merged vocabulary (after an admin edit; ``files=True`` also re-reads the TSV files)."""
    with _cache.lock:
        _cache.vocabulary = None
        _cache.checked_at = 0.0
        if files:
            _cache.file_vocabulary_rows = None
