"""Organisations become a public, searchable kind: their summary's stored HTML and, on
PostgreSQL, a stored search vector with its GIN index (filled for the rows already there by
0017, once the vector's columns exist)."""

import django.contrib.postgres.search
from django.db import migrations, models

from registry.text import render_markdown

TABLE = "registry_organization"


def fill_html_and_vectors(apps, schema_editor):
    organization = apps.get_model("registry", "Organization")
    for record in organization.objects.only("pk", "summary"):
        organization.objects.filter(pk=record.pk).update(
            summary_html=render_markdown(record.summary)
        )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TABLE}_search_gin ON {TABLE} USING gin (search_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0013_historical_organization_source_url_compat"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="organization",
            name="summary_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_html_and_vectors, drop_index),
    ]
