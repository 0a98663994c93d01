"""The English columns start as copies of the existing texts.

Its own migration, so that it runs after 0016_translations has created its columns' indexes:
on PostgreSQL an index cannot be created in the transaction that updated the table's rows
("pending trigger events"), and Django creates an added field's index at the migration's end.
"""

from django.db import migrations
from django.db.models import F

# The texts copied: records and their history.
TRANSLATED = {
    "chairmanship": ["note"],
    "dimension": ["name", "description"],
    "event": ["title", "city", "summary", "body", "note", "summary_html", "body_html"],
    "measure": ["title", "description", "note", "description_html"],
    "organization": ["name", "acronym", "summary", "note", "summary_html"],
    "state": ["name", "official_name", "summary", "note", "summary_html"],
    "statement": [
        "title", "short_title", "speaker", "summary", "text", "note", "summary_html", "text_html"
    ],
    "topic": ["name", "description"],
}  # fmt: skip


def copy_to_english(apps, schema_editor):
    for name, fields in TRANSLATED.items():
        for model_name in (name, f"historical{name}"):
            try:
                model = apps.get_model("registry", model_name)
            except LookupError:
                continue
            present = {field.name for field in model._meta.get_fields()}
            model.objects.update(
                **{f"{field}_en": F(field) for field in fields if f"{field}_en" in present}
            )
            # No Russian text yet: empty, as the admin stores it (NULL for the unique names).
            for field in fields:
                if field != "name" and f"{field}_ru" in present:
                    model.objects.filter(**{f"{field}_ru__isnull": True}).update(
                        **{f"{field}_ru": ""}
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0016_translations"),
    ]

    operations = [
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
