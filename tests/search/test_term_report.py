"""Vocabulary that grows from use: zero-result query → search-term report → proposed synonym → moderator approves →
the same query finds the window. The log keeps only normalised daily counts, for the retention period."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from search.engines import get_engine
from search.models import SearchEntry, SearchTermDay, VocabularyEntry
from search.registry import register, unregister
from search.terms import (
    VOCABULARY_MODERATORS,
    purge_old_terms,
    record_click,
    record_search,
    term_report,
)
from search.views import search_api
from search.vocabulary import get_vocabulary, invalidate_vocabulary_cache

from .builders import debt_and_dv_windows, window

SLANG = "火の車"  # 家計が火の車: money trouble, in no reviewed phrase


@pytest.fixture
def indexed(db):
    engine = get_engine()
    engine.clear()
    engine.index(
        [
            *debt_and_dv_windows(),
        ]
    )
    invalidate_vocabulary_cache()
    yield engine
    engine.invalidate()
    invalidate_vocabulary_cache()


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("vocab-editor", "e@example.jp", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_vocabularyentry"),
        Permission.objects.get(codename="change_vocabularyentry"),
    )
    return user


def _keys(q):
    return [hit["key"] for hit in search_api(q, city="yufu")["results"]]


def test_counts_are_daily_aggregates_and_old_days_are_purged(db):
    record_search("借金", found=True)
    record_search("借金", found=False)
    record_search("借金", found=False)
    row = SearchTermDay.objects.get(term="借金", date=timezone.localdate())
    assert (row.searches, row.zero_results, row.clicks) == (3, 2, 0)
    assert record_click("借金") and not record_click("一度も検索されていない言葉")
    assert SearchTermDay.objects.count() == 1
    assert [f.name for f in SearchTermDay._meta.fields] == [
        "id",
        "term",
        "date",
        "searches",
        "zero_results",
        "clicks",
    ]
    old = timezone.localdate() - datetime.timedelta(days=91)
    SearchTermDay.objects.create(term="古い", date=old, searches=1, zero_results=1)
    SearchTermDay.objects.create(term="まだ残る", date=old + datetime.timedelta(days=2), searches=1)
    assert purge_old_terms() == 1
    assert set(SearchTermDay.objects.values_list("term", flat=True)) == {"借金", "まだ残る"}


def test_clicks_never_exceed_searches(db):
    record_search("介護", found=True)
    assert record_click("介護")
    assert not record_click("介護")


def test_search_page_counts_zero_results_and_clicks(client, indexed):
    client.get("/search/", {"q": SLANG, "city": "yufu"})
    client.get("/search/", {"q": "借金", "city": "yufu"})
    assert client.post("/search/click/", {"q": "借金"}).status_code == 204
    counts = {r.term: (r.searches, r.zero_results, r.clicks) for r in SearchTermDay.objects.all()}
    assert counts == {SLANG: (1, 1, 0), "借金": (1, 0, 1)}


def test_report_lists_zero_result_and_low_click_terms(indexed):
    for _ in range(2):
        record_search(SLANG, found=False)
    for _ in range(5):
        record_search("消費生活", found=True)
    for _ in range(4):
        record_search("借金", found=True)
        record_click("借金")
    rows = {row.term: row for row in term_report(30)}
    assert rows[SLANG].reason == "zero" and rows[SLANG].zero_results == 2
    assert rows["消費生活"].reason == "low_click"
    assert "借金" not in rows  # followed often: nothing for an editor to do


def test_only_editors_see_the_report(client, indexed, django_user_model, editor):
    record_search(SLANG, found=False)
    plain = django_user_model.objects.create_user("someone", "s@example.jp", "pw")
    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(plain)
    assert client.get("/admin/reports/search-terms/").status_code in (302, 403)
    client.force_login(editor)
    response = client.get("/admin/reports/search-terms/")
    assert response.status_code == 200
    assert SLANG in response.content.decode()


def test_the_whole_loop(client, indexed, editor, django_user_model, django_capture_on_commit_callbacks):
    # 1. A resident's query finds nothing, and is counted.
    assert _keys(SLANG) == []
    client.get("/search/", {"q": SLANG, "city": "yufu"})
    # 2. The editor's report lists it, with a one-click proposal for a chosen concept.
    client.force_login(editor)
    html = client.get("/admin/reports/search-terms/").content.decode()
    assert SLANG in html
    assert "この言葉を選んだ概念の言い換えとして追加" in html
    response = client.post(
        "/admin/reports/search-terms/propose/",
        {"term": SLANG, "concept": "多重債務", "searches": "1", "zero": "1"},
    )
    assert response.status_code == 302
    entry = VocabularyEntry.objects.get(phrases=SLANG)
    assert entry.concept == "多重債務" and "keizai" in entry.categories
    assert not entry.live and entry.latest_revision is not None
    state = entry.current_workflow_state
    assert state is not None and state.status == "in_progress"
    # 3. Until a moderator approves, the analyser does not use it, and the report shows it as waiting.
    invalidate_vocabulary_cache()
    assert _keys(SLANG) == []
    assert "提案済み（承認待ち）" in client.get("/admin/reports/search-terms/").content.decode()
    # The editor cannot approve their own proposal.
    assert state.current_task_state.task.specific.get_actions(entry, editor) == []
    # 4. A vocabulary moderator approves: the entry is published and the query now finds the window.
    moderator = django_user_model.objects.create_user("vocab-moderator", "m@example.jp", "pw")
    moderator.groups.add(Group.objects.get(name=VOCABULARY_MODERATORS))
    task = state.current_task_state.task.specific
    assert "approve" in [name for name, *_ in task.get_actions(entry, moderator)]
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=moderator)
    entry.refresh_from_db()
    assert entry.live
    assert "多重債務" in get_vocabulary().concepts and SLANG in get_vocabulary().concepts["多重債務"].phrases
    assert _keys(SLANG)[0] == "w:debt"


class _Provider:
    def __init__(self, documents):
        self._documents = documents

    def documents(self):
        return list(self._documents)

    def document_for(self, obj):
        return None


def test_approval_reindexes_the_documents_that_contain_the_phrase(
    indexed, django_capture_on_commit_callbacks
):
    doc = window("t:1", "くらしの相談室", kind="vocabtest", topics="家計が火の車のとき")
    other = window("t:2", "健康相談", kind="vocabtest", topics="こころとからだ")
    register("vocabtest", _Provider([doc, other]))
    try:
        indexed.index([doc, other])
        assert "@c:" + "こもりびと支援" not in SearchEntry.objects.get(key="t:1").tokens_b
        with django_capture_on_commit_callbacks(execute=True):
            entry = VocabularyEntry.objects.create(
                concept="家計の相談", categories="keizai", phrases=SLANG, live=False
            )
            entry.save_revision().publish()
        tokens = " ".join(SearchEntry.objects.filter(key="t:1").values_list("tokens_a", "tokens_b").get())
        assert "@c:家計の相談" in tokens
        untouched = " ".join(SearchEntry.objects.filter(key="t:2").values_list("tokens_a", "tokens_b").get())
        assert "@c:家計の相談" not in untouched
    finally:
        unregister("vocabtest")


def test_an_unapproved_change_to_a_live_entry_does_not_reach_the_analyser(indexed):
    entry = VocabularyEntry.objects.create(concept="多重債務", categories="keizai", phrases="サラ金地獄")
    assert "サラ金地獄" in get_vocabulary().concepts["多重債務"].phrases
    entry.phrases = SLANG
    entry.save_revision()  # a draft of a live entry: the row keeps the approved content
    invalidate_vocabulary_cache()
    assert SLANG not in get_vocabulary().concepts["多重債務"].phrases
