"""The public site as a visitor sees it: pages, filters, messages, order, pages, facets, content.

Data comes from the factories; every expectation is something a visitor would notice: the status
code, the records listed and their order, the text and links on the page.
"""

import datetime
import html
import re
from urllib.parse import parse_qs

import pytest
from django.http import QueryDict
from django.utils.html import strip_tags
from django.utils.text import slugify

from registry.filters import StatementFilter
from registry.kinds import KINDS
from registry.models import CoordinatorRole, Statement
from tests import factories
from tests.factories import (
    ChairmanshipFactory,
    CoordinatorRoleFactory,
    DimensionFactory,
    EventFactory,
    MeasureFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.helpers import day, event, future, unpublished

pytestmark = pytest.mark.django_db

FACTORIES = factories.BY_KIND
every_kind = pytest.mark.parametrize("kind", [kind.prefix for kind in KINDS])
CO_COORDINATOR = CoordinatorRole.Role.CO_COORDINATOR


# Helpers ------------------------------------------------------------------------------------


def content(response) -> str:
    return response.content.decode()


def page_text(response) -> str:
    """What a visitor reads: the HTML without tags, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(content(response))).split())


def listed(response, attribute: str | None = None) -> list:
    """The records listed on this page (their names), or one attribute of each."""
    records = response.context["object_list"]
    return [getattr(r, attribute) if attribute else str(r) for r in records]


def state(name: str, **fields):
    return StateFactory(name=name, slug=slugify(name), **fields)


def section(response, heading_id: str) -> str:
    """The HTML of the page's <section> labelled by `heading_id` ('' when there is none)."""
    found = re.search(
        rf'<section aria-labelledby="{heading_id}">.*?</section>', content(response), re.S
    )
    return found.group(0) if found else ""


def fact(response, term: str) -> str:
    """The text of the <dd> beside <dt>term</dt> in the page's facts list."""
    found = re.search(rf"<dt>{term}</dt><dd>(.*?)</dd>", content(response), re.S)
    return " ".join(html.unescape(strip_tags(found.group(1))).split()) if found else ""


def link(record) -> str:
    return f'href="{record.get_absolute_url()}"'


def options(response, name: str) -> list[str]:
    """The labels of the options of the filter form's <select name=...>."""
    select = re.search(rf'<select name="{name}".*?</select>', content(response), re.S)
    return [html.unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select[0])]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(url.lstrip("?"))


# Data shared by the filter, ordering and message tests --------------------------------------


@pytest.fixture
def members():
    return {"kz": state("Kazakhstan"), "cn": state("China"), "tj": state("Tajikistan")}


@pytest.fixture
def events(members):
    kz, cn, tj = members["kz"], members["cn"], members["tj"]
    rows = [
        ("Sixth Summit", "summit", "2022-10-12", "Astana", kz, [kz, cn]),
        ("Ministerial Council", "ministerial", "2021-10-12", "Nur-Sultan", kz, [kz, tj]),
        ("Youth Forum", "forum", "2019-06-15", "Dushanbe", tj, [tj]),
        ("Experts Meeting", "senior_officials", "2018-04-03", "Beijing", cn, [cn, kz]),
    ]
    return {
        title: event(title, kind, start, host, participants, city=city)
        for title, kind, start, city, host, participants in rows
    }


@pytest.fixture
def topics():
    return {
        "terrorism": TopicFactory(name="Terrorism", slug="terrorism"),
        "ict": TopicFactory(name="ICT security", slug="ict-security"),
    }


@pytest.fixture
def statements(members, events, topics):
    kz, cn, tj = members["kz"], members["cn"], members["tj"]
    return [
        StatementFactory(
            title="Astana Statement",
            kind="statement",
            date=day("2022-10-13"),
            event=events["Sixth Summit"],
            state=kz,
            endorsed_by=[cn, kz],  # delivered and endorsed by Kazakhstan: listed once
            topics=[topics["terrorism"]],
        ),
        StatementFactory(
            title="Declaration on ICT",
            kind="declaration",
            date=day("2021-10-12"),
            event=events["Ministerial Council"],
            endorsed_by=[kz, tj],
            topics=[topics["ict"]],
        ),
        StatementFactory(
            title="Address by China",
            kind="speech",
            date=day("2019-06-15"),
            event=events["Youth Forum"],
            state=cn,
        ),
    ]


@pytest.fixture
def measures(members, topics):
    dimensions = {
        slug: DimensionFactory(name=name, slug=slug, order=order)
        for name, slug, order in [
            ("Military-political", "military-political", 1),
            ("Economic", "economic", 3),
            ("Environmental", "environmental", 4),
        ]
    }
    rows = [
        ("Tourism cooperation", "economic", "active", [topics["ict"]]),
        ("Military information exchange", "military-political", "proposed", [topics["terrorism"]]),
        ("Food security", "environmental", "inactive", []),
    ]
    made = {
        title: MeasureFactory(
            title=title, dimension=dimensions[dimension], status=status, topics=measure_topics
        )
        for title, dimension, status, measure_topics in rows
    }
    for title, code, role in [
        ("Tourism cooperation", "kz", "coordinator"),
        ("Military information exchange", "cn", "coordinator"),
        ("Military information exchange", "kz", "co_coordinator"),
        ("Food security", "tj", "coordinator"),
    ]:
        CoordinatorRoleFactory(measure=made[title], state=members[code], role=role)
    return made


@pytest.fixture
def states():
    """The states list's data (the other lists' data is the fixture named after the list)."""
    rows = [
        ("Azerbaijan", "member", "west_asia", 1992),
        ("Qatar", "member", "west_asia", 2014),
        ("Cambodia", "member", "southeast_asia", 2011),
        ("Japan", "observer", "east_asia", None),
        ("Ukraine", "former_observer", "europe", None),
    ]
    for name, status, region, joined in rows:
        state(name, status=status, region=region, joined_year=joined)


# Pages answer, drafts stay hidden --------------------------------------------------------


@every_kind
def test_a_published_record_has_a_page(client, kind):
    record = FACTORIES[kind]()
    response = client.get(f"/{kind}/{record.slug}/")
    assert response.status_code == 200
    assert str(record) in page_text(response)
    assert "banner-draft" not in content(response)


@every_kind
@pytest.mark.parametrize("when", ["draft", "scheduled"])
def test_staff_see_an_unpublished_record_with_a_draft_banner(editor_client, kind, when):
    record = FACTORIES[kind](published_at=unpublished(when))
    response = editor_client.get(f"/{kind}/{record.slug}/")
    assert response.status_code == 200
    assert str(record) in page_text(response)
    assert "Draft — this record is not public." in page_text(response)


@every_kind
def test_lists_never_show_unpublished_records(client, kind):
    factory = FACTORIES[kind]
    public = factory()
    hidden = [factory(published_at=None), factory(published_at=future())]
    response = client.get(f"/{kind}/")
    assert listed(response) == [str(public)]
    assert not [str(record) for record in hidden if str(record) in page_text(response)]


def test_home_counts_and_lists_only_published_records(client):
    EventFactory(title="Sixth Summit")
    EventFactory(title="Secret Summit", published_at=None)
    StatementFactory(title="Astana Statement")
    StatementFactory(title="Secret Statement", published_at=future())
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["counts"]["events"] == 1
    assert response.context["counts"]["statements"] == 1
    assert "Sixth Summit" in page_text(response)
    assert "Astana Statement" in page_text(response)
    assert "Secret" not in page_text(response)


@pytest.mark.parametrize(
    "url", ["/states/atlantis/", "/no-such-page/", "/events/?page=99", "/events/?page=abc"]
)
def test_not_found_page_uses_the_site_layout(client, url):
    EventFactory()
    response = client.get(url)
    assert response.status_code == 404
    assert "Skip to main content" in page_text(response)
    assert "Page not found" in page_text(response)


# Filters narrow the lists ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=Qatar", ["Qatar"]),
        ("status=member", ["Azerbaijan", "Cambodia", "Qatar"]),
        ("status=observer", ["Japan"]),
        ("region=west_asia", ["Azerbaijan", "Qatar"]),
        ("joined_after=2011", ["Cambodia", "Qatar"]),
        ("joined_before=2011", ["Azerbaijan", "Cambodia"]),
        ("joined_after=2000&joined_before=2012", ["Cambodia"]),
        ("region=west_asia&joined_after=2000", ["Qatar"]),
        ("status=observer&region=west_asia", []),
    ],
)
def test_state_filters(client, states, query, expected):
    assert listed(client.get(f"/states/?{query}")) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=Dushanbe", ["Youth Forum"]),
        ("kind=summit", ["Sixth Summit"]),
        ("host=kazakhstan", ["Sixth Summit", "Ministerial Council"]),
        ("participant=kazakhstan", ["Sixth Summit", "Ministerial Council", "Experts Meeting"]),
        ("participant=tajikistan", ["Ministerial Council", "Youth Forum"]),
        ("year=2021", ["Ministerial Council"]),
        ("date_after=2021-10-12", ["Sixth Summit", "Ministerial Council"]),
        ("date_before=2019-06-15", ["Youth Forum", "Experts Meeting"]),
        ("host=kazakhstan&kind=ministerial", ["Ministerial Council"]),
        (
            "participant=kazakhstan&date_before=2021-12-31",
            ["Ministerial Council", "Experts Meeting"],
        ),
        ("participant=china&year=2022&kind=summit", ["Sixth Summit"]),
        ("host=china&year=2022", []),
    ],
)
def test_event_filters(client, events, query, expected):
    assert listed(client.get(f"/events/?{query}")) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=Astana", ["Astana Statement"]),
        ("kind=declaration", ["Declaration on ICT"]),
        # `state`: delivered by the state, or endorsed by it; a statement that is both, once.
        ("state=kazakhstan", ["Astana Statement", "Declaration on ICT"]),
        ("state=china", ["Astana Statement", "Address by China"]),
        ("state=tajikistan", ["Declaration on ICT"]),
        ("event=ministerial-council", ["Declaration on ICT"]),
        ("topic=terrorism", ["Astana Statement"]),
        ("year=2021", ["Declaration on ICT"]),
        ("date_after=2021-10-12", ["Astana Statement", "Declaration on ICT"]),
        ("date_before=2021-10-12", ["Declaration on ICT", "Address by China"]),
        ("state=kazakhstan&kind=statement", ["Astana Statement"]),
        ("state=china&year=2019", ["Address by China"]),
        ("topic=ict-security&year=2021&state=tajikistan", ["Declaration on ICT"]),
        ("topic=terrorism&year=2021", []),
    ],
)
def test_statement_filters(client, statements, query, expected):
    assert listed(client.get(f"/statements/?{query}")) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=Tourism", ["Tourism cooperation"]),
        ("dimension=economic", ["Tourism cooperation"]),
        # `coordinator`: coordinator or co-coordinator.
        ("coordinator=kazakhstan", ["Military information exchange", "Tourism cooperation"]),
        ("coordinator=china", ["Military information exchange"]),
        ("topic=terrorism", ["Military information exchange"]),
        ("status=inactive", ["Food security"]),
        ("coordinator=kazakhstan&status=active", ["Tourism cooperation"]),
        ("coordinator=kazakhstan&topic=terrorism", ["Military information exchange"]),
        ("coordinator=tajikistan&dimension=economic", []),
    ],
)
def test_measure_filters(client, measures, query, expected):
    assert listed(client.get(f"/measures/?{query}")) == expected


@pytest.mark.parametrize(
    "kind, query, expected",
    [
        ("states", "status=member&q=Qatar", ["Qatar"]),
        ("events", "kind=summit&q=Summit", ["Sixth Summit"]),
        ("statements", "state=kazakhstan&q=Declaration", ["Declaration on ICT"]),
        ("measures", "status=active&q=Tourism", ["Tourism cooperation"]),
        ("events", "host=kazakhstan&q=Summit", ["Sixth Summit"]),
        ("events", "participant=tajikistan&q=Forum", ["Youth Forum"]),
        ("statements", "event=ministerial-council&q=Declaration", ["Declaration on ICT"]),
        ("statements", "topic=terrorism&q=Astana", ["Astana Statement"]),
        ("measures", "dimension=economic&q=Tourism", ["Tourism cooperation"]),
        ("measures", "coordinator=kazakhstan&q=Military", ["Military information exchange"]),
        ("measures", "topic=ict-security&q=Tourism", ["Tourism cooperation"]),
    ],
)
def test_search_combines_with_the_other_filters(client, request, kind, query, expected):
    request.getfixturevalue(kind)  # the list's data
    response = client.get(f"/{kind}/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


# The count -------------------------------------------------------------------------------


@pytest.mark.parametrize("number, words", [(0, "0 results"), (1, "1 result"), (28, "28 results")])
def test_result_count_reads_in_words(client, number, words):
    EventFactory.create_batch(number)
    response = client.get("/events/")
    assert response.context["result_count"] == number
    assert re.search(rf"\b{words}\b", page_text(response))


# Bad input: a message, never a server error ----------------------------------------------


BAD_INPUT = [
    # (list, query string, how the message names it, records still listed by the valid filters)
    (
        "events",
        "date_after=2022-13-45&kind=summit",
        "From “2022-13-45” was ignored",
        ["Sixth Summit"],
    ),
    ("events", "host=atlantis&kind=summit", "Host state “atlantis” was ignored", ["Sixth Summit"]),
    ("events", "kind=bogus&year=2021", "Kind “bogus” was ignored", ["Ministerial Council"]),
    ("events", "year=abc&kind=summit", "Year “abc” was ignored", ["Sixth Summit"]),
    ("events", "ordering=zzz&kind=summit", "Sort by “zzz” was ignored", ["Sixth Summit"]),
    ("events", "q=%00abc&kind=summit", "“q” held a null character", ["Sixth Summit"]),
    ("events", "kind=sum%00mit&year=2021", "“kind” held a null character", ["Ministerial Council"]),
    (
        "events",
        f"q={'a' * 5000}&kind=summit",
        f"Search “{'a' * 40}…” was ignored",
        ["Sixth Summit"],
    ),
    (
        "statements",
        "state=atlantis&kind=declaration",
        "Delivered or endorsed by “atlantis”",
        ["Declaration on ICT"],
    ),
    (
        "statements",
        "event=nowhere&year=2021",
        "Event “nowhere” was ignored",
        ["Declaration on ICT"],
    ),
    (
        "statements",
        "date_before=yesterday&topic=terrorism",
        "To “yesterday” was ignored",
        ["Astana Statement"],
    ),
    (
        "measures",
        "dimension=nowhere&status=active",
        "Dimension “nowhere” was ignored",
        ["Tourism cooperation"],
    ),
    (
        "measures",
        "coordinator=atlantis&topic=terrorism",
        "co-coordinator “atlantis”",
        ["Military information exchange"],
    ),
    ("states", "joined_after=abc&status=observer", "Joined in or after “abc”", ["Japan"]),
    ("states", "region=atlantis&status=observer", "Region “atlantis” was ignored", ["Japan"]),
]


@pytest.mark.parametrize("kind, query, named, expected", BAD_INPUT)
def test_bad_input_is_reported_and_the_other_filters_still_apply(
    client, request, kind, query, named, expected
):
    request.getfixturevalue(kind)  # the list's data
    response = client.get(f"/{kind}/?{query}")
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 1
    assert named in problems[0]
    assert 'role="alert"' in content(response)
    assert named in page_text(response)
    assert listed(response) == expected


def test_a_long_search_says_how_long_it_may_be(client):
    response = client.get(f"/events/?q={'a' * 5000}")
    assert "at most 200 characters" in response.context["problems"][0]


@pytest.mark.parametrize("page", ["99", "abc", "0"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(client, page):
    EventFactory.create_batch(3)
    assert client.get(f"/events/?page={page}").status_code == 404


@pytest.mark.parametrize(
    "url, parameter, value",
    [
        *[(f"/{kind}/", "q", "<script>alert(1)</script>") for kind in FACTORIES],
        ("/events/", "kind", "<b>x</b>"),
        ("/statements/", "kind", "<b>x</b>"),
        ("/measures/", "ordering", "<b>x</b>"),
    ],
)
def test_nothing_from_the_query_string_is_rendered_unescaped(client, url, parameter, value):
    response = client.get(url, {parameter: value})
    assert response.status_code == 200
    assert value not in content(response)
    assert html.escape(value) in content(response)


def test_a_bad_choice_is_named_escaped_in_the_message(client):
    response = client.get("/events/", {"kind": "<b>x</b>"})
    alert = re.search(
        r'<div class="banner banner-error" role="alert">.*?</div>', content(response), re.S
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in alert[0]


# Ordering and sortable column headings ---------------------------------------------------


ORDERINGS = {
    # list: {query string: the records listed, in order}
    "states": {
        "": "Azerbaijan, Cambodia, Japan, Qatar, Ukraine",
        "ordering=name": "Azerbaijan, Cambodia, Japan, Qatar, Ukraine",
        "ordering=-name": "Ukraine, Qatar, Japan, Cambodia, Azerbaijan",
    },
    "events": {
        "": "Sixth Summit, Ministerial Council, Youth Forum, Experts Meeting",
        "ordering=date": "Experts Meeting, Youth Forum, Ministerial Council, Sixth Summit",
        "ordering=-date": "Sixth Summit, Ministerial Council, Youth Forum, Experts Meeting",
        "ordering=title": "Experts Meeting, Ministerial Council, Sixth Summit, Youth Forum",
        "ordering=kind": "Youth Forum, Ministerial Council, Experts Meeting, Sixth Summit",
        "ordering=place": "Sixth Summit, Experts Meeting, Youth Forum, Ministerial Council",
    },
    "statements": {
        "": "Astana Statement, Declaration on ICT, Address by China",
        "ordering=date": "Address by China, Declaration on ICT, Astana Statement",
        "ordering=title": "Address by China, Astana Statement, Declaration on ICT",
        "ordering=kind": "Declaration on ICT, Address by China, Astana Statement",
        "ordering=event": "Address by China, Declaration on ICT, Astana Statement",
    },
    "measures": {
        "": "Military information exchange, Tourism cooperation, Food security",
        "ordering=title": "Food security, Military information exchange, Tourism cooperation",
        "ordering=dimension": "Military information exchange, Tourism cooperation, Food security",
        "ordering=-dimension": "Food security, Tourism cooperation, Military information exchange",
        "ordering=status": "Tourism cooperation, Food security, Military information exchange",
    },
}


@pytest.mark.parametrize(
    "kind, query, expected",
    [(kind, query, names) for kind, orders in ORDERINGS.items() for query, names in orders.items()],
)
def test_ordering_parameter_orders_the_list(client, request, kind, query, expected):
    request.getfixturevalue(kind)  # the list's data
    assert listed(client.get(f"/{kind}/?{query}")) == expected.split(", ")


@pytest.mark.parametrize(
    "query, attribute, expected",
    [
        # Observers have no year joined, and databases put NULLs at different ends: members only.
        ("status=member&ordering=joined", "joined_year", [1992, 2011, 2014]),
        ("status=member&ordering=-joined", "joined_year", [2014, 2011, 1992]),
        # These values repeat, so the sequence of values is what is certain.
        ("ordering=status", "status", ["former_observer", *["member"] * 3, "observer"]),
        (
            "ordering=region",
            "region",
            ["east_asia", "europe", "southeast_asia", *["west_asia"] * 2],
        ),
    ],
)
def test_states_order_by_year_joined_status_and_region(client, states, query, attribute, expected):
    assert listed(client.get(f"/states/?{query}"), attribute) == expected


def columns_of(response) -> dict[str, dict]:
    return {column["label"]: column for column in response.context["columns"]}


def test_column_headings_toggle_the_order_and_keep_the_filters(client, events):
    response = client.get("/events/?kind=summit&page=1")
    date = columns_of(response)["Date"]
    assert date["aria_sort"] is None
    assert query_of(date["url"]) == {"kind": ["summit"], "ordering": ["date"]}

    response = client.get("/events/" + date["url"])
    columns = columns_of(response)
    assert columns["Date"]["aria_sort"] == "ascending"
    assert query_of(columns["Date"]["url"]) == {"kind": ["summit"], "ordering": ["-date"]}
    assert columns["Title"]["aria_sort"] is None
    assert query_of(columns["Title"]["url"]) == {"kind": ["summit"], "ordering": ["title"]}
    assert content(response).count("aria-sort=") == 1
    assert '<th scope="col" aria-sort="ascending">' in content(response)

    response = client.get("/events/" + columns["Date"]["url"])
    assert columns_of(response)["Date"]["aria_sort"] == "descending"
    assert query_of(columns_of(response)["Date"]["url"])["ordering"] == ["date"]
    assert '<th scope="col" aria-sort="descending">' in content(response)


def test_a_column_that_does_not_sort_has_no_link(client, measures):
    coordinators = columns_of(client.get("/measures/"))["Coordinators"]
    assert coordinators["url"] is None


# Pagination ------------------------------------------------------------------------------


def test_lists_show_25_per_page_and_the_next_link_keeps_the_filters(client):
    summits = EventFactory.create_batch(28, kind="summit")
    EventFactory.create_batch(2, kind="ministerial")

    first = client.get("/events/?kind=summit")
    assert len(first.context["object_list"]) == 25
    assert 'href="?kind=summit&amp;page=2"' in content(first)
    assert "Page 1 of 2" in page_text(first)

    second = client.get("/events/?kind=summit&page=2")
    assert len(second.context["object_list"]) == 3
    assert 'href="?kind=summit&amp;page=1"' in content(second)
    assert set(listed(first) + listed(second)) == {str(event) for event in summits}


@pytest.mark.parametrize(
    "kind, ordering, field, values",
    [
        ("events", "kind", "kind", ["summit", "ministerial", "forum"]),
        ("statements", "kind", "kind", ["act", "declaration", "speech"]),
        ("measures", "status", "status", ["active", "proposed", "inactive"]),
        ("states", "region", "region", ["central_asia", "east_asia", "europe"]),
    ],
)
def test_paging_through_a_sorted_list_shows_every_record_once(
    client, kind, ordering, field, values
):
    made = [FACTORIES[kind](**{field: values[i % 3]}) for i in range(60)]
    shown = []
    for page in (1, 2, 3):
        response = client.get(f"/{kind}/?ordering={ordering}&page={page}")
        shown += [record.pk for record in response.context["object_list"]]
    assert sorted(shown) == sorted(record.pk for record in made)


# Facet counts ----------------------------------------------------------------------------


@pytest.fixture
def events_by_year():
    for year, kind, number in [(2022, "summit", 3), (2022, "ministerial", 2), (2021, "summit", 1)]:
        EventFactory.create_batch(number, kind=kind, start_date=datetime.date(year, 5, 1))
    EventFactory.create_batch(4, kind="ministerial", start_date=day("2021-05-01"))


FACETS = [
    # (data, url, select, option labels that must show)
    (
        "events_by_year",
        "/events/?year=2022",
        "kind",
        ["Summit (3)", "Ministerial meeting (2)", "Forum or other event (0)"],
    ),
    # The kind's counts leave the kind filter itself out.
    (
        "events_by_year",
        "/events/?kind=summit&year=2022",
        "kind",
        ["Summit (3)", "Ministerial meeting (2)"],
    ),
    (
        "events_by_year",
        "/events/?kind=ministerial",
        "kind",
        ["Summit (4)", "Ministerial meeting (6)"],
    ),
    ("statements", "/statements/?year=2022", "topic", ["ICT security (0)", "Terrorism (1)"]),
    (
        "statements",
        "/statements/?topic=terrorism&year=2021",
        "topic",
        ["ICT security (1)", "Terrorism (0)"],
    ),
    (
        "statements",
        "/statements/?state=kazakhstan",
        "kind",
        ["Declaration (1)", "Statement (1)", "Speech (0)"],
    ),
    (
        "measures",
        "/measures/?status=active",
        "dimension",
        ["Military-political (0)", "Economic (1)", "Environmental (0)"],
    ),
    (
        "measures",
        "/measures/?dimension=economic&coordinator=kazakhstan",
        "dimension",
        ["Military-political (1)", "Economic (1)"],
    ),
    (
        "measures",
        "/measures/?coordinator=kazakhstan",
        "status",
        ["Active (1)", "Proposed (1)", "Inactive (0)"],
    ),
    ("states", "/states/?region=west_asia", "status", ["Member state (2)", "Observer state (0)"]),
    (
        "states",
        "/states/?status=member&region=europe",
        "status",
        ["Former observer (1)", "Member state (0)"],
    ),
    (
        "states",
        "/states/?status=member",
        "region",
        ["West Asia (2)", "Southeast Asia (1)", "East Asia (0)"],
    ),
]


@pytest.mark.parametrize("data, url, select, expected", FACETS)
def test_facet_counts_beside_each_choice(client, request, data, url, select, expected):
    request.getfixturevalue(data)
    shown = options(client.get(url), select)
    assert shown[0] == "Any"
    assert set(expected) <= set(shown)


# Query counts stay flat as the data grows ------------------------------------------------


SUMMARY = "Confidence building in Asia."


def populate(size: int) -> dict:
    """`size` records of each kind, richly related, and a hub state linked to most of them.

    Every summary mentions "confidence", so one search finds records of all four kinds.
    """
    hub = state("Hubland", summary=SUMMARY)
    others = StateFactory.create_batch(max(size, 5), summary=SUMMARY)
    topics = TopicFactory.create_batch(3)
    dimension = DimensionFactory()
    ChairmanshipFactory(state=hub)
    events = [
        EventFactory(
            kind="summit", summary=SUMMARY, host=hub, participants=[hub, *others[i % 3 : i % 3 + 4]]
        )
        for i in range(size)
    ]
    statements = [
        StatementFactory(
            event=events[i],
            summary=SUMMARY,
            state=others[i],
            endorsed_by=[hub, *others[:3]],
            topics=topics[: 1 + i % 3],
        )
        for i in range(size)
    ]
    measures = [
        MeasureFactory(
            dimension=dimension,
            description=SUMMARY,
            established_by=statements[0],
            topics=topics[:2],
        )
        for _ in range(size)
    ]
    for i, measure in enumerate(measures):
        CoordinatorRoleFactory(measure=measure, state=hub)
        CoordinatorRoleFactory(measure=measure, state=others[i], role=CO_COORDINATOR)
    return {"hub": hub, "event": events[0], "statement": statements[0], "measure": measures[0]}


# The most queries each page may make, whatever the amount of data; record pages by name. The
# first page after a write also works out the publication schedule (one query per generation).
QUERY_BUDGET = {
    "/": 8,
    "/states/": 6,
    "/states/?status=member&q=State": 6,
    "/events/": 7,
    "/events/?kind=summit&q=Meeting": 5,
    "/statements/": 8,
    "/statements/?state=hubland&q=Statement": 7,
    "/measures/": 11,
    "/measures/?status=active&q=Measure": 8,
    "hub": 8,
    "event": 6,
    "statement": 6,
    "measure": 5,
}


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, size):
    records = populate(size)
    for page, budget in QUERY_BUDGET.items():
        url = page if page.startswith("/") else records[page].get_absolute_url()
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
        assert response.status_code == 200


# What each record's page shows ----------------------------------------------------------


def test_state_page_shows_everything_the_state_is_linked_to(client):
    kazakhstan = state("Kazakhstan")
    ChairmanshipFactory(state=kazakhstan, start_date=day("2010-06-08"), end_date=day("2014-05-21"))
    ChairmanshipFactory(state=kazakhstan, start_date=day("2024-10-01"))
    hosted = EventFactory(title="Fifth Summit", host=kazakhstan)
    attended = EventFactory(title="Dushanbe Summit", participants=[kazakhstan])
    delivered = StatementFactory(title="Statement by Kazakhstan", state=kazakhstan)
    endorsed = StatementFactory(title="Dushanbe Declaration", endorsed_by=[kazakhstan])
    coordinated = CoordinatorRoleFactory(
        state=kazakhstan, role=CO_COORDINATOR, measure__title="Transport corridors"
    ).measure
    unrelated = EventFactory(title="Someone else's meeting")

    response = client.get("/states/kazakhstan/")
    chair = section(response, "chair-heading")
    assert "8 June 2010 – 21 May 2014" in chair
    assert "1 October 2024 – present" in chair
    assert link(hosted) in section(response, "hosted-heading")
    assert link(attended) in section(response, "events-heading")
    assert link(delivered) in section(response, "delivered-heading")
    assert link(endorsed) in section(response, "endorsed-heading")
    measures = section(response, "measures-heading")
    assert link(coordinated) in measures
    assert "Co-coordinator" in measures
    assert link(unrelated) not in content(response)


def test_event_page_shows_dates_place_host_participants_statements_and_neighbours(client):
    kazakhstan, china = state("Kazakhstan"), state("China")
    previous = EventFactory(title="Fifth Summit", kind="summit", start_date=day("2019-06-15"))
    event = EventFactory(
        title="Sixth Summit",
        kind="summit",
        start_date=day("2022-10-12"),
        end_date=day("2022-10-13"),
        city="Astana",
        host=kazakhstan,
        participants=[kazakhstan, china],
    )
    following = EventFactory(title="Seventh Summit", kind="summit", start_date=day("2026-06-01"))
    EventFactory(title="Ministerial Council", kind="ministerial", start_date=day("2024-01-01"))
    adopted = StatementFactory(title="Astana Statement", event=event)

    response = client.get(event.get_absolute_url())
    assert fact(response, "Date") == "12–13 October 2022"
    assert fact(response, "Place") == "Astana, Kazakhstan"
    assert fact(response, "Host") == "Kazakhstan"
    assert link(kazakhstan) in section(response, "participants-heading")
    assert link(china) in section(response, "participants-heading")
    assert link(adopted) in section(response, "statements-heading")
    assert f'rel="prev" {link(previous)}' in content(response)
    assert f'rel="next" {link(following)}' in content(response)


def test_previous_links_walk_back_through_every_event_of_a_kind(client):
    oldest = EventFactory(kind="summit", start_date=day("2021-03-30"))
    same_day = EventFactory.create_batch(2, kind="summit", start_date=day("2022-03-30"))
    latest = EventFactory(kind="summit", start_date=day("2023-03-30"))
    visited, current = [], latest
    for _ in range(5):
        current = client.get(current.get_absolute_url()).context["related"]["previous"]
        if current is None:
            break
        visited.append(current.pk)
    assert sorted(visited) == sorted(event.pk for event in [*same_day, oldest])


@pytest.mark.parametrize(
    "precision, date, shown",
    [
        ("year", "2004-01-01", "2004"),
        ("month", "2007-03-01", "March 2007"),
        ("day", "2022-10-13", "13 October 2022"),
    ],
)
def test_statement_date_is_shown_at_its_precision(client, precision, date, shown):
    statement = StatementFactory(date=day(date), date_precision=precision)
    response = client.get(statement.get_absolute_url())
    assert fact(response, "Date").split(" (only")[0] == shown
    assert response.context["statement"].title in page_text(response)


def test_statement_page_shows_event_speaker_endorsers_topics_text_source_and_measures(client):
    kazakhstan, china = state("Kazakhstan"), state("China")
    terrorism = TopicFactory(name="Terrorism", slug="terrorism")
    event = EventFactory(title="Sixth Summit")
    statement = StatementFactory(
        title="Astana Statement",
        event=event,
        state=kazakhstan,
        speaker="Kassym-Jomart Tokayev",
        endorsed_by=[kazakhstan, china],
        topics=[terrorism],
        summary="A **firm** commitment.<script>alert('x')</script>",
        sources=[SourceFactory(url="https://www.s-cica.org/astana-statement")],
    )
    established = MeasureFactory(title="Counter-terrorism cooperation", established_by=statement)

    response = client.get(statement.get_absolute_url())
    assert link(event) in content(response)
    assert fact(response, "Delivered by") == "Kazakhstan — Kassym-Jomart Tokayev"
    assert link(kazakhstan) in content(response)
    endorsers = section(response, "endorsed-heading")
    assert link(kazakhstan) in endorsers
    assert link(china) in endorsers
    assert 'href="/statements/?topic=terrorism"' in content(response)
    summary = section(response, "summary-heading")
    assert "<strong>firm</strong>" in summary
    assert "script" not in summary
    assert "alert(" not in summary
    assert "<script>alert" not in content(response)
    assert 'href="https://www.s-cica.org/astana-statement"' in content(response)
    assert link(established) in section(response, "established-heading")


def test_measure_page_shows_dimension_coordinators_origin_and_related_statements(client):
    terrorism = TopicFactory(name="Terrorism", slug="terrorism")
    catalogue = StatementFactory(title="Catalogue of CBMs")
    measure = MeasureFactory(
        title="Counter-terrorism cooperation",
        dimension=DimensionFactory(name="New challenges and threats", slug="new-challenges"),
        established_by=catalogue,
        topics=[terrorism],
    )
    CoordinatorRoleFactory(measure=measure, state=state("Kazakhstan"))
    CoordinatorRoleFactory(measure=measure, state=state("China"), role=CO_COORDINATOR)
    related = StatementFactory(title="Declaration on terrorism", topics=[terrorism])
    unrelated = StatementFactory(title="Declaration on tourism")

    response = client.get(measure.get_absolute_url())
    assert fact(response, "Dimension") == "New challenges and threats"
    coordination = fact(response, "Coordination")
    assert sorted(coordination.split("; ")) == ["China (co-coordinator)", "Kazakhstan"]
    assert fact(response, "Established by") == "Catalogue of CBMs"
    assert link(catalogue) in content(response)
    assert link(related) in section(response, "related-heading")
    assert link(unrelated) not in content(response)


@pytest.mark.parametrize("page", ["detail", "list"])
def test_the_coordinator_is_named_before_the_co_coordinators(client, page):
    measure = MeasureFactory()
    CoordinatorRoleFactory(measure=measure, state=state("Kazakhstan"))
    CoordinatorRoleFactory(measure=measure, state=state("China"), role=CO_COORDINATOR)
    response = client.get(measure.get_absolute_url() if page == "detail" else "/measures/")
    assert "Kazakhstan; China (co-coordinator)" in page_text(response)


# Draft records linked from published pages --------------------------------------------------
# Each arrangement returns the URL of a published page and a draft record related to it.


def draft_participant():
    draft = state("Draftland", published_at=None)
    return EventFactory(participants=[draft, state("Kazakhstan")]).get_absolute_url(), draft


def draft_endorser():
    draft = state("Draftland", published_at=None)
    return StatementFactory(endorsed_by=[draft]).get_absolute_url(), draft


def draft_coordinator():
    draft = state("Draftland", published_at=None)
    return CoordinatorRoleFactory(state=draft).measure.get_absolute_url(), draft


def draft_hosted_event():
    host = state("Kazakhstan")
    draft = EventFactory(title="Secret Summit", host=host, participants=[host], published_at=None)
    return host.get_absolute_url(), draft


def draft_statement_at_event():
    event = EventFactory()
    return event.get_absolute_url(), StatementFactory(
        title="Secret Statement", event=event, published_at=None
    )


def draft_related_statement():
    topic = TopicFactory()
    draft = StatementFactory(title="Secret Statement", topics=[topic], published_at=None)
    return MeasureFactory(topics=[topic]).get_absolute_url(), draft


def draft_coordinated_measure():
    coordinator = state("Kazakhstan")
    draft = CoordinatorRoleFactory(state=coordinator, measure__published_at=None).measure
    return coordinator.get_absolute_url(), draft


def draft_host():
    draft = state("Draftland", published_at=None)
    return EventFactory(host=draft).get_absolute_url(), draft


def draft_event_of_statement():
    draft = EventFactory(title="Secret Summit", published_at=None)
    return StatementFactory(event=draft).get_absolute_url(), draft


def draft_delivering_state():
    draft = state("Draftland", published_at=None)
    return StatementFactory(state=draft).get_absolute_url(), draft


def draft_establishing_statement():
    draft = StatementFactory(title="Secret Catalogue", published_at=None)
    return MeasureFactory(established_by=draft).get_absolute_url(), draft


def draft_host_in_event_list():
    draft = state("Draftland", published_at=None)
    EventFactory(host=draft)
    return "/events/", draft


def draft_event_in_statement_list():
    draft = EventFactory(title="Secret Summit", published_at=None)
    StatementFactory(event=draft)
    return "/statements/", draft


@pytest.mark.parametrize(
    "arrange",
    [
        draft_participant,
        draft_endorser,
        draft_coordinator,
        draft_hosted_event,
        draft_statement_at_event,
        draft_related_statement,
        draft_coordinated_measure,
        draft_host,
        draft_event_of_statement,
        draft_delivering_state,
        draft_establishing_statement,
        draft_host_in_event_list,
        draft_event_in_statement_list,
    ],
)
def test_draft_records_are_not_shown_on_published_pages(client, arrange):
    url, draft = arrange()
    response = client.get(url)
    assert response.status_code == 200
    assert link(draft) not in content(response)
    assert str(draft) not in page_text(response)


@pytest.mark.django_db
def test_each_filterset_searches_and_checks_with_its_own_filters():
    """Filters and form fields are shared with their class and copied shallowly per FilterSet:
    a FilterSet made later must not take over an earlier one's search or options."""
    wanted = factories.StatementFactory(title="Terrorism and security")
    factories.StatementFactory(title="Terrorism elsewhere")
    first = StatementFilter(
        QueryDict("q=terrorism"), queryset=Statement.objects.filter(pk=wanted.pk)
    )
    second = StatementFilter(QueryDict("q=terrorism&state=nowhere"), queryset=Statement.objects)

    assert list(first.qs) == [wanted]
    assert "state" in second.form.errors and "state" not in first.form.errors
    second.cache_options()
    second.form.fields["kind"].listed_choices = [("", "changed")]
    first.cache_options()
    assert first.form.fields["kind"].listed_choices != [("", "changed")]
