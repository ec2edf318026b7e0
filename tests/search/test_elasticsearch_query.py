"""The Elasticsearch request shape, checked with to_dict(): no cluster needed."""

from search.analyzer import analyze_query
from search.engines.elasticsearch import (
    DocumentQuery,
    ElasticsearchEngine,
    SearchEntryDocument,
    alias_swap_actions,
)
from search.registry import SearchDocument


def engine():
    return ElasticsearchEngine({"INDEX_PREFIX": "tsunagu-test", "ELASTICSEARCH_URL": None})


def test_index_name_is_environment_prefixed():
    assert engine().index_name == "tsunagu-test-documents"


def test_query_has_one_dis_max_per_group_and_filters_apart():
    query = analyze_query("借金")
    body = (
        engine().build_query(query, city="yufu", categories=["keizai"], kinds=["window"], limit=3).to_dict()
    )
    bool_query = body["query"]["bool"]
    assert bool_query["minimum_should_match"] == 1
    assert len(bool_query["should"]) == len(query.groups)
    first = bool_query["should"][0]["dis_max"]["queries"]
    assert {"term": {"tokens_a": {"value": "借金", "boost": 3.0}}} in first
    assert bool_query["filter"] == [
        {"terms": {"city": ["yufu"]}},
        {"terms": {"categories": ["keizai"]}},
        {"terms": {"kind": ["window"]}},
    ]
    assert body["size"] == 3 and body["from"] == 0
    assert set(body["aggs"]) == {"category", "kind"}


def test_expansions_are_boosted_below_the_original():
    body = engine().build_query(analyze_query("借金")).to_dict()
    boosts = {}
    for clause in body["query"]["bool"]["should"]:
        for term in clause["dis_max"]["queries"]:
            ((field, spec),) = term["term"].items()
            if field == "tokens_a":
                boosts[spec["value"]] = spec["boost"]
    assert boosts["借金"] > boosts["@c:多重債務"] > boosts["@cat:keizai"]


def test_filter_methods_compose():
    body = DocumentQuery("i").filter_city("yufu", include_national=True).filter_categories(None).to_dict()
    assert body == {"query": {"bool": {"filter": [{"terms": {"city": ["yufu", ""]}}]}}}


def test_document_holds_the_same_pre_analysed_tokens():
    doc = SearchEntryDocument.from_search_document(
        SearchDocument(
            kind="window",
            key="w:1",
            title="消費生活センター",
            fields=[("多重債務", 3.0)],
            categories=["keizai"],
        )
    )
    data = doc.to_dict(include_meta=True)
    assert data["_id"] == "w:1"
    assert data["_source"]["tokens_a"].split()[:2] == ["多重", "債務"]
    assert "@c:多重債務" in data["_source"]["tokens_a"].split()
    assert "@cat:keizai" in data["_source"]["tokens_b"].split()


def test_a_rebuild_moves_the_alias_in_one_request():
    actions = alias_swap_actions("t-documents", "t-documents-2", ["t-documents-1", "t-documents-0"])
    assert actions == [
        {"remove": {"index": "t-documents-0", "alias": "t-documents"}},
        {"remove": {"index": "t-documents-1", "alias": "t-documents"}},
        {"add": {"index": "t-documents-2", "alias": "t-documents"}},
    ]
    assert alias_swap_actions("t-documents", "t-documents-1", []) == [
        {"add": {"index": "t-documents-1", "alias": "t-documents"}}
    ]
