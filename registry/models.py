"""The CICA Registry's data model.

Names here are a contract (see DESIGN.md). Rules the data must keep are database constraints;
`clean()` methods say the same in words for forms.
"""

import datetime
import functools
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf, Upper
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.text import (
    LONG_TEXT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    markdown_field,
    rendered_field,
)
from registry.translated_fields import LANGUAGE_CODES, TRANSLATED_FIELDS

YEAR_VALIDATORS = [MinValueValidator(1992), MaxValueValidator(2100)]
# The coordinator of a measure is named before its co-coordinators.
COORDINATOR_FIRST = models.Case(
    models.When(role="coordinator", then=models.Value(0)), default=models.Value(1)
).asc()


SLUG_MARK = "slug-mark"


@functools.cache
def detail_url_pattern(view_name: str, script_prefix: str, urlconf, language: str) -> str:
    return reverse(view_name, args=[SLUG_MARK], urlconf=urlconf)


def detail_url(view_name: str, slug: str) -> str:
    """`reverse(view_name, args=[slug])` at the cost of a string replace: lists call it for
    every row. In the active language (`/ru/...`)."""
    pattern = detail_url_pattern(view_name, get_script_prefix(), get_urlconf(), get_language())
    return pattern.replace(SLUG_MARK, slug)


@functools.cache
def choice_labels(field) -> dict:
    """A field's choices by value, their labels translated only when shown."""
    return dict(field.flatchoices)


def public_or_none(record):
    """A related record only if visitors may see it: no page names a draft. Records without a
    publication state (a dimension, a topic) are always public."""
    return record if record is not None and getattr(record, "is_public", True) else None


def read_relations(record):
    """Reads the relations a record's page shows (`shown_relations`), once: where a part of
    the page that shows them is rendered, not where it comes from the cache."""
    models.prefetch_related_objects([record], *record.shown_relations())


def first_or_none(get_neighbour, **filters):
    """A `get_previous_by_*`/`get_next_by_*` neighbour, or None at either end."""
    try:
        return get_neighbour(**filters)
    except models.ObjectDoesNotExist:
        return None


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


DATE_PRECISION_HELP = _(
    "How much of the date is known. With 'Year' only the year is shown (the month and day "
    "stored are placeholders); with 'Month' the month and year."
)


class PublicationStatus(models.TextChoices):
    """Where a record stands in the editorial workflow."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


def shown_text(field: str):
    """A translated field as a page in the active language shows it: the record's own text,
    or where it has none (NULL or empty) the English one."""
    english = F(f"{field}_{settings.LANGUAGE_CODE}")
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return english
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), english)


def in_shown_order(model, keys) -> list:
    """Ordering keys with each translated field of `model` (`name`, `-title`) sorted by the
    text a page in the active language shows (`shown_text`). English keys are kept as they
    are; modeltranslation reads them as the `_en` column."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return list(keys)
    translated = TRANSLATED_FIELDS.get(model._meta.model_name, ())
    shown = []
    for key in keys:
        field = key.lstrip("-") if isinstance(key, str) else None
        if field in translated:
            text = shown_text(field)
            key = text.desc() if key.startswith("-") else text.asc()
        shown.append(key)
    return shown


class ShownOrderQuerySet(models.QuerySet):
    """Sorts by translated texts as the page shows them. modeltranslation alone sorts a Russian
    page by the Russian column, where a record without a Russian text is NULL or empty: it came
    first on SQLite and last on PostgreSQL, not where its English name, shown instead, goes."""

    def order_by(self, *field_names):
        return super().order_by(*in_shown_order(self.model, field_names))

    def ids(self):
        """The ids, in this order, read as plain values: they name no translated column, and
        modeltranslation's rewriting of each row made a deep page's 10,000 ids cost 2.5 times
        as much."""
        return self.rewrite(False).values_list("pk", flat=True)

    def _post_init(self):
        """The model's default order, set here by modeltranslation (by the active language's
        column) when a queryset starts unordered; set first by the shown text instead."""
        ordering = self.model._meta.ordering if self.model else None
        if ordering and self.query.default_ordering and not self.query.order_by:
            shown = in_shown_order(self.model, ordering)
            if shown != list(ordering):
                self.query.add_ordering(*shown)
        super()._post_init()


class PublishableQuerySet(ShownOrderQuerySet):
    """Reads shared by every public page: only records whose publication time has come."""

    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True, submitted_at__isnull=True)

    def in_review(self):
        return self.filter(published_at__isnull=True, submitted_at__isnull=False)

    def scheduled(self):
        return self.filter(published_at__gt=timezone.now())

    def last_changed(self):
        """When the latest of these records changed (None for none): "Last updated", and
        downloads' Last-Modified."""
        return self.order_by().aggregate(latest=models.Max("updated_at"))["latest"]

    def for_rows(self):
        """What a list's rows show (`RecordsById`): the list's records, unless a kind reads
        less (large kinds read only the columns their row shows: whole rows were most of the
        reading of a page)."""
        return self.for_list()

    def count_and_last_change(self, cap: int) -> tuple[int, datetime.datetime | None]:
        """How many of these records there are, counted no further than `cap` + 1, and when the
        latest changed: in one pass where they are no more than `cap` (a filtered list's count
        and its last change each read every matching record)."""
        first = self.order_by().rewrite(False).values("pk", "updated_at")[: cap + 1]
        found = first.aggregate(count=models.Count("pk"), latest=models.Max("updated_at"))
        if found["count"] > cap:
            found["latest"] = self.last_changed()
        return found["count"], found["latest"]

    def ids_count_and_last_change(self, cap: int) -> tuple[list, int, datetime.datetime | None]:
        """The first `cap` ids in this order, with what `count_and_last_change` gives, from the
        same pass: a deep page reads its list's whole order anyway, and counting it again read
        every matching record a second time."""
        first = self.rewrite(False).values_list("pk", "updated_at")[: cap + 1]
        if connections[self.db].vendor == "postgresql":
            ids, count, latest = aggregated_in_order(first)
        else:
            rows = list(first)
            ids, count = [pk for pk, _changed in rows], len(rows)
            latest = max((changed for _pk, changed in rows), default=None)
        if count > cap:
            latest = self.last_changed()
        return ids[:cap], count, latest


def aggregated_in_order(ids_and_times) -> tuple[list, int, datetime.datetime | None]:
    """PostgreSQL: a query's ids (as one array, in its order), how many, and the latest time:
    one row, where 10,000 rows of ids and times cost ten times as much to read."""
    sql, params = ids_and_times.query.sql_with_params()
    with connections[ids_and_times.db].cursor() as cursor:
        # The subquery's order is the order array_agg reads its rows in.
        cursor.execute(
            f"SELECT array_agg(id), count(*), max(at) FROM ({sql}) AS listed(id, at)", params
        )
        ids, count, latest = cursor.fetchone()
    return ids or [], count, latest


class SlugManager(models.Manager.from_queryset(ShownOrderQuerySet)):
    """Natural key by slug, so fixtures load into any database without ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PublishableManager(SlugManager.from_queryset(PublishableQuerySet)):
    pass


class Publishable(models.Model):
    """Publication state and timestamps shared by every public record."""

    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Empty: a draft, visible to staff only. In the future: scheduled, public from "
            "that moment. In the past: public."
        ),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(
        verbose_name=_("updated at"), default=timezone.now, editable=False
    )

    objects = PublishableManager()

    class Meta:
        abstract = True
        # "publish" lets Publishers publish, schedule and unpublish; Editors lack it.
        default_permissions = ("add", "change", "delete", "view", "publish")

    def save(self, *args, **kwargs):
        # A workflow note that changes no content (a rejected change) keeps "Last updated".
        if not getattr(self, "_keep_updated_at", False):
            self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    def _get_FIELD_display(self, field):
        """`get_kind_display()` and its siblings, as Django's but by a dict made once per field:
        Django's translated every label of the field on each call, and lists call it per row."""
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(value, value), strings_only=True)

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
    """A record found by the site search; on PostgreSQL the vector is stored (registry.search).

    Each kind names the fields the search reads, as plain data beside the fields themselves:
    `search_fields` from most to least weight (PostgreSQL's A to D), `title_fields` that, matched
    exactly, put a record first (the first also ranks on SQLite), and `snippet_field`, the
    markdown field a hit's snippet is cut from. Kinds whose records grow with the registry
    (`ranked_in_window`) rank only a window of their matches on PostgreSQL.
    """

    search_fields: tuple[tuple[str, ...], ...] = ()
    title_fields: tuple[str, ...] = ()
    snippet_field = "summary"
    ranked_in_window = False

    search_vector = SearchVectorField(verbose_name=_("search vector"), null=True, editable=False)

    class Meta(Publishable.Meta):
        abstract = True


# Columns no list shows, left out of list queries (the search vector is the largest column).
LIST_DEFERRED = ["search_vector"]


# What every list row shows of its record: its title, linked by its slug.
ROW_FIELDS = ("slug", "title")


def in_every_language(path: str) -> list[str]:
    """A translated field's columns through a relation of a model that modeltranslation does
    not manage (whose `only()` would read the other languages one record at a time)."""
    return [f"{path}_{language}" for language in LANGUAGE_CODES]


def public_relation(relation: str) -> tuple[str, ...]:
    """What tells whether a related record is public (`public_or_none`)."""
    return (f"{relation}__published_at", f"{relation}__submitted_at")


def related_deferred(relation: str) -> list[str]:
    """The large columns of a related record selected with a list."""
    return [f"{relation}__search_vector", f"{relation}__summary_html", f"{relation}__summary"]


def tracked_history(derived_fields=(), **kwargs):
    """Change history that leaves out derived fields: the search vector and rendered HTML (in
    each language: registry.translation adds `summary_html_en`, ...)."""
    per_language = [f"{field}_{code}" for field in derived_fields for code, _ in settings.LANGUAGES]
    return HistoricalRecords(
        excluded_fields=["search_vector", *derived_fields, *per_language], **kwargs
    )


class Region(models.TextChoices):
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    EAST_ASIA = "east_asia", _("East Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")
    SOUTHEAST_ASIA = "southeast_asia", _("Southeast Asia")
    WEST_ASIA = "west_asia", _("West Asia")
    NORTH_ASIA = "north_asia", _("Europe and North Asia")
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north_america", _("North America")
    OCEANIA = "oceania", _("Oceania")


# --- Sources ----------------------------------------------------------------------------------

# A site's home page (optionally a language root or index file) supports no particular claim.
HOME_PAGE_URL = r"^https?://[^/?#]+/?((en|eng|ru|rus|index\.(html?|php))/?)?$"
SOURCE_URL_HELP = _(
    "Kept for compatibility: the address of the first source, set from the sources below."
)


class SourceQuerySet(models.QuerySet):
    def specific(self):
        """Sources that point to a page supporting a claim: anything but a site's home page."""
        return self.exclude(url__iregex=HOME_PAGE_URL)


class SourceManager(models.Manager.from_queryset(SourceQuerySet)):
    """Natural key by URL. As a record's `sources` manager, it keeps the record's citation order."""

    def get_by_natural_key(self, url):
        return self.get(url=url)

    def get_queryset(self):
        records = super().get_queryset()
        through = getattr(self, "through", None)  # set on a record's `sources` related manager
        if through is not None and issubclass(through, Citation):
            name = through._meta.model_name
            records = records.order_by(f"{name}__position", f"{name}__pk")
        return records


class Source(models.Model):
    """A cited public page. Shared: several records may cite the same page."""

    url = models.URLField(_("URL"), max_length=500, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=300, blank=True)
    publisher = models.CharField(
        verbose_name=_("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published the page, e.g. 'CICA Secretariat'."),
    )
    accessed = models.DateField(
        _("date accessed"), null=True, blank=True, help_text=_("When the page was last checked.")
    )

    objects = SourceManager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url

    def natural_key(self):
        return (self.url,)

    @property
    def is_specific(self) -> bool:
        return re.match(HOME_PAGE_URL, self.url, re.IGNORECASE) is None


class CitationManager(models.Manager):
    def get_by_natural_key(self, record_key, url):
        record_model = self.model._meta.get_field("record").related_model
        record = record_model._default_manager.get_by_natural_key(record_key)
        return self.get(record=record, source__url=url)


class Citation(models.Model):
    """A record's citation of a source, at a position in its numbered list of sources.

    Saving or deleting one updates the record: its `source_url` (kept for compatibility) follows
    the first source, and its `updated_at` moves on.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"),
        default=1,
        help_text=_("The source's number in the record's list of sources."),
    )

    objects = CitationManager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.source}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.record.sync_source_url()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.record.sync_source_url()
        return result

    def natural_key(self):
        return (*self.record.natural_key(), self.source.url)


class Cited(models.Model):
    """A public record that cites its sources (`sources`, in order, through its
    `citation_model`), the first one's address kept in `source_url`."""

    source_url = models.URLField(
        _("source link"), max_length=500, blank=True, editable=False, help_text=SOURCE_URL_HELP
    )

    class Meta:
        abstract = True

    def shown_relations(self) -> list:
        """The relations its page shows beside it, as prefetch lookups (`read_relations`)."""
        return ["sources"]

    def cite(self, sources):
        """Make `sources` this record's sources, numbered in the order given."""
        self.citations.exclude(source__in=sources).delete()
        for position, source in enumerate(sources, start=1):
            self.citations.update_or_create(source=source, defaults={"position": position})
        self.sync_source_url()

    def sync_source_url(self):
        """After a change to its sources: `source_url` (kept for compatibility) becomes the first
        source's address, and the record counts as updated, since its page lists its sources."""
        first = self.sources.first()
        self.source_url = first.url if first else ""
        self.save(update_fields=["source_url", "updated_at"])


class CitedQuerySet(PublishableQuerySet):
    def with_specific_source(self):
        return self.filter(sources__in=Source.objects.specific()).distinct()

    def without_specific_source(self):
        return self.exclude(pk__in=self.with_specific_source().values("pk"))


class StateQuerySet(CitedQuerySet):
    def for_list(self):
        return self.published().defer("search_vector")

    def for_export(self):
        return self.for_list().prefetch_related("sources")

    def for_detail(self):
        """A record's page: the record alone (`shown_relations` and `related_records` give
        what it shows beside it)."""
        return self.defer(*LIST_DEFERRED)


def count_of(records, path: str) -> Coalesce:
    """How many of `records` point at the outer record through `path` (a scalar subquery)."""
    linked = records.filter(**{path: models.OuterRef("pk")}).order_by().values(path)
    return Coalesce(models.Subquery(linked.annotate(n=models.Count("pk")).values("n")), 0)


class StateManager(models.Manager.from_queryset(StateQuerySet)):
    def get_by_natural_key(self, iso_code):
        return self.get(iso_code=iso_code)


class State(Cited, Searchable):
    """A member, observer or former observer state of CICA."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member state")
        OBSERVER = "observer", _("Observer state")
        FORMER_OBSERVER = "former_observer", _("Former observer")

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    official_name = models.CharField(verbose_name=_("official name"), max_length=200, blank=True)
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1."))],
        help_text=_("ISO 3166-1 alpha-2 code, for example KZ."),
    )
    region = models.CharField(
        verbose_name=_("region"), max_length=20, choices=Region.choices, db_index=True
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, db_index=True
    )
    joined_year = models.PositiveSmallIntegerField(
        verbose_name=_("joined year"),
        null=True,
        blank=True,
        db_index=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Year the state became a member. Required for members."),
    )
    observer_since = models.PositiveSmallIntegerField(
        verbose_name=_("observer since"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Year observer status began."),
    )
    observer_until = models.PositiveSmallIntegerField(
        verbose_name=_("observer until"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Year observer status ended (for former observers, and observers who joined)."),
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    note = models.TextField(
        verbose_name=_("note"),
        blank=True,
        help_text=_("What is uncertain or disputed about this record, shown to visitors."),
    )
    sources = models.ManyToManyField(
        Source, through="StateSource", blank=True, related_name="states", verbose_name=_("sources")
    )

    objects = StateManager()
    search_fields = (("name",), ("official_name", "iso_code"), ("summary",), ("note",))
    title_fields = ("name", "iso_code")
    markdown_fields = {"summary": "summary_html"}
    history = tracked_history(markdown_fields.values())

    class Meta(Searchable.Meta):
        verbose_name = _("state")
        verbose_name_plural = _("states")
        ordering = ["name"]
        indexes = [
            # An exact name or code comes first in search: its OR beside the search vector
            # needs an index to avoid a scan.
            models.Index(Upper("name_en"), name="state_name_upper"),
            models.Index(Upper("name_ru"), name="state_name_ru_upper"),
            models.Index(Upper("iso_code"), name="state_iso_code_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="member") | Q(joined_year__isnull=False),
                name="state_member_has_joined_year",
                violation_error_message=_("A member state needs the year it joined."),
            ),
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z][A-Z]$"),
                name="state_iso_code_two_capitals",
                violation_error_message=_("The ISO code is two capital letters."),
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

    def shown_relations(self) -> list:
        chairs = models.Prefetch("chairmanships", Chairmanship.objects.order_by("start_date"))
        return [*super().shown_relations(), chairs]

    def related_records(self, limit: int) -> dict:
        """The first `limit` records of each related list (the latest first), unevaluated, and
        how many each has (`counts`)."""
        lists = self.related_lists().items()
        return {
            **{
                name: records.filter(**{path: self}).order_by(*order)[:limit]
                for name, (path, records, order) in lists
            },
            "counts": self.related_counts(),
        }

    def related_counts(self) -> dict[str, int]:
        """How many records each related list has, in one query."""
        counts = {
            f"{name}_count": count_of(records, path)  # not the relations' own names
            for name, (path, records, _) in self.related_lists().items()
        }
        row = State.objects.filter(pk=self.pk).annotate(**counts).values(*counts).get()
        return {name.removesuffix("_count"): count for name, count in row.items()}

    def clean(self):
        if self.status == self.Status.MEMBER and self.joined_year is None:
            raise ValidationError({"joined_year": _("A member state needs the year it joined.")})


class OrganizationQuerySet(CitedQuerySet):
    def for_list(self):
        return self.published().defer(*LIST_DEFERRED)

    def for_export(self):
        return self.for_list().prefetch_related("sources")

    def for_detail(self):
        return self.defer(*LIST_DEFERRED)


class Organization(Cited, Searchable):
    """An international organisation with observer or partner status."""

    class Status(models.TextChoices):
        OBSERVER = "observer", _("Observer organisation")
        PARTNER = "partner", _("Partner organisation")
        FORMER_OBSERVER = "former_observer", _("Former observer organisation")

    name = models.CharField(verbose_name=_("name"), max_length=200, unique=True)
    acronym = models.CharField(verbose_name=_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=20, choices=Status.choices, db_index=True
    )
    since_year = models.PositiveSmallIntegerField(
        verbose_name=_("since year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Year the status began."),
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What is uncertain about this record.")
    )
    sources = models.ManyToManyField(
        Source,
        through="OrganizationSource",
        blank=True,
        related_name="organizations",
        verbose_name=_("sources"),
    )

    objects = SlugManager.from_queryset(OrganizationQuerySet)()
    search_fields = (("name",), ("acronym",), ("summary",), ("note",))
    title_fields = ("name", "acronym")
    markdown_fields = {"summary": "summary_html"}
    history = tracked_history(markdown_fields.values())

    class Meta(Searchable.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return detail_url("registry:organization_detail", self.slug)


class ChairmanshipManager(models.Manager):
    def get_by_natural_key(self, iso_code, start_date):
        return self.get(state__iso_code=iso_code, start_date=start_date)


class Chairmanship(models.Model):
    """A state's term as chair of CICA; `end_date` is empty while the term runs."""

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="chairmanships", verbose_name=_("state")
    )
    start_date = models.DateField(verbose_name=_("start date"))
    start_precision = models.CharField(
        verbose_name=_("start precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    end_date = models.DateField(
        verbose_name=_("end date"), null=True, blank=True, help_text=_("Empty while the term runs.")
    )
    note = models.TextField(verbose_name=_("note"), blank=True)

    objects = ChairmanshipManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "start_date"], name="chairmanship_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="chairmanship_ends_after_start",
                violation_error_message=_("A chairmanship cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.state} from {self.start_date:%Y}"

    def natural_key(self):
        return (self.state.iso_code, self.start_date.isoformat())

    natural_key.dependencies = ["registry.state"]

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A chairmanship cannot end before it starts.")})


class Term(models.Model):
    """A term records are filed under (a topic, a dimension). It has no page of its own: its
    address is the list of `list_view` filtered by it (`?topic=<slug>`)."""

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    description = models.TextField(verbose_name=_("description"), blank=True)

    objects = SlugManager()
    list_view = ""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(self.list_view) + f"?{self._meta.model_name}={self.slug}"

    def natural_key(self):
        return (self.slug,)


class Topic(Term):
    """A cross-cutting theme: terrorism, ICT security, climate change, ..."""

    list_view = "registry:statement_list"

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]


class EventQuerySet(CitedQuerySet):
    def for_list(self):
        """What lists, feeds and downloads read: not the search vector or the long body."""
        return (
            self.published()
            .select_related("host")
            .defer(*LIST_DEFERRED, "body", "body_html", *related_deferred("host"))
        )

    def for_rows(self):
        return self.for_list().only(
            *ROW_FIELDS, "start_date", "end_date", "date_precision", "kind", "city", "is_online",
            *public_relation("host"), "host__name",
        )  # fmt: skip

    def for_export(self):
        """Everything the representation names (API, downloads): the body, the host and the
        published participants."""
        participants = State.objects.published().only("slug").order_by("slug")
        return (
            self.for_list()
            .defer(None)
            .defer(*LIST_DEFERRED, "body_html", *related_deferred("host"))
            .prefetch_related(models.Prefetch("participants", participants), "sources")
        )

    def for_detail(self):
        return self.select_related("host").defer(*LIST_DEFERRED, *related_deferred("host"))


class Event(Cited, Searchable):
    """A CICA meeting, or an outside meeting where CICA was discussed."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", _("Summit")
        MINISTERIAL = "ministerial", _("Ministerial meeting")
        SENIOR_OFFICIALS = "senior_officials", _("Senior Officials Committee")
        WORKING_GROUP = "working_group", _("Special Working Group")
        FORUM = "forum", _("Forum or other event")
        EXTERNAL = "external", _("External event")

    title = models.CharField(verbose_name=_("title"), max_length=300, db_index=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, db_index=True
    )
    ordinal = models.PositiveSmallIntegerField(
        verbose_name=_("ordinal"),
        null=True,
        blank=True,
        help_text=_(
            "The number in the series, for example 6 for the Sixth Summit. Empty for "
            "meetings that are not numbered."
        ),
    )
    start_date = models.DateField(verbose_name=_("start date"), db_index=True)
    end_date = models.DateField(
        verbose_name=_("end date"), null=True, blank=True, help_text=_("Empty for a one-day event.")
    )
    date_precision = models.CharField(
        verbose_name=_("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    city = models.CharField(verbose_name=_("city"), max_length=100, blank=True, db_index=True)
    host = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host"),
    )
    is_online = models.BooleanField(_("online"), default=False)
    participants = models.ManyToManyField(
        State, blank=True, related_name="events", verbose_name=_("participants")
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    body = markdown_field(LONG_TEXT_MAX_LENGTH)
    body_html = rendered_field()
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What is uncertain about this record.")
    )
    sources = models.ManyToManyField(
        Source, through="EventSource", blank=True, related_name="events", verbose_name=_("sources")
    )

    objects = SlugManager.from_queryset(EventQuerySet)()
    search_fields = (("title",), ("city",), ("summary",), ("body",))
    title_fields = ("title",)
    ranked_in_window = True
    markdown_fields = {"summary": "summary_html", "body": "body_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[participants])

    class Meta(Searchable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "title"]
        get_latest_by = "start_date"
        indexes = [
            # The default order, and a page deep in it, read from an index alone (PostgreSQL);
            # with the filtered columns and the last change, so a filtered list's count and
            # last change read this narrow index, not every row (about 2 kB each).
            models.Index(
                fields=["-start_date", "title_en", "id"],
                include=["published_at", "updated_at", "kind", "host"],
                name="event_list_order",
            ),
            models.Index("updated_at", name="event_updated_at"),
            models.Index(Upper("title_en"), name="event_title_upper"),
            models.Index(Upper("title_ru"), name="event_title_ru_upper"),
            models.Index("host", F("start_date").desc(), name="event_host_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:event_detail", self.slug)

    def shown_relations(self) -> list:
        return [
            *super().shown_relations(),
            models.Prefetch("participants", State.objects.published().order_by("name")),
            models.Prefetch("statements", Statement.objects.published().order_by("date", "title")),
        ]

    def related_records(self, limit: int) -> dict:
        """The published events of the same kind just before and after this one."""
        same_kind = {"kind": self.kind, "pk__in": Event.objects.published().values("pk")}
        return {
            "previous": first_or_none(self.get_previous_by_start_date, **same_kind),
            "next": first_or_none(self.get_next_by_start_date, **same_kind),
        }

    @property
    def public_host(self):
        """The host state if visitors may see it, else None."""
        return public_or_none(self.host)

    @property
    def place(self) -> str:
        """Where the event took place: 'Almaty, Kazakhstan', 'Online, hosted by China', '—'."""
        host_name = self.public_host.name if self.public_host else ""
        if self.is_online:
            if not host_name:
                return gettext("Online")
            return gettext("Online, hosted by %(state)s") % {"state": host_name}
        return ", ".join(part for part in [self.city, host_name] if part) or "—"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An event cannot end before it starts.")})


class StatementQuerySet(CitedQuerySet):
    def for_list(self):
        """What lists, feeds and downloads read: not the search vector or the full text."""
        return (
            self.published()
            .select_related("event")
            .defer(*LIST_DEFERRED, "text", "text_html", *related_deferred("event"))
        )

    def for_rows(self):
        return self.for_list().only(
            *ROW_FIELDS, "short_title", "kind", "date", "date_precision",
            *public_relation("event"), "event__title",
        )  # fmt: skip

    def for_export(self):
        endorsers = State.objects.published().only("slug").order_by("slug")
        return (
            self.for_list()
            .defer(None)
            .defer(*LIST_DEFERRED, "text_html", *related_deferred("event"))
            .select_related("state")
            .prefetch_related(models.Prefetch("endorsed_by", endorsers), "topics", "sources")
        )

    def for_detail(self):
        related = [*related_deferred("event"), "event__body", "event__body_html"]
        return self.select_related("event", "state").defer(
            *LIST_DEFERRED, *related, *related_deferred("state")
        )


class Statement(Cited, Searchable):
    """A document adopted or a statement delivered at or for CICA."""

    class Kind(models.TextChoices):
        ACT = "act", _("Act")
        DECLARATION = "declaration", _("Declaration")
        STATEMENT = "statement", _("Statement")
        CATALOGUE = "catalogue", _("Catalogue")
        RULES = "rules", _("Rules")
        REGULATIONS = "regulations", _("Regulations")
        ACTION_PLAN = "action_plan", _("Action plan")
        ROAD_MAP = "road_map", _("Road map")
        DECISION = "decision", _("Decision")
        CONCEPT_PAPER = "concept_paper", _("Concept paper")
        AGREEMENT = "agreement", _("Agreement")
        SPEECH = "speech", _("Speech")

    title = models.CharField(verbose_name=_("title"), max_length=300, db_index=True)
    short_title = models.CharField(
        _("short name"),
        max_length=120,
        blank=True,
        help_text=_("The name people search for, for example 'Astana Statement'."),
    )
    slug = models.SlugField(verbose_name=_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=Kind.choices, db_index=True
    )
    date = models.DateField(verbose_name=_("date"), db_index=True)
    date_precision = models.CharField(
        verbose_name=_("date precision"),
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
        help_text=_("Where it was adopted or delivered."),
        verbose_name=_("event"),
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivered_statements",
        verbose_name=_("delivering state"),
        help_text=_("The state that delivered it, for statements and speeches."),
    )
    speaker = models.CharField(verbose_name=_("speaker"), max_length=200, blank=True)
    endorsed_by = models.ManyToManyField(
        State, blank=True, related_name="endorsed_statements", verbose_name=_("endorsing states")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="statements", verbose_name=_("topics")
    )
    summary = markdown_field(SUMMARY_MAX_LENGTH)
    summary_html = rendered_field()
    text = markdown_field(LONG_TEXT_MAX_LENGTH, "full text")
    text_html = rendered_field()
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What is uncertain about this record.")
    )
    sources = models.ManyToManyField(
        Source,
        through="StatementSource",
        blank=True,
        related_name="statements",
        verbose_name=_("sources"),
    )

    objects = SlugManager.from_queryset(StatementQuerySet)()
    search_fields = (("title",), ("short_title", "speaker"), ("summary",), ("text",))
    title_fields = ("title", "short_title")
    ranked_in_window = True
    markdown_fields = {"summary": "summary_html", "text": "text_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[endorsed_by, topics])

    class Meta(Searchable.Meta):
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-date", "title"]
        get_latest_by = "date"
        indexes = [
            models.Index(  # as event_list_order
                fields=["-date", "title_en", "id"],
                include=["published_at", "updated_at", "kind", "state", "event"],
                name="statement_list_order",
            ),
            models.Index("updated_at", name="statement_updated_at"),
            models.Index(Upper("title_en"), name="statement_title_upper"),
            models.Index(Upper("title_ru"), name="statement_title_ru_upper"),
            models.Index(Upper("short_title_en"), name="statement_short_title_upper"),
            models.Index(Upper("short_title_ru"), name="statement_short_title_ru_upper"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:statement_detail", self.slug)

    @property
    def public_event(self):
        """The event where it was adopted or delivered, if visitors may see it."""
        return public_or_none(self.event)

    @property
    def public_state(self):
        """The delivering state, if visitors may see it."""
        return public_or_none(self.state)

    def shown_relations(self) -> list:
        return [
            *super().shown_relations(),
            models.Prefetch("endorsed_by", State.objects.published().order_by("name")),
            "topics",
            models.Prefetch(
                "established_measures", Measure.objects.published().select_related("dimension")
            ),
        ]

    def related_records(self, limit: int) -> dict:
        """Published measures on this document's topics that it did not establish."""
        on_its_topics = Measure.topics.through.objects.filter(topic__statements=self)
        measures = (
            Measure.objects.for_list()
            .filter(pk__in=on_its_topics.values("measure_id"))
            .exclude(established_by=self)
            .order_by("dimension__order", "title")
        )
        return {"measures": measures[:limit]}


class Dimension(Term):
    """One of the five dimensions of the CICA Catalogue of CBMs."""

    order = models.PositiveSmallIntegerField(verbose_name=_("order"), unique=True)
    list_view = "registry:measure_list"

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order"]


class MeasureQuerySet(CitedQuerySet):
    def with_coordinators(self):
        """The dimension and the published coordinating states, coordinator first."""
        return self.select_related("dimension").prefetch_related(coordinator_roles())

    def for_list(self):
        return self.published().with_coordinators().defer(*LIST_DEFERRED)

    def for_rows(self):
        return (
            self.for_list()
            .prefetch_related(None)
            .prefetch_related(coordinator_roles(shown_only=True))
            .only(*ROW_FIELDS, "status", "dimension__name")
        )

    def for_export(self):
        return (
            self.for_list().select_related("established_by").prefetch_related("topics", "sources")
        )

    def for_detail(self):
        return self.select_related("dimension", "established_by").defer(
            *LIST_DEFERRED, *related_deferred("established_by"), "established_by__text"
        )


def coordinator_roles(shown_only: bool = False) -> models.Prefetch:
    """A measure's roles of published states, coordinator first (`{% coordinators %}`); with
    `shown_only`, only what that tag shows of each (a list's rows)."""
    roles = (
        CoordinatorRole.objects.filter(state__in=State.objects.published())
        .select_related("state")
        .order_by(COORDINATOR_FIRST, "state__name")
    )
    if shown_only:
        roles = roles.only("role", "measure", "state__slug", *in_every_language("state__name"))
    return models.Prefetch("roles", roles)


class Measure(Cited, Searchable):
    """A priority area or measure of the CICA Catalogue of Confidence-Building Measures."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PROPOSED = "proposed", _("Proposed")
        INACTIVE = "inactive", _("Inactive")

    title = models.CharField(verbose_name=_("title"), max_length=300, db_index=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=200, unique=True)
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="measures", verbose_name=_("dimension")
    )
    description = markdown_field(SUMMARY_MAX_LENGTH)
    description_html = rendered_field()
    status = models.CharField(
        verbose_name=_("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        db_index=True,
    )
    introduced_year = models.PositiveSmallIntegerField(
        verbose_name=_("introduced year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    established_by = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="established_measures",
        help_text=_("The document that established this measure, usually the Catalogue of CBMs."),
        verbose_name=_("established by"),
    )
    coordinators = models.ManyToManyField(
        State,
        through="CoordinatorRole",
        related_name="coordinated_measures",
        blank=True,
        verbose_name=_("coordinators"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="measures", verbose_name=_("topics")
    )
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What is uncertain about this record.")
    )
    sources = models.ManyToManyField(
        Source,
        through="MeasureSource",
        blank=True,
        related_name="measures",
        verbose_name=_("sources"),
    )

    objects = SlugManager.from_queryset(MeasureQuerySet)()
    search_fields = (("title",), (), ("description",), ("note",))
    title_fields = ("title",)
    ranked_in_window = True
    snippet_field = "description"
    markdown_fields = {"description": "description_html"}
    history = tracked_history(markdown_fields.values(), m2m_fields=[topics])

    class Meta(Searchable.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["dimension__order", "title"]
        indexes = [
            models.Index(Upper("title_en"), name="measure_title_upper"),
            models.Index(Upper("title_ru"), name="measure_title_ru_upper"),
            models.Index("updated_at", name="measure_updated_at"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return detail_url("registry:measure_detail", self.slug)

    @property
    def public_established_by(self):
        """The document that established the measure, if visitors may see it."""
        return public_or_none(self.established_by)

    def shown_relations(self) -> list:
        return [*super().shown_relations(), coordinator_roles(), "topics"]

    def related_records(self, limit: int) -> dict:
        """The latest published documents on this measure's topics."""
        on_its_topics = Statement.topics.through.objects.filter(topic__measures=self)
        statements = (
            Statement.objects.for_list()
            .filter(pk__in=on_its_topics.values("statement_id"))
            .order_by("-date", "-pk")
        )
        return {"statements": statements[:limit]}


class CoordinatorRoleManager(models.Manager):
    def get_by_natural_key(self, measure_slug, iso_code):
        return self.get(measure__slug=measure_slug, state__iso_code=iso_code)


class CoordinatorRole(models.Model):
    """A state's role in a measure: coordinator or co-coordinator."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CO_COORDINATOR = "co_coordinator", _("Co-coordinator")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="roles", verbose_name=_("measure")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="measure_roles", verbose_name=_("state")
    )
    role = models.CharField(
        verbose_name=_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR
    )

    objects = CoordinatorRoleManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordinator role")
        verbose_name_plural = _("coordinator roles")
        ordering = [COORDINATOR_FIRST, "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "state"],
                name="one_role_per_state_per_measure",
                violation_error_message=_("This state already has a role in this measure."),
            ),
        ]

    def __str__(self):
        return f"{self.state}: {self.get_role_display()} of {self.measure}"

    def natural_key(self):
        return (self.measure.slug, self.state.iso_code)

    natural_key.dependencies = ["registry.measure", "registry.state"]


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Revision.Status.PENDING)

    def for_record(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class Revision(models.Model):
    """An Editor's change to a published record (or a request to delete it), kept until a
    Publisher approves or rejects it; the public keeps seeing the published version meanwhile.

    `data` holds `base` (the record when the change was made) and `proposed`, each as
    {"fields": {...}, "m2m": {...}, "inlines": {...}} (see registry.revisions)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Action(models.TextChoices):
        CHANGE = "change", _("Change")
        DELETE = "delete", _("Deletion")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.CharField(verbose_name=_("object id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    action = models.CharField(
        verbose_name=_("action"), max_length=10, choices=Action.choices, default=Action.CHANGE
    )
    data = models.JSONField(verbose_name=_("data"), default=dict, blank=True)
    note = models.CharField(
        verbose_name=_("note"),
        max_length=300,
        blank=True,
        help_text=_("Where the change came from."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(verbose_name=_("reviewed at"), null=True, blank=True)
    reason = models.TextField(
        verbose_name=_("reason"), blank=True, help_text=_("Why the change was rejected.")
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"{self.get_action_display()} of {self.object_repr} by {self.author}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def record(self):
        """The current record, or None once it is gone."""
        return self.model.objects.filter(pk=self.object_id).first()


def citation_model(record_model):
    """The through model of `record_model.sources`: `StateSource` for `State`, in the table
    `registry_statesource`, citing a source at most once (`state_source_cites_once`)."""
    name = record_model._meta.model_name
    cites_once = models.UniqueConstraint(
        fields=["record", "source"], name=f"{name}_source_cites_once"
    )
    meta = type(
        "Meta",
        (Citation.Meta,),
        {
            "verbose_name": _("source"),
            "verbose_name_plural": _("sources"),
            "constraints": [cites_once],
        },
    )
    record = models.ForeignKey(
        record_model, on_delete=models.CASCADE, related_name="citations", verbose_name=_("record")
    )
    attrs = {"__module__": __name__, "record": record, "Meta": meta}
    return type(f"{record_model.__name__}Source", (Citation,), attrs)


StateSource = citation_model(State)
OrganizationSource = citation_model(Organization)
EventSource = citation_model(Event)
StatementSource = citation_model(Statement)
MeasureSource = citation_model(Measure)
