"""Django's `loaddata`, refusing to load the CICA fixtures over editors' work.

Fixtures are loaded raw: they overwrite records of the same natural key without a history
version, and republish what an editor unpublished. Once anyone has changed the registry through
the site (a history version naming a user, or a pending revision), `loaddata cica` stops and
says why; `--force` loads anyway. Other fixture files load as usual.
"""

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from registry.models import Revision

GUARDED = {"cica", "cica.json"}


def edits_by_people() -> int:
    """History versions made by a signed-in user, plus pending revisions."""
    count = Revision.objects.count()
    for model in apps.get_app_config("registry").get_models():
        if any(field.name == "history_user" for field in model._meta.fields):
            count += model._default_manager.filter(history_user__isnull=False).count()
    return count


class Command(loaddata.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the CICA fixtures even over records edited through the site.",
        )

    def handle(self, *fixture_labels, **options):
        if not options.get("force") and GUARDED & set(fixture_labels):
            edits = edits_by_people()
            if edits:
                raise CommandError(
                    f"The registry holds editors' work ({edits} changes made through the site); "
                    "loading the CICA fixtures again would overwrite it without history. Nothing "
                    "was loaded. Use `manage.py seed_if_empty` (what `make run` does) or, to "
                    "overwrite on purpose, `loaddata cica --force`."
                )
        return super().handle(*fixture_labels, **options)
