"""Template filters shared by the public pages."""

import datetime

from django import template
from django.utils.dateformat import format as format_date

from registry import jsonld
from registry.models import DatePrecision

register = template.Library()

PRECISION_FORMATS = {
    DatePrecision.DAY: "j F Y",
    DatePrecision.MONTH: "F Y",
    DatePrecision.YEAR: "Y",
}


@register.simple_tag
def precise_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """A date written out only as far as it is known: '13 October 2022', 'March 2007', '2004'."""
    if value is None:
        return ""
    return format_date(value, PRECISION_FORMATS.get(precision, "j F Y"))


@register.simple_tag
def event_dates(event) -> str:
    """An event's dates written out once: '12–13 October 2022', '30 May – 2 June 2025'."""
    start, end = event.start_date, event.end_date
    if event.date_precision != DatePrecision.DAY or not end or end == start:
        return precise_date(start, event.date_precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, 'j F Y')}"
    if start.year == end.year:
        return f"{format_date(start, 'j F')} – {format_date(end, 'j F Y')}"
    return f"{format_date(start, 'j F Y')} – {format_date(end, 'j F Y')}"


@register.filter
def kind_of(record) -> str:
    """The kind of record, as the admin names it: 'Event', 'Statement'."""
    return str(record._meta.verbose_name).capitalize()


@register.simple_tag(takes_context=True)
def structured_data(context, obj):
    """The schema.org JSON-LD script of a record page ('' for kinds without one)."""
    data = jsonld.structured_data(
        obj, context["request"].build_absolute_uri(obj.get_absolute_url())
    )
    return jsonld.as_script(data) if data else ""
