"""Data out: CSV and JSON downloads, Atom feeds, iCalendar, JSON-LD, sitemap.xml and robots.txt.

Every reader of a list (download, feed, calendar) must give exactly the records of the list page
with the same query string (all pages of it), never a draft or a scheduled record, in a bounded
number of queries.
"""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.http import StreamingHttpResponse
from django.urls import resolve
from icalendar import Calendar

from registry.models import CoordinatorRole, Event
from tests.factories import (
    CoordinatorRoleFactory,
    DimensionFactory,
    EventFactory,
    MeasureFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.helpers import body, csv_rows, csv_text, day, moment, set_updated, unpublished

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SERVER = "http://testserver"
KINDS = ["states", "events", "statements", "measures"]
FORMATS = ["csv", "json"]
FEED_KINDS = ["events", "statements"]
CO_COORDINATOR = CoordinatorRole.Role.CO_COORDINATOR
XSS = "</script><script>alert(1)</script>"


# Helpers ------------------------------------------------------------------------------------


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def json_data(response) -> dict:
    return json.loads(body(response).decode("utf-8"))


def feed_root(response) -> ET.Element:
    root = ET.fromstring(body(response))
    assert root.tag == f"{ATOM}feed"
    return root


def slug_of_url(url: str) -> str:
    """The slug of a record page's URL: http://testserver/events/<slug>/ -> <slug>."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def feed_slugs(response) -> list[str]:
    entries = feed_root(response).findall(f"{ATOM}entry")
    return [
        slug_of_url(entry.find(f"{ATOM}link[@rel='alternate']").get("href")) for entry in entries
    ]


def calendar(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(body(response))


def vevents(cal: Calendar) -> list:
    return [component for component in cal.walk() if component.name == "VEVENT"]


def calendar_slugs(response) -> list[str]:
    uids = [str(entry["uid"]) for entry in vevents(calendar(response))]
    assert all(uid.endswith("@cica-registry") for uid in uids), uids
    return [uid.removesuffix("@cica-registry") for uid in uids]


def page_records(client, url: str) -> list:
    """Every record of the list page at `url`, all pages, in the page's order."""
    response = get(client, url)
    return list(response.context["paginator"].object_list)


def with_path(url: str, path: str) -> str:
    """The list URL '/events/?kind=summit' turned into '/events/<path>?kind=summit'."""
    parts = urlsplit(url)
    return parts.path + path + (f"?{parts.query}" if parts.query else "")


def ld_json(response) -> dict:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0])


# The data every comparison with the list pages uses -----------------------------------------


@pytest.fixture
def registry():
    """States, events, statements and measures that each query below picks some of, plus a
    draft and a scheduled record of each kind that every one of those queries would match."""
    states = {
        slug: StateFactory(name=name, slug=slug, status=status, region=region, joined_year=year)
        for slug, name, status, region, year in [
            ("kazakhstan", "Kazakhstan", "member", "central_asia", 1992),
            ("india", "India", "member", "south_asia", 1993),
            ("china", "China", "member", "east_asia", 1994),
            ("turkiye", "Türkiye", "member", "west_asia", 1995),
            ("mongolia", "Mongolia", "member", "east_asia", 1996),
            ("japan", "Japan", "observer", "east_asia", None),
            ("ukraine", "Ukraine", "former_observer", "europe", None),
        ]
    }
    for when, year in [("draft", 1997), ("scheduled", 1998)]:
        StateFactory(
            name=f"Secret {when} state",
            slug=f"secret-{when}-state",
            region="east_asia",
            joined_year=year,
            published_at=unpublished(when),
        )
    kz, india, china, turkiye = (states[s] for s in ["kazakhstan", "india", "china", "turkiye"])
    hosts = [kz, india, china]
    # 31 summits, one a year: more than one page of 25.
    summits = [
        EventFactory(
            title=f"Summit {1992 + i}",
            slug=f"summit-{1992 + i}",
            kind="summit",
            start_date=day(f"{1992 + i}-06-01"),
            end_date=day(f"{1992 + i}-06-02"),
            host=hosts[i % 3],
            participants=[hosts[i % 3], turkiye] + ([india] if i % 2 else []),
            summary=f"The summit of {1992 + i}.",
        )
        for i in range(31)
    ]
    EventFactory(
        title="Summit of uncertain date",
        slug="summit-uncertain",
        kind="summit",
        start_date=day("1991-01-01"),
        date_precision="year",
        host=kz,
    )
    ministerials = [
        EventFactory(
            title=f"Ministerial meeting {n}",
            slug=f"ministerial-{n}",
            kind="ministerial",
            start_date=day(f"2022-0{n}-15"),
            host=turkiye if n % 2 else kz,
            participants=[india, china],
        )
        for n in range(1, 6)
    ]
    for when in ["draft", "scheduled"]:
        EventFactory(
            title=f"Secret {when} summit ministerial",
            slug=f"secret-{when}-summit",
            kind="summit",
            start_date=day("2022-10-12"),
            host=kz,
            participants=[india],
            published_at=unpublished(when),
        )
    terrorism = TopicFactory(name="Terrorism", slug="terrorism")
    ict = TopicFactory(name="ICT security", slug="ict")
    statements = [
        StatementFactory(
            title=f"Statement {n:02d}",
            slug=f"statement-{n:02d}",
            kind=["declaration", "statement", "speech"][n % 3],
            date=day(f"{2000 + n}-03-0{1 + n % 5}"),
            event=summits[n],
            state=[india, china, kz][n % 3],
            endorsed_by=[turkiye, india] if n % 2 else [china],
            topics=[terrorism] if n % 2 else [ict, terrorism][: 1 + n % 3],
        )
        for n in range(12)
    ]
    for when in ["draft", "scheduled"]:
        StatementFactory(
            title=f"Secret {when} statement",
            slug=f"secret-{when}-statement",
            kind="speech",
            date=day("2010-01-01"),
            event=summits[3],
            state=india,
            endorsed_by=[india],
            topics=[terrorism, ict],
            published_at=unpublished(when),
        )
    military = DimensionFactory(name="Military-political", slug="military", order=1)
    economic = DimensionFactory(name="Economic", slug="economic", order=2)
    measures = [
        MeasureFactory(
            title=f"Measure {n:02d}",
            slug=f"measure-{n:02d}",
            dimension=[military, economic][n % 2],
            status=["active", "proposed"][n % 3 == 2],
            established_by=statements[0],
            topics=[[terrorism], [ict], [terrorism, ict]][n % 3],
        )
        for n in range(8)
    ]
    for n, measure in enumerate(measures):
        CoordinatorRoleFactory(measure=measure, state=[india, china, kz][n % 3])
        if n % 2:
            CoordinatorRoleFactory(measure=measure, state=turkiye, role=CO_COORDINATOR)
    for when in ["draft", "scheduled"]:
        secret = MeasureFactory(
            title=f"Secret {when} measure",
            slug=f"secret-{when}-measure",
            dimension=military,
            topics=[terrorism, ict],
            published_at=unpublished(when),
        )
        CoordinatorRoleFactory(measure=secret, state=india)
    return {"states": states, "summits": summits, "ministerials": ministerials}


# (list URL, at least how many records it lists)
LIST_QUERIES = [
    ("/states/", 7),
    ("/states/?status=member&ordering=-joined", 5),
    ("/states/?region=east_asia&ordering=name", 3),
    ("/states/?ordering=region", 7),
    ("/events/", 37),
    ("/events/?kind=summit&ordering=date", 32),
    ("/events/?kind=summit&ordering=-date&page=2", 32),
    ("/events/?host=kazakhstan", 10),
    ("/events/?participant=india&ordering=-title", 15),
    ("/events/?year=2022", 6),
    ("/events/?q=ministerial", 5),
    ("/events/?kind=ministerial&host=turkiye&ordering=-date", 3),
    ("/events/?kind=ministerial&ordering=place", 5),  # one city: ties broken the same way
    ("/events/?q=summit&host=kazakhstan&ordering=-date", 10),
    ("/statements/", 12),
    ("/statements/?topic=terrorism&ordering=-date", 8),
    ("/statements/?state=india", 6),
    ("/statements/?kind=speech&ordering=title", 4),
    ("/statements/?event=summit-1995", 1),
    ("/statements/?topic=ict&q=statement&ordering=kind", 5),
    ("/measures/", 8),
    ("/measures/?coordinator=india", 3),
    ("/measures/?coordinator=turkiye&ordering=-title", 4),
    ("/measures/?topic=ict&ordering=-title", 5),
    ("/measures/?ordering=status", 8),
    ("/measures/?q=measure&coordinator=turkiye", 4),
    ("/measures/?dimension=military&status=active", 3),
]
FEED_QUERIES = [(url, n) for url, n in LIST_QUERIES if url.split("/")[1] in FEED_KINDS]
EVENT_QUERIES = [(url, n) for url, n in LIST_QUERIES if url.startswith("/events/")]


def test_one_query_lists_more_than_a_page(client, registry):
    """So that the comparisons below cover downloads of every page, not just the first."""
    assert len(page_records(client, "/events/?kind=summit&ordering=date")) > 25


# 1. Each format holds exactly the records of the filtered list page -------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("url", "least"), LIST_QUERIES)
def test_downloads_hold_the_records_of_the_page_in_its_order(client, registry, url, least, fmt):
    expected = [record.slug for record in page_records(client, url)]
    assert len(expected) >= least
    assert not any(slug.startswith("secret") for slug in expected)
    response = get(client, with_path(url, f"export.{fmt}"))
    if fmt == "csv":
        slugs = [row["slug"] for row in csv_rows(response)]
    else:
        data = json_data(response)
        slugs = [row["slug"] for row in data["results"]]
        assert data["count"] == len(expected)
    assert slugs == expected


@pytest.mark.parametrize(("url", "least"), FEED_QUERIES)
def test_atom_feeds_hold_the_records_of_the_page_newest_first(client, registry, url, least):
    records = page_records(client, url)
    assert len(records) >= least
    date_field = "start_date" if url.startswith("/events/") else "date"
    newest_first = sorted(records, key=lambda r: (getattr(r, date_field), r.pk), reverse=True)
    response = get(client, with_path(url, "feed.atom"))
    assert feed_slugs(response) == [record.slug for record in newest_first]


@pytest.mark.parametrize(("url", "least"), EVENT_QUERIES)
def test_calendars_hold_the_dated_events_of_the_page(client, registry, url, least):
    records = page_records(client, url)
    assert len(records) >= least
    dated = [event.slug for event in records if event.date_precision == "day"]
    response = get(client, with_path(url, "calendar.ics"))
    assert calendar_slugs(response) == dated


@pytest.fixture
def searchable():
    """One record of each kind that a search for its kind's word and a relation filter find."""
    india = StateFactory(name="India", slug="india")
    topic = TopicFactory(slug="terrorism")
    event = EventFactory(title="Summit in Delhi", slug="delhi-summit", host=india)
    event.participants.add(india)
    EventFactory(title="Summit elsewhere", slug="other-summit")
    StatementFactory(
        title="Statement on terrorism", slug="terror-statement", event=event, topics=[topic]
    )
    measure = MeasureFactory(title="Measure on terrorism", slug="terror-measure", topics=[topic])
    CoordinatorRoleFactory(measure=measure, state=india)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/events/?q=summit&host=india", ["delhi-summit"]),
        ("/events/export.csv?q=summit&participant=india", ["delhi-summit"]),
        ("/events/export.json?participant=india&q=summit", ["delhi-summit"]),
        ("/events/feed.atom?q=summit&host=india", ["delhi-summit"]),
        ("/events/calendar.ics?q=summit&participant=india", ["delhi-summit"]),
        ("/statements/export.csv?q=terrorism&topic=terrorism", ["terror-statement"]),
        ("/statements/feed.atom?q=terrorism&event=delhi-summit", ["terror-statement"]),
        ("/measures/export.json?q=terrorism&coordinator=india", ["terror-measure"]),
        ("/measures/?q=terrorism&topic=terrorism", ["terror-measure"]),
    ],
)
def test_a_search_combines_with_a_related_record_filter(client, searchable, url, expected):
    """Regression: the search's `exact` annotation shadowed the `<relation>__exact` lookup of
    the slug filters, and every such combination was a 500."""
    response = get(client, url)
    path = urlsplit(url).path
    if path.endswith(".csv"):
        slugs = [row["slug"] for row in csv_rows(response)]
    elif path.endswith(".json"):
        slugs = [row["slug"] for row in json_data(response)["results"]]
    elif path.endswith(".atom"):
        slugs = feed_slugs(response)
    elif path.endswith(".ics"):
        slugs = calendar_slugs(response)
    else:
        slugs = [record.slug for record in response.context["paginator"].object_list]
    assert slugs == expected


# 2. The list page links to itself in every format -------------------------------------------

DATA_LINKS = {
    "states": ["Download CSV", "Download JSON"],
    "events": ["Download CSV", "Download JSON", "Atom feed", "Calendar (iCalendar)"],
    "statements": ["Download CSV", "Download JSON", "Atom feed"],
    "measures": ["Download CSV", "Download JSON"],
}
LINK_FILES = {
    "Download CSV": "export.csv",
    "Download JSON": "export.json",
    "Atom feed": "feed.atom",
    "Calendar (iCalendar)": "calendar.ics",
}


def page_links(response) -> dict[str, str]:
    """The data links of a list page: label -> href (entities decoded)."""
    found = re.search(r'<div class="data-links">(.*?)</div>', response.content.decode(), re.S)
    assert found, "the list page has no data links"
    links = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', found.group(1))
    return {label: html.unescape(href) for href, label in links}


@pytest.mark.parametrize(
    "url",
    [
        "/states/",
        "/states/?status=member&region=east_asia&ordering=-joined&page=1",
        "/events/?kind=summit&ordering=-date&page=2",
        "/events/?kind=summit&year=&q=Summit+%26+more&ordering=title",
        "/statements/?kind=speech&q=T%C3%BCrkiye&ordering=title",
        "/measures/?status=active&dimension=military&ordering=-status",
    ],
)
def test_list_pages_link_to_downloads_and_feeds_with_the_same_filters(client, registry, url):
    kind = url.split("/")[1]
    response = get(client, url)
    links = page_links(response)
    assert list(links) == DATA_LINKS[kind]
    # Visitors' pages are rendered from the canonical query (registry.cache): parameters sorted by
    # name, empty ones dropped.
    expected_query = sorted((k, v) for k, v in parse_qsl(urlsplit(url).query) if k != "page")
    for label, href in links.items():
        parts = urlsplit(href)
        assert parts.path == f"/{kind}/{LINK_FILES[label]}"
        assert parse_qsl(parts.query, True) == expected_query, label
        assert "page=" not in parts.query
    alternates = re.findall(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"',
        response.content.decode(),
    )
    if kind in FEED_KINDS:
        assert [html.unescape(href) for href in alternates] == [links["Atom feed"]]
    else:
        assert alternates == []
    for href in links.values():  # and every link works
        get(client, href)


def test_the_list_page_says_when_its_data_last_changed_as_the_download_does(client, registry):
    Event.objects.update(updated_at=moment("2020-01-01T00:00:00"))
    set_updated(registry["summits"][4], "2024-05-06T07:08:09")
    set_updated(registry["ministerials"][0], "2025-01-01T00:00:00")  # filtered out
    set_updated(Event.objects.get(slug="secret-draft-summit"), "2025-01-01T00:00:00")
    response = get(client, "/events/?kind=summit")
    assert response.context["last_changed"] == moment("2024-05-06T07:08:09")
    assert '<time datetime="2024-05-06T07:08:09+00:00">6 May 2024</time>' in (
        response.content.decode()
    )
    download = get(client, "/events/export.csv?kind=summit")
    assert download["Last-Modified"] == "Mon, 06 May 2024 07:08:09 GMT"


# 3. What a download holds, and how ----------------------------------------------------------

HEADERS = {
    "states": "slug,name,official_name,iso_code,status,region,joined_year,observer_since,"
    "observer_until,summary,note,source_url,sources,url,updated_at",
    "events": "slug,title,kind,ordinal,start_date,end_date,date_precision,city,host,host_url,"
    "is_online,participants,summary,body,note,source_url,sources,url,updated_at",
    "statements": "slug,title,short_title,kind,date,date_precision,event,event_url,state,speaker,"
    "endorsed_by,topics,summary,text,note,source_url,sources,url,updated_at",
    "measures": "slug,title,dimension,status,introduced_year,established_by,established_by_url,"
    "coordinators,topics,description,note,source_url,sources,url,updated_at",
}


@pytest.mark.parametrize("kind", KINDS)
def test_csv_has_a_header_row_even_when_nothing_matches(client, kind):
    text = csv_text(get(client, f"/{kind}/export.csv"))
    assert text.splitlines() == [HEADERS[kind]]


@pytest.fixture
def sixth_summit():
    turkiye = StateFactory(name="Türkiye", slug="turkiye", official_name="Republic of Türkiye")
    india = StateFactory(name="India", slug="india")
    event = EventFactory(
        title="Sixth CICA Summit",
        slug="sixth-summit",
        kind="summit",
        ordinal=6,
        start_date=day("2022-10-12"),
        end_date=day("2022-10-13"),
        city="Astana",
        host=turkiye,
        participants=[turkiye, india],
        summary="Leaders met in **Astana**.",
        sources=[
            SourceFactory(url="https://www.s-cica.org/news/press-releases/1504/"),
            SourceFactory(url="https://en.trend.az/azerbaijan/politics/3983314.html"),
        ],
    )
    return set_updated(event, "2022-10-14T10:11:12.345678")


def test_csv_row_of_an_event(client, sixth_summit):
    response = get(client, "/events/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = csv_rows(response)
    assert row == {
        "slug": "sixth-summit",
        "title": "Sixth CICA Summit",
        "kind": "summit",
        "ordinal": "6",
        "start_date": "2022-10-12",
        "end_date": "2022-10-13",
        "date_precision": "day",
        "city": "Astana",
        "host": "turkiye",
        "host_url": f"{SERVER}/states/turkiye/",
        "is_online": "false",
        "participants": "india|turkiye",
        "summary": "Leaders met in **Astana**.",
        "note": "",
        "source_url": "https://www.s-cica.org/news/press-releases/1504/",
        "sources": "https://www.s-cica.org/news/press-releases/1504/"
        "|https://en.trend.az/azerbaijan/politics/3983314.html",
        "url": f"{SERVER}/events/sixth-summit/",
        "body": "",
        "updated_at": "2022-10-14T10:11:12.345678Z",
    }


def test_json_row_of_an_event_has_lists_and_the_list_header(client, sixth_summit):
    response = get(client, "/events/export.json?kind=summit&page=3")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json_data(response)
    assert data["source"] == "CICA Registry"
    assert data["list"] == f"{SERVER}/events/"
    assert data["filters"] == {"kind": "summit"}
    assert data["ignored"] == []
    assert data["count"] == 1
    assert data["last_changed"] == "2022-10-14T10:11:12.345Z"
    [row] = data["results"]
    assert row["participants"] == ["india", "turkiye"]
    assert [source["url"] for source in row["sources"]] == [
        "https://www.s-cica.org/news/press-releases/1504/",
        "https://en.trend.az/azerbaijan/politics/3983314.html",
    ]  # in the order of the record's numbered list, as the API gives them
    assert row["host"] == "turkiye"
    assert row["host_url"] == f"{SERVER}/states/turkiye/"
    assert row["url"] == f"{SERVER}/events/sixth-summit/"
    assert row["start_date"] == "2022-10-12"
    assert row["end_date"] == "2022-10-13"
    assert row["ordinal"] == 6
    assert row["is_online"] is False


def test_csv_and_json_rows_of_statements_measures_and_states(client):
    kz = StateFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    turkiye = StateFactory(name="Türkiye", slug="turkiye", iso_code="TR")
    event = EventFactory(slug="fifth-summit")
    topics = [TopicFactory(slug="terrorism"), TopicFactory(slug="ict")]
    statement = StatementFactory(
        slug="astana-declaration",
        kind="declaration",
        date=day("2004-01-01"),
        date_precision="year",
        event=event,
        state=kz,
        speaker="The President",
        endorsed_by=[turkiye, kz],
        topics=topics,
    )
    measure = MeasureFactory(
        slug="early-warning",
        dimension=DimensionFactory(slug="military"),
        introduced_year=2004,
        established_by=statement,
        topics=topics[:1],
    )
    CoordinatorRoleFactory(measure=measure, state=turkiye, role=CO_COORDINATOR)
    CoordinatorRoleFactory(measure=measure, state=kz)

    [row] = csv_rows(get(client, "/statements/export.csv"))
    assert {k: row[k] for k in ["date", "date_precision", "event", "event_url", "state"]} == {
        "date": "2004-01-01",
        "date_precision": "year",
        "event": "fifth-summit",
        "event_url": f"{SERVER}/events/fifth-summit/",
        "state": "kazakhstan",
    }
    assert row["endorsed_by"] == "kazakhstan|turkiye"
    assert sorted(row["topics"].split("|")) == ["ict", "terrorism"]
    assert row["url"] == f"{SERVER}/statements/astana-declaration/"
    [item] = json_data(get(client, "/statements/export.json"))["results"]
    assert item["endorsed_by"] == ["kazakhstan", "turkiye"]
    assert sorted(item["topics"]) == ["ict", "terrorism"]

    [row] = csv_rows(get(client, "/measures/export.csv"))
    assert row["dimension"] == "military"
    assert row["introduced_year"] == "2004"
    assert row["established_by"] == "astana-declaration"
    assert row["established_by_url"] == f"{SERVER}/statements/astana-declaration/"
    assert row["coordinators"] == "kazakhstan (coordinator)|turkiye (co_coordinator)"
    assert row["topics"] == "terrorism"
    assert row["url"] == f"{SERVER}/measures/early-warning/"
    [item] = json_data(get(client, "/measures/export.json"))["results"]
    assert item["coordinators"] == [
        {"state": "kazakhstan", "role": "coordinator"},
        {"state": "turkiye", "role": "co_coordinator"},
    ]
    assert item["topics"] == ["terrorism"]

    rows = csv_rows(get(client, "/states/export.csv"))
    assert [(r["slug"], r["iso_code"], r["url"]) for r in rows] == [
        ("kazakhstan", "KZ", f"{SERVER}/states/kazakhstan/"),
        ("turkiye", "TR", f"{SERVER}/states/turkiye/"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_name_the_coordinator_before_the_co_coordinators(client, fmt):
    """Regression: roles were ordered by their key, and 'co_coordinator' < 'coordinator'."""
    measure = MeasureFactory()
    CoordinatorRoleFactory(measure=measure, state=StateFactory(slug="kazakhstan"))
    CoordinatorRoleFactory(measure=measure, state=StateFactory(slug="china"), role=CO_COORDINATOR)
    response = get(client, f"/measures/export.{fmt}")
    if fmt == "csv":
        [row] = csv_rows(response)
        assert row["coordinators"] == "kazakhstan (coordinator)|china (co_coordinator)"
    else:
        [row] = json_data(response)["results"]
        assert row["coordinators"] == [
            {"state": "kazakhstan", "role": "coordinator"},
            {"state": "china", "role": "co_coordinator"},
        ]  # as the API gives them


def test_downloads_are_utf_8_and_non_ascii_round_trips(client):
    StateFactory(name="Türkiye", slug="turkiye", official_name="Türkiye Cumhuriyeti")
    raw = body(get(client, "/states/export.csv"))
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Türkiye Cumhuriyeti".encode() in raw
    [row] = csv_rows(get(client, "/states/export.csv"))
    assert (row["name"], row["official_name"]) == ("Türkiye", "Türkiye Cumhuriyeti")
    [item] = json_data(get(client, "/states/export.json"))["results"]
    assert (item["name"], item["official_name"]) == ("Türkiye", "Türkiye Cumhuriyeti")


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://x")', "+1 and more", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)
def test_csv_neutralises_formulas_but_json_keeps_the_text(client, title):
    EventFactory(title=title, summary=title, note="=1+1", city="@home")
    [row] = csv_rows(get(client, "/events/export.csv"))
    assert row["title"] == "'" + title
    assert row["summary"] == "'" + title
    assert row["note"] == "'=1+1"
    assert row["city"] == "'@home"
    [item] = json_data(get(client, "/events/export.json"))["results"]
    assert item["title"] == title


def test_csv_quotes_commas_quotes_and_line_breaks(client):
    summary = 'First line, with a comma.\nSecond "quoted" line;\r\nthird line.'
    EventFactory(title='Summit, "Sixth"', summary=summary)
    [row] = csv_rows(get(client, "/events/export.csv"))
    assert row["title"] == 'Summit, "Sixth"'
    assert row["summary"] == summary


def test_csv_leaves_harmless_text_alone(client):
    EventFactory(title="Summit = peace, +trust", city="Astana")
    [row] = csv_rows(get(client, "/events/export.csv"))
    assert row["title"] == "Summit = peace, +trust"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_downloads_are_attachments_that_say_when_the_data_last_changed(client, kind, fmt):
    """Last-Modified is the newest change of the records downloaded: not of records the
    filter leaves out, nor of unpublished ones."""
    factory = {
        "states": StateFactory,
        "events": EventFactory,
        "statements": StatementFactory,
        "measures": MeasureFactory,
    }[kind]
    filter_field, chosen, other = {
        "states": ("status", "member", "observer"),
        "events": ("kind", "summit", "forum"),
        "statements": ("kind", "declaration", "speech"),
        "measures": ("status", "active", "proposed"),
    }[kind]
    set_updated(factory(**{filter_field: chosen}), "2020-01-02T03:04:05")
    set_updated(factory(**{filter_field: chosen}), "2021-06-07T08:09:10.500000")
    set_updated(factory(**{filter_field: other}), "2023-01-01T00:00:00")
    for when in ["draft", "scheduled"]:
        set_updated(
            factory(**{filter_field: chosen}, published_at=unpublished(when)), "2024-01-01T00:00"
        )
    response = get(client, f"/{kind}/export.{fmt}?{filter_field}={chosen}")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert re.fullmatch(rf'attachment; filename="cica-{kind}-2021-06-07\.{fmt}"', disposition)
    assert response["Last-Modified"] == "Mon, 07 Jun 2021 08:09:10 GMT"
    assert parsedate_to_datetime(response["Last-Modified"]) == moment("2021-06-07T08:09:10")
    if fmt == "json":
        data = json_data(response)
        assert data["last_changed"] == "2021-06-07T08:09:10.500Z"
        assert data["count"] == 2 == len(data["results"])
    else:
        assert len(csv_rows(response)) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_download_has_no_last_modified(client, settings, fmt):
    """No data, no date of its change. (The page cache, off here, may add its own validator:
    the moment it computed the schedule, which is a whole second later from time to time.)"""
    settings.PAGE_CACHE = False
    response = get(client, f"/events/export.{fmt}")
    assert "Last-Modified" not in response
    if fmt == "json":
        data = json_data(response)
        assert (data["count"], data["last_changed"], data["results"]) == (0, None, [])


# 4. Drafts and scheduled records never leave the building -----------------------------------


@pytest.fixture(params=["draft", "scheduled"])
def secrets(request):
    """A published record of each kind whose related records are unpublished, and an
    unpublished record of each kind; every unpublished name and slug contains 'secret'."""
    when = request.param
    hidden = {"published_at": unpublished(when)}
    state = StateFactory(name="Open State", slug="open-state", iso_code="OS")
    secret_state = StateFactory(name="Secret State", slug="secret-state", iso_code="SX", **hidden)
    secret_event = EventFactory(
        title="Secret Summit",
        slug="secret-summit",
        kind="summit",
        start_date=day("2022-10-12"),
        host=state,
        participants=[state],
        **hidden,
    )
    event = EventFactory(
        title="Open Summit",
        slug="open-summit",
        kind="summit",
        start_date=day("2022-10-13"),
        city="Almaty",
        host=secret_state,
        participants=[state, secret_state],
    )
    topic = TopicFactory(name="Open topic", slug="open-topic")
    secret_statement = StatementFactory(
        title="Secret Statement",
        slug="secret-statement",
        event=event,
        state=state,
        topics=[topic],
        **hidden,
    )
    statement = StatementFactory(
        title="Open Statement",
        slug="open-statement",
        kind="speech",
        event=secret_event,
        state=secret_state,
        endorsed_by=[state, secret_state],
        topics=[topic],
    )
    measure = MeasureFactory(
        title="Open Measure", slug="open-measure", established_by=secret_statement, topics=[topic]
    )
    CoordinatorRoleFactory(measure=measure, state=state)
    CoordinatorRoleFactory(measure=measure, state=secret_state, role=CO_COORDINATOR)
    secret_measure = MeasureFactory(title="Secret Measure", slug="secret-measure", **hidden)
    CoordinatorRoleFactory(measure=secret_measure, state=state)
    return {"event": event, "statement": statement, "measure": measure}


EVERY_OUTPUT = [
    *(f"/{kind}/export.{fmt}" for kind in KINDS for fmt in FORMATS),
    "/states/export.csv?region=central_asia",
    "/events/export.csv?kind=summit&year=2022",
    "/events/export.json?participant=open-state",
    "/statements/export.csv?topic=open-topic",
    "/measures/export.json?coordinator=open-state",
    "/events/feed.atom",
    "/events/feed.atom?kind=summit",
    "/statements/feed.atom",
    "/statements/feed.atom?topic=open-topic",
    "/events/calendar.ics",
    "/events/calendar.ics?kind=summit",
    "/events/open-summit/calendar.ics",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", EVERY_OUTPUT)
def test_unpublished_records_appear_in_no_output(client, secrets, url):
    text = body(get(client, url)).decode("utf-8")
    assert "open-" in text or "Open" in text  # the published records are there
    assert "secret" not in text.lower()


def test_an_unpublished_related_record_is_not_named_in_a_row(client, secrets):
    [event] = csv_rows(get(client, "/events/export.csv"))
    assert (event["slug"], event["host"], event["host_url"]) == ("open-summit", "", "")
    assert event["participants"] == "open-state"
    [statement] = json_data(get(client, "/statements/export.json"))["results"]
    assert statement["slug"] == "open-statement"
    assert (statement["event"], statement["event_url"], statement["state"]) == (None, None, None)
    assert statement["endorsed_by"] == ["open-state"]
    [measure] = csv_rows(get(client, "/measures/export.csv"))
    assert (measure["established_by"], measure["established_by_url"]) == ("", "")
    assert measure["coordinators"] == "open-state (coordinator)"


def test_an_unpublished_host_is_not_named_in_the_calendar_or_json_ld(client, secrets):
    [entry] = vevents(calendar(get(client, "/events/open-summit/calendar.ics")))
    assert str(entry["location"]) == "Almaty"
    data = ld_json(get(client, "/events/open-summit/"))
    assert data["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Almaty"}
    speech = ld_json(get(client, "/statements/open-statement/"))
    assert speech["author"]["name"] != "Secret State"


@pytest.mark.parametrize("when", ["draft", "scheduled"])
def test_the_calendar_of_an_unpublished_event_is_not_found(client, when):
    event = EventFactory(published_at=unpublished(when))
    get(client, f"/events/{event.slug}/calendar.ics", status=404)


# 5. iCalendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "exclusive_end"),
    [
        ("2022-10-12", "2022-10-13", "2022-10-14"),  # two days: DTEND is the day after the end
        ("2022-03-30", None, "2022-03-31"),  # one day
        ("2022-03-30", "2022-03-30", "2022-03-31"),  # one day, end given
        ("2024-02-28", "2024-02-29", "2024-03-01"),  # across a month end, in a leap year
        ("2021-12-31", None, "2022-01-01"),  # across a year end
    ],
)
def test_calendar_events_are_all_day_with_an_exclusive_end(client, start, end, exclusive_end):
    EventFactory(slug="meeting", start_date=day(start), end_date=end and day(end))
    response = get(client, "/events/calendar.ics")
    cal = calendar(response)
    [entry] = vevents(cal)
    assert entry.decoded("dtstart") == day(start)
    assert type(entry.decoded("dtstart")) is datetime.date  # a date, not a date-time
    assert entry.decoded("dtend") == day(exclusive_end)
    assert type(entry.decoded("dtend")) is datetime.date
    raw = body(get(client, "/events/calendar.ics")).decode()
    assert f"DTSTART;VALUE=DATE:{start.replace('-', '')}\r\n" in raw
    assert f"DTEND;VALUE=DATE:{exclusive_end.replace('-', '')}\r\n" in raw


def test_calendar_has_version_prodid_uid_location_description_and_url(client, sixth_summit):
    first = calendar(get(client, "/events/calendar.ics"))
    second = calendar(get(client, "/events/calendar.ics"))
    assert str(first["version"]) == "2.0"
    assert str(first["prodid"]).strip()
    [entry] = vevents(first)
    [again] = vevents(second)
    assert str(entry["uid"]) == str(again["uid"]) == "sixth-summit@cica-registry"
    assert str(entry["summary"]) == "Sixth CICA Summit"
    assert str(entry["location"]) == "Astana, Türkiye"
    page = f"{SERVER}/events/sixth-summit/"
    assert str(entry["url"]) == page
    description = str(entry["description"])
    assert "Leaders met in Astana." in description
    assert page in description
    assert entry.decoded("dtstamp") == moment("2022-10-14T10:11:12")


def test_an_online_event_is_located_online(client):
    EventFactory(is_online=True, city="", host=None)
    [entry] = vevents(calendar(get(client, "/events/calendar.ics")))
    assert str(entry["location"]) == "Online"


@pytest.mark.parametrize("precision", ["year", "month"])
def test_an_event_known_only_to_the_year_or_month_is_left_out(client, precision):
    EventFactory(slug="dated", start_date=day("2004-06-01"))
    EventFactory(slug="vague", start_date=day("2004-01-01"), date_precision=precision)
    assert calendar_slugs(get(client, "/events/calendar.ics")) == ["dated"]
    get(client, "/events/vague/calendar.ics", status=404)  # no day to put in a calendar


def test_the_calendar_of_one_event(client, sixth_summit):
    EventFactory(slug="another")
    response = get(client, "/events/sixth-summit/calendar.ics")
    assert "sixth-summit.ics" in response["Content-Disposition"]
    cal = calendar(response)
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]).strip()
    [entry] = vevents(cal)
    assert str(entry["uid"]) == "sixth-summit@cica-registry"
    assert entry.decoded("dtstart") == day("2022-10-12")
    assert entry.decoded("dtend") == day("2022-10-14")


def test_the_calendar_of_an_unknown_event_is_not_found(client):
    get(client, "/events/no-such-event/calendar.ics", status=404)


# 6. Atom feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_feed_is_atom_with_updated_times_and_summaries(client, kind):
    if kind == "events":
        EventFactory(slug="a", summary="A *summit*.", start_date=day("2022-10-12"))
        EventFactory(slug="b", summary="", start_date=day("2022-10-13"))
    else:
        StatementFactory(slug="a", summary="A *statement*.", date=day("2022-10-12"))
        StatementFactory(slug="b", summary="", date=day("2022-10-13"))
    response = get(client, f"/{kind}/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = feed_root(response)
    assert root.find(f"{ATOM}title").text.startswith("CICA Registry")
    assert root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    assert feed_slugs(response) == ["b", "a"]  # newest first
    for entry in entries:
        updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert updated.tzinfo is not None
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}summary") is not None
    summary = entries[1].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<em>" in summary.text


def test_feed_entry_updated_is_the_record_change_time(client, sixth_summit):
    [entry] = feed_root(get(client, "/events/feed.atom")).findall(f"{ATOM}entry")
    updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert updated == sixth_summit.updated_at
    assert entry.find(f"{ATOM}title").text == "Sixth CICA Summit (12–13 October 2022)"


def test_feed_filters_narrow_the_entries(client):
    EventFactory(slug="a-summit", kind="summit")
    EventFactory(slug="a-forum", kind="forum")
    assert feed_slugs(get(client, "/events/feed.atom?kind=summit")) == ["a-summit"]
    assert sorted(feed_slugs(get(client, "/events/feed.atom"))) == ["a-forum", "a-summit"]
    root = feed_root(get(client, "/events/feed.atom?kind=summit"))
    alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == f"{SERVER}/events/?kind=summit"


def test_feed_self_link_keeps_the_filters(client):
    EventFactory(kind="summit")
    root = feed_root(get(client, "/events/feed.atom?kind=summit"))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        f"{SERVER}/events/feed.atom?kind=summit"
    )


def test_feed_link_depends_only_on_its_own_request(rf):
    feed = resolve("/events/feed.atom").func  # the one instance that serves every request
    mine = rf.get("/events/feed.atom", {"kind": "summit"})
    theirs = rf.get("/events/feed.atom", {"kind": "forum"})
    filterset = feed.get_object(mine)
    feed.get_object(theirs)  # another thread's request arrives before this one's link is made
    xml = feed.get_feed(filterset, mine).writeString("utf-8")
    root = ET.fromstring(xml)
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"{SERVER}/events/?kind=summit"
    )


def test_feed_title_names_the_filters_in_words(client):
    EventFactory(kind="summit")
    title = feed_root(get(client, "/events/feed.atom?kind=summit&ordering=date"))
    assert title.find(f"{ATOM}title").text == "CICA Registry: events (kind=summit)"


BAD_QUERIES = [
    "kind=bogus",
    "host=nowhere",
    "participant=nowhere",
    "year=abc",
    "year=99999",
    "date_after=31-12-2022",
    "ordering=sideways",
    "q=%00",
    "kind=summit%00",
    "topic=nothing",
    "event=nothing",
    "state=nowhere",
    "coordinator=nowhere",
    "dimension=nothing",
    "page=abc",
    "q=" + "x" * 500,
]
BAD_QUERY_URLS = [
    *(f"/{kind}/feed.atom" for kind in FEED_KINDS),
    "/events/calendar.ics",
    *(f"/{kind}/export.{fmt}" for kind in KINDS for fmt in FORMATS),
]


@pytest.mark.parametrize("url", BAD_QUERY_URLS)
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_bad_filter_value_is_ignored_not_an_error(client, url, query):
    EventFactory(kind="summit")
    StatementFactory()
    StateFactory()
    MeasureFactory()
    response = get(client, f"{url}?{query}")
    if url.endswith(".atom"):
        assert len(feed_root(response).findall(f"{ATOM}entry")) == 1
    elif url.endswith(".ics"):
        assert len(vevents(calendar(response))) == 1
    elif url.endswith(".json"):
        assert len(json_data(response)["results"]) == 1
    else:
        assert len(csv_rows(response)) == 1


def test_json_download_names_the_filters_it_ignored(client):
    EventFactory(slug="a-summit", kind="summit")
    EventFactory(slug="a-forum", kind="forum")
    data = json_data(get(client, "/events/export.json?kind=bogus&year=abc&host=nowhere"))
    assert sorted(row["slug"] for row in data["results"]) == ["a-forum", "a-summit"]
    assert len(data["ignored"]) == 3
    assert any("bogus" in line for line in data["ignored"])


# 7. JSON-LD on record pages -----------------------------------------------------------------


def test_event_page_has_schema_org_event(client, sixth_summit):
    data = ld_json(get(client, "/events/sixth-summit/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Sixth CICA Summit"
    assert (data["startDate"], data["endDate"]) == ("2022-10-12", "2022-10-13")
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Astana"
    assert data["location"]["address"]["addressLocality"] == "Astana"
    assert data["location"]["address"]["addressCountry"] == sixth_summit.host.iso_code
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["alternateName"] == "CICA"
    assert data["url"] == f"{SERVER}/events/sixth-summit/"


def test_online_event_has_a_virtual_location(client):
    event = EventFactory(is_online=True)
    data = ld_json(get(client, event.get_absolute_url()))
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [("declaration", "Legislation"), ("act", "Legislation"), ("speech", "CreativeWork")],
)
@pytest.mark.parametrize(
    ("precision", "published"), [("year", "2004"), ("month", "2004-06"), ("day", "2004-06-17")]
)
def test_statement_page_has_schema_org_document(client, kind, schema_type, precision, published):
    india = StateFactory(name="India", slug="india")
    statement = StatementFactory(
        title="Almaty Act",
        kind=kind,
        date=day("2004-06-17"),
        date_precision=precision,
        state=india,
        topics=[TopicFactory(name="Terrorism"), TopicFactory(name="ICT security")],
    )
    data = ld_json(get(client, statement.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["name"] == "Almaty Act"
    assert data["datePublished"] == published
    assert sorted(topic["name"] for topic in data["about"]) == ["ICT security", "Terrorism"]
    assert data["spatialCoverage"] == {"@type": "Place", "name": "Asia"}
    if kind == "speech":
        assert data["author"] == {"@type": "Country", "name": "India"}
    else:
        assert data["author"]["alternateName"] == "CICA"


def test_state_page_has_schema_org_country(client):
    StateFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ", official_name="Republic")
    data = ld_json(get(client, "/states/kazakhstan/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Country"
    assert (data["name"], data["identifier"]) == ("Kazakhstan", "KZ")
    assert data["url"] == f"{SERVER}/states/kazakhstan/"
    assert data["memberOf"]["alternateName"] == "CICA"


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda text: EventFactory(title=f"Summit {XSS}", summary=text), "description"),
        (lambda text: StatementFactory(title=f"Act {XSS}", summary=text), "description"),
        (lambda text: StatementFactory(kind="speech", summary=text), "description"),
        (lambda text: StateFactory(official_name=text, summary=text), "alternateName"),
    ],
    ids=["event", "statement", "speech", "state"],
)
def test_json_ld_cannot_break_out_of_its_script_element(client, make, field):
    text = f"Text {XSS} & <b> <!-- -->"
    record = make(text)
    response = get(client, record.get_absolute_url())
    page = response.content.decode()
    assert "</script><script>" not in page
    assert "<script>alert" not in page
    data = ld_json(response)  # one script element holds the whole text, unchanged
    assert data[field] == text


def test_json_ld_survives_quotes_and_non_ascii(client):
    StateFactory(slug="turkiye", name="Türkiye", official_name='The "Republic" \\ of Türkiye')
    data = ld_json(get(client, "/states/turkiye/"))
    assert data["name"] == "Türkiye"
    assert data["alternateName"] == 'The "Republic" \\ of Türkiye'


# 8. sitemap.xml and robots.txt --------------------------------------------------------------


def test_sitemap_lists_published_records_with_their_last_change(client):
    records = [
        set_updated(StateFactory(slug="kazakhstan"), "2024-01-02T12:00:00"),
        set_updated(EventFactory(slug="sixth-summit"), "2024-02-03T12:00:00"),
        set_updated(StatementFactory(slug="astana-statement"), "2024-03-04T12:00:00"),
        set_updated(MeasureFactory(slug="early-warning"), "2024-04-05T12:00:00"),
    ]
    for when in ["draft", "scheduled"]:
        StateFactory(slug=f"secret-{when}-state", published_at=unpublished(when))
        EventFactory(slug=f"secret-{when}-event", published_at=unpublished(when))
        StatementFactory(slug=f"secret-{when}-statement", published_at=unpublished(when))
        MeasureFactory(slug=f"secret-{when}-measure", published_at=unpublished(when))
    root = ET.fromstring(body(get(client, "/sitemap.xml")))
    urls = {
        url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None)
        for url in root.findall(f"{SITEMAP}url")
    }
    languages = ["", "/ru"]  # every page in English and in Russian
    for record in records:
        for prefix in languages:
            url = f"{SERVER}{prefix}{record.get_absolute_url()}"
            assert urls.pop(url) == record.updated_at.date().isoformat()
    pages = ["/", "/states/", "/organizations/", "/events/", "/statements/", "/measures/"]
    pages += ["/timeline/", "/membership/", "/participation/"]
    assert set(urls) == {f"{SERVER}{prefix}{page}" for page in pages for prefix in languages}


def test_robots_txt_allows_records_and_names_the_sitemap(client):
    response = get(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for rule in ["/*?", "/admin/", "/*/export.", "/*.ics", "/*.atom"]:
        assert f"Disallow: {rule}" in lines
    assert f"Sitemap: {SERVER}/sitemap.xml" in lines
    assert not any(
        line in {"Disallow: /", "Disallow: /states/", "Disallow: /events/"} for line in lines
    )


# 9. Query counts do not grow with the data --------------------------------------------------


def populate(size: int) -> None:
    """`size` records of each kind with every relation a download names."""
    states = [StateFactory(slug=f"member-{i}") for i in range(min(max(size, 5), 600))]
    topics = [TopicFactory(slug=f"theme-{i}") for i in range(3)]
    dimension = DimensionFactory()
    events = [
        EventFactory(
            kind="summit",
            start_date=day("2000-01-01") + datetime.timedelta(days=i),
            host=states[i % 5],
            participants=states[i % 3 : i % 3 + 4],
        )
        for i in range(size)
    ]
    statements = [
        StatementFactory(
            kind="declaration",
            event=events[i],
            state=states[i % 5],
            endorsed_by=states[:3],
            topics=topics[: 1 + i % 3],
        )
        for i in range(size)
    ]
    for i in range(size):
        measure = MeasureFactory(
            dimension=dimension, established_by=statements[i], topics=topics[:2]
        )
        CoordinatorRoleFactory(measure=measure, state=states[i % 5])
        CoordinatorRoleFactory(measure=measure, state=states[(i + 1) % 5], role=CO_COORDINATOR)


# The most queries each URL may make, at any size (measured: see the report).
QUERY_BUDGET = {
    "/states/export.csv": 3,
    "/states/export.json": 4,
    "/states/export.csv?status=member&ordering=-joined": 3,
    "/events/export.csv": 4,
    "/events/export.json": 5,
    "/events/export.csv?kind=summit&host=member-1&ordering=date": 5,
    "/statements/export.csv": 5,
    "/statements/export.json": 6,
    "/statements/export.json?state=member-1&topic=theme-1": 8,
    "/measures/export.csv": 5,
    "/measures/export.json": 6,
    "/measures/export.csv?coordinator=member-1&topic=theme-1": 7,
    "/events/feed.atom": 1,
    "/events/feed.atom?kind=summit&participant=member-1": 2,
    "/statements/feed.atom": 1,
    "/statements/feed.atom?topic=theme-1": 2,
    "/events/calendar.ics": 1,
    "/events/calendar.ics?host=member-1": 2,
    "/sitemap.xml": 9,
}


@pytest.mark.parametrize("size", [3, 60])
def test_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, subtests, size
):
    populate(size)
    for url, budget in QUERY_BUDGET.items():
        with subtests.test(url=url):
            with django_assert_max_num_queries(budget):
                response = client.get(url)
                content = body(response)  # a streamed body runs its queries as it is read
            assert response.status_code == 200
            assert content


# 10. Downloads stream -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_stream_row_by_row(client, fmt):
    EventFactory.create_batch(3)
    response = get(client, f"/events/export.{fmt}")
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) > 3  # not one block built in memory
