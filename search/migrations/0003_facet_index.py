"""SQLite: a narrow covering index so facet counts over many matches skip the rows' token text.

(PostgreSQL reads kind and categories from the heap after the GIN bitmap scan; it needs nothing extra.)
"""

from django.db import migrations

FACET_INDEX_SQLITE = [
    "CREATE INDEX IF NOT EXISTS search_entry_facets ON search_searchentry (id, kind, categories)",
]
FACET_INDEX_SQLITE_REVERSE = ["DROP INDEX IF EXISTS search_entry_facets"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.RunPython(_run(FACET_INDEX_SQLITE), _run(FACET_INDEX_SQLITE_REVERSE), elidable=False),
    ]
