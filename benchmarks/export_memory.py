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
import gc
import time
import tracemalloc

from harness import add_events, django_database, make_states, rolled_back

MIB = 1024 * 1024
STATES = 8


class QueryCounter:
    """Counts queries without keeping them (connection.queries would grow with the rows)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


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
    results = []
    with rolled_back():
        states = make_states(STATES)
        add_events(states, 0, 1)
        measure("/events/export.csv")  # warm up: imports, URLconf, templates, caches
        have = 1
        for size in sorted(sizes):
            add_events(states, have, size)
            have = size
            results.append((size, measure("/events/export.csv")))
            report(*results[-1])
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
    with django_database():
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
