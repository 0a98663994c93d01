"""The site search, /search/?q=: every kind of record in one ranked list, safe snippets.

On PostgreSQL the search is full-text (stemmed English, websearch syntax); on SQLite every word
must appear in a searched field. The assertions here hold on both: whole words, no stemming.
"""

import html
import json
import re

import pytest
from django.db.models import F

from registry import search as search_module
from registry.kinds import BY_PREFIX, KINDS
from registry.models import Statement
from tests.factories import EventFactory, MeasureFactory, StatementFactory
from tests.test_i18n import postgres_only
from tests.test_views import FACTORIES, content, future, link, listed, page_text, populate, state

pytestmark = pytest.mark.django_db


def record(kind: str, text: str, **fields):
    """A record of `kind` whose snippet field (a summary or description) is `text`."""
    return FACTORIES[kind](**{BY_PREFIX[kind].model.snippet_field: text}, **fields)


def search(client, query: str, **params):
    return client.get("/search/", {"q": query, **params})


def hits(response) -> list:
    return list(response.context["page_obj"].object_list)


def found(response) -> list:
    return [hit.record for hit in hits(response)]


def rendered_hits(response) -> list[str]:
    """The HTML of each hit in the results list."""
    return re.findall(r'<li class="hit">.*?</li>', content(response), re.S)


@pytest.fixture
def samarkand():
    """One record of each kind that mentions Samarkand, by the name the results give the kind."""
    return {
        str(kind.search_label): record(kind.prefix, f"A {kind.name} that mentions Samarkand.")
        for kind in KINDS
    }


def test_search_finds_every_kind_with_its_name_a_link_and_a_highlighted_snippet(client, samarkand):
    response = search(client, "Samarkand")
    assert response.status_code == 200
    assert response.context["result_count"] == len(KINDS)
    assert f"{len(KINDS)} results" in page_text(response)
    assert {hit.kind: hit.record for hit in hits(response)} == samarkand
    for item in rendered_hits(response):
        kind = re.search(r'<p class="hit-kind">(\w+)</p>', item)[1]
        assert link(samarkand[kind]) in item
        assert "<mark>Samarkand</mark>" in item


@pytest.mark.parametrize(
    "query, exact",
    [
        ("Almaty Act", {"title": "Almaty Act"}),
        ("almaty act", {"title": "Almaty Act"}),
        (
            "Astana Statement",
            {"title": "Sixth Summit Declaration", "short_title": "Astana Statement"},
        ),
    ],
)
def test_an_exact_title_or_short_name_comes_first(client, query, exact):
    phrase = exact.get("short_title", exact["title"])
    echo = f"{phrase}. The {phrase}, and again the {phrase}."
    StatementFactory(title=f"Declaration adopted after the {phrase}", summary=echo)
    StatementFactory(title=f"Commentary on the {phrase}", short_title=f"On the {phrase}")
    EventFactory(title=f"Meeting on the {phrase}", summary=echo)
    MeasureFactory(title=f"Measures under the {phrase}", description=echo)
    state("Kazakhstan", summary=echo)
    wanted = StatementFactory(**exact, summary=f"The {phrase}.")

    results = found(search(client, query))
    assert results[0] == wanted
    assert len(results) == 6
    assert listed(client.get("/statements/", {"q": query}))[0] == wanted.title


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_shows_no_results_and_no_error(client, samarkand, query):
    response = search(client, query)
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert response.context["problems"] == []
    assert 'role="alert"' not in content(response)
    assert 'class="result-count"' not in content(response)


def test_the_search_page_without_a_query_answers(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["problems"] == []


@pytest.mark.parametrize("length", [201, 5000])
def test_a_search_longer_than_200_characters_is_refused_with_a_message(client, length):
    response = search(client, "a" * length)
    assert response.status_code == 200
    assert "at most 200 characters" in response.context["problems"][0]
    assert 'role="alert"' in content(response)
    assert hits(response) == []


def test_a_null_character_in_the_search_is_reported(client, samarkand):
    response = client.get("/search/?q=%00Samarkand")
    assert response.status_code == 200
    assert "“q” held a null character" in response.context["problems"][0]
    assert hits(response) == []


@pytest.mark.parametrize("kind", FACTORIES)
def test_search_never_finds_unpublished_records(client, kind):
    public = record(kind, "Talks in Termez.")
    record(kind, "Talks in Termez.", published_at=None)
    record(kind, "Talks in Termez.", published_at=future())
    assert found(search(client, "Termez")) == [public]


def test_markup_in_a_summary_is_never_rendered_in_a_snippet(client):
    StatementFactory(summary="Samarkand <script>alert('x')</script> and <b>bold</b> words.")
    response = search(client, "Samarkand")
    (item,) = rendered_hits(response)
    assert "<mark>Samarkand</mark>" in item
    assert "<script" not in item
    assert "<b>" not in item


def test_the_query_is_escaped_wherever_it_is_shown(client):
    query = "<script>alert(1)</script>"
    response = search(client, query)
    assert response.status_code == 200
    assert query not in content(response)
    assert html.escape(query) in content(response)


def test_results_are_paged_and_the_next_link_keeps_the_query(client):
    EventFactory.create_batch(30, summary="Held in Termez.")
    first = search(client, "Termez")
    assert len(hits(first)) == 25
    assert 'href="?q=Termez&amp;page=2"' in content(first)
    assert len(hits(search(client, "Termez", page=2))) == 5
    assert search(client, "Termez", page=3).status_code == 404


# A list's `q` is the same search --------------------------------------------------------------


# Every searched field of every kind, but the two-letter ISO code (which cannot hold "Khorgos").
SEARCHED_FIELDS = [
    (kind.prefix, field)
    for kind in KINDS
    for fields in kind.model.search_fields
    for field in fields
    if field != "iso_code"
]


@pytest.mark.parametrize("kind, field", SEARCHED_FIELDS)
def test_a_record_the_search_finds_is_found_by_its_list(client, kind, field):
    wanted = FACTORIES[kind](**{field: "Khorgos"})
    FACTORIES[kind]()
    assert found(search(client, "Khorgos")) == [wanted]
    assert listed(client.get(f"/{kind}/", {"q": "Khorgos"})) == [str(wanted)]


def test_every_word_must_match_but_may_match_different_fields(client):
    wanted = EventFactory(title="Khorgos meeting", body="On the transport corridor.")
    EventFactory(title="Khorgos visit")
    EventFactory(title="Another corridor")
    assert found(search(client, "Khorgos corridor")) == [wanted]
    assert listed(client.get("/events/", {"q": "Khorgos corridor"})) == [wanted.title]


# Query count ----------------------------------------------------------------------------------


SEARCH_QUERY_BUDGET = 6  # one query per kind, and the measures' coordinators


@pytest.mark.parametrize("size", [3, 40])
@pytest.mark.parametrize("path", ["/search/", "/ru/search/"])
def test_search_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, size, path
):
    populate(size)  # every summary mentions "confidence"
    with django_assert_max_num_queries(SEARCH_QUERY_BUDGET):
        response = client.get(path, {"q": "confidence"})
    every_hit = response.context["page_obj"].paginator.object_list
    models = {"registry.State", "registry.Event", "registry.Statement", "registry.Measure"}
    assert {hit.model for hit in every_hit} == models


# Ranking a bounded window (PostgreSQL) keeps every match ------------------------------------


@pytest.fixture
def small_window(monkeypatch):
    """A rank window of two records of each sort, so that a few records overflow it, used
    however few the matches."""
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(search_module, "RANK_EVERY_MATCH_UP_TO", 0)


def test_a_list_search_beyond_the_rank_window_pages_through_every_match(client, small_window):
    body_only = [record("statements", "Water cooperation in the region.") for _ in range(30)]
    titled = StatementFactory(title="Water cooperation agreement")
    exact = StatementFactory(title="Water")
    response = client.get("/statements/", {"q": "water"})
    assert "<strong>32</strong> results" in content(response)
    shown = []
    for number in (1, 2):
        response = client.get("/statements/", {"q": "water", "page": number})
        shown += [r.pk for r in response.context["page_obj"].object_list]
    assert sorted(shown) == sorted([r.pk for r in [*body_only, titled, exact]])
    assert shown[:2] == [exact.pk, titled.pk]  # the exact title, then the title match
    export = client.get("/statements/export.json", {"q": "water"})
    assert len(json.loads(b"".join(export.streaming_content))["results"]) == 32


def test_the_site_search_says_more_than_when_a_kind_has_more_than_it_shows(client):
    for _ in range(52):
        record("events", "A meeting on water.")
    text = page_text(search(client, "water"))
    assert "More than 50 results" in text
    assert "More than" not in page_text(search(client, "nothing-matches-this"))


# One tsquery where five matched the same (PostgreSQL) ------------------------------------------

MATCH_TEXTS = [
    ("Drug trafficking in Central Asia", "Cooperation against drugs and traffickers."),
    ("Kazakhstan's border cooperation", "The summit agreed on ICT security."),
    ("Summits of 2022", "Leaders met the press; the summit was short."),
    ("Шестой саммит СВМДА", "Лидеры государств-членов встретились в Астане."),
    ("Water", "Climate change and water in the region."),
]
MATCH_QUERIES = [
    "kaz", "Kazakhstan", "drug traffick", "trafficking drugs", "the summit", "summit 2022",
    "ICT security", "climate chang", "cooperation", "the", "or", "саммит", "drug or water",
    '"water in"', "water -climate",
]  # fmt: skip


@postgres_only
@pytest.mark.parametrize("query", MATCH_QUERIES)
def test_the_match_query_finds_what_the_whole_query_finds(query):
    """`match_query` (one prefix query for a Latin word) matches exactly the records the ranked
    query matches, and `title_match` those whose title fields hold its words."""
    s = search_module
    for title, summary in MATCH_TEXTS:
        StatementFactory(title=title, summary=summary)
    statements = Statement.objects.all()

    def ids(records) -> set:
        return set(records.values_list("pk", flat=True))

    matched = statements.filter(s.Matches(F("search_vector"), s.match_query(query)))
    assert ids(matched) == ids(statements.filter(search_vector=s.postgres_query(query)))
    titles = statements.filter(s.title_match(query))
    assert ids(titles) == ids(statements.filter(search_vector=s.postgres_query(query, "AB")))


@postgres_only
def test_a_list_search_with_few_matches_ranks_them_all_without_a_window(client, monkeypatch):
    """Up to `RANK_EVERY_MATCH_UP_TO` matches, all are ranked: no window is looked for."""
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(search_module, "RANK_EVERY_MATCH_UP_TO", 20)
    monkeypatch.setattr(
        search_module, "rank_window", lambda *args: pytest.fail("looked for a rank window")
    )
    body_only = [record("statements", "Water cooperation in the region.") for _ in range(18)]
    titled = StatementFactory(title="Water cooperation agreement")
    exact = StatementFactory(title="Water")
    response = client.get("/statements/", {"q": "water"})
    shown = [r.pk for r in response.context["page_obj"].object_list]
    assert shown[:2] == [exact.pk, titled.pk]
    assert sorted(shown) == sorted(r.pk for r in [*body_only, titled, exact])
