"""Downloads of any filtered list (CSV and JSON) and iCalendar files of events.

Each download takes exactly the list page's filters and ordering (through `filters.from_request`)
and covers every matching record, not one page. Rows are streamed from a server-side iterator,
so memory does not grow with the number of rows.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from registry import filters
from registry.models import DatePrecision, Event
from registry.representations import flat
from registry.text import plain_text

CHUNK_SIZE = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "|"


class Column:
    """One column of a table download that no representation defines (the glance pages):
    its header and how to read it from a row."""

    def __init__(self, name: str, read=None):
        self.name = name
        self.read = read or (lambda obj: getattr(obj, name))


def table_rows(records: Iterable, columns: list[Column]) -> Iterator[dict]:
    for obj in records:
        yield {column.name: column.read(obj) for column in columns}


def represented_rows(records: Iterable, representation, request) -> Iterator[dict]:
    """Each record as the API shows it (its kind's representation)."""
    context = {"request": request}
    for record in records:
        yield representation(record, context=context).data


def neutralise(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value):
    """A value as CSV text: ISO dates, true/false, lists joined with '|', formulas disarmed."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(SEPARATOR.join(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(names: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """Rows flattened: one column per field, lists joined, sources as their addresses."""
    writer = csv.writer(Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8
    yield writer.writerow(names)
    for row in rows:
        yield writer.writerow([csv_cell(flat(row[name])) for name in names])


def json_chunks(rows: Iterable[dict], header: dict) -> Iterator[str]:
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    opening = encoder.encode(header)[:-1]  # leave the object open for "results"
    yield opening + ', "results": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + encoder.encode(row)
    yield "\n]}\n"


def filtered_records(request, filterset_class):
    """All records the list page would show for this query string, with what was ignored."""
    model = filterset_class._meta.model
    filterset, problems = filters.from_request(
        filterset_class, request, queryset=model.objects.for_export()
    )
    return filterset.qs, problems


def download(request, kind, fmt: str):
    """Stream every record of the filtered list as CSV or JSON (a `registry.kinds.Kind`)."""
    records, problems = filtered_records(request, kind.filterset)
    changed = records.last_changed()
    representation = kind.representation
    rows = represented_rows(records.iterator(chunk_size=CHUNK_SIZE), representation, request)
    name = kind.prefix  # the same file name in every language
    if fmt == "csv":
        body, content_type = csv_lines(representation.Meta.fields, rows), "text/csv; charset=utf-8"
    else:
        header = {
            "source": "CICA Registry",
            "list": request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/"),
            "filters": {k: v for k, v in request.GET.items() if k != "page"},
            "ignored": problems,
            "generated_at": timezone.now(),
            "last_changed": changed,
            "count": records.count(),
        }
        body = json_chunks(rows, header)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    stamp = (changed or timezone.now()).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cica-{name}-{stamp}.{fmt}"'
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


# --- iCalendar ------------------------------------------------------------------------------


def calendar_event(event: Event, request) -> CalendarEvent:
    """One meeting as an all-day VEVENT (CICA's records are dates without times)."""
    url = request.build_absolute_uri(event.get_absolute_url())
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}@cica-registry")
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)
    entry.add("dtstart", event.start_date)
    entry.add("dtend", (event.end_date or event.start_date) + datetime.timedelta(days=1))
    place = ", ".join(part for part in [event.city, getattr(event.public_host, "name", "")] if part)
    if event.is_online:
        place = _("Online (%(place)s)") % {"place": place} if place else _("Online")
    if place:
        entry.add("location", place)
    entry.add("description", f"{plain_text(event.summary_html)}\n\n{url}".strip())
    entry.add("url", url)
    entry.add("categories", [event.get_kind_display()])
    return entry


def calendar_chunks(events: Iterable[Event], request, name: str) -> Iterator[bytes]:
    """An iCalendar file one VEVENT at a time, so memory stays flat however many events."""
    cal = Calendar()
    cal.add("prodid", "-//CICA Registry//Events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    opening, closing = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    yield opening
    for event in events:
        if event.date_precision == DatePrecision.DAY:  # a date known only to the year is no day
            yield calendar_event(event, request).to_ical()
    yield b"END:VCALENDAR" + closing


def calendar_response(events: Iterable[Event], request, name: str, filename: str):
    response = StreamingHttpResponse(
        calendar_chunks(events, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
