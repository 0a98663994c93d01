"""One representation per public kind: the API's serializers are the single definition of a
record's public fields. The API, the JSON download (the same records, field for field) and the CSV
download (the same rows, flattened) all read them, and the admin's spreadsheet import and export
carry their editable fields (`registry.resources.editable_fields`).

Values are slugs or choice keys, never database ids: related records appear as their slugs (a
draft's as null) with the absolute address of their page in `<relation>_url`, and every record
carries `url`, its own page on the public site.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import CoordinatorRole, Event, Measure, Organization, Source, State, Statement


def public_url(request, record) -> str:
    """The record's page on the public site, absolute so that it works wherever it is read."""
    return request.build_absolute_uri(record.get_absolute_url())


def public(record):
    """A related record only if visitors may see it."""
    return record if record is not None and getattr(record, "is_public", True) else None


@extend_schema_field(OpenApiTypes.URI)
class PublicURLField(serializers.Field):
    """The page on the public site of the record itself (by default) or of a related record
    (`source`); null for a related record visitors may not see."""

    def __init__(self, source="*"):
        super().__init__(source=source, read_only=True, allow_null=source != "*")

    def get_attribute(self, instance):
        return public(super().get_attribute(instance))

    def to_representation(self, record):
        return public_url(self.context["request"], record)


class PublishedSlugField(serializers.SlugRelatedField):
    """A related record as its slug; a draft or scheduled one behind a foreign key as null.

    Many-to-many relations are read from the QuerySets' prefetches, which already keep only
    published records (`.all()` on a prefetched relation runs no new, unfiltered query).
    """

    def get_attribute(self, instance):
        return public(super().get_attribute(instance))


def related(**kwargs) -> PublishedSlugField:
    """A read-only relation, shown by slug."""
    return PublishedSlugField(slug_field="slug", read_only=True, **kwargs)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "accessed"]


# Every record ends with its sources (`source_url`, the first one's address, is kept for
# compatibility), its own page and its last change.
TRAILING_FIELDS = ["note", "source_url", "sources", "url", "updated_at"]


class RecordSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    sources = SourceSerializer(many=True, read_only=True)


class StateSerializer(RecordSerializer):
    class Meta:
        model = State
        fields = [
            "slug", "name", "official_name", "iso_code", "status", "region", "joined_year",
            "observer_since", "observer_until", "summary", *TRAILING_FIELDS,
        ]  # fmt: skip


class OrganizationSerializer(RecordSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "status", "since_year", "summary", *TRAILING_FIELDS]


class EventSerializer(RecordSerializer):
    host = related(allow_null=True)
    host_url = PublicURLField(source="host")
    participants = related(many=True)

    class Meta:
        model = Event
        fields = [
            "slug", "title", "kind", "ordinal", "start_date", "end_date", "date_precision",
            "city", "host", "host_url", "is_online", "participants", "summary", "body",
            *TRAILING_FIELDS,
        ]  # fmt: skip


class StatementSerializer(RecordSerializer):
    event = related(allow_null=True)
    event_url = PublicURLField(source="event")
    state = related(allow_null=True)
    endorsed_by = related(many=True)
    topics = related(many=True)

    class Meta:
        model = Statement
        fields = [
            "slug", "title", "short_title", "kind", "date", "date_precision", "event",
            "event_url", "state", "speaker", "endorsed_by", "topics", "summary", "text",
            *TRAILING_FIELDS,
        ]  # fmt: skip


class CoordinatorSerializer(serializers.ModelSerializer):
    state = related()

    class Meta:
        model = CoordinatorRole
        fields = ["state", "role"]


class MeasureSerializer(RecordSerializer):
    dimension = related()
    established_by = related(allow_null=True)
    established_by_url = PublicURLField(source="established_by")
    coordinators = CoordinatorSerializer(many=True, read_only=True, source="roles")
    topics = related(many=True)

    class Meta:
        model = Measure
        fields = [
            "slug", "title", "dimension", "status", "introduced_year", "established_by",
            "established_by_url", "coordinators", "topics", "description", *TRAILING_FIELDS,
        ]  # fmt: skip


def flat(value) -> object:
    """A representation's value as one CSV cell's value: sources as their addresses,
    coordinators as 'slug (role)', other lists as lists of strings."""
    if isinstance(value, list):
        return [flat_item(item) for item in value]
    return value


def flat_item(item) -> str:
    if isinstance(item, dict) and "role" in item:
        return f"{item['state']} ({item['role']})"
    if isinstance(item, dict):
        return item["url"]
    return str(item)
