"""The editorial workflow behind the admin: roles, version compare and restore, the review queue
and the data-quality report. Plain functions; registry/admin.py wires them into the admin."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.utils import get_m2m_reverse_field_name

from registry.models import (
    Chairmanship,
    CoordinatorRole,
    DatePrecision,
    Event,
    Measure,
    Organization,
    Publishable,
    State,
    Statement,
)

PUBLISHABLE_MODELS = [State, Organization, Event, Statement, Measure]


def can_publish(user, model) -> bool:
    """Publishers hold the model's `publish` permission; Editors do not."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


# --- Versions -------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


def describe(value, field_name=None) -> str:
    """A historical value as an editor reads it; many-to-many rows as a list of names."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        names = sorted(str(row[field_name]) for row in value)
        return ", ".join(names) if names else "—"
    return str(value)


def compare_versions(old, new) -> list[FieldChange]:
    """Field-by-field differences between two historical records, many-to-many included."""
    delta = new.diff_against(old, foreign_keys_are_objs=True)
    model = new.instance_type
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        target = get_m2m_reverse_field_name(field) if field.many_to_many else None
        changes.append(
            FieldChange(
                str(field.verbose_name).capitalize(),
                describe(change.old, target),
                describe(change.new, target),
            )
        )
    return changes


def restore_version(record, user) -> Publishable:
    """Save a historical version as the current one; the restore is itself a new version.

    Whoever cannot publish keeps the record's current publication state, so a restore never
    publishes or unpublishes behind a publisher's back.
    """
    model = record.instance_type
    current = model.objects.get(pk=record.instance.pk)
    obj = record.instance
    if not can_publish(user, model):
        obj.published_at, obj.submitted_at = current.published_at, current.submitted_at
    obj._history_user = user
    obj._change_reason = f"Restored the version of {record.history_date:%d %B %Y %H:%M}"
    obj.save()
    for field in record._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        ids = getattr(record, field.name).values_list(target, flat=True)
        getattr(obj, field.name).set(list(ids))
    return obj


@dataclass
class Finding:
    record: object
    detail: str = ""

    @property
    def url(self) -> str:
        return change_url(self.record)


# --- Review queue ---------------------------------------------------------------------------


def awaiting_review():
    """Records submitted for review, oldest first, grouped by kind."""
    return [
        (
            model._meta.verbose_name_plural.capitalize(),
            [Finding(obj) for obj in model.objects.in_review().order_by("submitted_at")],
        )
        for model in PUBLISHABLE_MODELS
    ]


# --- Data quality ---------------------------------------------------------------------------


def without_specific_source():
    """Records that cite no page supporting them (a site's home page does not count)."""
    return [
        Finding(obj, "cites only a home page" if obj.source_url else "no source")
        for model in PUBLISHABLE_MODELS
        for obj in model.objects.without_specific_source()
    ]


def members_without_accession_year():
    members = State.objects.filter(status=State.Status.MEMBER, joined_year__isnull=True)
    return [Finding(state) for state in members]


def events_without_participants():
    events = Event.objects.annotate(n=Count("participants")).filter(n=0).order_by("-start_date")
    return [Finding(event, event.get_kind_display()) for event in events]


def statements_without_event():
    return [Finding(s, s.get_kind_display()) for s in Statement.objects.filter(event__isnull=True)]


def statements_without_endorsers():
    """Adopted documents with no endorsing state (a speech is delivered, not endorsed)."""
    statements = (
        Statement.objects.exclude(kind=Statement.Kind.SPEECH)
        .annotate(n=Count("endorsed_by"))
        .filter(n=0)
    )
    return [Finding(s, s.get_kind_display()) for s in statements]


def measures_without_coordinator():
    coordinated = CoordinatorRole.objects.filter(role=CoordinatorRole.Role.COORDINATOR)
    measures = Measure.objects.exclude(pk__in=coordinated.values("measure"))
    return [
        Finding(measure, measure.dimension.name) for measure in measures.select_related("dimension")
    ]


def slugs_unlike_titles():
    findings = []
    for model, title in [(State, "name"), (Organization, "name"), (Event, "title"),
                         (Statement, "title"), (Measure, "title")]:  # fmt: skip
        for obj in model.objects.only("pk", "slug", title):
            expected = slugify(getattr(obj, title))
            if obj.slug != expected:
                findings.append(Finding(obj, f"slug “{obj.slug}”, the title gives “{expected}”"))
    return findings


def reduced_precision_dates():
    reduced = ~Q(date_precision=DatePrecision.DAY)
    findings = [
        Finding(event, f"only the {event.get_date_precision_display().lower()} is known")
        for event in Event.objects.filter(reduced)
    ]
    findings += [
        Finding(s, f"only the {s.get_date_precision_display().lower()} is known")
        for s in Statement.objects.filter(reduced)
    ]
    findings += [
        Finding(chair, f"start: only the {chair.get_start_precision_display().lower()} is known")
        for chair in Chairmanship.objects.exclude(start_precision=DatePrecision.DAY).select_related(
            "state"
        )
    ]
    return findings


DATA_QUALITY_CHECKS = [
    ("Records without a specific source", without_specific_source),
    ("Member states without an accession year", members_without_accession_year),
    ("Events without participants", events_without_participants),
    ("Statements without an event", statements_without_event),
    ("Documents without endorsing states", statements_without_endorsers),
    ("Measures without a coordinator", measures_without_coordinator),
    ("Slugs that differ from the title", slugs_unlike_titles),
    ("Dates known only to the month or year", reduced_precision_dates),
]


def data_quality_report():
    return [(title, check()) for title, check in DATA_QUALITY_CHECKS]
