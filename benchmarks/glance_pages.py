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
import statistics
import time

from harness import add_events, django_database, rolled_back

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

    from registry.models import State

    with rolled_back():
        call_command("loaddata", "cica", verbosity=0)
        measure("/membership/")  # warm up: imports, URLconf, templates, the map file
        states = list(State.objects.published().order_by("pk")[:10])
        have = 0
        for size in sorted(sizes):
            add_events(states, have, size)
            have = size
            print(f"-- the fixture and {size:,} more events")
            for url in URLS:
                result = measure(url)
                print(
                    f"{url:<34} {result['seconds'] * 1000:8.1f} ms  "
                    f"{result['bytes']:>10,} bytes  {result['queries']:>2} queries",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 1000], metavar="N")
    sizes = parser.parse_args().sizes
    with django_database():
        run(sizes)


if __name__ == "__main__":
    main()
