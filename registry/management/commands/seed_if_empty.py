"""`seed_if_empty`: load the CICA fixtures into an empty registry only (what `make run` does)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.editorial import PUBLISHABLE_MODELS

FIXTURE = "cica"


def registry_size() -> int:
    return sum(model._default_manager.count() for model in PUBLISHABLE_MODELS)


class Command(BaseCommand):
    help = (
        "Load the CICA fixtures if the registry is empty; otherwise change nothing, so running "
        "it again never overwrites editors' work."
    )

    def handle(self, **options):
        size = registry_size()
        if size:
            self.stdout.write(
                f"The registry already holds {size} records: the CICA fixtures were not loaded "
                "(nothing changed)."
            )
            return
        call_command("loaddata", FIXTURE, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the CICA fixtures into the empty registry ({registry_size()} records)."
            )
        )
