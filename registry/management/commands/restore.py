"""`manage.py restore FILE [--force]`: put back a copy made by `backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from registry.backup import restore, row_counts


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a copy made by `backup`. A database that already "
        "has tables is refused unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite a database that is not empty (everything in it is replaced)",
        )

    def handle(self, *args, file, force, **options):
        restore(file, force=force)
        counts = row_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file}: {len(counts)} tables, {sum(counts.values())} rows."
            )
        )
