"""The read-only JSON API as a client sees it: shapes, publication, filters, pages, schema, cost.

The filters are the list pages' own FilterSets, so the strongest check is a comparison: for the
same query string the API lists the same records, in the same order, as the HTML page.
"""

import datetime
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import call_command
from django.utils.text import slugify

from registry import kinds
from registry.models import CoordinatorRole, Event, Region, State, Statement
from tests import factories
from tests.factories import (
    CoordinatorRoleFactory,
    DimensionFactory,
    EventFactory,
    MeasureFactory,
    OrganizationFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.helpers import day, future, unpublished

pytestmark = pytest.mark.django_db

KINDS = list(kinds.BY_PREFIX)
FACTORIES = factories.BY_KIND
FILTERSETS = {kind.prefix: kind.filterset for kind in kinds.KINDS}
every_kind = pytest.mark.parametrize("kind", KINDS)
COORDINATOR, CO_COORDINATOR = CoordinatorRole.Role.COORDINATOR, CoordinatorRole.Role.CO_COORDINATOR


def api_slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def page_slugs(response) -> list[str]:
    assert response.status_code == 200
    return [record.slug for record in response.context["object_list"]]


def absolute(record) -> str:
    return "http://testserver" + record.get_absolute_url()


# Shared data: a small registry with every relation, plus records that must stay hidden -------


def state(name: str, code: str, joined: int | None, **fields) -> State:
    return StateFactory(name=name, slug=slugify(name), iso_code=code, joined_year=joined, **fields)


def event(title: str, kind: str, start: str, host, participants, **fields) -> Event:
    return EventFactory(
        title=title,
        slug=slugify(title),
        kind=kind,
        start_date=day(start),
        host=host,
        participants=participants,
        **fields,
    )


def statement(title: str, kind: str, date: str, **fields) -> Statement:
    return StatementFactory(title=title, slug=slugify(title), kind=kind, date=day(date), **fields)


@pytest.fixture
def world():
    """Published records with relations, and draft and scheduled ones tangled into them."""
    kz = state("Kazakhstan", "KZ", 1992)
    cn = state("China", "CN", 1999, region=Region.EAST_ASIA)
    th = state("Thailand", "TH", 2004, region=Region.SOUTHEAST_ASIA)
    bh = state("Bahrain", "BH", 2006, region=Region.WEST_ASIA)
    observer = {"status": State.Status.OBSERVER, "region": Region.NORTH_AMERICA}
    us = state("United States", "US", None, observer_since=2002, **observer)
    draft = state("Draftland", "DL", 2010, published_at=None)
    state("Futureland", "FL", 2012, published_at=future())
    OrganizationFactory(name="United Nations", acronym="UN", slug="united-nations", since_year=1999)
    OrganizationFactory(name="Draft Organisation", slug="draft-organisation", published_at=None)

    summit6 = event("Sixth Summit", "summit", "2022-10-12", kz, [kz, cn, draft], ordinal=6,
                    end_date=day("2022-10-13"))  # fmt: skip
    summit2 = event("Second Summit", "summit", "2006-06-17", kz, [kz, cn, th], city="Almaty")
    ministerial = event("Ministerial Council", "ministerial", "2021-10-11", kz, [cn, th])
    event("Senior Officials Committee", "senior_officials", "2022-03-30", cn, [th])
    event("Think Tank Forum", "forum", "2022-05-01", kz, [], is_online=True, city="")
    event("Summit of a draft host", "summit", "2014-05-20", draft, [draft, bh])
    draft_event = event("Seventh Summit", "summit", "2022-11-01", kz, [cn], published_at=None)
    event("Eighth Summit", "summit", "2022-12-01", kz, [cn], published_at=future())

    terrorism = TopicFactory(name="Terrorism", slug="terrorism")
    ict = TopicFactory(name="ICT security", slug="ict-security")
    catalogue = statement("Catalogue", "catalogue", "2004-10-22", endorsed_by=[kz, cn, th])
    statement(
        "Astana Statement",
        "declaration",
        "2022-10-13",
        event=summit6,
        endorsed_by=[kz, cn, draft],
        topics=[terrorism],
    )
    statement("Statement by China", "statement", "2021-10-12", event=ministerial, state=cn,
              speaker="Wang Yi", topics=[ict])  # fmt: skip
    statement("Speech by Thailand", "speech", "2006-06-17", event=summit2, state=th,
              topics=[terrorism, ict])  # fmt: skip
    statement("Almaty Act", "act", "2002-06-04", endorsed_by=[cn, bh])
    statement("Statement at a draft event", "statement", "2022-11-01", event=draft_event,
              state=draft, endorsed_by=[draft, bh])  # fmt: skip
    draft_statement = statement("Draft by China", "statement", "2022-11-02", state=cn,
                                event=summit6, topics=[terrorism], published_at=None)  # fmt: skip
    statement("Scheduled statement", "statement", "2022-11-03", endorsed_by=[cn],
              topics=[terrorism], published_at=future())  # fmt: skip

    military = DimensionFactory(name="Military-political", slug="military-political", order=1)
    economic = DimensionFactory(name="Economic", slug="economic", order=2)
    measures = [  # title, dimension, status, topics, established by, (state, role)
        ("Military information", military, "active", [terrorism], catalogue,
         [(kz, COORDINATOR), (cn, CO_COORDINATOR), (draft, CO_COORDINATOR)]),
        ("Trade facilitation", economic, "active", [ict], draft_statement, [(cn, COORDINATOR)]),
        ("Military calendar", military, "proposed", [], None, [(th, COORDINATOR)]),
    ]  # fmt: skip
    for title, dimension, status, topics, established_by, roles in measures:
        measure = MeasureFactory(
            title=title,
            slug=slugify(title),
            dimension=dimension,
            status=status,
            topics=topics,
            established_by=established_by,
        )
        for coordinator, role in roles:
            CoordinatorRoleFactory(measure=measure, state=coordinator, role=role)
    for published_at in (None, future()):  # a draft and a scheduled measure China coordinates
        CoordinatorRoleFactory(
            state=cn,
            measure__title=f"Military secret {published_at}",
            measure__dimension=military,
            measure__topics=[terrorism],
            measure__published_at=published_at,
        )
    return {"us": us}


# Lists and details ----------------------------------------------------------------------------


def test_api_root_lists_an_endpoint_per_kind(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {kind: f"http://testserver/api/{kind}/" for kind in KINDS}


def test_state_list_and_detail(client, world):
    assert api_slugs(client.get("/api/states/")) == [
        "bahrain",
        "china",
        "kazakhstan",
        "thailand",
        "united-states",
    ]
    data = client.get("/api/states/united-states/").json()
    us = world["us"]
    assert data == {
        "name": "United States",
        "slug": "united-states",
        "official_name": "",
        "iso_code": "US",
        "region": "north_america",
        "status": "observer",
        "joined_year": None,
        "observer_since": 2002,
        "observer_until": None,
        "summary": us.summary,
        "note": "",
        "source_url": "",
        "sources": [],
        "url": absolute(us),
        "updated_at": data["updated_at"],
    }
    assert datetime.datetime.fromisoformat(data["updated_at"]) == us.updated_at


def test_event_detail_gives_related_records_as_slugs(client, world):
    response = client.get("/api/events/sixth-summit/")
    assert response.status_code == 200
    data = response.json()
    assert {key: data[key] for key in ["title", "kind", "ordinal", "start_date", "end_date"]} == {
        "title": "Sixth Summit",
        "kind": "summit",
        "ordinal": 6,
        "start_date": "2022-10-12",
        "end_date": "2022-10-13",
    }
    assert data["host"] == "kazakhstan"
    assert data["participants"] == ["china", "kazakhstan"]  # by name; the draft state left out
    assert data["url"] == "http://testserver/events/sixth-summit/"
    assert set(data) == {
        "title",
        "slug",
        "kind",
        "ordinal",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "host",
        "host_url",
        "is_online",
        "participants",
        "summary",
        "body",
        "note",
        "source_url",
        "sources",
        "url",
        "updated_at",
    }


def test_statement_detail_gives_related_records_as_slugs(client, world):
    data = client.get("/api/statements/speech-by-thailand/").json()
    assert data["event"] == "second-summit"
    assert data["state"] == "thailand"
    assert data["speaker"] == ""
    assert data["topics"] == ["ict-security", "terrorism"]  # by topic name
    assert client.get("/api/statements/almaty-act/").json()["endorsed_by"] == ["bahrain", "china"]
    assert set(data) == {
        "title",
        "short_title",
        "slug",
        "kind",
        "date",
        "date_precision",
        "event",
        "event_url",
        "state",
        "speaker",
        "endorsed_by",
        "topics",
        "summary",
        "text",
        "note",
        "source_url",
        "sources",
        "url",
        "updated_at",
    }


def test_measure_detail_gives_coordinators_with_their_roles(client, world):
    data = client.get("/api/measures/military-information/").json()
    assert data["dimension"] == "military-political"
    assert data["established_by"] == "catalogue"
    assert data["topics"] == ["terrorism"]
    assert data["coordinators"] == [
        {"state": "kazakhstan", "role": "coordinator"},
        {"state": "china", "role": "co_coordinator"},
    ]  # the coordinator first; the draft co-coordinator left out
    assert set(data) == {
        "title",
        "slug",
        "dimension",
        "description",
        "status",
        "introduced_year",
        "established_by",
        "established_by_url",
        "coordinators",
        "topics",
        "note",
        "source_url",
        "sources",
        "url",
        "updated_at",
    }


@every_kind
def test_urls_are_absolute_and_lead_to_the_public_pages(client, world, kind):
    records = client.get(f"/api/{kind}/").json()["results"]
    assert records
    for record in records:
        url = urlsplit(record["url"])
        assert (url.scheme, url.netloc, url.path) == (
            "http",
            "testserver",
            f"/{kind}/{record['slug']}/",
        )
        assert client.get(url.path).status_code == 200
        assert client.get(f"/api/{kind}/{record['slug']}/").json() == record


def test_no_database_ids_anywhere(client, world):
    """Every value is a slug, a choice key, a date, text or a number from the record itself."""
    for kind in KINDS:
        for record in client.get(f"/api/{kind}/").json()["results"]:
            assert "id" not in record and "pk" not in record
    data = client.get("/api/statements/astana-statement/").json()
    assert data["event"] == "sixth-summit" and data["endorsed_by"] == ["china", "kazakhstan"]


# Publication --------------------------------------------------------------------------------


@every_kind
@pytest.mark.parametrize("when", ["draft", "scheduled"])
def test_unpublished_records_are_absent_from_lists_and_404_in_details(client, kind, when):
    factory = FACTORIES[kind]
    public = factory()
    hidden = factory(published_at=unpublished(when))
    assert api_slugs(client.get(f"/api/{kind}/")) == [public.slug]
    assert client.get(f"/api/{kind}/{hidden.slug}/").status_code == 404
    assert client.get(f"/api/{kind}/{public.slug}/").status_code == 200


def test_draft_records_do_not_leak_through_relations(client, world):
    hosted = client.get("/api/events/summit-of-a-draft-host/").json()
    assert (hosted["host"], hosted["participants"]) == (None, ["bahrain"])
    delivered = client.get("/api/statements/statement-at-a-draft-event/").json()
    assert (delivered["event"], delivered["state"]) == (None, None)
    assert delivered["endorsed_by"] == ["bahrain"]
    assert client.get("/api/measures/trade-facilitation/").json()["established_by"] is None
    hidden = ["draftland", "futureland", "seventh-summit", "eighth-summit", "draft-by-china",
              "scheduled-statement", "Military secret"]  # fmt: skip
    for kind in KINDS:
        body = client.get(f"/api/{kind}/").content.decode()
        assert not [word for word in hidden if word in body]


# Filters: the same as the pages' ---------------------------------------------------------


@pytest.mark.parametrize(
    "kind, query",
    [
        ("states", ""),
        ("states", "status=member&joined_after=2000"),
        ("states", "region=east_asia"),
        ("states", "status=observer"),
        ("states", "joined_before=1999&ordering=-name"),
        ("states", "q=thailand"),
        ("states", "ordering=-joined"),
        ("events", ""),
        ("events", "kind=summit"),
        ("events", "host=kazakhstan&year=2022"),
        ("events", "participant=china"),
        ("events", "q=summit"),
        ("events", "ordering=-date"),
        ("events", "ordering=title"),
        ("events", "kind=summit&ordering=date"),
        ("events", "date_after=2021-01-01&date_before=2022-06-30"),
        ("events", "kind=summit&q=sixth"),
        ("events", "host=kazakhstan&q=summit"),
        ("events", "participant=china&q=sixth"),
        ("statements", ""),
        ("statements", "state=china"),
        ("statements", "state=bahrain"),
        ("statements", "topic=terrorism"),
        ("statements", "event=sixth-summit"),
        ("statements", "kind=speech"),
        ("statements", "year=2022"),
        ("statements", "q=statement"),
        ("statements", "ordering=-date"),
        ("statements", "ordering=title"),
        ("statements", "kind=speech&q=thailand"),
        ("statements", "topic=terrorism&q=astana"),
        ("statements", "event=sixth-summit&q=statement"),
        ("statements", "state=china&q=statement"),
        ("measures", ""),
        ("measures", "coordinator=china"),
        ("measures", "coordinator=thailand"),
        ("measures", "dimension=military-political"),
        ("measures", "topic=terrorism"),
        ("measures", "status=proposed"),
        ("measures", "q=military"),
        ("measures", "ordering=-title"),
        ("measures", "status=proposed&q=military"),
        ("measures", "coordinator=china&q=military"),
        ("measures", "dimension=economic&q=trade"),
    ],
)
def test_filters_match_the_list_pages(client, world, kind, query):
    api = api_slugs(client.get(f"/api/{kind}/?{query}"))
    assert api == page_slugs(client.get(f"/{kind}/?{query}"))
    assert api  # not vacuous: every query string here finds something


@pytest.mark.parametrize(
    "kind, query, expected",
    [
        ("states", "status=member&joined_after=2000", ["bahrain", "thailand"]),
        ("events", "host=kazakhstan&year=2022", ["sixth-summit", "think-tank-forum"]),
        ("events", "participant=china", ["sixth-summit", "ministerial-council", "second-summit"]),
        (
            "statements",
            "state=china",
            ["astana-statement", "statement-by-china", "catalogue", "almaty-act"],
        ),
        ("measures", "coordinator=china", ["military-information", "trade-facilitation"]),
    ],
)
def test_filters_give_the_expected_records(client, world, kind, query, expected):
    """A sample by hand, so that the comparison above cannot pass with both sides wrong."""
    assert api_slugs(client.get(f"/api/{kind}/?{query}")) == expected


@pytest.mark.parametrize(
    "kind, parameter, value",
    [
        ("states", "status", "president"),
        ("states", "joined_after", "soon"),
        ("states", "ordering", "colour"),
        ("events", "kind", "banquet"),
        ("events", "host", "atlantis"),
        ("events", "participant", "draftland"),  # a draft is not a valid choice either
        ("events", "year", "twenty"),
        ("events", "date_after", "yesterday"),
        ("events", "host", "kazak\x00hstan"),
        ("statements", "state", "atlantis"),
        ("statements", "event", "seventh-summit"),
        ("statements", "topic", "gardening"),
        ("measures", "dimension", "cosmic"),
        ("measures", "coordinator", "futureland"),
        ("measures", "q", "x" * 201),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_parameter(
    client, world, kind, parameter, value
):
    response = client.get(f"/api/{kind}/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response.json()[parameter]  # the field's message


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, world, method):
    assert getattr(client, method)("/api/events/").status_code == 405
    assert getattr(client, method)("/api/events/sixth-summit/").status_code == 405


# Pagination -----------------------------------------------------------------------------------


def test_lists_are_paginated_by_25(client):
    StateFactory.create_batch(30)
    first = client.get("/api/states/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (30, 25, None)
    assert first["next"] == "http://testserver/api/states/?page=2"
    second = client.get(first["next"]).json()
    assert (len(second["results"]), second["next"]) == (5, None)
    names = [s["name"] for s in first["results"] + second["results"]]
    assert names == sorted(names)
    assert client.get("/api/states/?page=3").status_code == 404


def test_pagination_keeps_the_filters(client):
    EventFactory.create_batch(26, kind=Event.Kind.FORUM)
    EventFactory(kind=Event.Kind.SUMMIT)
    first = client.get("/api/events/?kind=forum").json()
    assert first["count"] == 26
    assert first["next"] == "http://testserver/api/events/?kind=forum&page=2"


# Schema and documentation -------------------------------------------------------------------


def test_schema_generates_without_errors_or_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/events/{slug}/" in yaml.safe_load(target.read_text())["paths"]


def test_schema_endpoint_documents_every_filter(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    for kind, filterset in FILTERSETS.items():
        parameters = {
            p["name"]: p["schema"] for p in schema["paths"][f"/api/{kind}/"]["get"]["parameters"]
        }
        assert set(parameters) == {
            *filterset.base_filters,
            "page",
            "page_size",
            "lang",
            "Accept-Language",
        }
        assert parameters["q"]["type"] == "string"
        assert schema["paths"][f"/api/{kind}/{{slug}}/"]["get"]["parameters"][0]["schema"] == {
            "type": "string"
        }
    events = {p["name"]: p["schema"] for p in schema["paths"]["/api/events/"]["get"]["parameters"]}
    assert events["host"] == events["participant"] == {"type": "string"}
    assert "summit" in events["kind"]["enum"]
    assert "-date" in events["ordering"]["items"]["enum"]


def test_schema_as_json(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "CICA Registry API"


def test_documentation_page_loads_its_assets_locally(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in body
    assert "cdn" not in body.lower()
    # The start-up script is a file of its own (no inline script), pointing at the schema.
    assert '<script src="/api/docs/?script="></script>' in body
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


# Cost: a fixed number of queries whatever the number of rows ------------------------------

# (list, detail) queries, pinned: count + page (lists), the record (details), one per prefetch.
# Events and statements each run one prefetch their shape does not read (the event's statements,
# the statement's established measures): the price of reusing for_detail() as it is.
QUERIES = {
    "states": (3, 2),
    "organizations": (3, 2),
    "events": (5, 4),
    "statements": (6, 5),
    "measures": (5, 4),
}
# The relation that grows with the data in each kind's records.
GROWING = {"events": "participants", "statements": "endorsed_by", "measures": "coordinators"}


def populate(kind: str, size: int) -> str:
    """`size` records of `kind`, each related to `size` others; the slug of one of them."""
    states = StateFactory.create_batch(size)
    topics = TopicFactory.create_batch(size)
    if kind == "states":
        return states[0].slug
    if kind == "organizations":
        return OrganizationFactory.create_batch(size)[0].slug
    events = [EventFactory(host=host, participants=states) for host in states]
    if kind == "events":
        return events[0].slug
    statements = [
        StatementFactory(event=at, state=by, endorsed_by=states, topics=topics)
        for at, by in zip(events, states, strict=True)
    ]
    if kind == "statements":
        return statements[0].slug
    measures = [MeasureFactory(topics=topics, established_by=source) for source in statements]
    CoordinatorRole.objects.bulk_create(
        CoordinatorRole(measure=measure, state=coordinator)
        for measure in measures
        for coordinator in states
    )
    return measures[0].slug


@every_kind
@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, kind, size):
    slug = populate(kind, size)
    list_queries, detail_queries = QUERIES[kind]
    with django_assert_max_num_queries(list_queries):
        records = client.get(f"/api/{kind}/").json()["results"]
    with django_assert_max_num_queries(detail_queries):
        record = client.get(f"/api/{kind}/{slug}/").json()
    assert len(records) == min(size, 25)
    if kind in GROWING:  # the relations were read, not skipped
        assert {len(r[GROWING[kind]]) for r in [*records, record]} == {size}
