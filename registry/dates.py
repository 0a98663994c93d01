"""Dates written out only as far as they are known, for templates, feeds and glance pages."""

import datetime

from django.utils.dateformat import format as format_date

from registry.models import DatePrecision

PRECISION_FORMATS = {
    DatePrecision.DAY: "j F Y",
    DatePrecision.MONTH: "F Y",
    DatePrecision.YEAR: "Y",
}


def precise_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """A date written out only as far as it is known: '13 October 2022', 'March 2007', '2004'."""
    if value is None:
        return ""
    return format_date(value, PRECISION_FORMATS.get(precision, "j F Y"))


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
