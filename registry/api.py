"""The read-only JSON API: the published records, filtered exactly as the public list pages.

Each kind reuses its page's FilterSet, so a query string means the same thing, with the same
results in the same order, on `/events/?...` and `/api/events/?...`. Values are slugs or choice
keys, never database ids: related records appear as their slugs, and every record carries `url`,
its page on the public site. Lists and details share one shape per kind.
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import pagination, serializers, viewsets
from rest_framework.routers import DefaultRouter

from registry import filters
from registry.models import CoordinatorRole, Event, Measure, Source, State, Statement

app_name = "api"


def public_url(request, record) -> str:
    """The record's page on the public site, absolute so that it works wherever it is read."""
    return request.build_absolute_uri(record.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class PublicURLField(serializers.Field):
    """The record's own page on the public site."""

    def __init__(self):
        super().__init__(source="*", read_only=True)

    def to_representation(self, record):
        return public_url(self.context["request"], record)


class PublishedSlugField(serializers.SlugRelatedField):
    """A related record as its slug; a draft or scheduled one behind a foreign key as null.

    Many-to-many relations are read from the QuerySets' prefetches, which already keep only
    published records (`.all()` on a prefetched relation runs no new, unfiltered query).
    """

    def get_attribute(self, instance):
        record = super().get_attribute(instance)
        return record if getattr(record, "is_public", True) else None


def related(**kwargs) -> PublishedSlugField:
    """A read-only relation, shown by slug."""
    return PublishedSlugField(slug_field="slug", read_only=True, **kwargs)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "accessed"]


class RecordSerializer(serializers.ModelSerializer):
    """Every kind of record links to its public page and lists its sources in order
    (`source_url`, the first one's address, is kept for compatibility)."""

    url = PublicURLField()
    sources = SourceSerializer(many=True, read_only=True)


class StateSerializer(RecordSerializer):
    class Meta:
        model = State
        fields = [
            "name",
            "slug",
            "official_name",
            "iso_code",
            "region",
            "status",
            "joined_year",
            "observer_since",
            "observer_until",
            "summary",
            "note",
            "source_url",
            "sources",
            "url",
            "updated_at",
        ]


class EventSerializer(RecordSerializer):
    host = related(allow_null=True)
    participants = related(many=True)

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "kind",
            "ordinal",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "host",
            "is_online",
            "participants",
            "summary",
            "body",
            "note",
            "source_url",
            "sources",
            "url",
            "updated_at",
        ]


class StatementSerializer(RecordSerializer):
    event = related(allow_null=True)
    state = related(allow_null=True)
    endorsed_by = related(many=True)
    topics = related(many=True)

    class Meta:
        model = Statement
        fields = [
            "title",
            "short_title",
            "slug",
            "kind",
            "date",
            "date_precision",
            "event",
            "state",
            "speaker",
            "endorsed_by",
            "topics",
            "summary",
            "text",
            "note",
            "source_url",
            "sources",
            "url",
            "updated_at",
        ]


class CoordinatorSerializer(serializers.ModelSerializer):
    state = related()

    class Meta:
        model = CoordinatorRole
        fields = ["state", "role"]


class MeasureSerializer(RecordSerializer):
    dimension = related()
    established_by = related(allow_null=True)
    coordinators = CoordinatorSerializer(many=True, read_only=True, source="roles")
    topics = related(many=True)

    class Meta:
        model = Measure
        fields = [
            "title",
            "slug",
            "dimension",
            "description",
            "status",
            "introduced_year",
            "established_by",
            "coordinators",
            "topics",
            "note",
            "source_url",
            "sources",
            "url",
            "updated_at",
        ]


class RegistryPagination(pagination.PageNumberPagination):
    """25 records a page; `page_size` asks for up to 100, never more."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class RegistryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records of one kind, filtered by its list page's FilterSet, found by slug."""

    lookup_field = "slug"
    pagination_class = RegistryPagination
    model: type[State | Event | Statement | Measure]

    def get_queryset(self):
        # Built per request, as published() compares with the current time. for_detail() only
        # adds joins and the (published-only) prefetches the serializers read to the rows and
        # order of for_list(), so results match the list pages.
        return self.model.objects.published().for_detail()


class StateViewSet(RegistryViewSet):
    model = State
    serializer_class = StateSerializer
    filterset_class = filters.StateFilter

    def get_queryset(self):
        # A state's shape has no relations but its sources: for_detail()'s other prefetches
        # would be wasted queries.
        return State.objects.for_export()


class EventViewSet(RegistryViewSet):
    model = Event
    serializer_class = EventSerializer
    filterset_class = filters.EventFilter


class StatementViewSet(RegistryViewSet):
    model = Statement
    serializer_class = StatementSerializer
    filterset_class = filters.StatementFilter


class MeasureViewSet(RegistryViewSet):
    model = Measure
    serializer_class = MeasureSerializer
    filterset_class = filters.MeasureFilter


router = DefaultRouter()
router.register("states", StateViewSet, basename="state")
router.register("events", EventViewSet, basename="event")
router.register("statements", StatementViewSet, basename="statement")
router.register("measures", MeasureViewSet, basename="measure")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (the Content-Security-Policy
    # allows no inline script) and keeps the site's Cross-Origin-Opener-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
