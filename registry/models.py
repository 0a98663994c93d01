"""The CICA Registry's data model.

Names here are a contract (see DESIGN.md). Rules the data must keep are database constraints;
`clean()` methods say the same in words for forms.
"""

import functools

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Upper
from django.db.models.signals import pre_save
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from registry.text import (
    LONG_TEXT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    markdown_field,
    render_markdown_fields,
    rendered_field,
)

YEAR_VALIDATORS = [MinValueValidator(1992), MaxValueValidator(2100)]
# The coordinator of a measure is named before its co-coordinators.
COORDINATOR_FIRST = models.Case(
    models.When(role="coordinator", then=models.Value(0)), default=models.Value(1)
).asc()


SLUG_MARK = "slug-mark"


@functools.cache
def detail_url_pattern(view_name: str, script_prefix: str, urlconf) -> str:
    return reverse(view_name, args=[SLUG_MARK], urlconf=urlconf)


def detail_url(view_name: str, slug: str) -> str:
    """`reverse(view_name, args=[slug])` at the cost of a string replace: lists call it for
    every row."""
    pattern = detail_url_pattern(view_name, get_script_prefix(), get_urlconf())
    return pattern.replace(SLUG_MARK, slug)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


DATE_PRECISION_HELP = (
    "How much of the date is known. With 'Year' only the year is shown (the month and day "
    "stored are placeholders); with 'Month' the month and year."
)


class PublicationStatus(models.TextChoices):
    """Where a record stands in the editorial workflow."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    """Reads shared by every public page: only records whose publication time has come."""

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True, submitted_at__isnull=True)

    def in_review(self):
        return self.filter(published_at__isnull=True, submitted_at__isnull=False)

    def scheduled(self):
        return self.filter(published_at__gt=timezone.now())


class SlugManager(models.Manager):
    """Natural key by slug, so fixtures load into any database without ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PublishableManager(SlugManager.from_queryset(PublishableQuerySet)):
    pass


class Publishable(models.Model):
    """Publication state and timestamps shared by every public record."""

    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from "
        "that moment. In the past: public.",
    )
    submitted_at = models.DateTimeField(
        "submitted for review", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PublishableManager()

    class Meta:
        abstract = True
        # "publish" lets Publishers publish, schedule and unpublish; Editors lack it.
        default_permissions = ("add", "change", "delete", "view", "publish")

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @property
    def publication_status(self) -> str:
        if self.published_at is None:
            return PublicationStatus.IN_REVIEW if self.submitted_at else PublicationStatus.DRAFT
        if self.published_at > timezone.now():
            return PublicationStatus.SCHEDULED
        return PublicationStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


class Searchable(Publishable):
    """A record found by the site search; on PostgreSQL the vector is stored (registry.search)."""

    search_vector = SearchVectorField(null=True, editable=False)

    class Meta(Publishable.Meta):
        abstract = True


# Columns no list shows, left out of list queries (the search vector is the largest column).
LIST_DEFERRED = ["search_vector"]


def related_deferred(relation: str) -> list[str]:
    """The large columns of a related record selected with a list."""
    return [f"{relation}__search_vector", f"{relation}__summary_html", f"{relation}__summary"]


def tracked_history(derived_fields=(), **kwargs):
    """Change history that leaves out derived fields: the search vector and rendered HTML."""
    return HistoricalRecords(excluded_fields=["search_vector", *derived_fields], **kwargs)


class Region(models.TextChoices):
    CENTRAL_ASIA = "central_asia", "Central Asia"
    EAST_ASIA = "east_asia", "East Asia"
    SOUTH_ASIA = "south_asia", "South Asia"
    SOUTHEAST_ASIA = "southeast_asia", "Southeast Asia"
    WEST_ASIA = "west_asia", "West Asia"
    NORTH_ASIA = "north_asia", "Europe and North Asia"
    EUROPE = "europe", "Europe"
    NORTH_AMERICA = "north_america", "North America"
    OCEANIA = "oceania", "Oceania"


class StateQuerySet(PublishableQuerySet):
    def for_list(self):
        return self.published().defer("search_vector")

    def for_export(self):
        return self.for_list()

    def for_detail(self):
        """A state with its chairmanships and how many records of each kind it is linked to
        (`State.related_records` gives the latest of each)."""
        counts = {
            f"{name}_count": count_of(records, path)
            for name, (path, records, _) in State.related_lists().items()
        }
        chairs = models.Prefetch("chairmanships", Chairmanship.objects.order_by("start_date"))
        return self.prefetch_related(chairs).annotate(**counts)


def count_of(records, path: str) -> Coalesce:
    """How many of `records` point at the outer record through `path` (a scalar subquery)."""
    linked = records.filter(**{path: models.OuterRef("pk")}).order_by().values(path)
    return Coalesce(models.Subquery(linked.annotate(n=models.Count("pk")).values("n")), 0)


class StateManager(models.Manager.from_queryset(StateQuerySet)):
    def get_by_natural_key(self, iso_code):
        return self.get(iso_code=iso_code)


class State(Searchable):
    """A member, observer or former observer state of CICA."""

    class Status(models.TextChoices):
        MEMBER = "member", "Member state"
        OBSERVER = "observer", "Observer state"
        FORMER_OBSERVER = "former_observer", "Former observer"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    iso_code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1.")],
        help_text="ISO 3166-1 alpha-2 code, for example KZ.",
    )
    region = models.CharField(max_length=20, choices=Region.choices, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    joined_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        validators=YEAR_VALIDATORS,
        help_text="Year the state became a member. Required for members.",
    )
    observer_since = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Year observer status began."
    )
    observer_until = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Year observer status ended (for former observers, and observers who joined).",
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    note = models.TextField(
        blank=True, help_text="What is uncertain or disputed about this record, shown to visitors."
    )
    source_url = models.URLField("source link", max_length=500, blank=True)

    objects = StateManager()
    markdown_fields = {"summary": "summary_html"}
    history = tracked_history(markdown_fields.values())

    class Meta(Searchable.Meta):
        ordering = ["name"]
        indexes = [
            # An exact name or code comes first in search: its OR beside the search vector
            # needs an index to avoid a scan.
            models.Index(Upper("name"), name="state_name_upper"),
            models.Index(Upper("iso_code"), name="state_iso_code_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="member") | Q(joined_year__isnull=False),
                name="state_member_has_joined_year",
                violation_error_message="A member state needs the year it joined.",
            ),
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z][A-Z]$"),
                name="state_iso_code_two_capitals",
                violation_error_message="The ISO code is two capital letters.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("registry:state_detail", self.slug)

    def natural_key(self):
        return (self.iso_code,)

    @staticmethod
    def related_lists() -> dict:
        """name -> (path from the record to the state, published records, their order)."""
        return {
            "hosted_events": ("host", Event.objects.published(), ["-start_date", "-pk"]),
            "events": ("participants", Event.objects.published(), ["-start_date", "-pk"]),
            "delivered_statements": (
                "state",
                Statement.objects.published(),
                ["-date", "-pk"],
            ),
            "endorsed_statements": (
                "endorsed_by",
                Statement.objects.published(),
                ["-date", "-pk"],
            ),
            "measure_roles": (
                "state",
                CoordinatorRole.objects.filter(
                    measure__in=Measure.objects.published()
                ).select_related("measure__dimension"),
                ["measure__dimension__order", "measure__title", "pk"],
            ),
        }

    def related_records(self, limit: int) -> dict:
        """The first `limit` records of each related list (the latest first), unevaluated."""
        return {
            name: records.filter(**{path: self}).order_by(*order)[:limit]
            for name, (path, records, order) in self.related_lists().items()
        }

    def clean(self):
        if self.status == self.Status.MEMBER and self.joined_year is None:
            raise ValidationError({"joined_year": "A member state needs the year it joined."})


class Organization(Publishable):
    """An international organisation with observer or partner status."""

    class Status(models.TextChoices):
        OBSERVER = "observer", "Observer organisation"
        PARTNER = "partner", "Partner organisation"
        FORMER_OBSERVER = "former_observer", "Former observer organisation"

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    since_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Year the status began."
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    note = models.TextField(blank=True, help_text="What is uncertain about this record.")
    source_url = models.URLField("source link", max_length=500, blank=True)

    class Meta(Publishable.Meta):
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class ChairmanshipManager(models.Manager):
    def get_by_natural_key(self, iso_code, start_date):
        return self.get(state__iso_code=iso_code, start_date=start_date)


class Chairmanship(models.Model):
    """A state's term as chair of CICA; `end_date` is empty while the term runs."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="chairmanships")
    start_date = models.DateField()
    start_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the term runs.")
    note = models.TextField(blank=True)

    objects = ChairmanshipManager()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "start_date"], name="chairmanship_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="chairmanship_ends_after_start",
                violation_error_message="A chairmanship cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.state} from {self.start_date:%Y}"

    def natural_key(self):
        return (self.state.iso_code, self.start_date.isoformat())

    natural_key.dependencies = ["registry.state"]

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A chairmanship cannot end before it starts."})


class Topic(models.Model):
    """A cross-cutting theme: terrorism, ICT security, climate change, ..."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:statement_list") + f"?topic={self.slug}"

    def natural_key(self):
        return (self.slug,)


class EventQuerySet(PublishableQuerySet):
    def for_list(self):
        """What lists, feeds and downloads read: not the search vector or the long body."""
        return (
            self.published()
            .select_related("host")
            .defer(*LIST_DEFERRED, "body", "body_html", *related_deferred("host"))
        )

    def for_export(self):
        """Everything a download row names: the host and the published participants."""
        participants = State.objects.published().only("slug").order_by("slug")
        return self.for_list().prefetch_related(models.Prefetch("participants", participants))

    def for_detail(self):
        return self.select_related("host").prefetch_related(
            models.Prefetch("participants", queryset=State.objects.published().order_by("name")),
            models.Prefetch(
                "statements", queryset=Statement.objects.published().order_by("date", "title")
            ),
        )


class Event(Searchable):
    """A CICA meeting, or an outside meeting where CICA was discussed."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit"
        MINISTERIAL = "ministerial", "Ministerial meeting"
        SENIOR_OFFICIALS = "senior_officials", "Senior Officials Committee"
        WORKING_GROUP = "working_group", "Special Working Group"
        FORUM = "forum", "Forum or other event"
        EXTERNAL = "external", "External event"

    title = models.CharField(max_length=300, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The number in the series, for example 6 for the Sixth Summit. Empty for "
        "meetings that are not numbered.",
    )
    start_date = models.DateField(db_index=True)
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a one-day event.")
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    city = models.CharField(max_length=100, blank=True, db_index=True)
    host = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_events"
    )
    is_online = models.BooleanField("online", default=False)
    participants = models.ManyToManyField(State, blank=True, related_name="events")
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    body = markdown_field(LONG_TEXT_MAX_LENGTH)
    body_html = rendered_field()
    note = models.TextField(blank=True, help_text="What is uncertain about this record.")
    source_url = models.URLField("source link", max_length=500, blank=True)

    objects = SlugManager.from_queryset(EventQuerySet)()
    markdown_fields = {"summary": "summary_html", "body": "body_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[participants])

    class Meta(Searchable.Meta):
        ordering = ["-start_date", "title"]
        get_latest_by = "start_date"
        indexes = [
            # The default order (and a page deep in it) read from an index, not a sort.
            models.Index(F("start_date").desc(), "title", "id", name="event_list_order"),
            models.Index("updated_at", name="event_updated_at"),
            models.Index(Upper("title"), name="event_title_upper"),
            models.Index("host", F("start_date").desc(), name="event_host_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:event_detail", self.slug)

    @property
    def public_host(self):
        """The host state if visitors may see it, else None."""
        return self.host if self.host and self.host.is_public else None

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "An event cannot end before it starts."})


class StatementQuerySet(PublishableQuerySet):
    def for_list(self):
        """What lists, feeds and downloads read: not the search vector or the full text."""
        return (
            self.published()
            .select_related("event")
            .defer(*LIST_DEFERRED, "text", "text_html", *related_deferred("event"))
        )

    def for_export(self):
        endorsers = State.objects.published().only("slug").order_by("slug")
        return (
            self.for_list()
            .select_related("state")
            .prefetch_related(models.Prefetch("endorsed_by", endorsers), "topics")
        )

    def for_detail(self):
        return self.select_related("event", "state").prefetch_related(
            models.Prefetch("endorsed_by", queryset=State.objects.published().order_by("name")),
            "topics",
            models.Prefetch(
                "established_measures",
                queryset=Measure.objects.published().select_related("dimension"),
            ),
        )


class Statement(Searchable):
    """A document adopted or a statement delivered at or for CICA."""

    class Kind(models.TextChoices):
        ACT = "act", "Act"
        DECLARATION = "declaration", "Declaration"
        STATEMENT = "statement", "Statement"
        CATALOGUE = "catalogue", "Catalogue"
        RULES = "rules", "Rules"
        REGULATIONS = "regulations", "Regulations"
        ACTION_PLAN = "action_plan", "Action plan"
        ROAD_MAP = "road_map", "Road map"
        DECISION = "decision", "Decision"
        CONCEPT_PAPER = "concept_paper", "Concept paper"
        AGREEMENT = "agreement", "Agreement"
        SPEECH = "speech", "Speech"

    title = models.CharField(max_length=300, db_index=True)
    short_title = models.CharField(
        "short name",
        max_length=120,
        blank=True,
        help_text="The name people search for, for example 'Astana Statement'.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Where it was adopted or delivered.",
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivered_statements",
        verbose_name="delivering state",
        help_text="The state that delivered it, for statements and speeches.",
    )
    speaker = models.CharField(max_length=200, blank=True)
    endorsed_by = models.ManyToManyField(
        State, blank=True, related_name="endorsed_statements", verbose_name="endorsing states"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    text = markdown_field(LONG_TEXT_MAX_LENGTH, "full text")
    text_html = rendered_field()
    note = models.TextField(blank=True, help_text="What is uncertain about this record.")
    source_url = models.URLField("source link", max_length=500, blank=True)

    objects = SlugManager.from_queryset(StatementQuerySet)()
    markdown_fields = {"summary": "summary_html", "text": "text_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[endorsed_by, topics])

    class Meta(Searchable.Meta):
        ordering = ["-date", "title"]
        get_latest_by = "date"
        indexes = [
            models.Index(F("date").desc(), "title", "id", name="statement_list_order"),
            models.Index("updated_at", name="statement_updated_at"),
            models.Index(Upper("title"), name="statement_title_upper"),
            models.Index(Upper("short_title"), name="statement_short_title_upper"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:statement_detail", self.slug)


class Dimension(models.Model):
    """One of the five dimensions of the CICA Catalogue of CBMs."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:measure_list") + f"?dimension={self.slug}"

    def natural_key(self):
        return (self.slug,)


class MeasureQuerySet(PublishableQuerySet):
    def with_coordinators(self):
        """The dimension and the published coordinating states, coordinator first."""
        roles = (
            CoordinatorRole.objects.filter(state__in=State.objects.published())
            .select_related("state")
            .order_by(COORDINATOR_FIRST, "state__name")
        )
        return self.select_related("dimension").prefetch_related(models.Prefetch("roles", roles))

    def for_list(self):
        return self.published().with_coordinators().defer(*LIST_DEFERRED)

    def for_export(self):
        return self.for_list().select_related("established_by").prefetch_related("topics")

    def for_detail(self):
        return self.with_coordinators().select_related("established_by").prefetch_related("topics")


class Measure(Searchable):
    """A priority area or measure of the CICA Catalogue of Confidence-Building Measures."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PROPOSED = "proposed", "Proposed"
        INACTIVE = "inactive", "Inactive"

    title = models.CharField(max_length=300, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="measures")
    description = markdown_field(SUMMARY_MAX_LENGTH)
    description_html = rendered_field()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    introduced_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS
    )
    established_by = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="established_measures",
        help_text="The document that established this measure, usually the Catalogue of CBMs.",
    )
    coordinators = models.ManyToManyField(
        State, through="CoordinatorRole", related_name="coordinated_measures", blank=True
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="measures")
    note = models.TextField(blank=True, help_text="What is uncertain about this record.")
    source_url = models.URLField("source link", max_length=500, blank=True)

    objects = SlugManager.from_queryset(MeasureQuerySet)()
    markdown_fields = {"description": "description_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[topics])

    class Meta(Searchable.Meta):
        ordering = ["dimension__order", "title"]
        indexes = [
            models.Index(Upper("title"), name="measure_title_upper"),
            models.Index("updated_at", name="measure_updated_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:measure_detail", self.slug)


class CoordinatorRoleManager(models.Manager):
    def get_by_natural_key(self, measure_slug, iso_code):
        return self.get(measure__slug=measure_slug, state__iso_code=iso_code)


class CoordinatorRole(models.Model):
    """A state's role in a measure: coordinator or co-coordinator."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", "Coordinator"
        CO_COORDINATOR = "co_coordinator", "Co-coordinator"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="roles")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="measure_roles")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)

    objects = CoordinatorRoleManager()
    history = HistoricalRecords()

    class Meta:
        ordering = [COORDINATOR_FIRST, "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "state"],
                name="one_role_per_state_per_measure",
                violation_error_message="This state already has a role in this measure.",
            ),
        ]

    def __str__(self):
        return f"{self.state}: {self.get_role_display()} of {self.measure}"

    def natural_key(self):
        return (self.measure.slug, self.state.iso_code)

    natural_key.dependencies = ["registry.measure", "registry.state"]


for _model in (State, Event, Statement, Measure):
    pre_save.connect(render_markdown_fields, sender=_model, dispatch_uid=f"html-{_model.__name__}")
