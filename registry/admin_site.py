"""The admin site: the CICA Registry's header, a review queue, a data-quality report and the
Markdown preview endpoint used while editing."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from registry import editorial, revisions
from registry.models import Revision
from registry.text import LONG_TEXT_MAX_LENGTH, render_markdown


class MarkdownPreviewForm(forms.Form):
    text = forms.CharField(required=False, max_length=LONG_TEXT_MAX_LENGTH, strip=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the editor sees it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Say what to change so that it can be approved."),
    )


class RegistryAdminSite(admin.AdminSite):
    site_header = gettext_lazy("CICA Registry")
    site_title = gettext_lazy("CICA Registry")
    index_title = gettext_lazy("Editors' workspace")

    def get_urls(self):
        return [
            path("review/", self.admin_view(self.review_queue), name="review_queue"),
            path(
                "review/<int:revision_id>/",
                self.admin_view(self.review_revision),
                name="review_revision",
            ),
            path("data-quality/", self.admin_view(self.data_quality), name="data_quality"),
            path(
                "markdown-preview/",
                self.admin_view(require_POST(self.markdown_preview)),
                name="registry_markdown_preview",
            ),
            *super().get_urls(),
        ]

    def page(self, request, template, title, **context):
        return TemplateResponse(
            request, template, {**self.each_context(request), "title": title, **context}
        )

    def review_queue(self, request):
        """What waits for a publisher: drafts submitted for review and pending changes to
        published records."""
        if not any(editorial.can_publish(request.user, m) for m in editorial.PUBLISHABLE_MODELS):
            raise PermissionDenied
        groups = editorial.awaiting_review(request.user)
        pending = editorial.pending_revisions(request.user)
        return self.page(
            request,
            "admin/registry/review_queue.html",
            _("Waiting for review"),
            groups=groups,
            pending=pending,
            total=sum(len(records) for _, records in groups) + len(pending),
        )

    def review_revision(self, request, revision_id):
        """One pending change, field by field, to approve or reject with a reason."""
        revision = get_object_or_404(Revision.objects.select_related("author"), pk=revision_id)
        if not editorial.can_publish(request.user, revision.model):
            raise PermissionDenied
        form = RejectForm(request.POST if "reject" in request.POST else None)
        if request.method == "POST" and revision.status == Revision.Status.PENDING:
            if "approve" in request.POST:
                return self.approve(request, revision)
            if form.is_valid():
                revisions.reject(revision, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Rejected: %(revision)s.") % {"revision": revision})
                return redirect("admin:review_queue")
        record = revision.record
        return self.page(
            request,
            "admin/registry/revision.html",
            _("%(action)s of “%(record)s”")
            % {"action": revision.get_action_display(), "record": revision.object_repr},
            revision=revision,
            record=record,
            record_url=editorial.change_url(record) if record else "",
            differences=revisions.differences(revision, record) if record else [],
            form=form,
        )

    def approve(self, request, revision):
        try:
            revisions.approve(revision, request.user)
        except ValidationError as exc:
            messages.error(
                request, _("Not approved: %(reasons)s") % {"reasons": " ".join(exc.messages)}
            )
            return redirect(reverse("admin:review_revision", args=[revision.pk]))
        messages.success(request, _("Approved: %(revision)s; it is live.") % {"revision": revision})
        return redirect("admin:review_queue")

    def data_quality(self, request):
        """What needs an editor's attention, each entry linking to its change form (for users
        who may see every kind of record, drafts included)."""
        kinds = editorial.PUBLISHABLE_MODELS
        if not all(editorial.can_view_drafts(request.user, model) for model in kinds):
            raise PermissionDenied
        return self.page(
            request,
            "admin/registry/data_quality.html",
            _("Data quality"),
            report=editorial.data_quality_report(),
        )

    def markdown_preview(self, request):
        form = MarkdownPreviewForm(request.POST)
        if not form.is_valid():
            return HttpResponse(
                _("The text is too long to preview: at most %(limit)s characters.")
                % {"limit": f"{LONG_TEXT_MAX_LENGTH:,}"},
                status=400,
            )
        return HttpResponse(render_markdown(form.cleaned_data["text"]))
