"""Template filters shared by the public pages."""

import functools

from django import forms, template
from django.conf import settings
from django.db import models
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from registry import jsonld, kinds
from registry.cache import cached_each_under_generation, is_signed_in
from registry.dates import event_dates, precise_date
from registry.languages import is_fallback
from registry.models import read_relations

register = template.Library()

register.simple_tag(precise_date)
register.simple_tag(event_dates)


@register.filter
def kind_of(record) -> str:
    """The kind of record, as the admin names it: 'Event', 'Statement'."""
    return str(record._meta.verbose_name).capitalize()


@register.simple_tag(takes_context=True)
def structured_data(context, obj):
    """The schema.org JSON-LD script of a record page ('' for kinds without one), kept for
    visitors per record and address (`for_visitors`)."""
    build = kinds.BY_MODEL[type(obj)].structured_data
    if build is None:
        return ""
    url = context["request"].build_absolute_uri(obj.get_absolute_url())

    def script(index: int) -> str:
        read_relations(obj)
        return jsonld.as_script(jsonld.structured_data(build, obj, url))

    return mark_safe(for_visitors(context, [f"jsonld:{obj._meta.label}:{obj.pk}:{url}"], script)[0])


@register.simple_tag
def control(field) -> SafeString:
    """A filter form's input or select, as Django's widget templates would write it, without
    their cost (a list page has several selects of about forty options). A select shows the
    field's `listed_choices` where the FilterSet gave them (`cache_options`)."""
    widget = field.field.widget
    attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({"id": field.auto_id}))
    value = field.value()
    if isinstance(widget, forms.Select):
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in getattr(field.field, "listed_choices", field.field.choices)
        )
        return mark_safe(
            f'<select name="{escape(field.html_name)}"{flatatt(attrs)}>{options}</select>'
        )
    shown = widget.format_value(value)
    value_attr = f' value="{escape(shown)}"' if shown is not None else ""
    return mark_safe(
        f'<input type="{widget.input_type}" name="{escape(field.html_name)}"{value_attr}'
        f"{flatatt(attrs)}>"
    )


@register.simple_tag
def coordinators(measure) -> SafeString:
    """A measure's coordinating states, linked, the coordinator first."""
    links = [
        format_html(
            '<a href="{}"{}>{}</a>{}',
            role.state.get_absolute_url(),
            lang_of(role.state, "name"),
            role.state.name,
            format_html(' <span class="muted">{}</span>', _("(co-coordinator)"))
            if role.role == "co_coordinator"
            else "",
        )
        for role in measure.roles.all()
    ]
    return (
        mark_safe("; ".join(links))
        if links
        else format_html('<span class="muted">{}</span>', _("Not confirmed"))
    )


@register.simple_tag
def citation(source) -> SafeString:
    """One source as a record page lists it: its title (or its address) linked, its publisher
    and when the page was last checked."""
    text = source.title or Truncator(source.url).chars(80)
    link = format_html('<a href="{}" rel="external noopener">{}</a>', source.url, text)
    if source.title:
        link = format_html("<cite>{}</cite>", link)
    publisher = format_html(", {}", source.publisher) if source.publisher else ""
    accessed = ""
    if source.accessed:
        checked = _('(accessed <time datetime="%(iso)s">%(day)s</time>)') % {
            "iso": source.accessed.isoformat(),
            "day": escape(precise_date(source.accessed)),
        }
        accessed = format_html(' <span class="muted">{}</span>', mark_safe(checked))
    return format_html("{}{}{}", link, publisher, accessed)


@register.simple_tag(takes_context=True)
def site_nav(context) -> SafeString:
    """The navigation's links, the current page's (or its kind's) marked: the same for every
    page of a section, so each language's and section's list is written once per process
    (reversing its URLs and translating its labels for every page cost more than its rows)."""
    request = context.get("request")  # the 500 page renders without one
    path = request.path if request else ""
    language = get_language()
    current = next(
        (
            url
            for url, _label, is_kind in nav_links(language)
            if (path.startswith(url) if is_kind else path == url)
        ),
        None,
    )
    return nav_list(language, current)


@functools.cache
def nav_links(language: str) -> tuple[tuple[str, str, bool], ...]:
    """(address, label, whether it is a kind's list) of each link, in `language` (active)."""
    from registry.kinds import KINDS  # the register reads the FilterSets, built after the tags

    pages = {
        "timeline": _("Timeline"),
        "membership": _("Membership"),
        "participation": _("Participation"),
        "search": _("Search"),
    }
    return (
        *((reverse(f"registry:{kind.name}_list"), str(kind.nav_label), True) for kind in KINDS),
        *((reverse(f"registry:{name}"), label, False) for name, label in pages.items()),
    )


@functools.cache
def nav_list(language: str, current: str | None) -> SafeString:
    items = format_html_join(
        "\n",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (url, mark_safe(' aria-current="page"') if url == current else "", label)
            for url, label, _is_kind in nav_links(language)
        ),
    )
    return format_html('<ul class="nav-list">\n{}\n</ul>', items)


@register.simple_tag
def lang_of(record, field: str) -> SafeString:
    """` lang="en"` for the element showing `record.field` when a Russian page shows the English
    text because the record has no Russian one (screen readers then read it as English)."""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE) if is_fallback(record, field) else ""


def for_visitors(context, names: list[str], render) -> list[str]:
    """`render(index)` for each of `names`, kept for visitors under the data generation and the
    language (`cached_each_under_generation`). Signed-in users (who may see drafts) get it
    rendered afresh, neither read from the cache nor kept."""
    request = context.get("request")
    if request is None or is_signed_in(request):
        return [render(index) for index in range(len(names))]
    return cached_each_under_generation(names, render)


class CachedForNode(template.Node):
    """See `cached_for`."""

    def __init__(self, name: str, records, nodelist, place: str):
        self.name, self.records, self.nodelist, self.place = name, records, nodelist, place

    def render(self, context) -> SafeString:
        records = self.records.resolve(context, ignore_failures=True) or []
        if not hasattr(records, "row_keys"):
            records = list(records)

        def row(index: int) -> str:
            if records[index] is None:  # gone since its page's ids were read
                return ""
            with context.push({self.name: records[index]}):
                return self.nodelist.render(context)

        names = [f"row:{self.place}:{key}" for key in row_keys(records)]
        return mark_safe("".join(for_visitors(context, names, row)))


def row_keys(records) -> list[str]:
    """What each record's row depends on besides the language: its model label and id, and
    more for sequences that say so; from their `row_keys` alone where they have them
    (`cache.ReadWhenShown`), so rows found in the cache need no record read."""
    if hasattr(records, "row_keys"):
        return records.row_keys
    return [f"{record._meta.label}:{record.pk}" for record in records]


@register.tag
def cached_for(parser, token):
    """`{% cached_for event in events %}...{% endcached_for %}`: a `{% for %}` whose body, one
    record's row, is kept under the data generation and the language per record and place in
    the template (`cached_each_under_generation`), so a list's rows cost one cache read. The
    body must depend on the record and the language alone (no `forloop`, no request). Signed-in
    users (who may see drafts) get the rows rendered, neither read from the cache nor kept."""
    bits = token.split_contents()
    if len(bits) != 4 or bits[2] != "in":
        raise template.TemplateSyntaxError("Use {% cached_for record in records %}.")
    nodelist = parser.parse(("endcached_for",))
    parser.delete_first_token()
    place = f"{parser.origin.template_name}:{token.lineno}"
    return CachedForNode(bits[1], parser.compile_filter(bits[3]), nodelist, place)


class CachedPartNode(template.Node):
    """See `cached_part`."""

    def __init__(self, key, nodelist, place: str):
        self.key, self.nodelist, self.place = key, nodelist, place

    def render(self, context) -> SafeString:
        key = self.key.resolve(context) if self.key else None
        record = key if isinstance(key, models.Model) else None
        name = f"part:{self.place}"
        if record is not None:
            name += f":{record._meta.label}:{record.pk}"
        elif key is not None:
            name += f":{key}"

        def part(index: int) -> str:
            if record is not None:
                read_relations(record)
            return self.nodelist.render(context)

        return mark_safe(for_visitors(context, [name], part)[0])


@register.tag
def cached_part(parser, token):
    """`{% cached_part record %}...{% endcached_part %}`: a part of a record's page, kept for
    visitors under the data generation and the language per record and place in the template
    (`for_visitors`); `{% cached_part name %}` with a string, a part that depends on what the
    name says (a list's filters and order); `{% cached_part %}` alone, a part that depends on
    the generation alone. The body must depend on the record or name (with what its page's view
    reads of the record: `read_relations` reads its relations first) and the language alone: no
    request, no user. Data only the body shows should be read lazily, so a visitor served the
    part from the cache costs no query for it."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            "Use {% cached_part record %}, {% cached_part name %} or {% cached_part %}."
        )
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    place = f"{parser.origin.template_name}:{token.lineno}"
    key = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    return CachedPartNode(key, nodelist, place)


class OncePerLanguageNode(template.Node):
    """See `once_per_language`."""

    def __init__(self, nodelist):
        self.nodelist, self.rendered = nodelist, {}

    def render(self, context) -> SafeString:
        language = get_language()
        if language not in self.rendered:
            self.rendered[language] = self.nodelist.render(context)
        return self.rendered[language]


@register.tag
def once_per_language(parser, token):
    """`{% once_per_language %}...{% endonce_per_language %}`: the site's frame (its links to
    the home page, the admin and the style sheet, its translated labels), rendered once per
    language by each process and kept with the compiled template (an edited template starts
    afresh). The body must depend on the language alone: no request, no user, no data."""
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(nodelist)
