"""Pending revisions: an Editor's change to a published record waits for a Publisher.

A record's state is captured generically, so fields, many-to-many fields and inline rows added
to a model later are covered without special code:

    {"fields": {name: value}, "m2m": {name: [pk, ...]},
     "inlines": {"app.model": {"fk": name, "rows": [{"id": pk or None, name: value}]}}}

A revision keeps `base` (the record as it was) and `proposed`. Approval applies only what the
editor changed (proposed differs from base), record by record through `save()` and the m2m
managers, so history and signals see every write; changes made meanwhile by others survive.
"""

import json
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from registry import editorial
from registry.models import Publishable, Revision
from registry.translation import original_fields


def editable_fields(model):
    """The concrete fields an editor can change (not the key, timestamps or derived values,
    nor the publication time, which only the workflow sets). A translated field counts as its
    languages' columns (`name_en`, `name_ru`)."""
    translated = original_fields(model)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name != "published_at"
        and field.name not in translated
    ]


def as_json(values: dict) -> dict:
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def field_values(obj, exclude=()) -> dict:
    return as_json(
        {
            field.name: field.value_from_object(obj)
            for field in editable_fields(type(obj))
            if field.name not in exclude
        }
    )


def m2m_fields(model):
    """Many-to-many fields an editor sets directly (not those through a model of their own)."""
    return [
        field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created
    ]


@dataclass
class Inline:
    """Rows of another model that belong to a record through a foreign key (admin inlines)."""

    model: type
    fk: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows(self, obj) -> list:
        return list(self.model._default_manager.filter(**{self.fk: obj}).order_by("pk"))

    def row_values(self, row) -> dict:
        return {"id": row.pk, **field_values(row, exclude={self.fk})}


def snapshot(obj, inlines: list[Inline]) -> dict:
    """The record as stored now."""
    return {
        "fields": field_values(obj),
        "m2m": {
            field.name: sorted(pk for pk in getattr(obj, field.name).values_list("pk", flat=True))
            for field in m2m_fields(type(obj))
        },
        "inlines": {
            inline.label: {
                "fk": inline.fk,
                "rows": [inline.row_values(row) for row in inline.rows(obj)],
            }
            for inline in inlines
        },
    }


def from_admin_form(form, formsets) -> dict:
    """What a valid admin form proposes: its instance (with the cleaned values applied, unsaved),
    its many-to-many choices and its inline formsets' rows."""
    proposed = {
        "fields": field_values(form.instance),
        "m2m": {
            field.name: sorted(obj.pk for obj in form.cleaned_data[field.name])
            for field in m2m_fields(type(form.instance))
            if field.name in form.cleaned_data
        },
        "inlines": {},
    }
    for formset in formsets:
        inline = Inline(formset.model, formset.fk.name)
        deleted = set(formset.deleted_forms)
        rows = [
            inline.row_values(f.instance)
            for f in formset.forms
            if f not in deleted and f.cleaned_data and (f.instance.pk or f.has_changed())
        ]
        proposed["inlines"][inline.label] = {"fk": inline.fk, "rows": rows}
    return proposed


def inlines_of(proposed: dict) -> list[Inline]:
    return [
        Inline(apps.get_model(label), spec["fk"])
        for label, spec in proposed.get("inlines", {}).items()
    ]


# --- Proposing ------------------------------------------------------------------------------


def needs_review(user, obj) -> bool:
    """An Editor's change to a record a Publisher has published (or scheduled) waits."""
    if not isinstance(obj, Publishable) or obj.pk is None:
        return False
    stored = type(obj).objects.filter(pk=obj.pk).values_list("published_at", flat=True).first()
    return stored is not None and not editorial.can_publish(user, type(obj))


def propose(
    obj, user, proposed: dict, note: str = "", action=Revision.Action.CHANGE
) -> Revision | None:
    """Keep `proposed` as the user's pending revision of `obj` (one per author and record).
    A proposal equal to the published record withdraws the user's pending change (None)."""
    current = type(obj).objects.get(pk=obj.pk)
    base = snapshot(current, inlines_of(proposed))
    pending = Revision.objects.for_record(obj).pending().filter(author=user, action=action)
    if action == Revision.Action.CHANGE and not any(changed(base, proposed)):
        pending.delete()
        return None
    revision = pending.first() or Revision(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        author=user,
        action=action,
    )
    revision.object_repr = str(current)[:300]
    revision.data = {"base": base, "proposed": proposed}
    revision.note = note[:300]
    revision.created_at = timezone.now()
    revision.save()
    return revision


def propose_deletion(obj, user) -> Revision:
    return propose(obj, user, {}, "Deletion requested", action=Revision.Action.DELETE)


def own_pending(user, obj) -> Revision | None:
    if obj is None or obj.pk is None:
        return None
    return (
        Revision.objects.for_record(obj)
        .pending()
        .filter(author=user, action=Revision.Action.CHANGE)
        .first()
    )


# --- Reviewing ------------------------------------------------------------------------------


def changed(base: dict, proposed: dict):
    """(fields, m2m, inlines) that the revision changes, with their proposed values."""
    fields = {
        name: value
        for name, value in proposed.get("fields", {}).items()
        if base.get("fields", {}).get(name) != value
    }
    m2m = {
        name: pks
        for name, pks in proposed.get("m2m", {}).items()
        if sorted(base.get("m2m", {}).get(name, [])) != sorted(pks)
    }
    inlines = {
        label: spec
        for label, spec in proposed.get("inlines", {}).items()
        if base.get("inlines", {}).get(label, {}).get("rows") != spec["rows"]
    }
    return fields, m2m, inlines


def set_values(obj, values: dict) -> None:
    for name, value in values.items():
        field = type(obj)._meta.get_field(name)
        setattr(obj, field.attname, field.to_python(value))


def apply_inline(obj, inline: Inline, rows: list[dict], user, reason: str) -> None:
    """Make the record's inline rows those given: update, add, delete, each through the ORM."""
    existing = {row.pk: row for row in inline.rows(obj)}
    kept = {row["id"] for row in rows if row.get("id")}
    for pk, row in existing.items():
        if pk not in kept:
            row._history_user, row._change_reason = user, reason
            row.delete()
    for values in rows:
        row = existing.get(values.get("id")) or inline.model(**{inline.fk: obj})
        set_values(row, {k: v for k, v in values.items() if k != "id"})
        row._history_user, row._change_reason = user, reason
        row.full_clean()
        row.save()


def apply_proposed(obj, base: dict, proposed: dict, user, reason: str) -> None:
    """Write what changed from `base` to `proposed` onto the record, as one history version
    (and one per many-to-many change), naming `user` and `reason`. Raises ValidationError
    (a slug now taken, for example) before anything is written."""
    fields, m2m, inlines = changed(base, proposed)
    set_values(obj, fields)
    obj.full_clean(validate_unique=True)
    obj._history_user, obj._change_reason = user, reason
    obj.save()
    for name, pks in m2m.items():
        getattr(obj, name).set(pks)
    for inline in inlines_of({"inlines": inlines}):
        apply_inline(obj, inline, inlines[inline.label]["rows"], user, reason)


def approve(revision: Revision, reviewer) -> None:
    reason = f"{revision.get_action_display()} by {revision.author} approved by {reviewer}" + (
        f" ({revision.note})" if revision.note and revision.action == "change" else ""
    )
    with transaction.atomic():
        obj = revision.model.objects.select_for_update().filter(pk=revision.object_id).first()
        if obj is None:
            raise ValidationError(gettext("The record no longer exists."))
        editorial.log(reviewer, obj, reason)
        if revision.action == Revision.Action.DELETE:
            editorial.delete_with_trace(obj, reviewer, reason)
        else:
            apply_proposed(obj, revision.data["base"], revision.data["proposed"], reviewer, reason)
        close(revision, Revision.Status.APPROVED, reviewer)


def reject(revision: Revision, reviewer, reason: str) -> None:
    """Close the revision; the record gets a history version saying so (its content and
    "Last updated" unchanged)."""
    with transaction.atomic():
        close(revision, Revision.Status.REJECTED, reviewer, reason)
        obj = revision.record
        if obj is not None:
            obj._history_user = reviewer
            obj._change_reason = (
                f"{revision.get_action_display()} by {revision.author} rejected by {reviewer}"
                + (f": {reason}" if reason else "")
            )
            obj._keep_updated_at = True
            obj.save()
            editorial.log(reviewer, obj, obj._change_reason)


def close(revision: Revision, status, reviewer, reason: str = "") -> None:
    revision.status, revision.reviewer = status, reviewer
    revision.reviewed_at, revision.reason = timezone.now(), reason
    revision.save()


# --- Showing --------------------------------------------------------------------------------


@dataclass
class Difference:
    label: str
    current: str
    proposed: str


def display_value(model, name: str, value) -> str:
    field = model._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else f"(deleted, id {value})"
    return editorial.describe(value)


def display_m2m(model, name: str, pks) -> str:
    target = model._meta.get_field(name).related_model
    names = sorted(str(obj) for obj in target._default_manager.filter(pk__in=pks))
    return ", ".join(names) or "—"


def display_rows(inline: Inline, rows: list[dict], parent) -> str:
    shown = []
    for values in rows:
        row = inline.model(**{inline.fk: parent})
        set_values(row, {k: v for k, v in values.items() if k != "id"})
        shown.append(str(row))
    return "\n".join(shown) or "—"


def differences(revision: Revision, current=None) -> list[Difference]:
    """Field by field: the record as published now beside the revision's proposal."""
    model = revision.model
    current = current or revision.record
    if revision.action == Revision.Action.DELETE:
        return [Difference("Record", str(current), "deleted")]
    fields, m2m, inlines = changed(revision.data["base"], revision.data["proposed"])
    now = snapshot(current, inlines_of(revision.data["proposed"]))
    diffs = [
        Difference(
            str(model._meta.get_field(name).verbose_name).capitalize(),
            display_value(model, name, now["fields"].get(name)),
            display_value(model, name, value),
        )
        for name, value in fields.items()
    ]
    diffs += [
        Difference(
            str(model._meta.get_field(name).verbose_name).capitalize(),
            display_m2m(model, name, now["m2m"].get(name, [])),
            display_m2m(model, name, pks),
        )
        for name, pks in m2m.items()
    ]
    for inline in inlines_of({"inlines": inlines}):
        diffs.append(
            Difference(
                str(inline.model._meta.verbose_name_plural).capitalize(),
                display_rows(inline, now["inlines"][inline.label]["rows"], current),
                display_rows(inline, inlines[inline.label]["rows"], current),
            )
        )
    return diffs


def prefill_formset(formset, revision: Revision) -> None:
    """Show an inline formset (unbound) as its author's pending revision left it: changed rows
    with their values, removed rows ticked for deletion, added rows as extra forms."""
    spec = revision.data["proposed"].get("inlines", {}).get(formset.model._meta.label_lower)
    if spec is None:
        return
    model = formset.model

    def initial(values):
        return {
            name: model._meta.get_field(name).to_python(value)
            for name, value in values.items()
            if name != "id"
        }

    rows = {values["id"]: values for values in spec["rows"] if values.get("id")}
    added = [initial(values) for values in spec["rows"] if not values.get("id")]
    formset.extra = max(formset.extra, len(added))
    formset.initial_extra = added
    for form in formset.initial_forms:
        if form.instance.pk in rows:
            form.initial.update(initial(rows[form.instance.pk]))
        else:
            form.initial["DELETE"] = True


def form_initial(revision: Revision) -> dict:
    """The proposal as a change form's initial values, so its author sees what they typed."""
    model = revision.model
    proposed = revision.data["proposed"]
    initial = {}
    for name, value in proposed.get("fields", {}).items():
        field = model._meta.get_field(name)
        initial[name] = field.to_python(value)
    initial.update(proposed.get("m2m", {}))
    return initial
