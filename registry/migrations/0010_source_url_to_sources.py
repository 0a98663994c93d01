"""Each record's `source_url` becomes its first cited Source (one Source per address)."""

from django.db import migrations

CITED = ["State", "Organization", "Event", "Statement", "Measure"]


def source_urls_to_sources(apps, schema_editor):
    Source = apps.get_model("registry", "Source")
    for name in CITED:
        model = apps.get_model("registry", name)
        citation = apps.get_model("registry", f"{name}Source")
        for record in model.objects.exclude(source_url="").only("pk", "source_url"):
            source, _ = Source.objects.get_or_create(url=record.source_url)
            citation.objects.get_or_create(record=record, source=source, defaults={"position": 1})


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_sources")]

    operations = [
        # Going back drops the new tables; `source_url` kept every address.
        migrations.RunPython(source_urls_to_sources, migrations.RunPython.noop),
    ]
