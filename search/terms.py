"""The search-term counts behind the editors' report, and turning a term into a proposed vocabulary entry.

Privacy: only the normalised query text is kept, as daily counts (searches, searches that found nothing, results
followed); no person, session, address or time of day, and nothing older than ``WAGTAILSEARCH_HITS_MAX_AGE`` days.

The loop: a resident's query finds nothing → the report lists it → an editor clicks 「この言葉を「多重債務」の言い換え
として追加」 → a draft VocabularyEntry is created and submitted to the 検索語彙の承認 workflow → a moderator approves
(publishes) it → the analyser reads it (search.vocabulary.db_rows) and the documents containing it are re-indexed
(search.signals) → the same query now finds the concept's windows.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from search.models import SearchTermDay, VocabularyEntry

logger = logging.getLogger("tsunagu.search")

MAX_TERM_LENGTH = 255
#: A term searched at least this often whose results were followed at most LOW_CLICK_RATE of the time is "low-click".
LOW_CLICK_MIN_SEARCHES = 3
LOW_CLICK_RATE = 0.2
REPORT_LIMIT = 200
VOCABULARY_WORKFLOW = "検索語彙の承認"
VOCABULARY_TASK = "検索語彙の承認（モデレーター）"
VOCABULARY_MODERATORS = "search-vocabulary-moderators"
PROPOSAL_NOTE = "検索語の報告から提案（{searches}回検索、うち結果0件{zero}回）"

_purged_on: datetime.date | None = None


def retention_days() -> int:
    return int(getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 90))


def purge_old_terms(today: datetime.date | None = None) -> int:
    """Delete counts older than the retention period. Returns the number of rows deleted."""
    today = today or timezone.localdate()
    deleted, _ = SearchTermDay.objects.filter(
        date__lt=today - datetime.timedelta(days=retention_days())
    ).delete()
    return deleted


def record_search(term: str, *, found: bool) -> None:
    """Count one search of ``term`` (already normalised) today; the first count of a day also purges old days."""
    global _purged_on
    term = (term or "").strip()[:MAX_TERM_LENGTH]
    if not term:
        return
    today = timezone.localdate()
    with transaction.atomic():
        row, created = SearchTermDay.objects.get_or_create(term=term, date=today)
        SearchTermDay.objects.filter(pk=row.pk).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + (0 if found else 1)
        )
    if _purged_on != today:
        _purged_on = today
        purge_old_terms(today)


def record_click(term: str) -> bool:
    """Count one followed result for a term searched today. Never creates a row (an unseen term is ignored)."""
    term = (term or "").strip()[:MAX_TERM_LENGTH]
    if not term:
        return False
    updated = SearchTermDay.objects.filter(
        term=term, date=timezone.localdate(), searches__gt=F("clicks")
    ).update(clicks=F("clicks") + 1)
    return bool(updated)


@dataclass
class TermRow:
    term: str
    searches: int
    zero_results: int
    clicks: int
    reason: str  # "zero" or "low_click"
    concepts: list[str]  # suggested concepts, best first
    pending: bool  # a proposal with this phrase waits for a moderator
    known: bool  # the approved vocabulary already has this phrase


def _suggested_concepts(term: str) -> list[str]:
    """Concepts the term probably means: those it already names, then those of the closest vocabulary spellings."""
    from search.analyzer import analyze_query
    from search.suggest import suggestions
    from search.vocabulary import get_vocabulary

    vocabulary = get_vocabulary()
    found: dict[str, None] = dict.fromkeys(analyze_query(term).concepts)
    for spelling in suggestions(term):
        for name in analyze_query(spelling).concepts:
            found.setdefault(name, None)
    return [name for name in found if name in vocabulary.concepts and not vocabulary.concepts[name].crisis][
        :3
    ]


def _phrases_of(entries) -> set[str]:
    from search.analyzer import normalize_text

    return {normalize_text(line) for e in entries for line in e.phrases.splitlines() if line.strip()}


def term_report(days: int | None = None, limit: int = REPORT_LIMIT) -> list[TermRow]:
    """Zero-result and low-click terms of the last ``days`` days, most searched first."""
    from search.analyzer import normalize_text
    from search.vocabulary import get_vocabulary

    days = min(days or retention_days(), retention_days())
    since = timezone.localdate() - datetime.timedelta(days=days)
    totals = (
        SearchTermDay.objects.filter(date__gte=since)
        .values("term")
        .annotate(s=Sum("searches"), z=Sum("zero_results"), c=Sum("clicks"))
        .order_by("-z", "-s", "term")
    )
    pending = _phrases_of(VocabularyEntry.objects.filter(live=False))
    vocabulary = get_vocabulary()
    known = {p for concept in vocabulary.concepts.values() for p in (concept.name, *concept.phrases)}
    rows: list[TermRow] = []
    for item in totals:
        searches, zero, clicks = item["s"] or 0, item["z"] or 0, item["c"] or 0
        if zero:
            reason = "zero"
        elif searches >= LOW_CLICK_MIN_SEARCHES and clicks <= searches * LOW_CLICK_RATE:
            reason = "low_click"
        else:
            continue
        term = item["term"]
        rows.append(
            TermRow(
                term=term,
                searches=searches,
                zero_results=zero,
                clicks=clicks,
                reason=reason,
                concepts=_suggested_concepts(term),
                pending=normalize_text(term) in pending,
                known=normalize_text(term) in known,
            )
        )
        if len(rows) >= limit:
            break
    return rows


def ensure_vocabulary_workflow():
    """The 検索語彙の承認 workflow on VocabularyEntry (one group approval task), created when first needed."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

    content_type = ContentType.objects.get_for_model(VocabularyEntry)
    existing = (
        WorkflowContentType.objects.filter(content_type=content_type).select_related("workflow").first()
    )
    if existing is not None:
        return existing.workflow
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=VOCABULARY_MODERATORS)
        for codename in ("add", "change", "publish", "lock", "unlock"):
            permission = Permission.objects.filter(
                content_type=content_type, codename=f"{codename}_vocabularyentry"
            ).first()
            if permission is not None:
                group.permissions.add(permission)
        access = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).first()
        if access is not None:
            group.permissions.add(access)
        task = GroupApprovalTask.objects.filter(name=VOCABULARY_TASK).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=VOCABULARY_TASK)
            task.groups.set([group])
        workflow, _ = Workflow.objects.get_or_create(name=VOCABULARY_WORKFLOW, defaults={"active": True})
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow


def propose_synonym(
    term: str, concept_name: str, user, *, searches: int = 0, zero: int = 0
) -> VocabularyEntry:
    """A draft entry that adds ``term`` as a phrase of ``concept_name``, submitted to the moderators' workflow.

    Raises LookupError for an unknown or crisis concept (crisis phrases are reviewed in the files only) and
    ValueError for an empty term.
    """
    from search.analyzer import normalize_text
    from search.vocabulary import get_vocabulary

    term = normalize_text(term or "").strip()[:MAX_TERM_LENGTH]
    if not term:
        raise ValueError("empty term")
    concept = get_vocabulary().concepts.get(normalize_text(concept_name or ""))
    if concept is None or concept.crisis:
        raise LookupError(concept_name)
    entry = VocabularyEntry(
        concept=concept.name,
        categories=",".join(concept.categories),
        phrases=term,
        active=True,
        live=False,
        note=PROPOSAL_NOTE.format(searches=searches, zero=zero),
    )
    with transaction.atomic():
        entry.save()
        entry.save_revision(user=user, log_action=True)
        workflow = ensure_vocabulary_workflow()
        if workflow.active:
            workflow.start(entry, user)
    logger.info("vocabulary: proposal %s for concept %s submitted", entry.pk, concept.name)
    return entry
