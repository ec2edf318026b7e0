"""Wagtail's search index and reference index updated once per object at the end of a bulk load.

Every save of a page, revision or snippet enqueues a search-index and a reference-index update (run at once by the
immediate task backend). A seed load saves the same objects several times (created, revised, published) and spent
about a third of its time there. Inside ``deferred_side_indexes()`` the saves are collected instead, and each saved
object is indexed once, by the same tasks, when the block ends. Deletions still update both indexes at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db.models.signals import post_save

from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

Key = tuple[str, str, str]


def _searchable_models() -> list[type]:
    return [m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)]


@contextmanager
def deferred_side_indexes() -> Iterator[None]:
    searched: dict[Key, None] = {}
    referenced: dict[Key, None] = {}

    def key(instance: Any) -> Key:
        return (instance._meta.app_label, instance._meta.model_name, str(instance.pk))

    def collect_search(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            searched[key(instance)] = None

    def collect_reference(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            referenced[key(instance)] = None

    search_models = _searchable_models()
    reference_models = list(ReferenceIndex.tracked_models)
    for model in search_models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(collect_search, sender=model, weak=False)
    for model in reference_models:
        post_save.connect(collect_reference, sender=model, weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in search_models:
            post_save.disconnect(collect_search, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
        for model in reference_models:
            post_save.disconnect(collect_reference, sender=model)
    _run(insert_or_update_object_task, searched)
    _run(update_reference_index_task, referenced)


def _run(task: Any, keys: dict[Key, None]) -> None:
    for app_label, model_name, pk in keys:
        if apps.get_model(app_label, model_name)._default_manager.filter(pk=pk).exists():
            task.call(app_label, model_name, pk)
