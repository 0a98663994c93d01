"""CICA at a glance: one timeline, membership over time (chart, year lists, map) and the grid
of which states took part in which summits or ministerial meetings.

Everything here reads published records only, in a fixed number of queries, and states no more
than the data knows: a year recorded only as a year stays a year, and a state whose observer
years are not recorded is listed as undated, not counted.
"""

import datetime
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from registry.dates import event_dates, precise_date
from registry.languages import is_fallback
from registry.models import Chairmanship, DatePrecision, Event, Organization, State, Statement

FIRST_YEAR = 1999  # the Declaration on Principles; the first year the chart shows
MAP_FILE = Path(__file__).resolve().parent / "data" / "world_paths.json"


def this_year() -> int:
    return timezone.localdate().year


# --- Membership over time -------------------------------------------------------------------

MEMBER, OBSERVER, UNDATED = "member", "observer", "undated"


def standing_at_end_of(state: State, year: int) -> str | None:
    """What `state` was at the end of `year`: a member, an observer, an observer whose years the
    registry does not know (UNDATED: it may or may not have been one then), or nothing."""
    if state.joined_year is not None and state.joined_year <= year:
        return MEMBER
    until = state.observer_until or state.joined_year
    was_observer = state.status in (State.Status.OBSERVER, State.Status.FORMER_OBSERVER) or bool(
        state.observer_since or state.observer_until
    )
    began = state.observer_since is None or state.observer_since <= year
    ended = until is not None and until <= year
    if not was_observer or not began or ended:
        return None
    dated = state.observer_since is not None and (
        until is not None or state.status == State.Status.OBSERVER
    )
    return OBSERVER if dated else UNDATED


def membership_states(**lookup):
    """The published states (those matching `lookup`), with only what membership needs, in name
    order (one query)."""
    return list(
        State.objects.published()
        .filter(**lookup)
        .only(
            "name", "slug", "iso_code", "status", "joined_year", "observer_since",
            "observer_until", "note", "region", "published_at",
        )
        .order_by("name")
    )  # fmt: skip


@dataclass
class YearCount:
    year: int
    members: int
    observers: int
    undated: int  # states that may have been observers that year; their years are not known


def counts_by_year(states, last_year: int) -> list[YearCount]:
    """Members and observers at the end of each year from FIRST_YEAR to `last_year`."""
    first = min([FIRST_YEAR, *(s.joined_year for s in states if s.joined_year)])
    counts = []
    for year in range(first, last_year + 1):
        standings = [standing_at_end_of(state, year) for state in states]
        counts.append(
            YearCount(
                year, standings.count(MEMBER), standings.count(OBSERVER), standings.count(UNDATED)
            )
        )
    return counts


def states_at_end_of(states, year: int) -> dict[str, list[State]]:
    """The members, observers and undated observers at the end of `year`, each in name order."""
    lists = {MEMBER: [], OBSERVER: [], UNDATED: []}
    for state in states:
        standing = standing_at_end_of(state, year)
        if standing:
            lists[standing].append(state)
    return lists


def undated_states(states, counts: list[YearCount]) -> list[State]:
    """States the counts leave out in some year because their observer years are not known."""
    return [
        state
        for state in states
        if any(standing_at_end_of(state, c.year) == UNDATED for c in counts)
    ]


@dataclass
class Bar:
    year: int
    x: float
    width: float
    members_y: float
    members_height: float
    observers_y: float
    observers_height: float
    selected: bool

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class Chart:
    """A stacked bar chart of members and observers per year, in SVG user units."""

    width: int
    height: int
    left: int
    bottom: int
    bars: list[Bar]
    y_ticks: list[tuple[int, float]]  # (count, y)
    x_ticks: list[Bar]  # the bars whose year is written under them
    selected: Bar | None = None
    selected_count: YearCount | None = None
    highlight: dict | None = None  # the band behind the chosen year's bar: x, y, width, height


def year_ticks(bars: list[Bar]) -> list[Bar]:
    """The first and last years and every fifth between them, none crowding its neighbour."""
    if not bars:
        return []
    first, last = bars[0], bars[-1]
    fifths = [b for b in bars if b.year % 5 == 0 and first.year + 2 < b.year < last.year - 2]
    return [first, *fifths, last] if last is not first else [first]


def chart(counts: list[YearCount], selected_year: int | None) -> Chart:
    width, height, left, right, top, bottom = 720, 320, 50, 30, 40, 280
    highest = max([c.members + c.observers for c in counts] or [1])
    step = 10 if highest > 30 else 5
    ceiling = max(step, math.ceil(highest / step) * step)
    scale = (bottom - top) / ceiling
    slot = (width - left - right) / max(len(counts), 1)
    bars = []
    for index, count in enumerate(counts):
        members_height = count.members * scale
        observers_height = count.observers * scale
        bars.append(
            Bar(
                year=count.year,
                x=round(left + index * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                members_y=round(bottom - members_height, 1),
                members_height=round(members_height, 1),
                observers_y=round(bottom - members_height - observers_height, 1),
                observers_height=round(observers_height, 1),
                selected=count.year == selected_year,
            )
        )
    y_ticks = [(n, round(bottom - n * scale, 1)) for n in range(0, ceiling + 1, step)]
    x_ticks = year_ticks(bars)
    selected = next((bar for bar in bars if bar.selected), None)
    selected_count = next((c for c in counts if c.year == selected_year), None)
    highlight = selected and {
        "x": round(selected.x - slot * 0.15, 1),
        "y": top - 10,
        "width": round(slot, 1),
        "height": bottom - top + 10,
    }
    return Chart(
        width, height, left, bottom, bars, y_ticks, x_ticks, selected, selected_count, highlight
    )


@functools.cache
def world_outlines() -> dict:
    """The outlines written by scripts/build_map.py: one SVG path per ISO alpha-2 code."""
    return json.loads(MAP_FILE.read_text())


@dataclass
class WorldMap:
    view_box: str
    all: list[State]  # today's members, then observers, each in name order
    shapes: list[tuple[State, str]]  # (state, its outline) for members and observers
    others: str  # every other country in one path
    not_drawn: list[State]  # members and observers too small for the map's scale

    @property
    def members(self) -> list[State]:
        return [s for s in self.all if s.status == State.Status.MEMBER]

    @property
    def observers(self) -> list[State]:
        return [s for s in self.all if s.status == State.Status.OBSERVER]


def world_map(states) -> WorldMap:
    """Today's member and observer states as shapes, every other country as background."""
    outlines = world_outlines()
    current = [s for s in states if s.status in (State.Status.MEMBER, State.Status.OBSERVER)]
    drawn = {s.iso_code for s in current}
    others = "".join(path for code, path in outlines["shapes"].items() if code not in drawn)
    return WorldMap(
        view_box=outlines["viewBox"],
        all=sorted(current, key=lambda s: s.status != State.Status.MEMBER),
        shapes=[
            (s, outlines["shapes"][s.iso_code]) for s in current if s.iso_code in outlines["shapes"]
        ],
        others=others + outlines["unassigned"],
        not_drawn=[s for s in current if s.iso_code not in outlines["shapes"]],
    )


# --- Timeline -------------------------------------------------------------------------------

TIMELINE_KINDS = {
    "event": gettext_lazy("Events"),
    "statement": gettext_lazy("Documents and statements"),
    "membership": gettext_lazy("Membership"),
    "chairmanship": gettext_lazy("Chairmanship"),
}


@dataclass
class Entry:
    """One dated fact on the timeline."""

    date: datetime.date
    precision: str
    kind: str  # a key of TIMELINE_KINDS
    label: str  # what kind of fact, in words: "Summit", "Declaration", "Member state"
    title: str
    url: str
    context: str
    when: str = ""  # the date as written on the page
    note: str = ""  # what is uncertain about it
    subject: str = ""  # the state a membership entry is about
    change: str = ""  # a membership entry's key in TOGETHER: what became of the subject
    order: int = 0  # among entries of the same date
    record: object = None  # the record whose title and note these are: a Russian page marks
    # the English texts it falls back to
    named: object = None  # the state or organisation a membership or chair entry names

    @property
    def title_html(self) -> str:
        """The title, escaped, with the name it holds marked `lang="en"` where a Russian page
        shows the English name of a record that has no Russian one."""
        title = conditional_escape(self.title)
        if self.named is None or not is_fallback(self.named, "name"):
            return title
        name = conditional_escape(self.named.name)
        marked = format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, name)
        return mark_safe(title.replace(name, marked, 1))

    def __post_init__(self):
        self.when = self.when or precise_date(self.date, self.precision)

    @property
    def iso_date(self) -> str:
        """The date to the precision the data has: '2022-10-13', '2007-03' or '2004'."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.date:%Y}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date:%Y-%m}"
        return self.date.isoformat()

    @property
    def year(self) -> int:
        return self.date.year


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def year_range(field_name: str, start: int | None, end: int | None) -> Q:
    query = Q()
    if start is not None:
        query &= Q(**{f"{field_name}__gte": year_start(start)})
    if end is not None:
        query &= Q(**{f"{field_name}__lt": year_start(end + 1)})
    return query


def in_timeline_order(records, date_field: str):
    """Records in the timeline's order of their entries (date, label, title; see `timeline`),
    strings compared by code point as Python does, so that the database can read just the
    first of them."""
    binary = "C" if connection.vendor == "postgresql" else "BINARY"
    label = Case(
        *[When(kind=key, then=Value(str(name))) for key, name in records.model.Kind.choices],
        default=Value(""),
        output_field=CharField(),
    )
    return records.order_by(date_field, Collate(label, binary), Collate(F("title"), binary), "pk")


def timeline_events(state, start, end):
    events = Event.objects.for_list().filter(year_range("start_date", start, end))
    if state:
        # A subquery, not a join: the join would narrow the participants counted below.
        took_part = Event.participants.through.objects.filter(state=state).values("event_id")
        events = events.filter(Q(host=state) | Q(pk__in=took_part))
    return events


def event_entries(state, start, end, limit=None) -> list[Entry]:
    # A subquery per event read, not a join grouped over every event before the limit.
    took_part = (
        Event.participants.through.objects.filter(
            event=OuterRef("pk"), state__in=State.objects.published()
        )
        .order_by()
        .values("event")
        .annotate(n=Count("state", distinct=True))
        .values("n")
    )
    events = timeline_events(state, start, end).annotate(
        taking_part=Coalesce(Subquery(took_part), 0)
    )
    events = in_timeline_order(events, "start_date")[:limit]
    entries = []
    for event in events:
        place = ", ".join(p for p in [event.city, getattr(event.public_host, "name", "")] if p)
        parts = [held_where(place, event.is_online)]
        if event.taking_part:
            parts.append(
                ngettext(
                    "%(count)d state took part", "%(count)d states took part", event.taking_part
                )
                % {"count": event.taking_part}
            )
        entries.append(
            Entry(
                date=event.start_date,
                precision=event.date_precision,
                kind="event",
                label=event.get_kind_display(),
                title=event.title,
                url=event.get_absolute_url(),
                record=event,
                context="; ".join(p for p in parts if p),
                when=event_dates(event),
                note=event.note,
                order=2,
            )
        )
    return entries


def held_where(place: str, online: bool) -> str:
    """Where an event was held, in words: 'Held in Astana, Kazakhstan', 'Held online'."""
    if not online:
        return _("Held in %(place)s") % {"place": place} if place else ""
    return _("Held online (%(place)s)") % {"place": place} if place else _("Held online")


def timeline_statements(state, start, end):
    statements = (
        Statement.objects.for_list().select_related("state").filter(year_range("date", start, end))
    )
    if state:
        endorsed = Statement.endorsed_by.through.objects.filter(state=state)
        statements = statements.filter(Q(state=state) | Q(pk__in=endorsed.values("statement_id")))
    return statements


def statement_entries(state, start, end, limit=None) -> list[Entry]:
    statements = in_timeline_order(timeline_statements(state, start, end), "date")[:limit]
    entries = []
    for statement in statements:
        event, speaker = statement.public_event, statement.public_state
        if speaker and event:
            context = _("Delivered by %(state)s at %(event)s") % {
                "state": speaker.name,
                "event": event.title,
            }
        elif speaker:
            context = _("Delivered by %(state)s") % {"state": speaker.name}
        elif event:
            context = _("At %(event)s") % {"event": event.title}
        else:
            context = ""
        entries.append(
            Entry(
                date=statement.date,
                precision=statement.date_precision,
                kind="statement",
                label=statement.get_kind_display(),
                title=statement.title,
                url=statement.get_absolute_url(),
                record=statement,
                context=context,
                note=statement.note,
                order=3,
            )
        )
    return entries


def membership_entries(states, start, end) -> list[Entry]:
    """Accessions, observer grants and the end of observer status, each dated to its year."""
    entries = []

    def add(year, change, title, state, context):
        if (start is None or year >= start) and (end is None or year <= end):
            entries.append(
                Entry(
                    date=year_start(year),
                    precision=DatePrecision.YEAR,
                    kind="membership",
                    label=str(MEMBERSHIP_LABELS[change]),
                    change=change,
                    title=title,
                    url=state.get_absolute_url(),
                    context=context,
                    note=state.note,
                    order=0,
                    subject=state.name,
                    record=state,
                    named=state,
                )
            )

    for state in states:
        region = state.get_region_display()
        if state.observer_since:
            if state.joined_year:
                later = _("a member from %(year)s") % {"year": state.joined_year}
            elif state.observer_until:
                later = _("observer until %(year)s") % {"year": state.observer_until}
            elif state.status == State.Status.FORMER_OBSERVER:
                later = _("a former observer; the year its status ended is not known")
            else:
                later = _("still an observer")
            add(
                state.observer_since,
                "observer",
                _("%(state)s becomes an observer") % {"state": state.name},
                state,
                f"{region}; {later}",
            )
        if state.joined_year:
            before = (
                "; " + _("an observer from %(year)s") % {"year": state.observer_since}
                if state.observer_since
                else ""
            )
            add(
                state.joined_year,
                "member",
                _("%(state)s becomes a member") % {"state": state.name},
                state,
                f"{region}{before}",
            )
        elif state.observer_until:
            add(
                state.observer_until,
                "observer_ends",
                _("%(state)s is no longer an observer") % {"state": state.name},
                state,
                f"{region}; " + _("now a former observer"),
            )
    return entries


# The label of each kind of membership change on the timeline.
MEMBERSHIP_LABELS = {
    "member": State.Status.MEMBER.label,
    "observer": State.Status.OBSERVER.label,
    "observer_ends": gettext_lazy("Observer status ends"),
}

# What an organisation's status means on the timeline (a former observer's start is not known).
ORGANIZATION_BECOMES = {
    Organization.Status.OBSERVER: gettext_lazy("%(organization)s becomes an observer"),
    Organization.Status.PARTNER: gettext_lazy("%(organization)s becomes a partner"),
}


def organization_entries(start, end) -> list[Entry]:
    """Public organisations' observer or partner status, from the year it began."""
    organizations = (
        Organization.objects.for_list()
        .filter(status__in=ORGANIZATION_BECOMES, since_year__isnull=False)
        .filter(year_range_of_years("since_year", start, end))
    )
    return [
        Entry(
            date=year_start(organization.since_year),
            precision=DatePrecision.YEAR,
            kind="membership",
            label=organization.get_status_display(),
            change=f"organization_{organization.status}",
            title=ORGANIZATION_BECOMES[organization.status] % {"organization": organization.name},
            url=organization.get_absolute_url(),
            context=organization.acronym,
            note=organization.note,
            subject=organization.name,
            record=organization,
            named=organization,
        )
        for organization in organizations
    ]


def year_range_of_years(field_name: str, start: int | None, end: int | None) -> Q:
    """A year field between the years `start` and `end`, both included."""
    return Q(**{f"{field_name}__gte": start} if start else {}) & Q(
        **{f"{field_name}__lte": end} if end else {}
    )


def chairmanship_entries(state, start, end) -> list[Entry]:
    terms = (
        Chairmanship.objects.filter(state__in=State.objects.published())
        .filter(year_range("start_date", start, end))
        .select_related("state")
    )
    if state:
        terms = terms.filter(state=state)
    return [
        Entry(
            date=term.start_date,
            precision=term.start_precision,
            kind="chairmanship",
            label=_("Chair"),
            title=_("%(state)s takes the chair of CICA") % {"state": term.state.name},
            url=term.state.get_absolute_url(),
            context=(
                _("Chair until %(date)s") % {"date": precise_date(term.end_date)}
                if term.end_date
                else _("The chair today")
            ),
            note=term.note,
            order=1,
            record=term,
            named=term.state,
        )
        for term in terms
    ]


def timeline(kind=None, state=None, start=None, end=None, limit=None) -> tuple[list[Entry], int]:
    """The dated facts of the chosen kind (or all), about `state` (or any), between the years
    `start` and `end` (both included), oldest first: the first `limit` of them (all without
    one), and how many there are.

    Events and statements, which grow with the registry, are read only up to `limit` each (the
    first `limit` entries of the whole are among them) and counted by the database; the
    other kinds are a few per state, read whole."""
    entries: list[Entry] = []
    total = 0
    if kind in (None, "event"):
        found = event_entries(state, start, end, limit)
        entries += found
        total += count_beyond(found, limit, timeline_events(state, start, end))
    if kind in (None, "statement"):
        found = statement_entries(state, start, end, limit)
        entries += found
        total += count_beyond(found, limit, timeline_statements(state, start, end))
    small = len(entries)
    if kind in (None, "membership"):
        # The filter's state carries only its name and slug: read what membership needs.
        states = membership_states(pk=state.pk) if state else membership_states()
        entries += membership_entries(states, start, end)
        if state is None:
            entries += organization_entries(start, end)
    if kind in (None, "chairmanship"):
        entries += chairmanship_entries(state, start, end)
    total += len(entries) - small
    return sorted(entries, key=lambda e: (e.date, e.order, e.label, e.title))[:limit], total


def count_beyond(found: list, limit: int | None, records) -> int:
    """How many records there are: those read, unless a limit may have left some out."""
    return records.count() if limit is not None and len(found) >= limit else len(found)


# How several membership changes of one year are summed up: "15 states become members".
TOGETHER = {
    "member": lambda n: ngettext(
        "%(count)d state becomes a member", "%(count)d states become members", n
    ),
    "observer": lambda n: ngettext(
        "%(count)d state becomes an observer", "%(count)d states become observers", n
    ),
    "observer_ends": lambda n: ngettext(
        "%(count)d state is no longer an observer", "%(count)d states are no longer observers", n
    ),
    "organization_observer": lambda n: ngettext(
        "%(count)d organisation becomes an observer", "%(count)d organisations become observers", n
    ),
    "organization_partner": lambda n: ngettext(
        "%(count)d organisation becomes a partner", "%(count)d organisations become partners", n
    ),
}


@dataclass
class Item:
    """One line of the page: an entry, or the states whose membership changed alike that year."""

    entries: list[Entry]

    @property
    def first(self) -> Entry:
        return self.entries[0]

    @property
    def summary(self) -> str:
        count = len(self.entries)
        return TOGETHER[self.first.change](count) % {"count": count}

    @property
    def notes(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.note]


def alike(item: Item, entry: Entry) -> bool:
    return (
        entry.kind == "membership"
        and item.first.kind == "membership"
        and (item.first.year, item.first.label) == (entry.year, entry.label)
    )


@dataclass
class YearGroup:
    year: int
    items: list[Item] = field(default_factory=list)


def by_year(entries) -> list[YearGroup]:
    """Entries under their years, states that joined (or became observers) together as one."""
    groups: list[YearGroup] = []
    for entry in entries:
        if not groups or groups[-1].year != entry.year:
            groups.append(YearGroup(entry.year))
        items = groups[-1].items
        if items and alike(items[-1], entry):
            items[-1].entries.append(entry)
        else:
            items.append(Item([entry]))
    return groups


# --- Participation --------------------------------------------------------------------------

PARTICIPATION_KINDS = {
    Event.Kind.SUMMIT: gettext_lazy("Summits"),
    Event.Kind.MINISTERIAL: gettext_lazy("Ministerial meetings"),
}


@dataclass
class GridRow:
    state: State
    cells: list[bool]

    @property
    def count(self) -> int:
        return sum(self.cells)


@dataclass
class Grid:
    events: list[Event]
    rows: list[GridRow]

    @property
    def totals(self) -> list[int]:
        return [sum(row.cells[i] for row in self.rows) for i in range(len(self.events))]


def participation_grid(kind: str) -> Grid:
    """Published events of `kind` (columns, oldest first) against today's members and observers
    and every other published state that took part in one (rows), in three queries."""
    events = list(
        Event.objects.published()
        .filter(kind=kind)
        .only("title", "slug", "start_date", "date_precision", "city", "ordinal")
        .order_by("start_date", "pk")
    )
    took_part = set(
        Event.participants.through.objects.filter(
            event__in=[e.pk for e in events], state__in=State.objects.published()
        ).values_list("state_id", "event_id")
    )
    participants = {state_id for state_id, _ in took_part}
    states = (
        State.objects.published()
        .filter(Q(status__in=[MEMBER, OBSERVER]) | Q(pk__in=participants))
        .only("name", "slug", "status")
        .order_by("name")
    )
    rows = [GridRow(s, [(s.pk, e.pk) in took_part for e in events]) for s in states]
    return Grid(events, rows)
