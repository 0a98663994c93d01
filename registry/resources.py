"""Bulk import and export of events, statements and measures (django-import-export).

Rows name related records by slug. Every problem is a row-level validation error in words, so
the admin's preview shows it and refuses to import anything while one row is invalid. New
records arrive as drafts: `published_at` is never imported.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from registry.models import Dimension, Event, Measure, Source, State, Statement, Topic

SEPARATOR = "|"


class SlugWidget(ForeignKeyWidget):
    """A related record by slug; an unknown slug is an error that names it."""

    def __init__(self, model, field="slug"):
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            name = self.model._meta.verbose_name
            raise ValueError(f"Unknown {name} slug “{value}”.") from exc


class SlugListWidget(ManyToManyWidget):
    """Several related records as slugs separated by '|'; every slug must exist."""

    def __init__(self, model, field="slug"):
        super().__init__(model, separator=SEPARATOR, field=field)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.model.objects.none()
        slugs = [slug.strip() for slug in str(value).split(self.separator) if slug.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": slugs})
        missing = sorted(set(slugs) - {getattr(obj, self.field) for obj in found})
        if missing:
            name = self.model._meta.verbose_name
            raise ValueError(f"Unknown {name} slug(s): {', '.join(missing)}.")
        return found


class SourceListWidget(ManyToManyWidget):
    """The record's sources as their addresses separated by '|', in the order of its list.

    An address not yet known becomes a new Source (its title and publisher are added in the
    admin); an invalid address is an error that names it.
    """

    def __init__(self):
        super().__init__(Source, separator=SEPARATOR, field="url")

    def clean(self, value, row=None, **kwargs):
        urls = [url.strip() for url in str(value or "").split(self.separator) if url.strip()]
        invalid = [url for url in urls if not is_valid_url(url)]
        if invalid:
            raise ValueError(f"Not a web address: {', '.join(invalid)}.")
        return [Source.objects.get_or_create(url=url)[0] for url in dict.fromkeys(urls)]


def is_valid_url(url) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return len(url) <= Source._meta.get_field("url").max_length


class SourcesField(fields.Field):
    """Imported sources replace the record's list, numbered in the order of the cell."""

    def __init__(self):
        super().__init__(attribute="sources", column_name="sources", widget=SourceListWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.cite(self.clean(row, **kwargs))


def slug_field(name, model):
    return fields.Field(attribute=name, column_name=name, widget=SlugWidget(model))


def slug_list_field(name, model):
    return fields.Field(attribute=name, column_name=name, widget=SlugListWidget(model))


class RegistryResource(resources.ModelResource):
    """Shared rules: rows are matched by slug; duplicates and unknown slugs are row errors."""

    def before_import(self, dataset, **kwargs):
        counts = Counter(str(slug).strip() for slug in dataset["slug"] if slug)
        self.duplicate_slugs = {slug for slug, n in counts.items() if n > 1}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if str(row.get("slug", "")).strip() in self.duplicate_slugs:
            errors["slug"] = [f"Duplicate slug “{row['slug']}”: it appears on more than one row."]
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row whose only change is the order of its sources is a change too."""
        if "sources" in row and original.pk is not None:
            new = [source.pk for source in self.fields["sources"].clean(row)]
            if new != [source.pk for source in original.sources.all()]:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)


class ResourceMeta:
    import_id_fields = ["slug"]
    clean_model_instances = True
    skip_unchanged = True
    report_skipped = True
    use_transactions = True


class EventResource(RegistryResource):
    host = slug_field("host", State)
    participants = slug_list_field("participants", State)
    sources = SourcesField()

    class Meta(ResourceMeta):
        model = Event
        fields = [
            "slug", "title", "kind", "ordinal", "start_date", "end_date", "date_precision",
            "city", "host", "is_online", "participants", "summary", "body", "note", "sources",
        ]  # fmt: skip


class StatementResource(RegistryResource):
    event = slug_field("event", Event)
    state = slug_field("state", State)
    endorsed_by = slug_list_field("endorsed_by", State)
    topics = slug_list_field("topics", Topic)
    sources = SourcesField()

    class Meta(ResourceMeta):
        model = Statement
        fields = [
            "slug", "title", "short_title", "kind", "date", "date_precision", "event", "state",
            "speaker", "endorsed_by", "topics", "summary", "text", "note", "sources",
        ]  # fmt: skip


class MeasureResource(RegistryResource):
    dimension = slug_field("dimension", Dimension)
    established_by = slug_field("established_by", Statement)
    topics = slug_list_field("topics", Topic)
    sources = SourcesField()

    class Meta(ResourceMeta):
        model = Measure
        fields = [
            "slug", "title", "dimension", "description", "status", "introduced_year",
            "established_by", "topics", "note", "sources",
        ]  # fmt: skip
