"""Wagtail's search and reference indexes after a bulk load that deferred them (importers.deferred_indexes)."""

from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backend

import pytest

from directory.models import ConsultationWindow
from importers import deferred_indexes
from importers.deferred_indexes import deferred_side_indexes

pytestmark = pytest.mark.usefixtures("seeded")


def _stock_search(text: str) -> list[ConsultationWindow]:
    return list(get_search_backend("default").search(text, ConsultationWindow))


def test_seeded_windows_are_in_wagtails_indexes():
    window = ConsultationWindow.objects.filter(city__isnull=False).first()
    assert ReferenceIndex.get_references_for_object(window).exists()
    assert window in _stock_search(window.title)


def test_saves_inside_the_block_are_indexed_once_when_it_ends(monkeypatch):
    calls = []
    monkeypatch.setattr(deferred_indexes, "_run", lambda task, keys: calls.append((task, list(keys))))
    window = ConsultationWindow.objects.filter(city__isnull=False).first()
    with deferred_side_indexes():
        window.save()
        window.save()
        assert calls == []
    key = ("directory", "consultationwindow", str(window.pk))
    assert [keys.count(key) for _, keys in calls] == [1, 1]
    # The block restored Wagtail's own handlers: a save outside it reaches the search index at once.
    window.title = "重複保存の確認用窓口"
    window.save()
    assert window in _stock_search("重複保存の確認用窓口")
