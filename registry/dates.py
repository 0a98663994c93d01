"""Dates written out only as far as they are known, for templates, feeds and glance pages, in
the language of the request: '13 October 2022'."""

import datetime

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext, pgettext, pgettext_lazy

from registry.models import DatePrecision

# A month named alone, as in 'March 2007': Russian writes it in lower case and in the
# nominative, where Django's own month names are capitalised ('F') or genitive ('E').
MONTHS = [
    pgettext_lazy("month name, standalone", "January"),
    pgettext_lazy("month name, standalone", "February"),
    pgettext_lazy("month name, standalone", "March"),
    pgettext_lazy("month name, standalone", "April"),
    pgettext_lazy("month name, standalone", "May"),
    pgettext_lazy("month name, standalone", "June"),
    pgettext_lazy("month name, standalone", "July"),
    pgettext_lazy("month name, standalone", "August"),
    pgettext_lazy("month name, standalone", "September"),
    pgettext_lazy("month name, standalone", "October"),
    pgettext_lazy("month name, standalone", "November"),
    pgettext_lazy("month name, standalone", "December"),
]


def day_format() -> str:
    # Translators: a Django date format (j day, F month, E month in the genitive, Y year) for a
    # full date, '13 October 2022'. Templates use it too (`|date:_("j F Y")`).
    return gettext("j F Y")


def day_month_format() -> str:
    # Translators: a Django date format for a day and month whose year follows, '30 May'.
    return pgettext("date format, day and month", "j F")


def month_and_year(value: datetime.date) -> str:
    return pgettext("a month and its year, 'March 2007'", "%(month)s %(year)s") % {
        "month": MONTHS[value.month - 1],
        "year": value.year,
    }


def year_alone(value: datetime.date) -> str:
    return pgettext("a year alone, '2004'", "%(year)s") % {"year": value.year}


def precise_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """A date written out only as far as it is known: '13 October 2022', 'March 2007', '2004'."""
    if value is None:
        return ""
    if precision == DatePrecision.MONTH:
        return month_and_year(value)
    if precision == DatePrecision.YEAR:
        return year_alone(value)
    return format_date(value, day_format())


def event_dates(event) -> str:
    """An event's dates written out once: '12–13 October 2022', '30 May – 2 June 2025'."""
    start, end = event.start_date, event.end_date
    if event.date_precision != DatePrecision.DAY or not end or end == start:
        return precise_date(start, event.date_precision)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, day_format())}"
    if start.year == end.year:
        return f"{format_date(start, day_month_format())} – {format_date(end, day_format())}"
    return f"{format_date(start, day_format())} – {format_date(end, day_format())}"
