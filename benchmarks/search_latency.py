"""Server time of searches and filtered lists at 100,000 records on PostgreSQL: p50 and p95.

Requests a fixed mix of site searches and `q` on lists (30 URLs) and of filtered lists (by
year, kind, state, participant, topic, event, dimension, coordinator; deep pages such as
page=400; 50 URLs), built from the database's own slugs, through Django's test client in this
process with debug and the page cache off (`DJANGO_PAGE_CACHE=0`), so the time is the
server's: URL routing, queries, rendering. A few pages outside the mix are requested first
(`WARM_UP`), as a worker has served pages before. Then every URL is requested once per round
(`--first-rounds`), each round under a new data generation, as after an edit: what a new
query or filter combination costs (a crawler's), its count, facets, form, rows and search
made afresh; and then `--repeat` times more, once its fragments are kept. Prints p50/p95 of
both per group against the goals (search p95 <= 30 ms, lists p95 <= 20 ms), and the slowest
URLs of each.

    createdb -h 127.0.0.1 -U postgres cica_big
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica_big
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py loaddata cica
    .venv/bin/python manage.py seed_synthetic --records 100000
    .venv/bin/python benchmarks/search_latency.py
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "cica_site.settings"
os.environ["DJANGO_DEBUG"] = ""
os.environ["DJANGO_PAGE_CACHE"] = "0"
os.environ["DJANGO_RATE_LIMIT"] = "0"
os.environ["DJANGO_NO_SSL_REDIRECT"] = "1"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
warnings.filterwarnings("ignore", "No directory at", UserWarning)

GOALS_MS = {"search": 30, "lists": 20}
SEARCH_WORDS = [
    "terrorism", "security", "Almaty", "ICT security", "drug trafficking", "energy",
    "kaz", "summit", "declaration", "climate change", "border", "cooperation", "tourism",
    "Astana Statement", "youth", "food security", "migration", "Dushanbe", "health", "water",
]  # fmt: skip

# Requested once before timing, as a long-running worker has served such pages before (its
# templates compiled, its translations loaded); none is in the mix, nor shares its results.
WARM_UP = [
    "/", "/events/?year=1900", "/statements/?year=1900", "/measures/?status=proposed",
    "/states/?region=east_asia", "/search/?q=warm",
]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def url_mix():
    """(group, url) pairs: 30 searches and 50 filtered lists, from the data's own slugs."""
    from registry.models import Dimension, Event, State, Topic

    states = list(State.objects.published().order_by("name").values_list("slug", flat=True))
    topics = list(Topic.objects.order_by("name").values_list("slug", flat=True))
    dimensions = list(Dimension.objects.values_list("slug", flat=True))
    events = list(
        Event.objects.published().order_by("-start_date").values_list("slug", flat=True)[:4000:400]
    )
    searches = [f"/search/?q={word}" for word in SEARCH_WORDS[:14]]
    lists = ["/events/", "/statements/", "/measures/", "/states/"]
    searches += [f"{lists[i % 4]}?q={word}" for i, word in enumerate(SEARCH_WORDS[4:20])]
    filtered = []
    for i in range(5):
        state, topic = states[i * 5 % len(states)], topics[i % len(topics)]
        filtered += [
            f"/events/?year={1995 + i * 6}",
            f"/events/?kind={['summit', 'forum', 'working_group', 'ministerial', 'external'][i]}",
            f"/events/?host={state}",
            f"/events/?participant={state}&year={2000 + i * 4}",
            f"/events/?page={80 * (i + 1)}",
            f"/statements/?state={state}",
            f"/statements/?topic={topic}&page={1 + i * 20}",
            f"/statements/?event={events[i % len(events)]}",
            f"/measures/?dimension={dimensions[i % len(dimensions)]}&coordinator={state}",
            f"/statements/?kind=declaration&year={2001 + i * 4}&ordering=title",
        ]
    filtered[4] = "/events/?page=400"
    filtered[9] = "/statements/?page=400&ordering=-date"
    return [("search", url) for url in searches] + [("lists", url) for url in filtered]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed requests per URL (3)")
    parser.add_argument(
        "--first-rounds",
        type=int,
        default=3,
        help="rounds of first requests, each under a new data generation (3)",
    )
    args = parser.parse_args()

    import django

    from cica_site.collector import settle_for_serving

    django.setup()
    settle_for_serving()  # as cica_site/wsgi.py does for the servers
    from django.db import connection
    from django.test import Client

    from registry.models import Event, Measure, Statement

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database seeded with seed_synthetic.")
    total = sum(m.objects.published().count() for m in (Event, Statement, Measure))
    print(f"{connection.settings_dict['NAME']}: {total:,} published events, statements, measures")
    client = Client()
    for url in WARM_UP:  # a server's worker has served other pages before: templates loaded
        client.get(url)
    mix = url_mix()
    first = first_requests(client, mix, args.first_rounds)
    repeated = repeated_requests(client, mix, args.repeat)
    for group in GOALS_MS:
        report(group, f"{len(mix_of(mix, group))} URLs x {args.repeat}, repeated", repeated[group])
        report(group, f"first requests x {args.first_rounds}", first[group])
    for label, timings in (("repeated", repeated), ("first", first)):
        print(f"slowest {label}:")
        every = [timing for group in timings.values() for timing in group]
        for elapsed, url in sorted(every, reverse=True)[:6]:
            print(f"  {elapsed:7.1f} ms  {url}")


def mix_of(mix, group: str) -> list[str]:
    return [url for url_group, url in mix if url_group == group]


def timed_get(client, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, url


def first_requests(client, mix, rounds: int) -> dict[str, list]:
    """Each URL requested once in each round, every round under a new data generation (as
    after an edit): its count, facets, form, rows and search all made afresh, in a warm
    process. Within a round, what URLs share (option lists, rows) is kept by the first."""
    from registry.cache import bump_data_generation

    timings = {group: [] for group in GOALS_MS}
    for _ in range(rounds):
        bump_data_generation()
        for group, url in mix:
            timings[group].append(timed_get(client, url))
    return timings


def repeated_requests(client, mix, repeat: int) -> dict[str, list]:
    """Each URL again, `repeat` times: what it costs once its fragments are kept."""
    return {
        group: [timed_get(client, url) for url in mix_of(mix, group) for _ in range(repeat)]
        for group in GOALS_MS
    }


def report(group: str, what: str, timings: list):
    values = [elapsed for elapsed, _url in timings]
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    verdict = "ok" if p95 <= GOALS_MS[group] else "ABOVE GOAL"
    print(
        f"{group:7} {what:27} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
        f"(goal p95 <= {GOALS_MS[group]} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
