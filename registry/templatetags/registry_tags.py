"""Template filters shared by the public pages."""

import datetime

from django import template
from django.utils.dateformat import format as format_date

from registry.models import DatePrecision
from registry.text import render_markdown

register = template.Library()

PRECISION_FORMATS = {
    DatePrecision.DAY: "j F Y",
    DatePrecision.MONTH: "F Y",
    DatePrecision.YEAR: "Y",
}


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag
def precise_date(value: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """A date written out only as far as it is known: '13 October 2022', 'March 2007', '2004'."""
    if value is None:
        return ""
    return format_date(value, PRECISION_FORMATS.get(precision, "j F Y"))
