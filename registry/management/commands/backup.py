"""`manage.py backup --output FILE`: a complete copy of the database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from registry.backup import backup


class Command(BaseCommand):
    help = (
        "Write a complete copy of the database to FILE: every table, history and users "
        "included (pg_dump's custom format on PostgreSQL, a SQLite file on SQLite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, metavar="FILE")

    def handle(self, *args, output, **options):
        backup(output)
        size = output.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {output} ({size} bytes)."))
