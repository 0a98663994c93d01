"""Bounded cost whatever the data's size: synthetic data, related lists, slug filters, search."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from registry.models import CoordinatorRole, Event, Measure, Statement
from registry.text import render_markdown
from registry.views import COUNT_CAP, RELATED_LIMIT
from tests.factories import (
    DimensionFactory,
    EventFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.helpers import moment, set_updated

pytestmark = pytest.mark.django_db


def real_data():
    StateFactory.create_batch(12)
    TopicFactory.create_batch(4)
    DimensionFactory.create_batch(2)


def synthetic(model):
    return model.objects.filter(slug__startswith="synthetic-")


def test_seed_synthetic_adds_published_linked_records(client):
    real_data()
    call_command("seed_synthetic", records=40)
    events, statements, measures = synthetic(Event), synthetic(Statement), synthetic(Measure)
    assert (events.count(), statements.count(), measures.count()) == (18, 18, 4)
    assert Event.objects.published().count() == 18
    assert all(event.participants.count() >= 3 for event in events)
    assert all(statement.topics.exists() for statement in statements)
    assert CoordinatorRole.objects.filter(measure__in=measures, role="coordinator").count() == 4
    assert len({event.title for event in events}) > 10  # varied text for search to work on
    for record in [*events, *statements]:
        assert record.summary_html == render_markdown(record.summary)
    found = client.get("/events/", {"q": events[0].city}).content.decode()
    assert events[0].get_absolute_url() in found


def test_seed_synthetic_adds_to_what_is_there():
    real_data()
    call_command("seed_synthetic", records=10)
    call_command("seed_synthetic", records=10, seed=2)
    assert synthetic(Event).count() + synthetic(Statement).count() == 18


def test_seed_synthetic_needs_the_real_records_first():
    with pytest.raises(CommandError, match="loaddata cica"):
        call_command("seed_synthetic", records=10)


def test_a_state_page_lists_the_latest_related_records_with_counts_and_links(client):
    hub = StateFactory(name="Hubland", slug="hubland")
    hosted = [EventFactory(host=hub, participants=[hub]) for _ in range(RELATED_LIMIT + 2)]
    page = client.get("/states/hubland/").content.decode()
    assert f"Events hosted ({RELATED_LIMIT + 2})" in page
    assert f"Events it took part in ({RELATED_LIMIT + 2})" in page
    latest = sorted(hosted, key=lambda e: (e.start_date, e.pk), reverse=True)
    assert latest[0].get_absolute_url() in page
    assert latest[-1].get_absolute_url() not in page
    assert f'href="/events/?host=hubland">All {RELATED_LIMIT + 2} events hosted' in page
    assert f'href="/events/?participant=hubland">All {RELATED_LIMIT + 2} events' in page


def test_the_statements_event_filter_takes_a_slug_in_a_text_field(client):
    event = EventFactory(slug="sixth-summit")
    adopted = StatementFactory(title="Astana Statement", event=event)
    StatementFactory(title="Other Statement")
    EventFactory.create_batch(5)
    page = client.get("/statements/", {"event": "sixth-summit"}).content.decode()
    assert adopted.title in page and "Other Statement" not in page
    assert 'name="event" value="sixth-summit"' in page
    assert "<option" not in page.split('name="event"')[1].split("</div>")[0]
    bad = client.get("/statements/", {"event": "no-such-event"})
    assert bad.status_code == 200
    assert "No published event has this slug." in bad.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"), [("/states/?q=kaz", "Kazakhstan"), ("/search/?q=Kazak", "Kazakhstan")]
)
def test_the_last_word_of_a_search_matches_as_a_prefix(client, url, expected):
    StateFactory(name="Kazakhstan", slug="kazakhstan")
    StateFactory(name="Mongolia", slug="mongolia")
    page = client.get(url).content.decode()
    assert expected in page and "Mongolia" not in page


def test_huge_results_are_counted_up_to_a_cap_and_paged_to_it(client, monkeypatch):
    monkeypatch.setattr("registry.views.COUNT_CAP", 30)
    monkeypatch.setattr("registry.views.FACET_LIMIT", 20)
    EventFactory.create_batch(35, kind="summit")
    page = client.get("/events/").content.decode()
    assert "More than <strong>30</strong> results" in page
    assert "Summit (" not in page  # no facet counts for a result this large
    assert client.get("/events/?page=2").status_code == 200
    assert client.get("/events/?page=3").status_code == 404  # 30 records: two pages of 25
    small = client.get("/events/?kind=forum").content.decode()
    assert "<strong>0</strong> results" in small and "Summit (35)" in small


def test_a_capped_list_says_when_its_latest_record_changed(client, monkeypatch):
    """Its count stops at the cap, short of some records; their last change still counts."""
    monkeypatch.setattr("registry.views.COUNT_CAP", 2)
    *_, latest = EventFactory.create_batch(4)
    Event.objects.update(updated_at=moment("2020-01-01T00:00:00"))
    set_updated(latest, "2024-05-06T07:08:09")
    page = client.get("/events/").content.decode()
    assert "More than <strong>2</strong> results" in page
    assert '<time datetime="2024-05-06T07:08:09+00:00">6 May 2024</time>' in page


@pytest.mark.parametrize("cap", [3, 50])
def test_one_pass_reads_a_lists_order_count_and_last_change_as_separate_reads_do(cap):
    events = EventFactory.create_batch(6)
    for number, record in enumerate(events):
        set_updated(record, f"202{number}-03-04T05:06:07")
    records = Event.objects.published().order_by("title", "pk")
    ids, count, latest = records.ids_count_and_last_change(cap)
    assert ids == list(records.ids()[:cap])
    assert (count, latest) == records.count_and_last_change(cap)
    assert latest == moment("2025-03-04T05:06:07")


def test_a_capped_count_is_written_with_thousands_grouped():
    context = {"result_count": COUNT_CAP, "result_count_capped": True}
    html = render_to_string("registry/_partials/_result_count.html", context)
    assert "More than <strong>10,000</strong> results" in html


def test_pages_show_every_record_once_in_the_lists_order(client):
    EventFactory.create_batch(60)
    pages = [client.get(f"/events/?page={n}").content.decode() for n in (1, 2, 3)]
    shown = [slug for page in pages for slug in re.findall(r'href="/events/([\w-]+)/"', page)]
    assert shown == list(Event.objects.published().values_list("slug", flat=True))


def test_the_calendar_streams_one_event_at_a_time(client):
    EventFactory.create_batch(3)
    response = client.get("/events/calendar.ics")
    chunks = list(response.streaming_content)
    assert len(chunks) == 5  # opening, three events, closing
    assert chunks[0].startswith(b"BEGIN:VCALENDAR") and chunks[-1] == b"END:VCALENDAR\r\n"
    assert all(chunk.startswith(b"BEGIN:VEVENT") for chunk in chunks[1:-1])
