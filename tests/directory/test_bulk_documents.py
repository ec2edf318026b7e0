"""The index build's bulk reader gives exactly the documents window_document gives window by window."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from directory.models import ConsultationWindow, OrganisationPhone, WindowPhone
from directory.queries import city_windows, national_windows
from directory.search_bulk import bulk_windows
from directory.search_provider import window_document


def bulk_window_documents(windows):
    return [window_document(window, **known) for window, known in bulk_windows(windows)]


pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize("windows", [city_windows, national_windows])
def test_bulk_documents_equal_one_by_one(windows):
    one_by_one = {d.key: d for d in (window_document(w) for w in windows())}
    bulk = {d.key: d for d in bulk_window_documents(windows())}
    assert one_by_one, "the seeds have windows of this kind"
    assert bulk.keys() == one_by_one.keys()
    for key, document in one_by_one.items():
        assert bulk[key] == document, key


def test_bulk_documents_follow_edits_and_drafts():
    window = next(w for w in city_windows() if w.contact_phones)
    WindowPhone.objects.filter(window=window).update(label="代表")
    OrganisationPhone.objects.filter(organisation_id=window.organisation_id).update(label="代表")
    draft = city_windows().exclude(pk=window.pk).first()
    ConsultationWindow.objects.filter(pk=draft.pk).update(live=False)
    bulk = {d.key: d for d in bulk_window_documents(city_windows())}
    assert f"window:{draft.pk}" not in bulk
    fresh = window_document(city_windows().get(pk=window.pk))
    assert bulk[f"window:{window.pk}"] == fresh
    assert fresh.payload["phones"]
    assert all(p["switchboard"] for p in fresh.payload["phones"])


def test_bulk_reader_issues_a_fixed_number_of_queries():
    with CaptureQueriesContext(connection) as few:
        list(bulk_window_documents(city_windows().filter(city__slug="yufu")))
    with CaptureQueriesContext(connection) as all_cities:
        documents = list(bulk_window_documents(city_windows()))
    assert len({d.city for d in documents}) == 5
    assert len(all_cities) == len(few) <= 12
