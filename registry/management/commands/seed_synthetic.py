"""`seed_synthetic --records N`: N synthetic published records, for load and search benchmarks.

The records are events, statements and measures (in the proportions of `SHARES`) whose slugs
start with `synthetic-`, linked to the real published states, topics and dimensions, with varied
English titles and summaries so search has work to do. Rows go in by COPY on PostgreSQL (bulk
inserts elsewhere) and the search vector is filled by one UPDATE per model, so 100,000 records
take well under two minutes on PostgreSQL. For development and
benchmark databases only (synthetic records are public): seed a database of their own.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from registry import search
from registry.models import (
    CoordinatorRole,
    DatePrecision,
    Dimension,
    Event,
    Measure,
    State,
    Statement,
    Topic,
)
from registry.translation import original_fields

PREFIX = "synthetic-"
BATCH_SIZE = 2_000
SHARES = {Event: 0.45, Statement: 0.45, Measure: 0.10}

CITIES = [
    "Almaty", "Astana", "Baku", "Bangkok", "Beijing", "Bishkek", "Doha", "Dushanbe", "Istanbul",
    "Manila", "Moscow", "New Delhi", "Seoul", "Shanghai", "Tashkent", "Tehran", "Ulaanbaatar",
    "Ankara", "Amman", "Hanoi", "Islamabad", "Kuala Lumpur", "Phnom Penh", "Dhaka", "Colombo",
]  # fmt: skip
SUBJECTS = [
    "counter-terrorism", "terrorism financing", "ICT security", "border security",
    "drug trafficking", "energy security", "food security", "climate change", "disaster relief",
    "transport corridors", "youth exchange", "tourism", "public health", "water resources",
    "small and medium enterprises", "environmental protection", "cybercrime", "migration",
    "humanitarian demining", "financial stability", "digital economy", "education",
]  # fmt: skip
EVENT_KINDS = [
    ("working_group", "Meeting of the Special Working Group on {subject}"),
    ("senior_officials", "Meeting of Senior Officials on {subject}"),
    ("forum", "Forum on {subject}"),
    ("forum", "Workshop on {subject}"),
    ("external", "Conference on {subject} with CICA participation"),
    ("ministerial", "Ministerial Meeting on {subject}"),
]
STATEMENT_KINDS = [
    ("statement", "Statement on {subject}"),
    ("declaration", "Declaration on {subject}"),
    ("action_plan", "Action Plan on {subject}"),
    ("concept_paper", "Concept Paper on {subject}"),
    ("decision", "Decision on {subject}"),
    ("speech", "Address on {subject}"),
]
OPENINGS = [
    "Delegations reviewed", "Participants discussed", "Experts exchanged views on",
    "Member states reaffirmed their commitment to", "The meeting assessed progress on",
    "Coordinators reported on", "Senior officials agreed to strengthen cooperation in",
]  # fmt: skip
CLOSINGS = [
    "and agreed on next steps.", "and adopted recommendations for the Catalogue of CBMs.",
    "with particular attention to regional stability.", "and welcomed new proposals.",
    "and called for closer information sharing.", "ahead of the next summit.",
    "building on earlier decisions of the Conference.", "and noted remaining challenges.",
]  # fmt: skip
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]
MEASURE_STATUSES = ["active", "active", "active", "proposed", "inactive"]


def html(text: str) -> str:
    """What `render_markdown` makes of one paragraph of plain words (the synthetic texts hold
    no Markdown), without its cost."""
    return f"<p>{escape(text)}</p>\n"


def in_english_columns(model, row: dict) -> dict:
    """The row with each translated text also in its English column (`title_en`), where the
    site reads it; the synthetic records have no Russian."""
    translated = original_fields(model)
    return {**row, **{f"{name}_en": value for name, value in row.items() if name in translated}}


def insert(model, rows: list[dict]) -> list[int]:
    """Insert rows (dicts by attribute name, the rest left at the fields' defaults) and return
    their ids: on PostgreSQL by COPY with ids taken from the sequence first, which costs a
    fraction of bulk_create; elsewhere by bulk_create."""
    if connection.vendor != "postgresql":
        return [record.pk for record in model.objects.bulk_create(model(**row) for row in rows)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname != "search_vector"
    ]
    blank = model()
    defaults = {field.attname: getattr(blank, field.attname) for field in fields}
    table, pk_column = model._meta.db_table, model._meta.pk.column
    columns = ", ".join([pk_column, *(field.column for field in fields)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = {**defaults, **in_english_columns(model, row)}
                copy.write_row([pk, *(values[field.attname] for field in fields)])
    return ids


def tidy_up() -> None:
    """Give PostgreSQL's planner fresh statistics and reclaim the rows the search vector UPDATE
    left behind (VACUUM only outside a transaction, e.g. not in tests)."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Event, Statement, Measure, CoordinatorRole):
            cursor.execute(f"{command} {model._meta.db_table}")
        for through in (
            Event.participants,
            Statement.endorsed_by,
            Statement.topics,
            Measure.topics,
        ):
            cursor.execute(f"{command} {through.through._meta.db_table}")


class Command(BaseCommand):
    help = (
        "Add N synthetic published events, statements and measures (slugs start with "
        "'synthetic-') linked to the real states, topics and dimensions. For benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=0, help="How many records to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, records, seed, **options):
        if records < 0:
            raise CommandError("--records must be zero or more.")
        started = time.monotonic()
        with transaction.atomic():
            Seeder(random.Random(seed), self.stdout).seed(records)
        tidy_up()
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")


class Seeder:
    """Builds the rows in memory a batch at a time and inserts them in bulk."""

    def __init__(self, rng: random.Random, out):
        self.rng, self.out = rng, out
        self.states = list(State.objects.published().values_list("pk", flat=True))
        self.topics = list(Topic.objects.values_list("pk", flat=True))
        self.dimensions = list(Dimension.objects.values_list("pk", flat=True))
        if not (self.states and self.topics and self.dimensions):
            raise CommandError(
                "Synthetic records link to real states, topics and dimensions: load them first "
                "(manage.py loaddata cica)."
            )
        self.now = timezone.now()
        self.event_ids: list[int] = []
        self.statement_ids: list[int] = []

    def seed(self, records: int):
        counts = {model: int(records * share) for model, share in SHARES.items()}
        counts[Event] += records - sum(counts.values())
        for model, build in [
            (Event, self.events),
            (Statement, self.statements),
            (Measure, self.measures),
        ]:
            started = time.monotonic()
            first = model.objects.filter(slug__startswith=PREFIX).count()
            for start in range(first, first + counts[model], BATCH_SIZE):
                build(range(start, min(start + BATCH_SIZE, first + counts[model])))
            inserted = time.monotonic()
            self.fill_search_vectors(model)
            self.out.write(
                f"Added {counts[model]} synthetic {model._meta.verbose_name_plural} "
                f"({inserted - started:.1f} s inserting, "
                f"{time.monotonic() - inserted:.1f} s filling the search vector)."
            )

    # --- text --------------------------------------------------------------------------------

    def pick(self, items, low=1, high=1):
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def date(self) -> datetime.date:
        return datetime.date(1993, 1, 1) + datetime.timedelta(days=self.rng.randrange(12_000))

    def summary(self, subject: str, city: str) -> str:
        sentences = [
            f"{self.rng.choice(OPENINGS)} {subject} in {city} {self.rng.choice(CLOSINGS)}",
            f"{self.rng.choice(OPENINGS)} {self.rng.choice(SUBJECTS)} {self.rng.choice(CLOSINGS)}",
        ]
        return " ".join(sentences)

    def publication(self) -> dict:
        return {
            "published_at": self.now - datetime.timedelta(days=1),
            "created_at": self.now,
            "updated_at": self.now,
        }

    # --- rows --------------------------------------------------------------------------------

    def events(self, numbers: range):
        events = []
        for n in numbers:
            kind, pattern = self.rng.choice(EVENT_KINDS)
            subject, city = self.rng.choice(SUBJECTS), self.rng.choice(CITIES)
            start = self.date()
            summary = self.summary(subject, city)
            events.append(
                {
                    "title": f"{self.rng.choice(ORDINALS)} {pattern.format(subject=subject)} "
                    f"({city})",
                    "slug": f"{PREFIX}event-{n}",
                    "kind": kind,
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=self.rng.randrange(3)),
                    "date_precision": DatePrecision.DAY.value,
                    "city": city,
                    "host_id": self.rng.choice(self.states),
                    "summary": summary,
                    "summary_html": html(summary),
                    **self.publication(),
                }
            )
        ids = insert(Event, events)
        self.event_ids += ids
        insert(
            Event.participants.through,
            [
                {"event_id": pk, "state_id": state}
                for pk in ids
                for state in self.pick(self.states, 3, 10)
            ],
        )

    def statements(self, numbers: range):
        statements = []
        for n in numbers:
            kind, pattern = self.rng.choice(STATEMENT_KINDS)
            subject, city = self.rng.choice(SUBJECTS), self.rng.choice(CITIES)
            summary = self.summary(subject, city)
            statements.append(
                {
                    "title": f"{city} {pattern.format(subject=subject)}",
                    "slug": f"{PREFIX}statement-{n}",
                    "kind": kind,
                    "date": self.date(),
                    "event_id": self.rng.choice(self.event_ids) if self.event_ids else None,
                    "state_id": self.rng.choice(self.states) if kind == "speech" else None,
                    "summary": summary,
                    "summary_html": html(summary),
                    **self.publication(),
                }
            )
        ids = insert(Statement, statements)
        self.statement_ids += ids
        insert(
            Statement.endorsed_by.through,
            [
                {"statement_id": pk, "state_id": state}
                for pk in ids
                for state in self.pick(self.states, 0, 6)
            ],
        )
        insert(
            Statement.topics.through,
            [
                {"statement_id": pk, "topic_id": topic}
                for pk in ids
                for topic in self.pick(self.topics, 1, 3)
            ],
        )

    def measures(self, numbers: range):
        measures = []
        for n in numbers:
            subject, city = self.rng.choice(SUBJECTS), self.rng.choice(CITIES)
            description = self.summary(subject, city)
            measures.append(
                {
                    "title": f"Cooperation in {subject}: "
                    f"{self.rng.choice(OPENINGS).lower()} {city}",
                    "slug": f"{PREFIX}measure-{n}",
                    "dimension_id": self.rng.choice(self.dimensions),
                    "status": self.rng.choice(MEASURE_STATUSES),
                    "introduced_year": self.date().year,
                    "established_by_id": (
                        self.rng.choice(self.statement_ids) if self.statement_ids else None
                    ),
                    "description": description,
                    "description_html": html(description),
                    **self.publication(),
                }
            )
        ids = insert(Measure, measures)
        insert(
            CoordinatorRole,
            [
                {
                    "measure_id": pk,
                    "state_id": state,
                    "role": "coordinator" if i == 0 else "co_coordinator",
                }
                for pk in ids
                for i, state in enumerate(self.pick(self.states, 1, 3))
            ],
        )
        insert(
            Measure.topics.through,
            [
                {"measure_id": pk, "topic_id": topic}
                for pk in ids
                for topic in self.pick(self.topics, 1, 2)
            ],
        )

    def fill_search_vectors(self, model):
        """One UPDATE for all new rows (the per-record signal does not run for bulk inserts)."""
        if search.uses_postgres():
            model.objects.filter(slug__startswith=PREFIX, search_vector__isnull=True).update(
                search_vector=search.weighted_vector(model)
            )
