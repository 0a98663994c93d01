"""The editors' workspace: every registry model, with history, review before publishing,
version compare and restore, bulk import and export, and Markdown previews."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from registry import editorial, revisions, translation  # noqa: F401 - registers the fields first
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
    Revision,
    Source,
    State,
    Statement,
    StatementSource,
    StateSource,
    Topic,
)
from registry.resources import (
    FORMATS,
    EventResource,
    ImportRefused,
    MeasureResource,
    StatementResource,
)
from registry.widgets import MarkdownTextarea

MARKDOWN_FIELDS = {"summary", "body", "text", "description"}


class WorkflowFilter(admin.SimpleListFilter):
    title = gettext_lazy("workflow")
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


@admin.action(description=gettext_lazy("Submit for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    count = sum(editorial.submit(obj, request.user) for obj in queryset)
    modeladmin.message_user(
        request, _("Submitted %(count)d draft(s) for review.") % {"count": count}, messages.SUCCESS
    )


@admin.action(description=gettext_lazy("Publish now"), permissions=["publish"])
def publish_now(modeladmin, request, queryset):
    records = list(queryset)
    for obj in records:
        editorial.publish(obj, request.user)
    modeladmin.message_user(
        request, _("Published %(count)d record(s).") % {"count": len(records)}, messages.SUCCESS
    )


@admin.action(description=gettext_lazy("Unpublish (back to draft)"), permissions=["publish"])
def unpublish(modeladmin, request, queryset):
    count = sum(editorial.unpublish(obj, request.user) for obj in queryset)
    modeladmin.message_user(
        request, _("Unpublished %(count)d record(s).") % {"count": count}, messages.SUCCESS
    )


class VersionedForm(forms.ModelForm):
    """Carries the `updated_at` of the record it was opened on (a hidden field) and refuses a
    save over a newer version, naming who changed what since; the editor's input stays on the
    form. A form opened on a pending revision of its own user starts from that revision."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    pending_initial: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = editorial.version_token(self.instance)
        if not self.is_bound:
            self.initial.update(self.pending_initial)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        lines, current = editorial.changes_since(self.instance, self.data.get("version", ""))
        if lines:
            # Saving again (after merging) is checked against the version just read.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            raise forms.ValidationError(
                _(
                    "Not saved: since you opened this form, %(changes)s. Your input is kept "
                    "below: compare it with the record (open it in another tab), merge, and save "
                    "again."
                )
                % {"changes": "; ".join(lines)}
            )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages, answering 404 (not a server error) to ids that are no ids."""

    def valid_ids(self, object_id, version_id="0") -> bool:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return False
        return str(version_id).isdigit()

    def history_view(self, request, object_id, extra_context=None):
        if not self.valid_ids(object_id):
            raise Http404(_("No such record."))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.valid_ids(object_id, version_id):
            raise Http404(_("No such version."))
        return super().history_form_view(request, object_id, version_id, extra_context)


def stored_empty(db_field, formfield):
    """A translation left empty in a form is stored as the model stores it ("" but for unique
    names: registry.translation), so that saving an untouched form changes nothing."""
    empty = getattr(db_field, "empty_value", None)
    if isinstance(formfield, forms.CharField) and hasattr(db_field, "translated_field"):
        formfield.empty_value = empty
    return formfield


class BilingualAdmin(TranslationAdmin):
    """Every translated field in English and Russian, side by side (`Name [en]`, `Name [ru]`);
    no script, so it works under the site's Content-Security-Policy."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return stored_empty(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))


class PublishableAdmin(BilingualAdmin, HistoryAdmin):
    """Shared by every public record: both languages (BilingualAdmin), workflow column,
    filter and actions, roles, history, pending revisions for Editors' changes to published
    records, optimistic locking and guarded deletion."""

    form = VersionedForm
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
        if getattr(db_field, "translated_field", db_field).name in MARKDOWN_FIELDS:
            kwargs["widget"] = MarkdownTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Workflow"))
    def workflow(self, obj):
        return obj.publication_status.label if obj.pk else PublicationStatus.DRAFT.label

    # --- Saving: Publishers' saves go live; Editors' changes to published records wait.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        pending = revisions.own_pending(request.user, obj)
        if pending is None:
            return form
        return type(form.__name__, (form,), {"pending_initial": revisions.form_initial(pending)})

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        pending = revisions.own_pending(request.user, obj) if request.method == "GET" else None
        for formset in formsets if pending else []:
            revisions.prefill_formset(formset, pending)
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        if change and revisions.needs_review(request.user, obj):
            obj._held_for_review = True
            return
        if self.has_publish_permission(request):
            stored = self.model.objects.filter(pk=obj.pk).values_list("published_at", flat=True)
            old = stored.first() if change else None
            reason = editorial.publication_change_reason(old, obj.published_at, request.user)
            if reason:
                obj._change_reason = reason
        if obj.published_at is not None:
            obj.submitted_at = None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(obj, "_held_for_review", False):
            proposal = revisions.from_admin_form(form, formsets)
            obj._pending_revision = revisions.propose(
                obj, request.user, proposal, "Edited in the admin"
            )
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form.instance, "_held_for_review", False):
            return "Proposed a change, waiting for review"
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if getattr(obj, "_held_for_review", False) and obj._pending_revision is None:
            self.message_user(
                request,
                _("“%(record)s” is as published: nothing waits for review.") % {"record": obj},
                messages.INFO,
            )
            return redirect(editorial.change_url(obj))
        if getattr(obj, "_held_for_review", False):
            self.message_user(
                request,
                _(
                    "Your change to “%(record)s” waits for a publisher's review; visitors still "
                    "see the published version. Reopen the form to go on editing your change."
                )
                % {"record": obj},
                messages.WARNING,
            )
            return redirect(editorial.change_url(obj))
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {}), **self.revision_context(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context=context)

    def revision_context(self, request, obj) -> dict:
        """Pending changes to the record, with their differences; the user's own rejection."""
        if obj is None:
            return {}
        for_record = Revision.objects.for_record(obj).select_related("author", "reviewer")
        pending = [(r, revisions.differences(r, obj)) for r in for_record.pending()]
        rejected = (
            for_record.filter(author=request.user, status=Revision.Status.REJECTED)
            .order_by("-reviewed_at")
            .first()
        )
        if rejected and rejected.reviewed_at < obj.updated_at:
            rejected = None
        return {
            "pending_revisions": pending,
            "can_review": self.has_publish_permission(request),
            "rejected_revision": rejected,
        }

    # --- Deleting: guarded for Editors, traced for everyone.

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not self.has_publish_permission(request):
            for obj in objs:
                protected += [
                    _("%(link)s (published) links to “%(record)s”") % {"link": link, "record": obj}
                    for link in editorial.published_links_to(obj)
                ]
        return deleted, counts, perms_needed, protected

    def render_delete_form(self, request, context):
        context["links"] = (
            [str(link) for link in editorial.links_to(context["object"])]
            if context.get("object")
            else []
        )
        context["can_publish"] = self.has_publish_permission(request)
        return super().render_delete_form(request, context)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            if revisions.needs_review(request.user, obj):
                editorial.log(request.user, obj, "Requested deletion, waiting for review")
            else:
                super().log_deletions(request, [obj])

    def delete_model(self, request, obj):
        if revisions.needs_review(request.user, obj):
            revisions.propose_deletion(obj, request.user)
            self.message_user(
                request,
                _(
                    "Deleting “%(record)s” waits for a publisher's review; it stays public until "
                    "then."
                )
                % {"record": obj},
                messages.WARNING,
            )
            return
        editorial.delete_with_trace(obj, request.user, f"Deleted by {request.user}")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

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
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such record."))
        allowed = self.has_change_permission if need_change else self.has_view_or_change_permission
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def compare_view(self, request, object_id):
        obj = self.get_object_or_deny(request, object_id)
        versions = obj.history.select_related("history_user")
        ids = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(i.isdigit() for i in ids):
            return HttpResponseBadRequest(_("Choose two versions to compare (“from” and “to”)."))
        old = get_object_or_404(versions, history_id=int(ids[0]))
        new = get_object_or_404(versions, history_id=int(ids[1]))
        if old.history_date > new.history_date:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare versions: %(record)s") % {"record": obj},
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
        when = f"{record.history_date:%d %B %Y %H:%M}"
        try:
            result = editorial.restore_version(record, request.user)
        except ValidationError as exc:
            problems = " ".join(exc.messages)
            self.message_user(
                request,
                _("The version of %(when)s was not restored: %(problems)s")
                % {"when": when, "problems": problems},
                messages.ERROR,
            )
            return redirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
                )
            )
        if result is None:
            self.message_user(
                request,
                _("The version of %(when)s is the published one.") % {"when": when},
                messages.INFO,
            )
        elif isinstance(result, Revision):
            self.message_user(
                request,
                _("Restoring the version of %(when)s waits for a publisher's review.")
                % {"when": when},
                messages.WARNING,
            )
        else:
            self.message_user(
                request, _("Restored the version of %(when)s.") % {"when": when}, messages.SUCCESS
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

    @admin.display(boolean=True, description=gettext_lazy("Specific page"))
    def is_specific(self, obj):
        return obj.is_specific


class ChairmanshipInline(TranslationTabularInline):
    model = Chairmanship
    extra = 0
    fields = ["start_date", "start_precision", "end_date", "note"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return stored_empty(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))


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


class PartOfAdmin:
    """Rows that belong to a published record (a state's terms, a measure's roles) change
    through that record's form, where an Editor's change waits for review; here only
    Publishers write."""

    parent_model: type

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self.may_write(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_write(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_write(request)

    def may_write(self, request):
        return editorial.can_publish(request.user, self.parent_model)


@admin.register(Chairmanship)
class ChairmanshipAdmin(PartOfAdmin, BilingualAdmin, HistoryAdmin):
    parent_model = State
    list_display = ["state", "start_date", "end_date"]
    list_filter = ["state"]
    search_fields = ["state__name", "note"]
    ordering = ["-start_date"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["state"]


@admin.register(Topic)
class TopicAdmin(BilingualAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Dimension)
class DimensionAdmin(BilingualAdmin):
    list_display = ["order", "name", "slug"]
    search_fields = ["name"]
    ordering = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class ImportablePublishableAdmin(ImportExportMixin, PublishableAdmin):
    """Bulk import (with a preview that writes nothing until every row is valid) and export of
    the current, filtered list, as CSV or XLSX."""

    formats = FORMATS
    import_template_name = "admin/registry/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        held = sum(1 for row in result if getattr(row.instance, "_held", False))
        if held:
            self.message_user(
                request,
                _("%(count)d row(s) change published records: they wait for a publisher's review.")
                % {"count": held},
                messages.WARNING,
            )


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
class CoordinatorRoleAdmin(PartOfAdmin, HistoryAdmin):
    parent_model = Measure

    list_display = ["measure", "state", "role"]
    list_filter = ["role"]
    list_select_related = ["measure", "state"]
    search_fields = ["measure__title", "state__name"]
    ordering = ["measure__title", "role"]
    autocomplete_fields = ["measure", "state"]
