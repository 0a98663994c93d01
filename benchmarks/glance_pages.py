"""How fast are the glance pages? /timeline/, /membership/, /participation/ and their downloads.

Loads the real CICA fixture, then for each size N (default 0 and 1,000; give others on the
command line) tops the database up with N extra published events (half of them summits, each
with three participants) and prints, per URL, the median time of five requests, the bytes and
the queries. The timeline reads every matching entry (then shows 100 a page), so its time grows
with the data while its queries do not.

    .venv/bin/python benchmarks/glance_pages.py            # SQLite file under /tmp
    .venv/bin/python benchmarks/glance_pages.py 0 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica_bench .venv/bin/python \\
        benchmarks/glance_pages.py

Without DATABASE_URL the data goes to a temporary SQLite file that is deleted afterwards. With
it, everything runs in one transaction that is rolled back at the end.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings_test")
warnings.filterwarnings("ignore", "No directory at", UserWarning)

URLS = [
    "/timeline/",
    "/timeline/?state=kazakhstan",
    "/timeline/export.csv",
    "/membership/",
    "/membership/?year=2014",
    "/membership/export.csv",
    "/participation/",
    "/participation/export.csv",
]
REPEAT = 5
BATCH = 2000


class Rollback(Exception):
    """Raised at the end to undo everything the benchmark wrote."""


def add_events(start: int, stop: int) -> None:
    from django.utils import timezone

    from registry.models import Event, State

    published = timezone.now() - datetime.timedelta(days=1)
    states = list(State.objects.published().order_by("pk")[:10])
    Participant = Event.participants.through
    for first in range(start, stop, BATCH):
        numbers = range(first, min(first + BATCH, stop))
        events = Event.objects.bulk_create(
            Event(
                title=f"Benchmark meeting {n}",
                slug=f"benchmark-meeting-{n}",
                kind="summit" if n % 2 else "senior_officials",
                start_date=datetime.date(1999, 1, 1) + datetime.timedelta(days=n % 9000),
                city="Astana",
                host=states[n % len(states)],
                published_at=published,
            )
            for n in numbers
        )
        Participant.objects.bulk_create(
            Participant(event_id=event.pk, state_id=states[(n + k) % len(states)].pk)
            for n, event in zip(numbers, events, strict=True)
            for k in range(3)
        )


def measure(url: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, seconds = Client(), []
    for _ in range(REPEAT):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        seconds.append(time.perf_counter() - started)
    return {"seconds": statistics.median(seconds), "bytes": len(content), "queries": len(queries)}


def run(sizes: list[int]) -> None:
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction
    from django.test.utils import setup_test_environment

    setup_test_environment()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    try:
        with transaction.atomic():
            call_command("loaddata", "cica", verbosity=0)
            measure("/membership/")  # warm up: imports, URLconf, templates, the map file
            have = 0
            for size in sorted(sizes):
                add_events(have, size)
                have = size
                print(f"-- the fixture and {size:,} more events")
                for url in URLS:
                    result = measure(url)
                    print(
                        f"{url:<34} {result['seconds'] * 1000:8.1f} ms  "
                        f"{result['bytes']:>10,} bytes  {result['queries']:>2} queries",
                        flush=True,
                    )
            raise Rollback
    except Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 1000], metavar="N")
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory(prefix="cica-bench-") as tmp:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/benchmark.sqlite3"
        import django

        django.setup()
        run(sizes)


if __name__ == "__main__":
    main()
