"""What the benchmarks share: Django over a database of their own (page cache and rate limits
off), one transaction that undoes everything they write, and bulk-made states and events.

Without DATABASE_URL the data goes to a temporary SQLite file that is deleted afterwards. With
it, the schema is migrated in that database and the benchmark's rows are rolled back at the end,
so an existing database keeps its data. Import this module before anything from Django.
"""

import datetime
import os
import sys
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings_test")
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")  # measure the pages, not the cache
os.environ.setdefault("DJANGO_RATE_LIMIT", "0")
warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic needed

BATCH = 2000


class Rollback(Exception):
    """Raised at the end to undo everything the benchmark wrote."""


@contextmanager
def django_database():
    """Django set up over DATABASE_URL, or over a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="cica-bench-") as tmp:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/benchmark.sqlite3"
        import django

        from cica_site.collector import settle_for_serving

        django.setup()
        settle_for_serving()  # as cica_site/wsgi.py does for the servers
        yield


@contextmanager
def rolled_back():
    """The migrated database, open to the test client, in one transaction rolled back at the
    end."""
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host "testserver" in
    # As in Django's TestCase: a finished request must not close the connection (and with it
    # the transaction everything runs in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def published():
    """A publication time in the past: the records are public."""
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=1)


def make_states(count: int) -> list:
    """`count` published member states, `benchmark-state-0` onwards."""
    from registry.models import State

    return State.objects.bulk_create(
        State(
            name=f"Benchmark State {n}",
            slug=f"benchmark-state-{n}",
            iso_code="Q" + chr(65 + n),
            region="central_asia",
            status="member",
            joined_year=1992,
            published_at=published(),
        )
        for n in range(count)
    )


def add_events(states: list, start: int, stop: int, participants: int = 3) -> None:
    """Published events number start..stop-1 (every other one a summit), each hosted by one of
    `states` and attended by `participants` of them, in bulk."""
    from registry.models import Event

    Participant = Event.participants.through
    for first in range(start, stop, BATCH):
        numbers = range(first, min(first + BATCH, stop))
        events = Event.objects.bulk_create(
            Event(
                title=f"Benchmark meeting {n}",
                slug=f"benchmark-meeting-{n}",
                kind="summit" if n % 2 else "senior_officials",
                start_date=datetime.date(1992, 1, 1) + datetime.timedelta(days=n % 12000),
                city="Astana",
                host=states[n % len(states)],
                summary=f"Meeting number {n} of the benchmark, in Astana.",
                published_at=published(),
            )
            for n in numbers
        )
        Participant.objects.bulk_create(
            Participant(event_id=event.pk, state_id=states[(n + k) % len(states)].pk)
            for n, event in zip(numbers, events, strict=True)
            for k in range(participants)
        )
