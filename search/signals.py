"""Index maintenance helpers the domain apps call, and the vocabulary cache receivers.

Domain apps connect their own publish/unpublish/delete signals and call ``index_object`` / ``remove_object``:
drafts never reach the index because the provider's ``document_for`` returns None for them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import published, unpublished

from search.analyzer import analyze_document, normalize_text
from search.engines import get_engine
from search.models import SearchEntry, VocabularyEntry
from search.registry import all_documents, get_provider
from search.vocabulary import file_concepts, invalidate_vocabulary_cache

logger = logging.getLogger("tsunagu.search")


def index_object(kind: str, obj: Any) -> None:
    """(Re)index one object after publish; removes it when its provider says it is not searchable."""
    provider = get_provider(kind)
    document = provider.document_for(obj)

    def apply() -> None:
        engine = get_engine()
        if document is None:
            # Optional provider hook: the key an unsearchable object would have had, so it can be dropped.
            key_for = getattr(provider, "key_for", None)
            if key_for is not None:
                engine.remove([key_for(obj)])
            return
        engine.index([document])

    # After commit: a rolled-back publish must not leave a searchable document behind.
    transaction.on_commit(apply)


def remove_object(kind: str, key: str) -> None:
    """Drop one document (unpublish, delete)."""
    transaction.on_commit(lambda: get_engine().remove([key]))


def remove_objects(keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        transaction.on_commit(lambda: get_engine().remove(keys))


def rebuild_index(
    kinds: Iterable[str] | None = None,
    *,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Re-index every registered provider (or the given kinds). Returns the number of documents indexed.

    For the embedded engine the clear and the re-index are one transaction: a provider failing halfway leaves the
    previous index in place instead of an empty one. ``progress`` is called with the number of documents written
    after each batch.
    """
    engine = get_engine()
    kinds = list(kinds) if kinds is not None else None
    rebuild_all = getattr(engine, "rebuild_all", None)
    if kinds is None and rebuild_all is not None:
        # Engines with their own atomic rebuild (Elasticsearch: a new index, then one alias swap).
        def counted():
            for done, document in enumerate(all_documents(None), start=1):
                if progress and done % batch_size == 0:
                    progress(done)
                yield document

        count = rebuild_all(counted())
        if progress:
            progress(count)
        logger.info("search index rebuilt: %d documents", count)
        return count
    count = 0
    with transaction.atomic():
        engine.clear(kinds=kinds)
        batch = []
        for document in all_documents(kinds):
            batch.append(document)
            if len(batch) >= batch_size:
                engine.index(batch)
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        if batch:
            engine.index(batch)
            count += len(batch)
            if progress:
                progress(count)
    logger.info("search index rebuilt: %d documents", count)
    return count


@receiver(post_save, sender=VocabularyEntry, dispatch_uid="search_vocabulary_saved")
@receiver(post_delete, sender=VocabularyEntry, dispatch_uid="search_vocabulary_deleted")
def _vocabulary_changed(**kwargs: Any) -> None:
    # Query expansion picks the change up at once; documents get the new concept tokens at the next rebuild.
    invalidate_vocabulary_cache()


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(analyze_document(normalize_text(phrase), readings=False, concepts=False)))


def keys_containing(phrases: Iterable[str]) -> dict[str, set[str]]:
    """Keys (by kind) of the embedded index's documents whose tokens hold every word of one of the phrases."""
    wanted = [tokens for tokens in (_phrase_tokens(p) for p in phrases) if tokens]
    if not wanted:
        return {}
    bands = ("tokens_a", "tokens_b", "tokens_c", "tokens_d")

    def has(token: str) -> Q:
        return reduce(or_, (Q(**{f"{band}__contains": token}) for band in bands))

    query = reduce(or_, (reduce(and_, (has(t) for t in tokens)) for tokens in wanted))
    found: dict[str, set[str]] = defaultdict(set)
    for key, kind, *texts in SearchEntry.objects.filter(query).values_list("key", "kind", *bands).iterator():
        present = set(" ".join(texts).split())
        if any(present.issuperset(tokens) for tokens in wanted):  # __contains also matched parts of tokens
            found[kind].add(key)
    return dict(found)


def reindex_for_phrases(phrases: Iterable[str]) -> int:
    """Re-index the documents a vocabulary change affects: those containing one of its phrases (embedded engine),
    or everything (engines whose index cannot be asked). Returns the number of documents re-indexed."""
    phrases = [p for p in phrases if p and not p.startswith("~")]
    engine = get_engine()
    if not phrases:
        return 0
    if getattr(engine, "name", "") != "embedded":
        return rebuild_index()
    count = 0
    for kind, keys in keys_containing(phrases).items():
        try:
            provider = get_provider(kind)
        except LookupError:
            continue
        documents = [d for d in provider.documents() if d.key in keys]
        count += engine.index(documents)
    logger.info("vocabulary change: %d documents re-indexed", count)
    return count


def _entry_phrases(entry: VocabularyEntry) -> list[str]:
    """The entry's phrases, and its concept name when the entry introduces the concept (a shipped concept's name
    is already indexed as its tag wherever it occurs)."""
    phrases = [line.strip() for line in (entry.phrases or "").splitlines() if line.strip()]
    if normalize_text(entry.concept) not in file_concepts():
        phrases.insert(0, entry.concept)
    return phrases


@receiver(published, sender=VocabularyEntry, dispatch_uid="search_vocabulary_published")
@receiver(unpublished, sender=VocabularyEntry, dispatch_uid="search_vocabulary_unpublished")
def _vocabulary_published(instance: VocabularyEntry, **kwargs: Any) -> None:
    # A moderator approved (or withdrew) an entry: the analyser reads it now, and documents that contain its
    # phrases get (or lose) the concept tag once the publication is committed.
    invalidate_vocabulary_cache()
    phrases = _entry_phrases(instance)

    def apply() -> None:
        invalidate_vocabulary_cache()
        try:
            reindex_for_phrases(phrases)
        except Exception:  # the approval stands; `rebuild_search_index` catches up
            logger.exception("vocabulary change: re-index failed")

    transaction.on_commit(apply)
