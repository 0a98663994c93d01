"""Does the CSV download stream? Peak memory of /events/export.csv at several sizes.

For each size N (default 1,000 and 10,000; give others on the command line) the script tops the
database up to N published events, each with a host and three participants, requests
/events/export.csv with Django's test client, reads the streamed body chunk by chunk with
`tracemalloc` running, and prints the rows, bytes, seconds, queries and peak Python memory.
If the body streams, the peak stays flat while the rows and bytes grow tenfold.

    .venv/bin/python benchmarks/export_memory.py            # SQLite file under /tmp
    .venv/bin/python benchmarks/export_memory.py 1000 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica_bench .venv/bin/python \\
        benchmarks/export_memory.py

Without DATABASE_URL the data goes to a temporary SQLite file that is deleted afterwards. With
it, the schema is migrated in that database and the benchmark's rows are rolled back at the
end (all of it runs in one transaction), so an existing database keeps its data.
`tracemalloc` sees Python's allocations only: the database driver's own C buffers are not
counted (both drivers fetch a chunk of rows at a time here).
"""

import argparse
import datetime
import gc
import os
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings_test")

warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic needed

MIB = 1024 * 1024
STATES = 8
PARTICIPANTS = 3
BATCH = 2000


class Rollback(Exception):
    """Raised at the end to undo everything the benchmark wrote."""


class QueryCounter:
    """Counts queries without keeping them (connection.queries would grow with the rows)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def make_states():
    from django.utils import timezone

    from registry.models import State

    published = timezone.now() - datetime.timedelta(days=1)
    states = [
        State(
            name=f"Benchmark State {n}",
            slug=f"benchmark-state-{n}",
            iso_code="Q" + chr(65 + n),
            region="central_asia",
            status="member",
            joined_year=1992 + n,
            published_at=published,
        )
        for n in range(STATES)
    ]
    return State.objects.bulk_create(states)


def add_events(states, start: int, stop: int) -> None:
    """Events number start..stop-1, with a host and participants, in bulk."""
    from django.utils import timezone

    from registry.models import Event

    published = timezone.now() - datetime.timedelta(days=1)
    Participant = Event.participants.through
    for first in range(start, stop, BATCH):
        numbers = range(first, min(first + BATCH, stop))
        events = Event.objects.bulk_create(
            Event(
                title=f"Benchmark meeting {n}",
                slug=f"benchmark-meeting-{n}",
                kind="senior_officials",
                start_date=datetime.date(1992, 1, 1) + datetime.timedelta(days=n % 12000),
                city="Astana",
                host=states[n % STATES],
                summary=f"Meeting number {n} of the benchmark, in Astana.",
                published_at=published,
            )
            for n in numbers
        )
        Participant.objects.bulk_create(
            Participant(event_id=event.pk, state_id=states[(n + k) % STATES].pk)
            for n, event in zip(numbers, events, strict=True)
            for k in range(PARTICIPANTS)
        )


def measure(url: str) -> dict:
    """Request `url` and read its streamed body chunk by chunk, tracing memory."""
    from django.db import connection
    from django.test import Client

    client = Client()
    counter = QueryCounter()
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response.streaming, "the download is not a StreamingHttpResponse"
        size = lines = chunks = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
            chunks += 1
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": lines - 1,  # less the header
        "bytes": size,
        "chunks": chunks,
        "seconds": seconds,
        "peak": peak,
        "queries": counter.count,
    }


def run(sizes: list[int]) -> list[tuple[int, dict]]:
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
    results = []
    try:
        with transaction.atomic():
            states = make_states()
            add_events(states, 0, 1)
            measure("/events/export.csv")  # warm up: imports, URLconf, templates, caches
            have = 1
            for size in sorted(sizes):
                add_events(states, have, size)
                have = size
                results.append((size, measure("/events/export.csv")))
                report(*results[-1])
            raise Rollback
    except Rollback:
        pass
    return results


def report(size: int, result: dict) -> None:
    print(
        f"N={size:>7,}  rows={result['rows']:>7,}  bytes={result['bytes']:>11,}  "
        f"chunks={result['chunks']:>7,}  seconds={result['seconds']:6.2f}  "
        f"queries={result['queries']:>3}  peak={result['peak'] / MIB:6.2f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], metavar="N")
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory(prefix="cica-bench-") as tmp:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/benchmark.sqlite3"
        import django

        django.setup()
        results = run(sizes)
    from registry.exports import CHUNK_SIZE

    (small_n, small), (big_n, big) = results[0], results[-1]
    for size, result in results:
        assert result["rows"] == size, f"{result['rows']} rows for N={size}"
    growth = big["peak"] / small["peak"]
    print(
        f"{big_n / small_n:.0f}x the rows, {big['bytes'] / small['bytes']:.1f}x the bytes: "
        f"peak memory x{growth:.2f} ({small['peak'] / MIB:.2f} -> {big['peak'] / MIB:.2f} MiB)"
    )
    print(
        f"the largest body is {big['bytes'] / MIB:.2f} MiB; up to {CHUNK_SIZE:,} rows are "
        "fetched at a time (exports.CHUNK_SIZE), so one chunk of rows sets the peak"
    )
    print(
        "streams: peak memory does not grow with the rows"
        if growth < 1.5
        else "DOES NOT STREAM: peak memory grows with the rows"
    )


if __name__ == "__main__":
    main()
