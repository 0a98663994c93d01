"""Editors and Publishers edit sources and citations like every other registry record."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "source",
    "statesource",
    "organizationsource",
    "eventsource",
    "statementsource",
    "measuresource",
]


def grant_source_permissions(apps, schema_editor):
    app_config = apps.get_app_config("registry")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="registry", content_type__model__in=MODELS
    )
    for name in ["Editors", "Publishers"]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_source_url_to_sources")]

    operations = [migrations.RunPython(grant_source_permissions, migrations.RunPython.noop)]
