"""The editors' workspace: every registry model, with history, publication actions and search."""

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from registry.models import (
    Chairmanship,
    CoordinatorRole,
    Dimension,
    Event,
    Measure,
    Organization,
    PublicationStatus,
    State,
    Statement,
    Topic,
)


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return PublicationStatus.choices

    def queryset(self, request, queryset):
        reads = {
            PublicationStatus.DRAFT: queryset.drafts,
            PublicationStatus.SCHEDULED: queryset.scheduled,
            PublicationStatus.PUBLISHED: queryset.published,
        }
        read = reads.get(self.value())
        return read() if read else queryset


@admin.action(description="Publish now")
def publish_now(modeladmin, request, queryset):
    count = queryset.update(published_at=timezone.now(), updated_at=timezone.now())
    modeladmin.message_user(request, f"Published {count} record(s).", messages.SUCCESS)


@admin.action(description="Unpublish (back to draft)")
def unpublish(modeladmin, request, queryset):
    count = queryset.update(published_at=None, updated_at=timezone.now())
    modeladmin.message_user(request, f"Unpublished {count} record(s).", messages.SUCCESS)


class PublishableAdmin(SimpleHistoryAdmin):
    """Shared by every public record: publication column, filter and actions, timestamps."""

    actions = [publish_now, unpublish]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="Publication", ordering="published_at")
    def publication(self, obj):
        return obj.publication_status.label


class ChairmanshipInline(admin.TabularInline):
    model = Chairmanship
    extra = 0
    fields = ["start_date", "start_precision", "end_date", "note"]


@admin.register(State)
class StateAdmin(PublishableAdmin):
    list_display = ["name", "iso_code", "status", "region", "joined_year", "publication"]
    list_filter = [PublicationFilter, "status", "region"]
    search_fields = ["name", "official_name", "iso_code"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChairmanshipInline]


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ["name", "acronym", "status", "since_year", "publication"]
    list_filter = [PublicationFilter, "status"]
    search_fields = ["name", "acronym"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Chairmanship)
class ChairmanshipAdmin(admin.ModelAdmin):
    list_display = ["state", "start_date", "end_date"]
    list_filter = ["state"]
    search_fields = ["state__name", "note"]
    ordering = ["-start_date"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["state"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "slug"]
    search_fields = ["name"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "kind", "start_date", "city", "host", "publication"]
    list_filter = [PublicationFilter, "kind", "is_online"]
    list_select_related = ["host"]
    search_fields = ["title", "city", "summary"]
    ordering = ["-start_date"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "participants"]


@admin.register(Statement)
class StatementAdmin(PublishableAdmin):
    list_display = ["title", "short_title", "kind", "date", "event", "publication"]
    list_filter = [PublicationFilter, "kind", "date_precision", "topics"]
    list_select_related = ["event"]
    search_fields = ["title", "short_title", "speaker", "summary"]
    ordering = ["-date"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event", "state", "endorsed_by", "topics"]


class CoordinatorRoleInline(admin.TabularInline):
    model = CoordinatorRole
    extra = 1
    autocomplete_fields = ["state"]


@admin.register(Measure)
class MeasureAdmin(PublishableAdmin):
    list_display = ["title", "dimension", "status", "introduced_year", "publication"]
    list_filter = [PublicationFilter, "dimension", "status", "topics"]
    list_select_related = ["dimension"]
    search_fields = ["title", "description"]
    ordering = ["dimension__order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["established_by", "topics"]
    inlines = [CoordinatorRoleInline]


@admin.register(CoordinatorRole)
class CoordinatorRoleAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "state", "role"]
    list_filter = ["role"]
    list_select_related = ["measure", "state"]
    search_fields = ["measure__title", "state__name"]
    ordering = ["measure__title", "role"]
    autocomplete_fields = ["measure", "state"]
