"""Editors write Markdown; visitors see sanitized HTML. This is the one place that converts.

The renderer is markdown-it-py (CommonMark with tables), whose parser works in time linear in the
input, so no text can stall a request; and every Markdown field has a maximum length enforced by
the model and the admin preview. Records store the sanitized HTML beside their Markdown
(`summary_html`, ...), rendered on save, so pages never render Markdown per request.
"""

import nh3
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol",
    "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
# The longest Markdown each kind of field accepts (characters).
SUMMARY_MAX_LENGTH = 5_000
LONG_TEXT_MAX_LENGTH = 100_000

RENDERER = MarkdownIt("commonmark").enable("table")
# Every link becomes an <a>; nh3 then drops hrefs outside the allowed schemes, so a bad link
# shows as its text rather than as literal Markdown.
RENDERER.validateLink = lambda url: True


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with everything outside a small safe set of tags removed."""
    if not text:
        return mark_safe("")
    cleaned = nh3.clean(
        RENDERER.render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # sanitized by nh3 just above


def plain_text(html: str) -> str:
    """Rendered HTML as one line of text (for snippets and calendar descriptions)."""
    return " ".join(strip_tags(html).split())


def markdown_field(max_length: int, verbose_name=None, **kwargs) -> models.TextField:
    """A Markdown text field whose length the model's validation enforces."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
        help_text=f"Markdown, at most {max_length:,} characters.",
        **kwargs,
    )


def rendered_field() -> models.TextField:
    """Where the sanitized HTML of a Markdown field is stored (filled on save)."""
    return models.TextField(blank=True, editable=False)


def render_markdown_fields(sender, instance, **kwargs):
    """pre_save: store the HTML of each Markdown field, in each language (`summary_html_en`,
    `summary_html_ru`); runs for `loaddata` too."""
    for source, target in sender.markdown_fields.items():
        for language in translated_languages(instance, source):
            html = render_markdown(getattr(instance, f"{source}{language}") or "")
            setattr(instance, f"{target}{language}", html)


def translated_languages(instance, field: str) -> list[str]:
    """The suffixes of `field`'s columns: `_en`, `_ru` where it is translated, else just ``."""
    suffixes = [f"_{code}" for code, _ in settings.LANGUAGES]
    return [s for s in suffixes if hasattr(instance, f"{field}{s}")] or [""]
