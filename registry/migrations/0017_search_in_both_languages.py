"""Exact titles are matched in either language (upper-case indexes on each language's column),
and the stored search vectors hold both languages: refilled here for the rows already there."""

import django.db.models.functions.text
from django.db import migrations, models

SEARCHABLE = ["State", "Organization", "Event", "Statement", "Measure"]


def fill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from registry import models as current_models
    from registry.search import weighted_vector

    for name in SEARCHABLE:
        vector = weighted_vector(getattr(current_models, name))
        apps.get_model("registry", name).objects.update(search_vector=vector)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_translations_copy_texts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="event",
            name="event_title_upper",
        ),
        migrations.RemoveIndex(
            model_name="measure",
            name="measure_title_upper",
        ),
        migrations.RemoveIndex(
            model_name="state",
            name="state_name_upper",
        ),
        migrations.RemoveIndex(
            model_name="statement",
            name="statement_title_upper",
        ),
        migrations.RemoveIndex(
            model_name="statement",
            name="statement_short_title_upper",
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                django.db.models.functions.text.Upper("title_en"), name="event_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                django.db.models.functions.text.Upper("title_ru"), name="event_title_ru_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                django.db.models.functions.text.Upper("title_en"), name="measure_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                django.db.models.functions.text.Upper("title_ru"), name="measure_title_ru_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="state",
            index=models.Index(
                django.db.models.functions.text.Upper("name_en"), name="state_name_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="state",
            index=models.Index(
                django.db.models.functions.text.Upper("name_ru"), name="state_name_ru_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("title_en"), name="statement_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("title_ru"), name="statement_title_ru_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("short_title_en"),
                name="statement_short_title_upper",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("short_title_ru"),
                name="statement_short_title_ru_upper",
            ),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
    ]
