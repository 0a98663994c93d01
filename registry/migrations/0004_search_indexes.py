"""GIN indexes on the stored search vectors, and vectors for rows that predate them.

PostgreSQL only: on SQLite the search is a plain match and the column stays empty.
"""

from django.db import migrations

TABLES = ["registry_state", "registry_event", "registry_statement", "registry_measure"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from registry import models as current_models
    from registry.search import weighted_vector

    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)"
        )
    for name in ["State", "Event", "Statement", "Measure"]:
        vector = weighted_vector(getattr(current_models, name))
        apps.get_model("registry", name).objects.update(search_vector=vector)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_title_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
