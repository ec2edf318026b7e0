"""Index maintenance helpers the domain apps call, and the vocabulary cache receivers.

Domain apps connect their own publish/unpublish/delete signals and call ``index_object`` / ``remove_object``:
drafts never reach the index because the provider's ``document_for`` returns None for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from search.engines import get_engine
from search.models import VocabularyEntry
from search.registry import all_documents, get_provider
from search.vocabulary import invalidate_vocabulary_cache

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
