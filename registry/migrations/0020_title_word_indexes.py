"""GIN indexes on the title part (weights A and B) of the stored search vectors of the kinds
ranked in a window (registry.search.TitleWords): the planner then knows how many titles hold a
word, and reads them from the index when they are few, by id when they are many.

Titles use a few hundred words; PostgreSQL estimates a prefix ('secur:*') from the most common
ones only when it keeps at least 100 (else it guesses 2% of the rows), so the statistics keep
more of them.

PostgreSQL only: on SQLite the search is a plain match and the column stays empty.
"""

from django.db import migrations

TABLES = ["registry_event", "registry_statement", "registry_measure"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_title_gin ON {table} "
            """USING gin (ts_filter(search_vector, '{a,b}'::"char"[]))"""
        )
        schema_editor.execute(f"ALTER INDEX {table}_title_gin ALTER COLUMN 1 SET STATISTICS 1000")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_title_gin")


class Migration(migrations.Migration):
    dependencies = [("registry", "0019_list_order_indexes_by_english_title")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
