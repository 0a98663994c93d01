"""How much Python does an uncached page cost? The six benchmark pages, in English and Russian.

Loads the real CICA fixture (page cache off, debug off), renders each page N times (default
200) through the test client and prints milliseconds per request: the same URL again and
again (the fragments kept per filter combination, such as counts, facets and the filter form,
then come from the cache), and as a new filter combination each time (a parameter no filter
reads, `fresh=N`, makes each request's combination new, as a crawler's are; rows and option
lists, kept per record and per field, are shared by every combination; a search's results are
kept per query, so a new query costs what "cold" does), and cold: the fragment cache emptied
before each request, so nothing is reused but the process's own memos. `--profile tottime` adds
cProfile's top functions per page (PROFILE_FILTER=regex narrows them); `--only TEXT` keeps the
pages whose URL contains TEXT; `--save DIR` writes each page's HTML there (compare before and
after a change).

    .venv/bin/python benchmarks/render_pages.py
    .venv/bin/python benchmarks/render_pages.py --repeat 50 --profile
"""

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

from harness import django_database, rolled_back
from throughput import PAGES  # the six pages, measured the same way by both


def milliseconds_per_request(client, urls: list[str], forget=None) -> float:
    """Mean time of requesting `urls`; `forget()`, if given, runs (untimed) before each."""
    spent = 0.0
    for url in urls:
        if forget:
            forget()
        started = time.perf_counter()
        client.get(url)
        spent += time.perf_counter() - started
    return spent * 1000 / len(urls)


def run(repeat: int, profile: str | None, save: Path | None, only: str | None) -> None:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    with rolled_back():
        call_command("loaddata", "cica", verbosity=0)
        client = Client()
        print("   same URL  new filters       cold  page")
        for url in [*PAGES, *(f"/ru{page}" for page in PAGES)]:
            if only and only not in url:
                continue
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if save:
                name = url.strip("/").replace("/", "_").replace("?", "_") or "home"
                (save / f"{name}.html").write_bytes(response.content)
            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            repeated = milliseconds_per_request(client, [url] * repeat)
            separator = "&" if "?" in url else "?"
            fresh = milliseconds_per_request(
                client, [f"{url}{separator}fresh={n}" for n in range(repeat)]
            )
            if profiler:
                profiler.disable()
            cold = milliseconds_per_request(client, [url] * repeat, forget=cache.clear)
            print(f"{repeated:7.2f} ms  {fresh:7.2f} ms  {cold:7.2f} ms  {url}", flush=True)
            if profiler:
                shown = os.environ.get("PROFILE_FILTER", "")  # a regular expression
                pstats.Stats(profiler).sort_stats(profile).print_stats(shown, 45)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", metavar="SORT", help="cProfile sort: tottime, cumulative")
    parser.add_argument("--only", help="pages whose URL contains this")
    parser.add_argument("--save", type=Path)
    arguments = parser.parse_args()
    if arguments.save:
        arguments.save.mkdir(parents=True, exist_ok=True)
    with django_database():
        run(arguments.repeat, arguments.profile, arguments.save, arguments.only)
