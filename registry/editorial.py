"""The editorial workflow behind the admin: roles, version compare and restore, the review queue
and the data-quality report. Plain functions; registry/admin.py wires them into the admin."""

import datetime
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import SET_NULL, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

from registry import kinds
from registry.models import (
    Chairmanship,
    CoordinatorRole,
    DatePrecision,
    Event,
    Measure,
    Publishable,
    Revision,
    State,
    Statement,
)
from registry.translated_fields import TRANSLATED_FIELDS
from registry.translation import original_fields

PUBLISHABLE_MODELS = [kind.model for kind in kinds.KINDS]


def can_publish(user, model) -> bool:
    """Publishers hold the model's `publish` permission; Editors do not."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def can_view_drafts(user, model) -> bool:
    """Drafts and previews are for holders of the model's view permission, not any staff."""
    return user.is_active and user.has_perm(
        f"{model._meta.app_label}.view_{model._meta.model_name}"
    )


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
    model = new.instance_type
    delta = new.diff_against(
        old, foreign_keys_are_objs=True, excluded_fields=original_fields(model)
    )
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


def version_proposal(record) -> dict:
    """A historical version in the shape of a pending revision's proposal (registry.revisions)."""
    from registry import revisions

    proposal = {"fields": revisions.field_values(record.instance), "m2m": {}, "inlines": {}}
    for field in record._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        ids = getattr(record, field.name).values_list(target, flat=True)
        proposal["m2m"][field.name] = sorted(ids)
    return proposal


def restore_version(record, user) -> Publishable | Revision | None:
    """Make a historical version the current one; the restore is itself a new version.

    The restore keeps the record's publication state. An Editor's restore of a published record
    becomes a pending revision for a Publisher to approve. A version whose slug (or another
    unique value) is now taken raises ValidationError naming it; None when an Editor restores
    the version that is published now.
    """
    from registry import revisions

    model = record.instance_type
    current = model.objects.get(pk=record.instance.pk)
    when = f"{record.history_date:%d %B %Y %H:%M}"
    proposal = version_proposal(record)
    candidate = record.instance
    candidate._state.adding = False  # the record itself is no conflict
    candidate.validate_unique()
    if revisions.needs_review(user, current):
        log(user, current, f"Proposed restoring the version of {when}, waiting for review")
        return revisions.propose(current, user, proposal, f"Restore of the version of {when}")
    base = revisions.snapshot(current, [])
    try:
        with transaction.atomic():
            revisions.apply_proposed(
                current, base, proposal, user, f"Restored the version of {when} by {user}"
            )
    except IntegrityError as exc:
        raise ValidationError(f"The version cannot be restored: {exc}") from exc
    log(user, current, f"Restored the version of {when}")
    return current


# --- Workflow actions: each one a history version naming the user, and an admin log entry ---


def log(user, obj, message: str) -> None:
    LogEntry.objects.log_actions(user.pk, [obj], CHANGE, message, single_object=True)


def record_action(obj, user, reason: str, **changes) -> None:
    """Apply workflow `changes` to one record through save(), so history, signals and the
    page cache see it, and log it."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user, obj._change_reason = user, reason
    obj.save()
    log(user, obj, reason)


def submit(obj, user) -> bool:
    if obj.published_at is not None or obj.submitted_at is not None:
        return False
    record_action(obj, user, f"Submitted for review by {user}", submitted_at=timezone.now())
    return True


def publish(obj, user, when: datetime.datetime | None = None) -> None:
    when = when or timezone.now()
    scheduled = when > timezone.now()
    reason = (
        f"Scheduled for {timezone.localtime(when):%d %B %Y %H:%M} by {user}"
        if scheduled
        else f"Published by {user}"
    )
    record_action(obj, user, reason, published_at=when, submitted_at=None)


def unpublish(obj, user) -> bool:
    if obj.published_at is None:
        return False
    record_action(obj, user, f"Unpublished by {user}", published_at=None, submitted_at=None)
    return True


def publication_change_reason(old, new, user) -> str | None:
    """Words for a Publisher's save that changed `published_at` (None if it did not)."""
    if old == new:
        return None
    if new is None:
        return f"Unpublished by {user}"
    if new > timezone.now():
        return f"Scheduled for {timezone.localtime(new):%d %B %Y %H:%M} by {user}"
    return f"Published by {user}"


# --- Optimistic locking: a form carries the `updated_at` it was opened with --------------------


def version_token(obj) -> str:
    return obj.updated_at.isoformat() if obj and obj.pk else ""


def changes_since(obj, token: str) -> tuple[list[str], str]:
    """Who changed what since the form stamped `token` was opened (empty if nobody), and the
    record's current stamp.

    Reads the row with `select_for_update` (inside the admin's transaction, on PostgreSQL), so
    two saves of forms opened on the same version cannot both pass. A form posted without a
    stamp (a script) is not checked."""
    current = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
    if current is None or not token:
        return [], version_token(current)
    try:
        seen = datetime.datetime.fromisoformat(token)
    except ValueError:
        return ["the form's version stamp was unreadable"], version_token(current)
    if current.updated_at <= seen:
        return [], version_token(current)
    return describe_changes(current, seen), version_token(current)


def describe_changes(obj, since) -> list[str]:
    """One line per history version of `obj` after `since`: who changed which fields, when."""
    lines = []
    history = getattr(obj, "history", None)
    records = history.filter(updated_at__gt=since).order_by("history_date") if history else []
    for record in records:
        who = record.history_user or _("someone (an import or a script)")
        previous = record.prev_record
        excluded = original_fields(type(obj))
        delta = record.diff_against(previous, excluded_fields=excluded) if previous else None
        fields = [c.field for c in delta.changes] if delta else []
        labels = [str(type(obj)._meta.get_field(f).verbose_name) for f in fields]
        what = ", ".join(labels) or record.history_change_reason or _("the record")
        when = f"{timezone.localtime(record.history_date):%H:%M:%S}"
        lines.append(
            _("%(who)s changed %(what)s at %(when)s") % {"who": who, "what": what, "when": when}
        )
    when = f"{timezone.localtime(obj.updated_at):%H:%M:%S}"
    return lines or [_("the record was changed at %(when)s") % {"when": when}]


# --- Guarded deletion -----------------------------------------------------------------------


@dataclass
class Link:
    """A record that links to another one through `field` (a foreign key or many-to-many)."""

    record: object
    field: object

    def __str__(self):
        return f"{self.record._meta.verbose_name.capitalize()} “{self.record}”"


def links_to(obj) -> list[Link]:
    """Every record whose foreign key or many-to-many field points at `obj`."""
    links = []
    for relation in obj._meta.related_objects:
        if not (relation.many_to_many or relation.one_to_many):
            continue
        if relation.many_to_many and not relation.through._meta.auto_created:
            continue  # a role model of its own (coordinators): rows that are the link itself
        related = relation.related_model
        if not issubclass(related, Publishable):
            continue
        for record in related._default_manager.filter(**{relation.field.name: obj}):
            links.append(Link(record, relation.field))
    return links


def published_links_to(obj) -> list[Link]:
    return [link for link in links_to(obj) if link.record.published_at is not None]


def delete_with_trace(obj, user, reason: str) -> None:
    """Delete a record; each record that linked to it first drops the link through the ORM, so
    its history shows the removed link (a many-to-many change or a cleared foreign key)."""
    with transaction.atomic():
        for link in links_to(obj):
            record = link.record
            record._history_user = user
            record._change_reason = f"Link to {obj._meta.verbose_name} “{obj}” removed: {reason}"
            if link.field.many_to_many:
                getattr(record, link.field.name).remove(obj)
            elif link.field.remote_field.on_delete is SET_NULL:
                setattr(record, link.field.name, None)
                record.save()
        obj._history_user, obj._change_reason = user, reason
        obj.delete()


@dataclass
class Finding:
    record: object
    detail: str = ""

    @property
    def url(self) -> str:
        return change_url(self.record)


# --- Review queue ---------------------------------------------------------------------------


def awaiting_review(user=None):
    """Records submitted for review, oldest first, grouped by kind (the kinds `user` may
    publish)."""
    return [
        (
            model._meta.verbose_name_plural.capitalize(),
            [Finding(obj) for obj in model.objects.in_review().order_by("submitted_at")],
        )
        for model in PUBLISHABLE_MODELS
        if user is None or can_publish(user, model)
    ]


def pending_revisions(user=None):
    """Pending changes to published records, oldest first (of the kinds `user` may publish)."""
    revisions = Revision.objects.pending().select_related("author", "content_type")
    return [revision for revision in revisions if user is None or can_publish(user, revision.model)]


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
    for model in PUBLISHABLE_MODELS:
        title = model.title_fields[0]
        for obj in model.objects.only("pk", "slug", title):
            expected = slugify(getattr(obj, title))
            if obj.slug != expected:
                detail = _("slug “%(slug)s”, the title gives “%(expected)s”") % {
                    "slug": obj.slug,
                    "expected": expected,
                }
                findings.append(Finding(obj, detail))
    return findings


def only_known(precision: str) -> str:
    """'only the month is known' or 'only the year is known'."""
    if precision == DatePrecision.MONTH:
        return _("only the month is known")
    return _("only the year is known")


def reduced_precision_dates():
    reduced = ~Q(date_precision=DatePrecision.DAY)
    findings = [
        Finding(event, only_known(event.date_precision)) for event in Event.objects.filter(reduced)
    ]
    findings += [
        Finding(s, only_known(s.date_precision)) for s in Statement.objects.filter(reduced)
    ]
    findings += [
        Finding(chair, _("start: %(known)s") % {"known": only_known(chair.start_precision)})
        for chair in Chairmanship.objects.exclude(start_precision=DatePrecision.DAY).select_related(
            "state"
        )
    ]
    return findings


def missing_russian():
    """Records with English text and no Russian for it (visitors of /ru/ read the English)."""
    findings = []
    for model in PUBLISHABLE_MODELS:
        fields = TRANSLATED_FIELDS[model._meta.model_name]
        lacking = Q()
        for field in fields:
            lacking |= ~Q(**{f"{field}_en": ""}) & (
                Q(**{f"{field}_ru__isnull": True}) | Q(**{f"{field}_ru": ""})
            )
        for obj in model.objects.filter(lacking):
            missing = [
                str(model._meta.get_field(field).verbose_name)
                for field in fields
                if getattr(obj, f"{field}_en") and not getattr(obj, f"{field}_ru")
            ]
            if missing:
                detail = _("no Russian %(fields)s") % {"fields": ", ".join(missing)}
                findings.append(Finding(obj, detail))
    return findings


DATA_QUALITY_CHECKS = [
    (gettext_lazy("Records without a specific source"), without_specific_source),
    (gettext_lazy("Member states without an accession year"), members_without_accession_year),
    (gettext_lazy("Events without participants"), events_without_participants),
    (gettext_lazy("Statements without an event"), statements_without_event),
    (gettext_lazy("Documents without endorsing states"), statements_without_endorsers),
    (gettext_lazy("Measures without a coordinator"), measures_without_coordinator),
    (gettext_lazy("Slugs that differ from the title"), slugs_unlike_titles),
    (gettext_lazy("Dates known only to the month or year"), reduced_precision_dates),
    (gettext_lazy("Texts without a Russian translation"), missing_russian),
]


def data_quality_report():
    return [(title, check()) for title, check in DATA_QUALITY_CHECKS]
