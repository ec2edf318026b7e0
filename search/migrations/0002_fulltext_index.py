"""Full-text index over search_searchentry, per database vendor.

SQLite: an FTS5 external-content table with triggers, tokenising our pre-analysed, space-joined tokens with
unicode61 plus '@', ':' and '_' as token characters (so '@c:多重債務' stays one token). The rank function weighs the
bands A–D (3, 2, 1, 0.5) and ignores the scope column.

PostgreSQL: a generated tsvector column from the same tokens, weighted A–D, with a GIN index. array_to_tsvector takes
the tokens as lexemes verbatim; to_tsvector('simple', …) would re-parse and split '@c:多重債務'.
"""

from django.db import migrations

FTS_SQLITE = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS search_searchentry_fts USING fts5(
        scope, tokens_a, tokens_b, tokens_c, tokens_d,
        content='search_searchentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '@:_'"
    )
    """,
    "INSERT INTO search_searchentry_fts(search_searchentry_fts, rank) VALUES('rank', 'bm25(0.0, 3.0, 2.0, 1.0, 0.5)')",
    """
    CREATE TRIGGER IF NOT EXISTS search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, scope, tokens_a, tokens_b, tokens_c, tokens_d)
        VALUES (new.id, new.scope, new.tokens_a, new.tokens_b, new.tokens_c, new.tokens_d);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, scope, tokens_a, tokens_b, tokens_c, tokens_d)
        VALUES ('delete', old.id, old.scope, old.tokens_a, old.tokens_b, old.tokens_c, old.tokens_d);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, scope, tokens_a, tokens_b, tokens_c, tokens_d)
        VALUES ('delete', old.id, old.scope, old.tokens_a, old.tokens_b, old.tokens_c, old.tokens_d);
        INSERT INTO search_searchentry_fts(rowid, scope, tokens_a, tokens_b, tokens_c, tokens_d)
        VALUES (new.id, new.scope, new.tokens_a, new.tokens_b, new.tokens_c, new.tokens_d);
    END
    """,
]

FTS_SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]


def _band(column: str, weight: str) -> str:
    return (
        f"setweight(array_to_tsvector(string_to_array(coalesce({column}, ''), ' ')), '{weight}')"
    )


TSV_POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    + " || ".join(_band(c, w) for c, w in [("tokens_a", "A"), ("tokens_b", "B"), ("tokens_c", "C"), ("tokens_d", "D")])
    + ") STORED",
    "CREATE INDEX search_searchentry_tsv ON search_searchentry USING gin (tsv)",
]

TSV_POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": FTS_SQLITE, "postgresql": TSV_POSTGRES}),
            _run({"sqlite": FTS_SQLITE_REVERSE, "postgresql": TSV_POSTGRES_REVERSE}),
            elidable=False,
        ),
    ]
