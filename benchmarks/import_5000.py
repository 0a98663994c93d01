"""How long do the admin's import preview and import take for 5,000 events?

The script makes a Publisher, 20 published states, and a CSV of N new events (default 5,000),
each naming a host and three participants by slug. It posts the file to the admin's import page
(the preview: a dry run of every row, rendered) and then confirms it (the import itself), with
Django's test client, and prints the seconds and queries of each step. A second round re-imports
the same rows with a changed summary (every row an update). "cpu" is this process's own CPU
time, and the queries' seconds are spent waiting for the database: on a busy machine the
wall-clock seconds also count waiting for a core.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica_bench .venv/bin/python \\
        benchmarks/import_5000.py [N]

Without DATABASE_URL a temporary SQLite file is used. The schema is migrated in that database
and everything the benchmark writes is rolled back at the end (it all runs in one transaction),
so an existing database keeps its data. The issue's target: under 15 s each on PostgreSQL.
"""

import argparse
import datetime
import time

from harness import django_database, make_states, rolled_back

STATES = 20
HEADER = "slug,title,kind,start_date,date_precision,city,host,is_online,participants,summary\n"


class QueryCounter:
    """Counts queries and the seconds spent waiting for them."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def csv_text(rows: int, summary: str) -> str:
    lines = [HEADER]
    for n in range(rows):
        day = datetime.date(1992, 1, 1) + datetime.timedelta(days=n % 12000)
        participants = "|".join(f"benchmark-state-{(n + k) % STATES}" for k in range(3))
        lines.append(
            f"bench-{n},Benchmark meeting {n},senior_officials,{day},day,Astana,"
            f"benchmark-state-{n % STATES},0,{participants},{summary} {n}\n"
        )
    return "".join(lines)


def timed(step):
    from django.db import connection

    counter = QueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = step()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return (
        result,
        f"{elapsed:6.2f} s (cpu {cpu:5.2f} s, {counter.count} queries {counter.seconds:5.2f} s)",
    )


def import_round(client, rows: int, summary: str, label: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/registry/event/"
    upload = SimpleUploadedFile("events.csv", csv_text(rows, summary).encode(), "text/csv")
    preview, preview_time = timed(
        lambda: client.post(f"{url}import/", {"import_file": upload, "format": "0"})
    )
    confirm = preview.context["confirm_form"] if preview.context else None
    assert confirm is not None, preview.content.decode()[:2000]
    data = {name: confirm[name].value() for name in confirm.fields}
    done, import_time = timed(lambda: client.post(f"{url}process_import/", data))
    assert done.status_code == 302, done.status_code
    print(
        f"{label}: {rows:,} rows  preview {preview_time}  import {import_time}",
        flush=True,
    )


def run(rows: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from registry.models import Event

    with rolled_back():
        make_states(STATES)
        publisher = User.objects.create_user("bench-publisher", is_staff=True)
        publisher.groups.add(Group.objects.get(name="Publishers"))
        client = Client()
        client.force_login(publisher)
        import_round(client, rows, "First import", "new rows")
        assert Event.objects.filter(slug__startswith="bench-").count() == rows
        import_round(client, rows, "Changed summary", "updated rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=5000)
    rows = parser.parse_args().rows
    with django_database():
        run(rows)


if __name__ == "__main__":
    main()
