"""Bulk import and export of events, statements and measures (django-import-export).

Rows name related records by slug. Every problem is a row-level validation error in words, so
the admin's preview shows it and refuses to import anything while one row is invalid. New
records arrive as drafts: `published_at` is never imported.
"""

import zipfile
from collections import Counter
from copy import copy
from io import BytesIO

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from registry import editorial, representations, revisions
from registry.cache import bump_data_generation
from registry.exports import neutralise
from registry.models import (
    Dimension,
    Event,
    Measure,
    Searchable,
    Source,
    State,
    Statement,
    Topic,
)
from registry.search import uses_postgres, weighted_vector
from registry.translation import original_fields

SEPARATOR = "|"

# Bounds on what an upload may hold, so that one file cannot exhaust the server.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: its content, unpacked
MAX_ROWS = 10_000
MAX_CELL_CHARS = 100_000
BATCH_SIZE = 1000
UPDATE_BATCH_SIZE = 100  # bulk_update's CASE per field grows with the batch: keep it short


class ImportRefused(ValueError):
    """The file is refused before any row is read; the message says why, for the form."""


def check_bounds(dataset) -> None:
    if len(dataset) > MAX_ROWS:
        raise ImportRefused(
            _(
                "The file has %(rows)s rows; at most %(limit)s are imported at once. Split it "
                "into several files."
            )
            % {"rows": f"{len(dataset):,}", "limit": f"{MAX_ROWS:,}"}
        )
    for number, row in enumerate(dataset, 1):
        for header, value in zip(dataset.headers, row, strict=False):
            if value is not None and len(str(value)) > MAX_CELL_CHARS:
                raise ImportRefused(
                    _(
                        "Row %(row)s, column “%(column)s”: %(length)s characters; a cell holds at "
                        "most %(limit)s."
                    )
                    % {
                        "row": number,
                        "column": header,
                        "length": f"{len(str(value)):,}",
                        "limit": f"{MAX_CELL_CHARS:,}",
                    }
                )


def check_size(data) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            _("The file is %(size)s MB; at most %(limit)s MB is imported at once.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )


class NeutralisedExport:
    """Admin exports disarm spreadsheet formulas exactly as the public downloads do."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
        for row in dataset:
            safe.append([neutralise(cell) for cell in row])
        return super().export_data(safe, **kwargs)


class BoundedCSV(NeutralisedExport, base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        check_size(in_stream)
        dataset = super().create_dataset(in_stream, **kwargs)
        check_bounds(dataset)
        return dataset


class BoundedXLSX(NeutralisedExport, base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        check_size(in_stream)
        try:
            unpacked = sum(i.file_size for i in zipfile.ZipFile(BytesIO(in_stream)).infolist())
        except zipfile.BadZipFile as exc:
            raise ImportRefused(_("The file is not an XLSX workbook.")) from exc
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportRefused(
                _("The workbook unpacks to %(size)s MB; at most %(limit)s MB is read.")
                % {
                    "size": f"{unpacked / 1024 / 1024:.0f}",
                    "limit": MAX_UNPACKED_BYTES // 1024 // 1024,
                }
            )
        dataset = super().create_dataset(in_stream, **kwargs)
        check_bounds(dataset)
        return dataset


FORMATS = [BoundedCSV, BoundedXLSX]


def slugs_in(values) -> set[str]:
    found = set()
    for value in values:
        if value not in (None, ""):
            found.update(s.strip() for s in str(value).split(SEPARATOR) if s.strip())
    return found


class SlugWidget(ForeignKeyWidget):
    """A related record by slug; an unknown slug is an error that names it. `preload` fetches
    every slug of the file in one query."""

    def __init__(self, model, field="slug"):
        super().__init__(model, field)
        self.known = None

    def preload(self, values) -> None:
        lookup = {f"{self.field}__in": slugs_in(values)}
        self.known = {getattr(o, self.field): o for o in self.model.objects.filter(**lookup)}

    def clean(self, value, row=None, **kwargs):
        if self.known is None:
            try:
                return super().clean(value, row, **kwargs)
            except self.model.DoesNotExist:
                self.unknown(value)
        if value in (None, ""):
            return None
        slug = str(value).strip()
        if slug not in self.known:
            self.unknown(slug)
        return self.known[slug]

    def unknown(self, value):
        raise ValueError(
            _("Unknown %(kind)s slug “%(slug)s”.")
            % {"kind": self.model._meta.verbose_name, "slug": value}
        )


class SlugListWidget(ManyToManyWidget):
    """Several related records as slugs separated by '|'; every slug must exist."""

    def __init__(self, model, field="slug"):
        super().__init__(model, separator=SEPARATOR, field=field)
        self.known = None

    def preload(self, values) -> None:
        lookup = {f"{self.field}__in": slugs_in(values)}
        self.known = {getattr(o, self.field): o for o in self.model.objects.filter(**lookup)}

    def clean(self, value, row=None, **kwargs):
        slugs = sorted(slugs_in([value]))
        if self.known is None:
            found = {getattr(o, self.field): o for o in self.model.objects.filter(slug__in=slugs)}
        else:
            found = {slug: self.known[slug] for slug in slugs if slug in self.known}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            name = self.model._meta.verbose_name
            raise ValueError(
                _("Unknown %(kind)s slug(s): %(slugs)s.")
                % {"kind": name, "slugs": ", ".join(missing)}
            )
        return [found[slug] for slug in slugs]

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, list):
            return self.separator.join(str(getattr(o, self.field)) for o in value)
        return super().render(value, obj, **kwargs)


class Staged(list):
    """Related records read once; copying an instance shares them instead of copying them."""

    def __deepcopy__(self, memo):
        return self


PREVIEW_CHARS = 120


def shorten(text: str) -> str:
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


class PlainDiff(resources.Diff):
    """The preview's cells: the new value, or the old one struck through beside it, cut to
    a readable length (a character-level diff of every cell costs seconds at 5,000 rows)."""

    def as_html(self):
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = shorten(force_str(old)), shorten(force_str(new))
            if self.new or old == new:
                cells.append(escape(new))
            else:
                cells.append(format_html("<del>{}</del> <ins>{}</ins>", old, new))
        return cells


class NoDiff(PlainDiff):
    """The import itself (after the preview) shows no diff: reading every cell twice per row
    would be wasted."""

    def __init__(self, resource, instance, new):
        self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        pass


def shallow_copy(instance: Model) -> Model:
    """The original of a row for the diff and for `skip_row`: the import only assigns
    attributes (its many-to-many values are staged in a new dict), so a copy of the instance's
    attributes is enough where import-export deep-copies every related record."""
    clone = instance.__class__.__new__(instance.__class__)
    clone.__dict__ = dict(instance.__dict__)
    clone._state = copy(instance._state)
    clone._state.fields_cache = dict(instance._state.fields_cache)
    return clone


class SlugListField(fields.Field):
    """A many-to-many column; a row being imported shows the values it brings."""

    def get_value(self, instance):
        staged = getattr(instance, "_import_m2m", None)
        if staged is not None and self.attribute in staged:
            return staged[self.attribute]
        return super().get_value(instance)


class SourceListWidget(SlugListWidget):
    """The record's sources as their addresses separated by '|', in the order of its list.

    An address not yet known becomes a new Source (its title and publisher are added in the
    admin); an invalid address is an error that names it.
    """

    def __init__(self):
        super().__init__(Source, field="url")

    def clean(self, value, row=None, **kwargs):
        urls = [url.strip() for url in str(value or "").split(self.separator) if url.strip()]
        invalid = [url for url in urls if not is_valid_url(url)]
        if invalid:
            raise ValueError(_("Not a web address: %(urls)s.") % {"urls": ", ".join(invalid)})
        return [Source.objects.get_or_create(url=url)[0] for url in dict.fromkeys(urls)]


def is_valid_url(url) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return len(url) <= Source._meta.get_field("url").max_length


class SourcesField(SlugListField):
    """Imported sources replace the record's list, numbered in the order of the cell (the batch
    writes number them; see `RegistryResource.write_m2m`)."""

    def __init__(self):
        super().__init__(attribute="sources", column_name="sources", widget=SourceListWidget())


def links_key(field, related) -> list | set:
    """What identifies a many-to-many value: sources in their order (their numbering), other
    related records as a set."""
    if isinstance(field.widget, SourceListWidget):
        return [o.pk for o in related or []]
    return {o.pk for o in related or []}


def slug_field(name, model):
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def slug_list_field(name, model):
    return SlugListField(attribute=name, column_name=name, widget=SlugListWidget(model))


def update_rows(model, objs, names: list[str]) -> None:
    """Write `names` of each record. On PostgreSQL one `UPDATE ... FROM (VALUES ...)` per batch
    (Django's bulk_update builds a CASE per field and record, slow at thousands of rows)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, names, batch_size=UPDATE_BATCH_SIZE)
        return
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    assignments = ", ".join(
        f"{connection.ops.quote_name(f.column)} = v.{connection.ops.quote_name(f.column)}"
        for f in fields
    )
    casts = [f"%s::{f.cast_db_type(connection)}" for f in [pk, *fields]]
    table, key = (
        connection.ops.quote_name(model._meta.db_table),
        connection.ops.quote_name(pk.column),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            batch = objs[start : start + BATCH_SIZE]
            rows = ", ".join(f"({', '.join(casts)})" for _ in batch)
            params = [
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                for obj in batch
                for f in [pk, *fields]
            ]
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {rows}) "
                f"AS v({key}, {columns}) WHERE t.{key} = v.{key}",
                params,
            )


class RegistryResource(resources.ModelResource):
    """Shared rules: rows are matched by slug; duplicates and unknown slugs are row errors.

    Fast and bounded: the records named by the file and every related slug are fetched in a
    few queries before the rows are read; the preview (a dry run) writes nothing; the import
    writes in batches (bulk inserts and updates, their history versions with many-to-many
    snapshots, search vectors), one transaction for the whole file. Bulk writes send no
    `post_save`/`m2m_changed` signals. An Editor's row that changes a published record
    becomes a pending revision instead."""

    sources = SourcesField()  # every kind imported cites its sources

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        self.dry_run = dry_run  # import-export does not pass it to the hooks
        return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.require_columns(dataset.headers or [])
        slugs = [str(slug).strip() for slug in dataset["slug"] if slug]
        counts = Counter(slugs)
        self.duplicate_slugs = {slug for slug, n in counts.items() if n > 1}
        self.user = kwargs.get("user")
        self.held = []
        self.import_fields = None
        self.import_fields = self.get_import_fields()
        m2m_names = [f.attribute for f in self.m2m_import_fields()]
        existing = (
            self._meta.model.objects.filter(slug__in=set(slugs))
            .select_related(*self.fk_names())
            .prefetch_related(*m2m_names)
        )
        self.existing = {obj.slug: obj for obj in existing}
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugWidget | SlugListWidget):
                column = field.column_name
                field.widget.preload(dataset[column] if column in dataset.headers else [])

    def require_columns(self, headers) -> None:
        required = ["slug"] + [
            field.name
            for field in self._meta.model._meta.concrete_fields
            if field.name in self.fields
            and not field.blank
            and not field.has_default()
            and field.name != "slug"
        ]
        missing = [name for name in required if name not in headers]
        if missing:
            raise ImportRefused(
                _(
                    "The file lacks the required column(s): %(columns)s. The first row names the "
                    "columns; see the list of columns on the import page."
                )
                % {"columns": ", ".join(missing)}
            )

    def get_import_fields(self):
        """Read once per file (import-export computes the list again for every cell)."""
        cached = getattr(self, "import_fields", None)
        return cached if cached is not None else super().get_import_fields()

    def fk_names(self) -> list[str]:
        return [f.attribute for f in self.get_import_fields() if isinstance(f.widget, SlugWidget)]

    def m2m_import_fields(self):
        return [f for f in self.get_import_fields() if isinstance(f.widget, ManyToManyWidget)]

    def get_instance(self, instance_loader, row):
        return self.existing.get(str(row.get("slug") or "").strip())

    def after_init_instance(self, instance, new, row, **kwargs):
        """Stage the record's current many-to-many values (prefetched) before the row's own
        replace them, so comparing and showing the original needs no query (nor deep copies
        of related records: import-export copies the instance for its diff)."""
        instance._import_m2m = {
            f.attribute: Staged([] if new else getattr(instance, f.attribute).all())
            for f in self.m2m_import_fields()
        }
        instance._m2m_before = instance._import_m2m  # the row's values go into a new dict
        instance._prefetched_objects_cache = {}
        instance.__deepcopy__ = lambda memo: shallow_copy(instance)

    def get_diff_class(self):
        return PlainDiff if getattr(self, "dry_run", True) else NoDiff

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row that changes nothing is skipped (and shown as unchanged)."""
        if import_validation_errors:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            old, new = field.get_value(original), field.get_value(instance)
            if isinstance(field.widget, ManyToManyWidget):
                old, new = links_key(field, old), links_key(field, new)
            if old != new:
                return False
        return True

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if str(row.get("slug", "")).strip() in self.duplicate_slugs:
            errors["slug"] = [
                _("Duplicate slug “%(slug)s”: it appears on more than one row.")
                % {"slug": row["slug"]}
            ]
        staged = dict(getattr(instance, "_import_m2m", {}))
        for field in self.m2m_import_fields():
            if field.column_name not in row:
                continue
            try:
                staged[field.attribute] = field.clean(row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = [str(exc)]
        instance._import_m2m = staged
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """No query per row: related records were found by slug already, the model's clean()
        says what its constraints say, the slug is the row's key, and the database still
        enforces uniqueness."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors.keys(), *self.fk_names()],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create and self.held_for_review(instance):
            instance._held = True
            self.held.append(instance)
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def held_for_review(self, instance) -> bool:
        return (
            self.user is not None
            and instance.published_at is not None
            and not editorial.can_publish(self.user, self._meta.model)
        )

    # --- Writing in batches (never during the preview) ---------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write_batch(self.create_instances, dry_run, raise_errors, result, update=False)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.write_batch(self.update_instances, dry_run, raise_errors, result, update=True)

    def write_batch(self, batch, dry_run, raise_errors, result, update):
        try:
            if batch and not dry_run:
                self.write(batch, update)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            batch.clear()

    def write(self, objs: list[Model], update: bool) -> None:
        model = self._meta.model
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
            if "sources" in obj._import_m2m:  # kept for compatibility: the first source's address
                first = next(iter(obj._import_m2m["sources"]), None)
                obj.source_url = first.url if first else ""
        if update:
            update_rows(model, objs, [*written_columns(model, self.fields), "updated_at"])
        else:
            model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        links = self.write_m2m(objs, update)
        reason = f"Imported by {self.user}" if self.user else "Imported"
        history = model.history.bulk_history_create(
            objs, batch_size=BATCH_SIZE, update=update, default_user=self.user,
            default_change_reason=reason,
        )  # fmt: skip
        self.write_m2m_history(objs, history, links)
        if uses_postgres() and issubclass(model, Searchable):
            model.objects.filter(pk__in=[o.pk for o in objs]).update(
                search_vector=weighted_vector(model)
            )
        bump_data_generation()  # bulk writes send no signals

    def write_m2m(self, objs, update) -> dict:
        """Replace the through rows of the imported many-to-many columns where a row changes
        them; returns every record's through rows (as dicts of their columns) by field name."""
        links = {}
        for field in self.m2m_import_fields():
            relation = self._meta.model._meta.get_field(field.attribute)
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            columns = [f.attname for f in through._meta.fields]
            changed = [o for o in objs if not update or self.links_changed(o, field)]
            if update and changed:
                through.objects.filter(**{f"{source}__in": changed}).delete()
            numbered = "position" in columns  # citations
            rows = [
                through(**{source: obj, target: other}, **({"position": n} if numbered else {}))
                for obj in changed
                for n, other in enumerate(obj._import_m2m[field.attribute], start=1)
            ]
            created = through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            links[field.attribute] = [{c: getattr(row, c) for c in columns} for row in created]
            if len(changed) < len(objs):
                changed_ids = {o.pk for o in changed}
                kept = [o.pk for o in objs if o.pk not in changed_ids]
                links[field.attribute] += through.objects.filter(**{f"{source}__in": kept}).values(
                    *columns
                )
        return links

    @staticmethod
    def links_changed(obj, field) -> bool:
        name = field.attribute
        return links_key(field, obj._import_m2m[name]) != links_key(field, obj._m2m_before[name])

    def write_m2m_history(self, objs, history, links) -> None:
        """The many-to-many snapshot of each new history version (as simple-history keeps:
        every column of the through rows)."""
        tracked = (
            {f.name for f in getattr(history[0], "_history_m2m_fields", [])} if history else {}
        )
        by_record = {h.id: h for h in history}
        history_model = self._meta.model.history.model
        for name, rows in links.items():
            if name not in tracked:
                continue
            snapshot_model = next(
                rel.related_model
                for rel in history_model._meta.related_objects
                if rel.related_model.__name__ == f"{history_model.__name__}_{name}"
            )
            source = self._meta.model._meta.get_field(name).m2m_field_name()
            snapshot_model.objects.bulk_create(
                [snapshot_model(history=by_record[row[f"{source}_id"]], **row) for row in rows],
                batch_size=BATCH_SIZE,
            )

    def after_import(self, dataset, result, **kwargs):
        """An Editor's rows that change published records wait as pending revisions."""
        if self.dry_run:
            return
        note = f"Imported from {kwargs.get('file_name') or 'a file'}"
        for instance in self.held:
            proposal = {
                "fields": revisions.field_values(instance),
                "m2m": {name: [o.pk for o in objs] for name, objs in instance._import_m2m.items()},
                "inlines": {},
            }
            revisions.propose(instance, self.user, proposal, note)


def editable_fields(representation) -> list[str]:
    """The fields of a kind's representation an editor sets, in its order: a spreadsheet carries
    the public fields the API defines, less what the site derives (page links, the first
    source's address, the change time) and what is shown from another relation (a measure's
    coordinators are its roles, edited inline). A translated field's Russian text follows it
    (`title`, `title_ru`); `title` itself is the English."""
    model = representation.Meta.model
    translated = original_fields(model)
    names = []
    for name, field in representation().fields.items():
        if field.source == name and is_editable(model, name):
            names += [name, f"{name}_ru"] if name in translated else [name]
    return names


def written_columns(model, fields) -> list[str]:
    """The columns an update writes for the resource's `fields`: a translated field's value
    lives in its English column (`title_en`) beside the column of its own name."""
    translated = original_fields(model)
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key
        and (
            f.name in fields
            or f.name == "source_url"
            or (f.name.endswith("_en") and f.name[:-3] in translated and f.name[:-3] in fields)
        )
    ]


def is_editable(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).editable
    except FieldDoesNotExist:
        return False


class ResourceMeta:
    import_id_fields = ["slug"]
    clean_model_instances = True
    skip_unchanged = True
    report_skipped = True
    use_transactions = True
    use_bulk = True
    batch_size = BATCH_SIZE


class EventResource(RegistryResource):
    host = slug_field("host", State)
    participants = slug_list_field("participants", State)

    class Meta(ResourceMeta):
        model = Event
        fields = editable_fields(representations.EventSerializer)


class StatementResource(RegistryResource):
    event = slug_field("event", Event)
    state = slug_field("state", State)
    endorsed_by = slug_list_field("endorsed_by", State)
    topics = slug_list_field("topics", Topic)

    class Meta(ResourceMeta):
        model = Statement
        fields = editable_fields(representations.StatementSerializer)


class MeasureResource(RegistryResource):
    dimension = slug_field("dimension", Dimension)
    established_by = slug_field("established_by", Statement)
    topics = slug_list_field("topics", Topic)

    class Meta(ResourceMeta):
        model = Measure
        fields = editable_fields(representations.MeasureSerializer)
