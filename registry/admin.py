"""The editors' workspace: every registry model, with history, review before publishing,
version compare and restore, bulk import and export, and Markdown previews."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from registry import editorial
from registry.models import (
    Chairmanship,
    CoordinatorRole,
    Dimension,
    Event,
    EventSource,
    Measure,
    MeasureSource,
    Organization,
    OrganizationSource,
    PublicationStatus,
    Source,
    State,
    Statement,
    StatementSource,
    StateSource,
    Topic,
)
from registry.resources import EventResource, MeasureResource, StatementResource
from registry.widgets import MarkdownTextarea

MARKDOWN_FIELDS = {"summary", "body", "text", "description"}


class WorkflowFilter(admin.SimpleListFilter):
    title = "workflow"
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return PublicationStatus.choices

    def queryset(self, request, queryset):
        reads = {
            PublicationStatus.DRAFT: queryset.drafts,
            PublicationStatus.IN_REVIEW: queryset.in_review,
            PublicationStatus.SCHEDULED: queryset.scheduled,
            PublicationStatus.PUBLISHED: queryset.published,
        }
        read = reads.get(self.value())
        return read() if read else queryset


@admin.action(description="Submit for review", permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    count = queryset.filter(published_at__isnull=True).update(submitted_at=timezone.now())
    modeladmin.message_user(request, f"Submitted {count} draft(s) for review.", messages.SUCCESS)


@admin.action(description="Publish now", permissions=["publish"])
def publish_now(modeladmin, request, queryset):
    now = timezone.now()
    count = queryset.update(published_at=now, submitted_at=None, updated_at=now)
    modeladmin.message_user(request, f"Published {count} record(s).", messages.SUCCESS)


@admin.action(description="Unpublish (back to draft)", permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    count = queryset.update(published_at=None, submitted_at=None, updated_at=timezone.now())
    modeladmin.message_user(request, f"Unpublished {count} record(s).", messages.SUCCESS)


class PublishableAdmin(SimpleHistoryAdmin):
    """Shared by every public record: workflow column, filter and actions, roles, history."""

    actions = [submit_for_review, publish_now, unpublish]
    object_history_list_template = "admin/registry/object_history_list.html"

    def has_publish_permission(self, request, obj=None):
        return editorial.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = ["workflow", "source_url", "submitted_at", "created_at", "updated_at"]
        if not self.has_publish_permission(request):
            fields.insert(0, "published_at")
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in MARKDOWN_FIELDS:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Workflow")
    def workflow(self, obj):
        return obj.publication_status.label if obj.pk else PublicationStatus.DRAFT.label

    def save_model(self, request, obj, form, change):
        if obj.published_at is not None:
            obj.submitted_at = None
        super().save_model(request, obj, form, change)

    # --- Versions: compare any two, restore one in a click; simple-history's revert form is
    # read-only here, so a restore always goes through `editorial.restore_version`.

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{name}_compare"
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def get_object_or_deny(self, request, object_id, need_change=False):
        obj = get_object_or_404(self.model, pk=object_id)
        allowed = self.has_change_permission if need_change else self.has_view_or_change_permission
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def compare_view(self, request, object_id):
        obj = self.get_object_or_deny(request, object_id)
        versions = obj.history.select_related("history_user")
        old = get_object_or_404(versions, history_id=request.GET.get("from") or 0)
        new = get_object_or_404(versions, history_id=request.GET.get("to") or 0)
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {obj}",
            "opts": self.opts,
            "object": obj,
            "old": old,
            "new": new,
            "changes": editorial.compare_versions(old, new),
        }
        return TemplateResponse(request, "admin/registry/history_compare.html", context)

    def restore_view(self, request, object_id, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object_or_deny(request, object_id, need_change=True)
        record = get_object_or_404(obj.history, history_id=history_id)
        editorial.restore_version(record, request.user)
        self.message_user(
            request,
            f"Restored the version of {record.history_date:%d %B %Y %H:%M}.",
            messages.SUCCESS,
        )
        return redirect(editorial.change_url(obj))


def sources_inline(through):
    """The record's numbered list of sources; a new page is added with the "+" beside it."""
    return type(
        f"{through.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": through,
            "extra": 1,
            "fields": ["position", "source"],
            "autocomplete_fields": ["source"],
            "verbose_name": "source",
            "verbose_name_plural": "sources (numbered in this order on the page)",
        },
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "accessed", "url", "is_specific"]
    list_filter = ["publisher"]
    search_fields = ["url", "title", "publisher"]
    ordering = ["url"]

    @admin.display(boolean=True, description="Specific page")
    def is_specific(self, obj):
        return obj.is_specific


class ChairmanshipInline(admin.TabularInline):
    model = Chairmanship
    extra = 0
    fields = ["start_date", "start_precision", "end_date", "note"]


@admin.register(State)
class StateAdmin(PublishableAdmin):
    list_display = ["name", "iso_code", "status", "region", "joined_year", "workflow"]
    list_filter = [WorkflowFilter, "status", "region"]
    search_fields = ["name", "official_name", "iso_code"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChairmanshipInline, sources_inline(StateSource)]


@admin.register(Organization)
class OrganizationAdmin(PublishableAdmin):
    list_display = ["name", "acronym", "status", "since_year", "workflow"]
    list_filter = [WorkflowFilter, "status"]
    search_fields = ["name", "acronym"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [sources_inline(OrganizationSource)]


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


class ImportablePublishableAdmin(ImportExportMixin, PublishableAdmin):
    """Bulk import (with a preview that writes nothing until every row is valid) and export of
    the current, filtered list, as CSV or XLSX."""

    formats = [base_formats.CSV, base_formats.XLSX]


@admin.register(Event)
class EventAdmin(ImportablePublishableAdmin):
    resource_classes = [EventResource]
    list_display = ["title", "kind", "start_date", "city", "host", "workflow"]
    list_filter = [WorkflowFilter, "kind", "is_online"]
    list_select_related = ["host"]
    search_fields = ["title", "city", "summary"]
    ordering = ["-start_date"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "participants"]
    inlines = [sources_inline(EventSource)]


@admin.register(Statement)
class StatementAdmin(ImportablePublishableAdmin):
    resource_classes = [StatementResource]
    list_display = ["title", "short_title", "kind", "date", "event", "workflow"]
    list_filter = [WorkflowFilter, "kind", "date_precision", "topics"]
    list_select_related = ["event"]
    search_fields = ["title", "short_title", "speaker", "summary"]
    ordering = ["-date"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event", "state", "endorsed_by", "topics"]
    inlines = [sources_inline(StatementSource)]


class CoordinatorRoleInline(admin.TabularInline):
    model = CoordinatorRole
    extra = 1
    autocomplete_fields = ["state"]


@admin.register(Measure)
class MeasureAdmin(ImportablePublishableAdmin):
    resource_classes = [MeasureResource]
    list_display = ["title", "dimension", "status", "introduced_year", "workflow"]
    list_filter = [WorkflowFilter, "dimension", "status", "topics"]
    list_select_related = ["dimension"]
    search_fields = ["title", "description"]
    ordering = ["dimension__order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["established_by", "topics"]
    inlines = [CoordinatorRoleInline, sources_inline(MeasureSource)]


@admin.register(CoordinatorRole)
class CoordinatorRoleAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "state", "role"]
    list_filter = ["role"]
    list_select_related = ["measure", "state"]
    search_fields = ["measure__title", "state__name"]
    ordering = ["measure__title", "role"]
    autocomplete_fields = ["measure", "state"]
