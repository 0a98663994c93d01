"""Two roles: Editors prepare records and submit them for review; Publishers also publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_publishers_group(apps, schema_editor):
    app_config = apps.get_app_config("registry")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    registry = Permission.objects.filter(content_type__app_label="registry")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(registry.exclude(codename__startswith="publish_"))
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set(registry)


def remove_publishers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Publishers").delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_workflow")]

    operations = [migrations.RunPython(create_publishers_group, remove_publishers_group)]
