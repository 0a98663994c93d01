"""Downloads of any filtered list (CSV and JSON) and iCalendar files of events.

Each download takes exactly the list page's filters and ordering (through `filters.from_request`)
and covers every matching record, not one page. Rows are streamed from a server-side iterator,
so memory does not grow with the number of rows.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from registry import filters
from registry.models import DatePrecision, Event, Measure, State, Statement
from registry.text import plain_text

CHUNK_SIZE = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "|"


def public(obj):
    """A related record only if visitors may see it."""
    return obj if obj is not None and obj.is_public else None


def slug_of(obj) -> str:
    obj = public(obj)
    return obj.slug if obj else ""


def slugs(manager) -> list[str]:
    return [obj.slug for obj in manager.all()]


class Column:
    """One column of a download: its header and how to read it from a record. A column with
    `link` holds the absolute URL of the record `link` returns (empty if it is not public)."""

    def __init__(self, name: str, read: Callable | None = None, link: Callable | None = None):
        self.name = name
        self.read = read or (lambda obj: getattr(obj, name))
        self.link = link

    def value(self, obj, request):
        if self.link is None:
            return self.read(obj)
        target = public(self.link(obj))
        return request.build_absolute_uri(target.get_absolute_url()) if target else ""


SOURCES = Column("sources", lambda record: [source.url for source in record.sources.all()])


def coordinators(measure) -> list[str]:
    return [f"{role.state.slug} ({role.role})" for role in measure.roles.all()]


COLUMNS = {
    State: [
        Column("slug"), Column("name"), Column("official_name"), Column("iso_code"),
        Column("status"), Column("region"), Column("joined_year"), Column("observer_since"),
        Column("observer_until"), Column("summary"), Column("note"), Column("source_url"), SOURCES,
    ],
    Event: [
        Column("slug"), Column("title"), Column("kind"), Column("ordinal"),
        Column("start_date"), Column("end_date"), Column("date_precision"), Column("city"),
        Column("host", lambda e: slug_of(e.host)), Column("host_url", link=lambda e: e.host),
        Column("is_online"), Column("participants", lambda e: slugs(e.participants)),
        Column("summary"), Column("note"), Column("source_url"), SOURCES,
    ],
    Statement: [
        Column("slug"), Column("title"), Column("short_title"), Column("kind"), Column("date"),
        Column("date_precision"), Column("event", lambda s: slug_of(s.event)),
        Column("event_url", link=lambda s: s.event), Column("state", lambda s: slug_of(s.state)),
        Column("speaker"), Column("endorsed_by", lambda s: slugs(s.endorsed_by)),
        Column("topics", lambda s: slugs(s.topics)), Column("summary"), Column("note"),
        Column("source_url"), SOURCES,
    ],
    Measure: [
        Column("slug"), Column("title"), Column("dimension", lambda m: m.dimension.slug),
        Column("status"), Column("introduced_year"),
        Column("established_by", lambda m: slug_of(m.established_by)),
        Column("established_by_url", link=lambda m: m.established_by),
        Column("coordinators", coordinators), Column("topics", lambda m: slugs(m.topics)),
        Column("description"), Column("note"), Column("source_url"), SOURCES,
    ],
}  # fmt: skip
TRAILING_COLUMNS = [Column("url", link=lambda obj: obj), Column("updated_at")]


def columns_for(model) -> list[Column]:
    return COLUMNS[model] + TRAILING_COLUMNS


def row_values(obj, columns, request) -> dict:
    return {column.name: column.value(obj, request) for column in columns}


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


def csv_lines(records: Iterable, columns, request) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8
    yield writer.writerow([c.name for c in columns])
    for obj in records:
        values = row_values(obj, columns, request)
        yield writer.writerow([csv_cell(values[c.name]) for c in columns])


def json_chunks(records: Iterable, columns, request, header: dict) -> Iterator[str]:
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    opening = encoder.encode(header)[:-1]  # leave the object open for "results"
    yield opening + ', "results": ['
    for index, obj in enumerate(records):
        yield ("," if index else "") + "\n" + encoder.encode(row_values(obj, columns, request))
    yield "\n]}\n"


def filtered_records(request, filterset_class):
    """All records the list page would show for this query string, with what was ignored."""
    model = filterset_class._meta.model
    filterset, problems = filters.from_request(
        filterset_class, request, queryset=model.objects.for_export()
    )
    return filterset.qs, problems


def last_changed(records) -> datetime.datetime | None:
    return records.order_by().aggregate(latest=Max("updated_at"))["latest"]


def download(request, filterset_class, fmt: str):
    """Stream every record of the filtered list as CSV or JSON."""
    model = filterset_class._meta.model
    records, problems = filtered_records(request, filterset_class)
    changed = last_changed(records)
    columns = columns_for(model)
    rows = records.iterator(chunk_size=CHUNK_SIZE)
    name = model._meta.verbose_name_plural.replace(" ", "-")
    if fmt == "csv":
        body, content_type = csv_lines(rows, columns, request), "text/csv; charset=utf-8"
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
        body = json_chunks(rows, columns, request, header)
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
        place = f"Online ({place})" if place else "Online"
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
