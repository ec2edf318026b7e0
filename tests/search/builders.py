"""Builders for search tests: SearchDocuments from small literals or from the real seed through the real parser."""

from __future__ import annotations

from pathlib import Path

from search.registry import (
    WEIGHT_BODY,
    WEIGHT_CATEGORY,
    WEIGHT_ORGANISATION,
    WEIGHT_TITLE,
    WEIGHT_TOPICS,
    SearchDocument,
)

ROOT = Path(__file__).resolve().parents[2]
YUFU_SEED = ROOT / "data" / "seeds" / "003_4ccc8f22fd5ff24c.txt"
DEV_QUERIES = ROOT / "data" / "eval" / "dev-queries.tsv"


def window(
    key: str,
    title: str,
    *,
    city: str = "yufu",
    topics: str = "",
    organisation: str = "",
    categories: tuple[str, ...] = (),
    body: str = "",
    kind: str = "window",
) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        key=key,
        title=title,
        url=f"/{city}/soudan/{key}/",
        city=city,
        categories=list(categories),
        fields=[
            (title, WEIGHT_TITLE),
            (topics, WEIGHT_TOPICS),
            (organisation, WEIGHT_ORGANISATION),
            (body, WEIGHT_BODY),
        ],
        payload={"organisation": organisation or title, "phone": "097-000-0000"},
    )


def yufu_window_documents() -> list[SearchDocument]:
    """The 由布市 windows as the importer parses them, shaped like the directory provider's documents.

    Raises ImportError while importers.parsers.windows is not available (callers skip).
    """
    from directory.categories import BY_SLUG
    from importers.parsers.windows import parse_directory_table

    records, _main_phone = parse_directory_table(
        YUFU_SEED.read_text(encoding="utf-8"), city="yufu", document=YUFU_SEED.name, default_area_code="097"
    )
    documents = []
    for index, record in enumerate(records):
        organisation = f"{record.parent_organisation}{record.organisation}"
        names = " ".join(BY_SLUG[c].name for c in record.categories if c in BY_SLUG)
        documents.append(
            SearchDocument(
                kind="window",
                key=f"window:yufu-seed-{index}",
                title=record.title or record.organisation,
                url=f"/yufu/soudan/{index}/",
                city="yufu",
                categories=list(record.categories),
                fields=[
                    (record.title or record.organisation, WEIGHT_TITLE),
                    ("\n".join(record.topics), WEIGHT_TOPICS),
                    (organisation, WEIGHT_ORGANISATION),
                    (names, WEIGHT_CATEGORY),
                    ("\n".join(filter(None, [record.description, record.target])), WEIGHT_BODY),
                ],
                payload={
                    "organisation": organisation,
                    "phones": [{"number": p.number} for p in record.phones],
                },
            )
        )
    return documents


class NoPages:
    """A page provider with no pages, for tests that index literal documents only."""

    def documents(self):
        return []

    def document_for(self, obj):
        return None


def debt_and_dv_windows() -> list[SearchDocument]:
    """Two windows whose topics name a need only in their reviewed wording (多重債務, 配偶者からの暴力)."""
    return [
        window(
            "w:debt",
            "消費生活センター",
            topics="多重債務や消費生活トラブルに関すること",
            categories=("keizai",),
        ),
        window("w:dv", "子育て支援課", topics="配偶者や恋人からの暴力に関すること", categories=("dv",)),
    ]
