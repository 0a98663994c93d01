"""CICA at a glance: /timeline/, /membership/ and /participation/, their downloads and links.

Details are tested with factories; the real fixture is checked for facts that hold however its
records are corrected (15 members at the end of 1999, 28 at the end of 2022, the grid equal to
each summit's participants).
"""

import datetime
import html as entities
import json
import re

import pytest
from django.utils import timezone

from registry import glance
from registry.models import Event, State
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    StateFactory,
    StatementFactory,
)
from tests.helpers import body, csv_rows
from tests.test_views import content, page_text, section, state

pytestmark = pytest.mark.django_db

MEMBER, OBSERVER, FORMER = (
    State.Status.MEMBER,
    State.Status.OBSERVER,
    State.Status.FORMER_OBSERVER,
)
THIS_YEAR = timezone.localdate().year


def draft(factory, **fields):
    return factory(published_at=None, **fields)


def times(response) -> list[str]:
    """The datetime of every entry on the timeline, in page order."""
    return re.findall(r'<p class="entry-meta"><time datetime="([^"]+)"', content(response))


def titles(response) -> list[str]:
    found = re.findall(r'<p class="entry-title"><a href="[^"]+">([^<]+)</a>', content(response))
    return [entities.unescape(title) for title in found]


# ---------------------------------------------------------------- membership: the rule


@pytest.mark.parametrize(
    "fields, year, expected",
    [
        ({"status": MEMBER, "joined_year": 2004}, 2003, None),
        ({"status": MEMBER, "joined_year": 2004}, 2004, "member"),
        ({"status": OBSERVER, "joined_year": None, "observer_since": 2012}, 2011, None),
        ({"status": OBSERVER, "joined_year": None, "observer_since": 2012}, 2012, "observer"),
        # An observer that joined: an observer until the year it joined, then a member.
        (
            {"status": MEMBER, "joined_year": 2014, "observer_since": 2008, "observer_until": 2014},
            2013,
            "observer",
        ),
        (
            {"status": MEMBER, "joined_year": 2014, "observer_since": 2008, "observer_until": 2014},
            2014,
            "member",
        ),
        # A former observer whose end is recorded, and one whose end is not.
        (
            {"status": FORMER, "joined_year": None, "observer_since": 2000, "observer_until": 2005},
            2005,
            None,
        ),
        (
            {"status": FORMER, "joined_year": None, "observer_since": 1999},
            2003,
            "undated",
        ),
        # An observer whose first year is not recorded is never counted, only listed.
        ({"status": OBSERVER, "joined_year": None}, 2020, "undated"),
        ({"status": MEMBER, "joined_year": 2010, "observer_until": 2010}, 2005, "undated"),
    ],
)
def test_a_state_standing_at_the_end_of_a_year_says_no_more_than_the_data(fields, year, expected):
    assert glance.standing_at_end_of(State(**fields), year) == expected


def growing_membership():
    """Two founders (1999), one joining in 2004 after observing from 2001, an observer from
    2010, an undated observer, a draft member and a former observer of 2000-2002."""
    founders = [state("Alpha", joined_year=1999), state("Beta", joined_year=1999)]
    joiner = state("Gamma", joined_year=2004, observer_since=2001, observer_until=2004)
    observer = state("Delta", status=OBSERVER, joined_year=None, observer_since=2010)
    undated = state(
        "Epsilon", status=OBSERVER, joined_year=None, note="Observer by 2015; year unknown."
    )
    former = state(
        "Zeta", status=FORMER, joined_year=None, observer_since=2000, observer_until=2002
    )
    hidden = draft(StateFactory, name="Hidden", slug="hidden", joined_year=1999)
    return {
        "founders": founders,
        "joiner": joiner,
        "observer": observer,
        "undated": undated,
        "former": former,
        "draft": hidden,
    }


def test_membership_counts_each_year_from_the_data_and_leave_drafts_out(client):
    growing_membership()
    rows = {int(row["year"]): row for row in csv_rows(client.get("/membership/export.csv"))}
    assert min(rows) == 1999 and max(rows) == THIS_YEAR
    as_numbers = {y: (int(r["members"]), int(r["observers"])) for y, r in rows.items()}
    assert as_numbers[1999] == (2, 0)
    assert as_numbers[2000] == (2, 1)  # Zeta
    assert as_numbers[2001] == (2, 2)  # Zeta and Gamma
    assert as_numbers[2002] == (2, 1)  # Zeta's status ended
    assert as_numbers[2004] == (3, 0)  # Gamma joined
    assert as_numbers[2010] == (3, 1)  # Delta
    assert {r["undated"] for r in rows.values()} == {"1"}  # Epsilon, in every year


def test_the_chart_and_its_table_show_the_same_numbers(client):
    growing_membership()
    response = client.get("/membership/")
    html = content(response)
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"', html)
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    table = re.findall(
        r'<tr[^>]*><th scope="row"><a href="\?year=(\d+)#year-heading"[^>]*>\d+</a></th>'
        r"<td>(\d+)</td><td>(\d+)",
        html,
    )
    table = sorted((int(y), int(m), int(o)) for y, m, o in table)
    assert [y for y, _, _ in table] == list(range(1999, THIS_YEAR + 1))
    members = [float(h) for h in re.findall(r'class="chart-members"[^>]*height="([\d.]+)"', html)]
    observers = re.findall(r'class="chart-(members|observers)"[^>]*height="([\d.]+)"', html)
    assert len(members) == len(table)
    unit = members[0] / table[0][1]  # the height of one state
    assert [round(h / unit) for h in members] == [m for _, m, _ in table]
    # Observer bars follow their year's member bar; years without observers have none.
    per_year, year = [0.0] * len(table), -1
    for kind, height in observers:
        year += kind == "members"
        if kind == "observers":
            per_year[year] = float(height)
    assert [round(h / unit) for h in per_year] == [o for _, _, o in table]


def test_a_year_lists_its_members_and_observers_with_links_and_says_what_is_uncertain(client):
    states = growing_membership()
    response = client.get("/membership/?year=2001")
    assert response.status_code == 200
    members = section(response, "year-members")
    observers = section(response, "year-observers")
    for founder in states["founders"]:
        assert f'href="{founder.get_absolute_url()}"' in members
    assert "Gamma" in observers and "Zeta" in observers and "Gamma" not in members
    assert "Hidden" not in content(response)
    undated = section(response, "year-undated")
    assert "Epsilon" in undated and "Observer by 2015; year unknown." in undated
    assert "The states at the end of 2001" in page_text(response)
    # The year is marked in the chart and in the table.
    assert 'class="chart-selected"' in content(response)
    assert 'class="row-selected"' in content(response)


def test_the_states_of_a_year_download_as_rows_of_slug_name_and_status(client):
    growing_membership()
    rows = csv_rows(client.get("/membership/export.csv?year=2001"))
    assert [(r["slug"], r["status"]) for r in rows] == [
        ("alpha", "member"),
        ("beta", "member"),
        ("gamma", "observer"),
        ("zeta", "observer"),
    ]
    data = json.loads(body(client.get("/membership/export.json?year=2004")))
    assert data["count"] == 3
    assert {r["slug"] for r in data["results"]} == {"alpha", "beta", "gamma"}


@pytest.mark.parametrize("year", ["abc", "1850", str(THIS_YEAR + 1), "2004\x00"])
def test_a_bad_year_gets_the_page_and_a_message(client, year):
    growing_membership()
    response = client.get("/membership/", {"year": year})
    assert response.status_code == 200
    assert "Some of the filters could not be used" in page_text(response)
    assert 'class="chart-selected"' not in content(response)
    assert client.get("/membership/export.csv", {"year": year}).status_code == 200


def test_the_map_links_every_member_and_observer_and_lists_those_it_cannot_draw(client):
    kazakhstan = state("Kazakhstan", iso_code="KZ")
    japan = state("Japan", iso_code="JP", status=OBSERVER, joined_year=None, observer_since=1999)
    bahrain = state("Bahrain", iso_code="BH", joined_year=2011)  # too small for 1:110m
    former = state("Australia", iso_code="AU", status=FORMER, joined_year=None)
    draft(StateFactory, name="Hidden", slug="hidden", iso_code="CN")
    html = section(client.get("/membership/"), "map-heading")
    svg = html[html.index("<svg") : html.index("</svg>")]
    shapes = dict(re.findall(r'<a href="([^"]+)" class="map-state map-(\w+)"', svg))
    assert shapes == {kazakhstan.get_absolute_url(): "member", japan.get_absolute_url(): "observer"}
    assert 'aria-label="Kazakhstan (member state)"' in svg
    lists = html[html.index('<div class="map-lists">') :]
    for listed in (kazakhstan, japan, bahrain):
        assert f'href="{listed.get_absolute_url()}"' in lists
    assert 'Bahrain</a> <span class="muted">(too small for the map)' in lists
    assert former.get_absolute_url() not in html and "/states/hidden/" not in html
    assert "Member state" in html and "Observer state" in html  # the legend


# ---------------------------------------------------------------- timeline


def story():
    """A state's life and the meetings around it, each dated to a different precision."""
    kazakhstan = state("Kazakhstan", joined_year=1999)
    thailand = state("Thailand", joined_year=2004, note="Sources disagree on the year.")
    summit = EventFactory(
        title="Sixth CICA Summit",
        kind="summit",
        start_date=datetime.date(2022, 10, 12),
        end_date=datetime.date(2022, 10, 13),
        city="Astana",
        host=kazakhstan,
        participants=[kazakhstan, thailand],
    )
    paper = StatementFactory(
        title="Cooperative approach",
        kind="concept_paper",
        date=datetime.date(2007, 3, 1),
        date_precision="month",
        event=None,
    )
    declaration = StatementFactory(
        title="Astana Statement", date=datetime.date(2022, 10, 13), event=summit, state=kazakhstan
    )
    ChairmanshipFactory(
        state=kazakhstan,
        start_date=datetime.date(2022, 10, 13),
        end_date=datetime.date(2024, 12, 17),
    )
    hidden = draft(StateFactory, name="Hidden", slug="hidden", joined_year=2010)
    draft(EventFactory, title="Draft summit", start_date=datetime.date(2015, 1, 1))
    draft(StatementFactory, title="Draft statement", date=datetime.date(2016, 1, 1))
    EventFactory(title="Hidden's meeting", host=hidden, start_date=datetime.date(2012, 5, 5))
    ChairmanshipFactory(state=hidden, start_date=datetime.date(2011, 1, 1))
    return locals()


def test_the_timeline_runs_oldest_first_with_each_date_as_precise_as_the_data(client):
    story()
    response = client.get("/timeline/")
    assert response.status_code == 200
    assert times(response) == sorted(times(response))
    html = content(response)
    assert '<time datetime="2004">2004</time>' in html  # an accession, known to the year
    assert '<time datetime="2007-03">March 2007</time>' in html
    assert '<time datetime="2022-10-12">12–13 October 2022</time>' in html
    assert '<time datetime="2022-10-13">13 October 2022</time>' in html
    # Year headings, each once, in order.
    headings = re.findall(r'<h3 id="year-(\d+)">', html)
    assert headings == sorted(set(headings)) and "2004" in headings
    text = page_text(response)
    assert "Thailand becomes a member" in text and "Sources disagree on the year." in text
    assert "Kazakhstan takes the chair of CICA" in text
    assert "Chair until 17 December 2024" in text
    assert "Held in Astana, Kazakhstan; 2 states took part" in text
    assert "Delivered by Kazakhstan at Sixth CICA Summit" in text
    # Kinds are labelled; every entry links to its record.
    for label in ("Summit", "Concept paper", "Member state", "Chair"):
        assert f'<span class="entry-kind">{label}</span>' in html


def test_drafts_never_appear_on_the_timeline(client):
    story()
    text = page_text(client.get("/timeline/"))
    for hidden in ("Hidden", "Draft summit", "Draft statement"):
        assert hidden not in text.replace("Hidden's meeting", "")
    # An event hosted by a draft state is shown without naming its host.
    assert "Hidden's meeting" in text and "Astana, Hidden" not in text


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kind=event", ["Hidden's meeting", "Sixth CICA Summit"]),
        ("kind=statement", ["Cooperative approach", "Astana Statement"]),
        ("kind=chairmanship", ["Kazakhstan takes the chair of CICA"]),
        ("kind=membership", ["Kazakhstan becomes a member", "Thailand becomes a member"]),
        ("from=2005&to=2012", ["Cooperative approach", "Hidden's meeting"]),
        (
            "from=2022",
            ["Sixth CICA Summit", "Kazakhstan takes the chair of CICA", "Astana Statement"],
        ),
        ("to=2004", ["Kazakhstan becomes a member", "Thailand becomes a member"]),
        ("state=thailand", ["Thailand becomes a member", "Sixth CICA Summit"]),
        ("state=thailand&kind=event", ["Sixth CICA Summit"]),
    ],
)
def test_the_timeline_filters_by_kind_years_and_state(client, query, expected):
    story()
    response = client.get(f"/timeline/?{query}")
    assert "Some of the filters" not in page_text(response)
    assert titles(response) == expected


def test_a_state_timeline_has_everything_about_it(client):
    story()
    text = page_text(client.get("/timeline/?state=kazakhstan"))
    assert "Held in Astana, Kazakhstan; 2 states took part" in text  # all, not just this one
    for fact in (
        "Kazakhstan becomes a member",
        "Sixth CICA Summit",
        "Astana Statement",
        "Kazakhstan takes the chair of CICA",
    ):
        assert fact in text
    assert "Thailand becomes a member" not in text and "Cooperative approach" not in text


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=organisation", "Kind"),
        ("from=last+year", "From year"),
        ("to=1990&from=2000", "To year"),
        ("state=hidden", "State"),
        ("state=nowhere", "State"),
    ],
)
def test_bad_timeline_filters_get_the_page_and_a_message(client, query, field):
    story()
    response = client.get(f"/timeline/?{query}")
    assert response.status_code == 200
    assert f"{field} “" in page_text(response) and "was ignored" in page_text(response)
    assert client.get(f"/timeline/export.csv?{query}").status_code == 200


def test_several_states_joining_in_one_year_are_one_line_with_each_state_linked(client):
    founders = [state(name, joined_year=1999) for name in ("Alpha", "Beta", "Gamma")]
    html = content(client.get("/timeline/"))
    assert "3 states become members:" in html
    for founder in founders:
        assert f'<li><a href="{founder.get_absolute_url()}">{founder.name}</a></li>' in html


def test_the_timeline_downloads_with_the_same_filters(client):
    story()
    rows = csv_rows(client.get("/timeline/export.csv?kind=statement"))
    assert [(r["date"], r["date_precision"], r["title"]) for r in rows] == [
        ("2007-03", "month", "Cooperative approach"),
        ("2022-10-13", "day", "Astana Statement"),
    ]
    assert rows[1]["url"] == "http://testserver/statements/" + rows[1]["url"].split("/")[-2] + "/"
    data = json.loads(body(client.get("/timeline/export.json?state=thailand")))
    assert data["filters"] == {"state": "thailand"}
    assert [r["title"] for r in data["results"]] == [
        "Thailand becomes a member",
        "Sixth CICA Summit",
    ]
    assert data["results"][0]["date"] == "2004"
    assert data["results"][0]["note"] == "Sources disagree on the year."


# ---------------------------------------------------------------- participation


def meetings():
    """Two summits and a ministerial meeting; one participant is a draft, one summit a draft."""
    a, b, c = (state(name) for name in ("Alpha", "Beta", "Gamma"))
    former = state("Delta", status=FORMER, joined_year=None)
    hidden = draft(StateFactory, name="Hidden", slug="hidden")
    first = EventFactory(
        title="First Summit", kind="summit", start_date=datetime.date(2002, 6, 4),
        participants=[a, b, hidden, former],
    )  # fmt: skip
    second = EventFactory(
        title="Second Summit", kind="summit", start_date=datetime.date(2006, 6, 17),
        participants=[a, c],
    )  # fmt: skip
    draft(EventFactory, title="Draft Summit", kind="summit", participants=[a, b, c])
    ministerial = EventFactory(
        title="A Ministerial", kind="ministerial", start_date=datetime.date(2004, 10, 22),
        participants=[b],
    )  # fmt: skip
    return {"states": [a, b, c, former], "summits": [first, second], "ministerial": ministerial}


def grid_from_page(response) -> dict[str, set[str]]:
    """{event url: {state url, ...}} as the grid marks them."""
    html = content(response)
    columns = re.findall(r'<th scope="col" class="grid-event"><a href="([^"]+)"', html)
    marked = {}
    for row_url, cells in re.findall(
        r'<th scope="row" class="grid-state"><a href="([^"]+)"[^>]*>[^<]+</a></th>(.*?)'
        r'<td class="grid-total">',
        html,
        re.S,
    ):
        cells = re.findall(r"<td( class=\"took-part\")?>", cells)
        for column, cell in zip(columns, cells, strict=True):
            if cell:
                marked.setdefault(column, set()).add(row_url)
    return {column: marked.get(column, set()) for column in columns}


def test_the_grid_equals_each_events_published_participants(client):
    data = meetings()
    response = client.get("/participation/")
    assert response.status_code == 200
    grid = grid_from_page(response)
    assert list(grid) == [e.get_absolute_url() for e in data["summits"]]  # oldest first
    for event in data["summits"]:
        expected = {s.get_absolute_url() for s in event.participants.published()}
        assert grid[event.get_absolute_url()] == expected
    html = content(response)
    assert "Hidden" not in html and "Draft Summit" not in html
    # Delta, a former observer, has a row because it took part.
    assert 'id="state-delta"' in html


def test_the_grid_is_a_table_screen_readers_can_read(client):
    meetings()
    html = content(client.get("/participation/"))
    assert '<caption id="grid-caption">Who took part' in html
    assert html.count('scope="col"') >= 3 and 'scope="row"' in html
    assert (
        '<td class="took-part"><span aria-hidden="true">●</span>'
        '<span class="visually-hidden">took part</span></td>'
    ) in html
    assert 'class="grid-scroll" role="region" aria-labelledby="grid-caption" tabindex="0"' in html


def test_the_grid_of_ministerial_meetings_and_a_bad_kind(client):
    data = meetings()
    grid = grid_from_page(client.get("/participation/?kind=ministerial"))
    assert grid == {data["ministerial"].get_absolute_url(): {"/states/beta/"}}
    response = client.get("/participation/?kind=senior_officials")
    assert "Meetings “senior_officials” was ignored" in page_text(response)
    assert list(grid_from_page(response)) == [e.get_absolute_url() for e in data["summits"]]


def test_the_grid_downloads_as_csv_and_json(client):
    summits = meetings()["summits"]
    rows = csv_rows(client.get("/participation/export.csv"))
    assert list(rows[0]) == ["state", "name", *(e.slug for e in summits)]
    marks = {r["state"]: [r[e.slug] for e in summits] for r in rows}
    assert marks["alpha"] == ["true", "true"]
    assert marks["beta"] == ["true", "false"]
    assert marks["gamma"] == ["false", "true"]
    assert "hidden" not in marks
    data = json.loads(body(client.get("/participation/export.json?kind=ministerial")))
    assert [e["title"] for e in data["events"]] == ["A Ministerial"]
    assert {r["state"]: r["took_part"] for r in data["results"]}["beta"] == [
        data["events"][0]["slug"]
    ]


# ---------------------------------------------------------------- wiring


def test_home_navigation_state_page_and_sitemap_lead_to_the_glance_pages(client):
    kazakhstan = state("Kazakhstan")
    home = content(client.get("/"))
    counts = home[home.index('<ul class="counts"') :]
    counts = counts[: counts.index("</ul>")]
    assert counts.count('href="/membership/"') == 2  # members and observers
    nav = home[home.index('<nav aria-label="Main">') :]
    for url in ("/timeline/", "/membership/", "/participation/"):
        assert f'href="{url}"' in nav[: nav.index("</nav>")]
    page = content(client.get(kazakhstan.get_absolute_url()))
    assert 'href="/timeline/?state=kazakhstan"' in page
    assert 'href="/participation/#state-kazakhstan"' in page
    sitemap = client.get("/sitemap.xml").content.decode()
    for url in ("/timeline/", "/membership/", "/participation/"):
        assert f"<loc>http://testserver{url}</loc>" in sitemap


# ---------------------------------------------------------------- query counts


def populate(size: int):
    states = [StateFactory(joined_year=1999 + i % 20) for i in range(size)]
    for i in range(size):
        StateFactory(status=OBSERVER, joined_year=None, observer_since=2000 + i % 20)
    for i in range(size):
        event = EventFactory(
            kind="summit" if i % 2 else "ministerial",
            start_date=datetime.date(2000 + i % 20, 6, 1),
            host=states[i],
            participants=states[: 5 + i % 10],
        )
        StatementFactory(event=event, state=states[i], endorsed_by=states[:3])
        ChairmanshipFactory(state=states[i], start_date=datetime.date(2000 + i, 1, 1))
    return states


def test_timeline_pages_read_only_the_entries_up_to_their_own(client, monkeypatch):
    from registry import views_glance

    monkeypatch.setattr(views_glance, "TIMELINE_PAGE_SIZE", 3)
    monkeypatch.setattr(views_glance, "TIMELINE_MAX_PAGES", 4)
    day = datetime.date(2010, 1, 1)
    for i in range(7):
        EventFactory(title=f"Meeting {i}", start_date=day + datetime.timedelta(days=i % 3))
        StatementFactory(title=f"Statement {i}", date=day + datetime.timedelta(days=i % 4))
    everything = [row["title"] for row in csv_rows(client.get("/timeline/export.csv"))]
    assert len(everything) == 14
    limits, whole = [], glance.timeline
    monkeypatch.setattr(glance, "timeline", lambda **kw: limits.append(kw["limit"]) or whole(**kw))
    paged = []
    for number in range(1, 5):
        response = client.get("/timeline/", {"page": number})
        assert "<strong>14</strong> entries" in content(response)
        paged += titles(response)
    assert paged == everything[:12]  # four pages of three: the most a timeline pages through
    assert limits == [3, 6, 9, 12]
    assert 'rel="next"' not in content(response)
    assert client.get("/timeline/", {"page": 5}).status_code == 404


GLANCE_BUDGET = {
    "/timeline/": 6,  # events, statements, states, organisations, chairs, and the form
    "/timeline/?state=state-001&kind=event&from=2001&to=2010": 3,
    "/timeline/?state=state-001": 7,  # its membership line reads the state once more
    "/membership/": 1,
    "/membership/?year=2010": 1,
    "/participation/": 3,
    "/participation/?kind=ministerial": 3,
    "/timeline/export.csv": 6,
    "/membership/export.csv": 1,
    "/participation/export.csv": 3,
}


@pytest.mark.parametrize("size", [3, 40])
def test_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, size):
    populate(size)
    for url, budget in GLANCE_BUDGET.items():
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
            if response.streaming:
                body(response)
        assert response.status_code == 200


# ---------------------------------------------------------------- the real fixture


def test_the_real_membership_grew_from_15_to_28(cica, client):
    rows = {r["year"]: r for r in csv_rows(client.get("/membership/export.csv"))}
    assert rows["1999"]["members"] == "15"
    assert rows["2022"]["members"] == "28"
    founders = csv_rows(client.get("/membership/export.csv?year=1999"))
    assert sum(r["status"] == "member" for r in founders) == 15
    assert {"kazakhstan", "china", "russia"} <= {r["slug"] for r in founders}
    html = content(client.get("/membership/?year=2022"))
    assert "Members (28)" in html
    # Today's numbers agree with the home page's counts.
    published = State.objects.published()
    members = published.filter(status=MEMBER).count()
    observers = published.filter(status=OBSERVER).count()
    assert f"today it has {members} members and {observers} observer states" in html
    home = page_text(client.get("/"))
    assert f"{members} member states" in home and f"{observers} observer states" in home


def test_the_real_grid_equals_each_summits_participants_and_leaves_drafts_out(cica, client):
    for kind in ("summit", "ministerial"):
        grid = grid_from_page(client.get(f"/participation/?kind={kind}"))
        events = Event.objects.published().filter(kind=kind)
        assert set(grid) == {e.get_absolute_url() for e in events}
        for event in events:
            expected = {s.get_absolute_url() for s in event.participants.published()}
            assert grid[event.get_absolute_url()] == expected, event.slug
    unpublished = Event.objects.filter(published_at__isnull=True)
    text = content(client.get("/timeline/"))
    for event in unpublished:
        assert event.get_absolute_url() not in text


def test_the_real_map_and_timeline_cover_every_member_and_observer(cica, client):
    html = content(client.get("/membership/"))
    current = State.objects.published().filter(status__in=[MEMBER, OBSERVER])
    for member in current:
        assert f'href="{member.get_absolute_url()}"' in html
    assert 'Bahrain</a> <span class="muted">(too small for the map)' in html
    timeline = content(client.get("/timeline/?kind=membership&from=2004&to=2004"))
    assert '<time datetime="2004">2004</time>' in timeline
    assert "Thailand" in timeline
