"""The garbage collector set for a long-lived server process (`cica_site/wsgi.py`; the
benchmarks do the same, so that they measure what the servers run)."""

import gc


def settle_for_serving() -> None:
    """Call once the application is loaded.

    - What was loaded (Django, the apps, about 100,000 objects) is moved out of the collector's
      sight (`gc.freeze()`): it lives as long as the process, and each full collection walked it
      all, a pause of about 70 ms every so many requests (the slowest repeated requests in
      benchmarks/search_latency.py were such pauses).
    - Young objects are collected every 10,000 allocations instead of 700: a page makes tens of
      thousands, and collecting that often cost about 5 % of a list page's time.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
