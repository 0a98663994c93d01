"""Admin widgets."""

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html

from registry.text import render_markdown


class MarkdownTextarea(forms.Textarea):
    """A Markdown textarea followed by what visitors will see: rendered and sanitized on the
    server when the form loads, refreshed as the editor types (registry/markdown-preview.js)."""

    preview_url = reverse_lazy("admin:registry_markdown_preview")

    class Media:
        js = ["registry/markdown-preview.js"]
        css = {"all": ["registry/admin.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "data-markdown-preview": self.preview_url}
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<div class="markdown-preview" aria-live="polite">'
            '<p class="markdown-preview-label">Preview — as visitors will see it</p>'
            '<div class="markdown-preview-body" id="{}_preview">{}</div></div>',
            textarea,
            attrs.get("id", name),
            render_markdown(value or ""),
        )
