"""`seed_synthetic --records N`: N synthetic published records, for load and search benchmarks.

The records are events, statements and measures (in the proportions of `SHARES`) whose slugs
start with `synthetic-`, linked to the real published states, topics and dimensions, with varied
English titles and summaries so search has work to do. Records go in with bulk inserts and
their links with COPY (on PostgreSQL), and the search vector is filled by one UPDATE per model,
so 100,000 records take well under two minutes on PostgreSQL. For development and
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


def insert_links(through, fields: tuple[str, str], rows) -> None:
    """Many-to-many rows (or any rows whose ids nobody needs back), by COPY on PostgreSQL."""
    if connection.vendor != "postgresql":
        through.objects.bulk_create(through(**dict(zip(fields, row, strict=True))) for row in rows)
        return
    columns = ", ".join(through._meta.get_field(name).column for name in fields)
    statement = f"COPY {through._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


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
            title = f"{self.rng.choice(ORDINALS)} {pattern.format(subject=subject)} ({city})"
            start = self.date()
            summary = self.summary(subject, city)
            events.append(
                Event(
                    title=title,
                    slug=f"{PREFIX}event-{n}",
                    kind=kind,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=self.rng.randrange(3)),
                    date_precision=DatePrecision.DAY,
                    city=city,
                    host_id=self.rng.choice(self.states),
                    summary=summary,
                    summary_html=html(summary),
                    **self.publication(),
                )
            )
        Event.objects.bulk_create(events)
        self.event_ids += [event.pk for event in events]
        insert_links(
            Event.participants.through,
            ("event_id", "state_id"),
            ((event.pk, state) for event in events for state in self.pick(self.states, 3, 10)),
        )

    def statements(self, numbers: range):
        statements = []
        for n in numbers:
            kind, pattern = self.rng.choice(STATEMENT_KINDS)
            subject, city = self.rng.choice(SUBJECTS), self.rng.choice(CITIES)
            summary = self.summary(subject, city)
            statements.append(
                Statement(
                    title=f"{city} {pattern.format(subject=subject)}",
                    slug=f"{PREFIX}statement-{n}",
                    kind=kind,
                    date=self.date(),
                    event_id=self.rng.choice(self.event_ids) if self.event_ids else None,
                    state_id=self.rng.choice(self.states) if kind == "speech" else None,
                    summary=summary,
                    summary_html=html(summary),
                    **self.publication(),
                )
            )
        Statement.objects.bulk_create(statements)
        self.statement_ids += [statement.pk for statement in statements]
        insert_links(
            Statement.endorsed_by.through,
            ("statement_id", "state_id"),
            ((s.pk, state) for s in statements for state in self.pick(self.states, 0, 6)),
        )
        insert_links(
            Statement.topics.through,
            ("statement_id", "topic_id"),
            ((s.pk, topic) for s in statements for topic in self.pick(self.topics, 1, 3)),
        )

    def measures(self, numbers: range):
        measures = []
        for n in numbers:
            subject, city = self.rng.choice(SUBJECTS), self.rng.choice(CITIES)
            description = self.summary(subject, city)
            measures.append(
                Measure(
                    title=f"Cooperation in {subject}: {self.rng.choice(OPENINGS).lower()} {city}",
                    slug=f"{PREFIX}measure-{n}",
                    dimension_id=self.rng.choice(self.dimensions),
                    status=self.rng.choice(MEASURE_STATUSES),
                    introduced_year=self.date().year,
                    established_by_id=(
                        self.rng.choice(self.statement_ids) if self.statement_ids else None
                    ),
                    description=description,
                    description_html=html(description),
                    **self.publication(),
                )
            )
        Measure.objects.bulk_create(measures)
        insert_links(
            CoordinatorRole,
            ("measure_id", "state_id", "role"),
            (
                (m.pk, state, "coordinator" if i == 0 else "co_coordinator")
                for m in measures
                for i, state in enumerate(self.pick(self.states, 1, 3))
            ),
        )
        insert_links(
            Measure.topics.through,
            ("measure_id", "topic_id"),
            ((m.pk, topic) for m in measures for topic in self.pick(self.topics, 1, 2)),
        )

    def fill_search_vectors(self, model):
        """One UPDATE for all new rows (the per-record signal does not run for bulk inserts)."""
        if search.uses_postgres():
            model.objects.filter(slug__startswith=PREFIX, search_vector__isnull=True).update(
                search_vector=search.weighted_vector(model)
            )
