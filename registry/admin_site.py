"""The admin site: the CICA Registry's header, a review queue, a data-quality report and the
Markdown preview endpoint used while editing."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from registry import editorial
from registry.text import LONG_TEXT_MAX_LENGTH, render_markdown


class MarkdownPreviewForm(forms.Form):
    text = forms.CharField(required=False, max_length=LONG_TEXT_MAX_LENGTH, strip=False)


class RegistryAdminSite(admin.AdminSite):
    site_header = "CICA Registry"
    site_title = "CICA Registry"
    index_title = "Editors' workspace"

    def get_urls(self):
        return [
            path("review/", self.admin_view(self.review_queue), name="review_queue"),
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
        """What waits for a publisher: every record submitted for review."""
        if not any(editorial.can_publish(request.user, m) for m in editorial.PUBLISHABLE_MODELS):
            raise PermissionDenied
        groups = editorial.awaiting_review()
        return self.page(
            request,
            "admin/registry/review_queue.html",
            "Waiting for review",
            groups=groups,
            total=sum(len(records) for _, records in groups),
        )

    def data_quality(self, request):
        """What needs an editor's attention, each entry linking to its change form."""
        return self.page(
            request,
            "admin/registry/data_quality.html",
            "Data quality",
            report=editorial.data_quality_report(),
        )

    def markdown_preview(self, request):
        form = MarkdownPreviewForm(request.POST)
        if not form.is_valid():
            return HttpResponse(
                f"The text is too long to preview: at most {LONG_TEXT_MAX_LENGTH:,} characters.",
                status=400,
            )
        return HttpResponse(render_markdown(form.cleaned_data["text"]))
