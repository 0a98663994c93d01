"""GIN indexes on the stored search vectors (0017 fills the vectors of rows that predate them).

PostgreSQL only: on SQLite the search is a plain match and the column stays empty.
"""

from django.db import migrations

TABLES = ["registry_state", "registry_event", "registry_statement", "registry_measure"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_title_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
