"""The page cache: visitors get cached pages that are never stale, staff never touch the cache,
validators answer 304, and two app servers sharing Redis behave as one."""

import datetime
import json
import os
import re
import subprocess
import sys

import factory
import pytest
import redis
from django.apps import apps
from django.contrib import admin
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date

from registry import cache
from registry.filters import EventFilter
from registry.models import Chairmanship, Event, Organization, Topic
from tests.factories import (
    ChairmanshipFactory,
    CoordinatorRoleFactory,
    EventFactory,
    MeasureFactory,
    OrganizationFactory,
    StateFactory,
    TopicFactory,
)
from tests.helpers import EVENTS_ADMIN, event_action

pytestmark = pytest.mark.django_db

# A Redis database this run may flush (CICA_TEST_REDIS_URL chooses another one).
REDIS_URL = os.environ.get("CICA_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
CHANGELIST = EVENTS_ADMIN


@pytest.fixture
def visitor():
    return Client()


def fetch(client, url, **headers):
    """The response, with its body (streamed or not) as `body`, and how many queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        streamed = response.streaming
        response.body = b"".join(response.streaming_content) if streamed else response.content
    return response, len(queries)


def page(client, url, **headers) -> str:
    response, _ = fetch(client, url, **headers)
    assert response.status_code == 200
    return response.body.decode()


def is_cached(client, url, **headers) -> bool:
    """Answered by the page cache: before any view was even looked for (a list whose fragments
    are all kept reads no more from the database than a cached page)."""
    return fetch(client, url, **headers)[0].wsgi_request.resolver_match is None


class Clock:
    """timezone.now(), moved by hand: what pages and the cache both read."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, seconds: float):
        self.now += datetime.timedelta(seconds=seconds)


# 1. Visitors get cached pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events/",
        "/events/?kind=senior_officials",
        "/events/meeting-cached/",
        "/search/?q=Meeting",
        "/events/export.csv",
        "/events/export.json",
        "/events/feed.atom",
        "/events/calendar.ics",
        "/events/meeting-cached/calendar.ics",
        "/sitemap.xml",
        "/robots.txt",
        "/api/events/",
        "/api/schema/",
    ],
)
def test_every_public_page_and_download_is_cached_for_visitors(visitor, url):
    EventFactory(title="Meeting cached", slug="meeting-cached")
    first, _ = fetch(visitor, url)
    assert first.status_code == 200
    second, cost = fetch(visitor, url)
    assert cost == 0, "a cache hit costs no query"
    assert second.body == first.body
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_head_is_answered_from_the_get_entry(visitor):
    EventFactory()
    get, _ = fetch(visitor, "/events/")
    with CaptureQueriesContext(connection) as queries:
        head = visitor.head("/events/")
    assert len(queries) == 0
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


def test_parameter_order_and_empty_parameters_share_one_entry(visitor):
    EventFactory(title="A summit", kind="summit")
    EventFactory(title="A forum", kind="forum")
    first = page(visitor, "/events/?kind=summit&year=&q=")
    assert "A summit" in first and "A forum" not in first
    assert is_cached(visitor, "/events/?q=&kind=summit")
    assert is_cached(visitor, "/events/?kind=summit")
    # An empty repeated value does not turn the filter off: the view sees the canonical query.
    assert "A forum" not in page(visitor, "/events/?kind=&kind=summit")
    assert not is_cached(visitor, "/events/?kind=forum")


def test_each_host_has_its_own_entries(visitor):
    """Feeds, downloads and the API hold absolute links."""
    EventFactory()
    assert "http://localhost/" in page(visitor, "/events/feed.atom", HTTP_HOST="localhost")
    other = page(visitor, "/events/feed.atom", HTTP_HOST="127.0.0.1")
    assert "http://127.0.0.1/" in other and "http://localhost/" not in other


def test_api_json_and_browsable_html_are_kept_apart(visitor):
    EventFactory()
    as_json = fetch(visitor, "/api/events/", HTTP_ACCEPT="application/json")[0]
    assert as_json["Content-Type"] == "application/json"
    assert is_cached(visitor, "/api/events/", HTTP_ACCEPT="application/json")
    as_html = fetch(visitor, "/api/events/", HTTP_ACCEPT="text/html")[0]
    assert as_html["Content-Type"].startswith("text/html")
    # The browsable page holds a CSRF token, so it is never cached.
    assert not is_cached(visitor, "/api/events/", HTTP_ACCEPT="text/html")
    assert is_cached(visitor, "/api/events/", HTTP_ACCEPT="application/json")


def test_a_download_is_kept_once_streamed_whole_if_small(visitor, monkeypatch):
    EventFactory.create_batch(3)
    assert not is_cached(visitor, "/events/export.csv")
    assert is_cached(visitor, "/events/export.csv")
    monkeypatch.setattr(cache, "MAX_BODY_BYTES", 100)
    assert not is_cached(visitor, "/events/export.json")
    assert not is_cached(visitor, "/events/export.json")  # too large to keep: streamed each time


def test_a_stream_closed_early_is_not_kept():
    """The visitor went away mid-download: the server closes the stream unfinished."""
    saved = []
    stream = cache.saved_when_complete(iter([b"a", b"b", b"c"]), saved.append)
    assert next(stream) == b"a"
    stream.close()
    assert saved == []
    assert list(cache.saved_when_complete(iter([b"a", b"b"]), saved.append)) == [b"a", b"b"]
    assert saved == [b"ab"]


# 2. Never stale ------------------------------------------------------------------------------


@pytest.fixture
def cached_list(visitor):
    """An event on the cached events list."""
    event = EventFactory(title="Original title", slug="the-event")
    assert "Original title" in page(visitor, "/events/")
    assert is_cached(visitor, "/events/")
    return event


def test_a_save_shows_at_once(visitor, cached_list):
    cached_list.title = "Corrected title"
    cached_list.save()
    assert "Corrected title" in page(visitor, "/events/")


def test_a_delete_shows_at_once(visitor, cached_list):
    cached_list.delete()
    assert "Original title" not in page(visitor, "/events/")


def test_a_many_to_many_change_shows_at_once(visitor, cached_list):
    url = cached_list.get_absolute_url()
    assert "Kazakhstan" not in page(visitor, url)
    kazakhstan = StateFactory(name="Kazakhstan")
    assert is_cached(visitor, url) is False
    assert is_cached(visitor, url)
    cached_list.participants.add(kazakhstan)
    assert "Kazakhstan" in page(visitor, url)
    cached_list.participants.clear()
    assert "Kazakhstan" not in page(visitor, url)


def test_admin_bulk_unpublish_and_publish_show_at_once(visitor, cached_list, publisher_client):
    assert event_action(publisher_client, "unpublish", cached_list).status_code == 302
    assert "Original title" not in page(visitor, "/events/")
    assert is_cached(visitor, "/events/")
    assert event_action(publisher_client, "publish_now", cached_list).status_code == 302
    assert "Original title" in page(visitor, "/events/")


def test_submitting_for_review_invalidates(visitor, editor_client):
    draft = EventFactory(published_at=None)
    page(visitor, "/events/")
    before = cache.data_generation()
    assert event_action(editor_client, "submit_for_review", draft).status_code == 302
    assert cache.data_generation() != before


def test_a_publishers_import_shows_at_once(visitor, cached_list, publisher_client):
    header = "slug,title,kind,start_date,end_date,date_precision,city,host,is_online,participants\n"
    row = "the-event,Imported title,senior_officials,2022-03-30,,day,Astana,,0,\n"
    upload = SimpleUploadedFile("events.csv", (header + row).encode(), content_type="text/csv")
    preview = publisher_client.post(f"{CHANGELIST}import/", {"import_file": upload, "format": "0"})
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert publisher_client.post(f"{CHANGELIST}process_import/", data).status_code == 302
    assert "Imported title" in page(visitor, "/events/")


def test_restoring_a_version_shows_at_once(visitor, cached_list, publisher_client):
    first = cached_list.history.latest()
    cached_list.title = "Second title"
    cached_list.save()
    assert "Second title" in page(visitor, "/events/")
    restore = f"{CHANGELIST}{cached_list.pk}/history/{first.history_id}/restore/"
    assert publisher_client.post(restore).status_code == 302
    assert "Original title" in page(visitor, "/events/")


def test_loaddata_shows_at_once(visitor, cached_list, tmp_path):
    fixture = tmp_path / "more.json"
    record = {
        "model": "registry.event",
        "fields": {
            "title": "Loaded meeting",
            "slug": "loaded-meeting",
            "kind": "forum",
            "start_date": "2024-05-01",
            "published_at": "2024-05-01T00:00:00Z",
        },
    }
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert "Loaded meeting" in page(visitor, "/events/")


def test_every_model_of_the_registry_invalidates_on_every_write():
    """Connected generically: a model added to the app later is covered without a change."""
    for model in apps.get_app_config("registry").get_models():
        assert post_save.has_listeners(model) and post_delete.has_listeners(model), model
        for field in model._meta.many_to_many:
            assert m2m_changed.has_listeners(field.remote_field.through), field

    writes = [
        lambda: TopicFactory(),
        lambda: Topic.objects.first().delete(),
        lambda: ChairmanshipFactory(),
        lambda: Chairmanship.objects.first().delete(),
        lambda: OrganizationFactory(),
        lambda: Organization.objects.first().save(),
        lambda: CoordinatorRoleFactory(),
        lambda: MeasureFactory().topics.add(TopicFactory()),
    ]
    for write in writes:
        before = cache.data_generation()
        write()
        assert cache.data_generation() != before


def test_the_generation_changes_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """Other connections see a write only once committed: pages they render from the old data
    in between are stored under a generation that the commit replaces."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        event = EventFactory()
        event.participants.add(StateFactory())
        event.delete()
        during = cache.data_generation()
    assert len(callbacks) == 1  # one per transaction, however many writes
    assert cache.data_generation() != during


def test_a_lost_generation_is_replaced_by_a_new_one(visitor, cached_list):
    cache.generation_cache().delete(cache.GENERATION_KEY)
    assert not is_cached(visitor, "/events/")


# 2b. Fragments: option lists, counts, facets, last change, totals ----------------------------


@pytest.fixture
def fragments_only(settings):
    """The page cache off: what a request reuses is the fragment cache alone."""
    settings.PAGE_CACHE = False


def kind_options(client, url="/events/") -> str:
    body = page(client, url)
    return body[body.index('name="kind"') :].split("</select>")[0]


def test_fragments_are_reused_by_every_page_and_order_of_a_list(visitor, fragments_only):
    EventFactory.create_batch(3, kind="summit")
    first = fetch(visitor, "/events/?kind=summit")[1]
    again = fetch(visitor, "/events/?kind=summit&ordering=title&page=1")[1]
    assert again < first


def test_counts_and_facets_follow_a_save_a_delete_and_a_bulk_action(
    visitor, fragments_only, publisher_client
):
    event = EventFactory(kind="summit")
    EventFactory(kind="forum")
    assert "Summit (1)" in kind_options(visitor)
    assert "<strong>2</strong> results" in page(visitor, "/events/")
    event.kind = "forum"
    event.save()
    options = kind_options(visitor)
    assert "Summit (0)" in options and "Forum or other event (2)" in options
    event_action(publisher_client, "unpublish", event)  # QuerySet.update()
    assert "Forum or other event (1)" in kind_options(visitor)
    assert "<strong>1</strong> result" in page(visitor, "/events/")
    event.delete()
    EventFactory(kind="summit")
    assert "Summit (1)" in kind_options(visitor)


def test_topic_options_follow_a_many_to_many_change(visitor, fragments_only):
    from tests.factories import StatementFactory

    statement = StatementFactory()
    topic = TopicFactory(name="Water security")
    assert "Water security" not in page(visitor, "/statements/")
    statement.topics.add(topic)
    assert "Water security" in page(visitor, "/statements/")
    statement.topics.remove(topic)
    assert "Water security" not in page(visitor, "/statements/")


def test_last_change_and_home_totals_follow_a_save(visitor, fragments_only, monkeypatch):
    clock = Clock(monkeypatch)
    event = EventFactory()
    assert clock.now.strftime("%Y-%m-%d") in page(visitor, "/events/")
    assert "events" in page(visitor, "/")
    before = page(visitor, "/")
    clock.advance(3 * 24 * 3600)
    EventFactory.create_batch(2)
    event.save()
    assert clock.now.strftime("%Y-%m-%d") in page(visitor, "/events/")
    assert page(visitor, "/") != before


def test_no_fragment_outlives_the_next_publication(visitor, fragments_only, monkeypatch):
    clock = Clock(monkeypatch)
    EventFactory(kind="summit")
    EventFactory(kind="summit", published_at=clock.now + datetime.timedelta(seconds=5))
    assert "Summit (1)" in kind_options(visitor)
    clock.advance(4)
    assert "Summit (1)" in kind_options(visitor)
    clock.advance(2)
    assert "Summit (2)" in kind_options(visitor)
    assert "<strong>2</strong> results" in page(visitor, "/events/")


def test_a_broken_cache_computes_fragments(visitor, fragments_only, monkeypatch):
    EventFactory(kind="summit")

    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(caches["default"], "get", broken)
    assert "Summit (1)" in kind_options(visitor)


def test_a_lists_part_is_the_same_for_every_page_but_not_for_another_order(visitor, fragments_only):
    EventFactory.create_batch(30, kind="summit")
    first, second = (
        page(visitor, "/events/?kind=summit"),
        page(visitor, "/events/?kind=summit&page=2"),
    )
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert 'aria-sort="ascending"' not in second
    assert 'aria-sort="ascending"' in page(visitor, "/events/?kind=summit&ordering=title&page=2")


def test_a_lists_part_names_the_problems_of_its_own_request(visitor, fragments_only):
    EventFactory(kind="summit")
    page(visitor, "/events/?kind=summit")
    assert "held a null character" in page(visitor, "/events/?kind=summit&note=%00")
    assert "held a null character" not in page(visitor, "/events/?kind=summit")


def test_an_empty_lists_part_follows_a_save(visitor, fragments_only):
    assert "No records match these filters." in page(visitor, "/events/?year=1999")
    EventFactory(title="Almaty meeting", start_date=datetime.date(1999, 9, 14))
    body = page(visitor, "/events/?year=1999")
    assert "Almaty meeting" in body and "No records match" not in body
    assert "<strong>1</strong> result" in body


# 2c. Rendered rows: one record's row of a list, kept per record under the generation ---------


def test_a_kept_row_follows_a_save_a_bulk_action_and_a_related_change(visitor, fragments_only):
    from tests.factories import StatementFactory

    event = EventFactory(title="Old title")
    statement = StatementFactory(title="Closing statement", event=event)
    assert "Old title" in page(visitor, "/events/")
    assert "Old title" in page(visitor, "/statements/")  # the statement's row names its event
    event.title = "New title"
    event.save()
    assert "New title" in page(visitor, "/events/") and "Old title" not in page(visitor, "/events/")
    assert "New title" in page(visitor, "/statements/")
    type(event).objects.filter(pk=event.pk).update(published_at=None)  # sends no signal
    cache.bump_data_generation()  # as the admin's Unpublish does
    rows = page(visitor, "/statements/")
    assert "Closing statement" in rows and "New title" not in rows  # no page names a draft
    statement.delete()
    assert "Closing statement" not in page(visitor, "/statements/")


def test_a_kept_row_follows_a_change_of_its_coordinators(visitor, fragments_only):
    measure = MeasureFactory()
    assert "Not confirmed" in page(visitor, "/measures/")
    CoordinatorRoleFactory(measure=measure, state=StateFactory(name="Mongolia"))
    rows = page(visitor, "/measures/")
    assert "Mongolia" in rows and "Not confirmed" not in rows


def test_rows_are_kept_per_language(visitor, fragments_only):
    EventFactory(title_en="Bishkek meeting", title_ru="Встреча в Бишкеке")
    assert "Bishkek meeting" in page(visitor, "/events/")
    russian = page(visitor, "/ru/events/")
    assert "Встреча в Бишкеке" in russian and "Bishkek meeting" not in russian
    assert "Bishkek meeting" in page(visitor, "/events/")


def test_staff_neither_read_nor_keep_rows(visitor, fragments_only, editor_client):
    event = EventFactory(title="First title")
    page(editor_client, "/events/")
    type(event).objects.filter(pk=event.pk).update(title="Second title")  # no bump on purpose
    assert "Second title" in page(visitor, "/events/")  # the editor kept no row
    type(event).objects.filter(pk=event.pk).update(title="Third title")
    assert "Second title" in page(visitor, "/events/")  # the visitor's row, kept
    assert "Third title" in page(editor_client, "/events/")  # not read by staff


def test_no_kept_row_outlives_the_next_publication(visitor, fragments_only, monkeypatch):
    from tests.factories import StatementFactory

    clock = Clock(monkeypatch)
    later = EventFactory(
        title="Later meeting", published_at=clock.now + datetime.timedelta(seconds=5)
    )
    StatementFactory(title="Early statement", event=later)
    assert "Later meeting" not in page(visitor, "/statements/")
    clock.advance(6)
    assert "Later meeting" in page(visitor, "/statements/")


def test_a_list_whose_rows_are_kept_reads_only_their_ids(visitor, fragments_only):
    EventFactory.create_batch(3)
    page(visitor, "/events/")
    with CaptureQueriesContext(connection) as queries:  # its count, options and rows are kept
        body = page(visitor, "/events/?ordering=title")
    assert body.count('<td data-label="Title">') == 3
    [query] = queries.captured_queries
    assert query["sql"].split(" FROM ")[0].count(",") == 0  # the ids, no other column


def test_a_list_page_asked_again_reads_nothing_and_follows_a_save(visitor, fragments_only):
    EventFactory.create_batch(3, start_date=datetime.date(2020, 1, 1))
    page(visitor, "/events/")
    with CaptureQueriesContext(connection) as queries:
        page(visitor, "/events/")
    assert len(queries) == 0  # its ids too are kept
    EventFactory(title="Talks in Termez", start_date=datetime.date(2021, 1, 1))
    assert titles_on(visitor, "/events/")[0] == "Talks in Termez"


def test_a_kept_search_costs_no_query_and_follows_a_save(visitor, fragments_only):
    event = EventFactory(title="Meeting in Termez")
    first = fetch(visitor, "/search/?q=Termez")[1]
    response, queries = fetch(visitor, "/search/?q=Termez")
    assert queries == 0 < first and "Meeting in Termez" in response.body.decode()
    event.title = "Talks in Termez"
    event.save()
    body = page(visitor, "/search/?q=Termez")
    assert "Talks in Termez" in body and "Meeting in Termez" not in body
    EventFactory(title="Forum in Termez", published_at=None)
    assert "Forum in Termez" not in page(visitor, "/search/?q=Termez")


def test_a_kept_search_is_kept_per_query_and_language(visitor, fragments_only):
    EventFactory(title_en="Termez meeting", title_ru="Встреча в Термезе", summary="In Bishkek.")
    assert "Termez meeting" in page(visitor, "/search/?q=Termez")
    assert "Встреча в Термезе" in page(visitor, "/ru/search/?q=Termez")
    body = page(visitor, "/search/?q=Bishkek")
    assert "<mark>Bishkek</mark>" in body and "<mark>Termez</mark>" not in body


def test_a_record_gone_between_its_pages_ids_and_rows_is_left_out(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines

    from registry.models import Event
    from registry.views import RecordsById

    first, second = EventFactory(title="First"), EventFactory(title="Second")
    records = RecordsById(Event, [first.pk, 10**9, second.pk])
    assert list(records) == [first, second]
    request = rf.get("/events/")
    request.user = AnonymousUser()
    template = engines["django"].from_string(
        "{% load registry_tags %}{% cached_for event in records %}[{{ event.title }}]"
        "{% endcached_for %}"
    )
    assert template.render({"records": records}, request) == "[First][Second]"


def test_a_state_published_on_schedule_is_a_valid_filter_at_its_time(
    visitor, fragments_only, monkeypatch
):
    clock = Clock(monkeypatch)
    EventFactory(host=StateFactory(slug="atlantis", published_at=clock.now))
    StateFactory(slug="lemuria", published_at=clock.now + datetime.timedelta(seconds=5))
    assert "was ignored" not in page(visitor, "/events/?host=atlantis")
    assert "Host state “lemuria” was ignored" in page(visitor, "/events/?host=lemuria")
    clock.advance(6)
    assert "was ignored" not in page(visitor, "/events/?host=lemuria")


def test_a_select_shown_before_its_state_was_published_accepts_it_at_its_time(monkeypatch):
    """Each form's field makes its own list of states when used, not the first form's."""
    clock = Clock(monkeypatch)
    StateFactory(slug="lemuria", published_at=clock.now + datetime.timedelta(seconds=5))
    EventFilter(QueryDict(), queryset=Event.objects.all()).form["host"].as_widget()
    clock.advance(6)
    assert EventFilter(QueryDict("host=lemuria"), queryset=Event.objects.all()).problems() == []


# 2d. Parts of pages: a record page's content per record, the home page's per generation -------


def test_a_record_pages_part_costs_the_record_alone_once_kept(visitor, fragments_only):
    kazakhstan = StateFactory(name="Kazakhstan")
    EventFactory(host=kazakhstan, participants=[kazakhstan])
    first = fetch(visitor, kazakhstan.get_absolute_url())[1]
    assert fetch(visitor, kazakhstan.get_absolute_url())[1] == 1 < first
    assert fetch(visitor, "/")[1] > 0
    assert fetch(visitor, "/")[1] == 0


def test_a_state_page_follows_a_change_to_a_related_record(visitor, fragments_only):
    kazakhstan = StateFactory(name="Kazakhstan")
    event = EventFactory(title="Old title", host=kazakhstan)
    url = kazakhstan.get_absolute_url()
    assert "Old title" in page(visitor, url) and "Events hosted (1)" in page(visitor, url)
    event.title = "New title"
    event.save()
    assert "New title" in page(visitor, url) and "Old title" not in page(visitor, url)
    EventFactory(title="Second meeting", host=kazakhstan)
    assert "Events hosted (2)" in page(visitor, url)
    event.participants.add(kazakhstan)
    assert "Events it took part in (1)" in page(visitor, url)
    type(event).objects.filter(pk=event.pk).update(published_at=None)  # sends no signal
    cache.bump_data_generation()  # as the admin's Unpublish does
    body = page(visitor, url)
    assert "New title" not in body and "Events hosted (1)" in body  # no page names a draft


def test_a_record_pages_part_is_kept_per_language(visitor, fragments_only):
    event = EventFactory(title_en="Bishkek meeting", title_ru="Встреча в Бишкеке")
    assert "Bishkek meeting" in page(visitor, event.get_absolute_url())
    with translation.override("ru"):
        url = event.get_absolute_url()
    russian = page(visitor, url)
    assert "<h1>Встреча в Бишкеке</h1>" in russian and "Bishkek meeting" not in russian


def test_structured_data_is_kept_per_host(visitor, fragments_only):
    event = EventFactory(slug="held-here")
    assert '"url": "http://localhost/events/held-here/"' in page(
        visitor, event.get_absolute_url(), HTTP_HOST="localhost"
    )
    other = page(visitor, event.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert '"url": "http://127.0.0.1/events/held-here/"' in other and "localhost" not in other


def test_staff_neither_read_nor_keep_parts(visitor, fragments_only, editor_client):
    kazakhstan = StateFactory(name="Kazakhstan")
    event = EventFactory(title="First title", host=kazakhstan)
    url = kazakhstan.get_absolute_url()
    page(editor_client, url)
    type(event).objects.filter(pk=event.pk).update(title="Second title")  # no bump on purpose
    assert "Second title" in page(visitor, url)  # the editor kept no part
    type(event).objects.filter(pk=event.pk).update(title="Third title")
    assert "Second title" in page(visitor, url)  # the visitor's part, kept
    assert "Third title" in page(editor_client, url)  # not read by staff


def test_a_draft_record_page_seen_by_staff_never_reaches_visitors(
    visitor, fragments_only, editor_client
):
    draft = StateFactory(name="Draftland", published_at=None)
    EventFactory(title="Hosted meeting", host=draft)
    body = page(editor_client, draft.get_absolute_url())
    assert "banner-draft" in body and "Hosted meeting" in body
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    draft.published_at = timezone.now()
    draft.save()
    body = page(visitor, draft.get_absolute_url())
    assert "Hosted meeting" in body and "banner-draft" not in body
    type(draft).objects.filter(pk=draft.pk).update(published_at=None)
    cache.bump_data_generation()
    assert "banner-draft" in page(editor_client, draft.get_absolute_url())  # never the kept part
    assert visitor.get(draft.get_absolute_url()).status_code == 404


def test_no_kept_part_outlives_the_next_publication(visitor, fragments_only, monkeypatch):
    clock = Clock(monkeypatch)
    kazakhstan = StateFactory(name="Kazakhstan")
    EventFactory(
        title="Later meeting",
        host=kazakhstan,
        published_at=clock.now + datetime.timedelta(seconds=5),
    )
    assert "Later meeting" not in page(visitor, kazakhstan.get_absolute_url())
    assert "Later meeting" not in page(visitor, "/")
    clock.advance(6)
    assert "Later meeting" in page(visitor, kazakhstan.get_absolute_url())
    assert "Later meeting" in page(visitor, "/")


# 3. Scheduled publication --------------------------------------------------------------------


def test_a_scheduled_record_appears_at_its_time_without_a_write(visitor, monkeypatch):
    clock = Clock(monkeypatch)
    EventFactory(title="Published meeting")
    EventFactory(title="Scheduled meeting", published_at=clock.now + datetime.timedelta(seconds=5))
    assert "Scheduled meeting" not in page(visitor, "/events/")
    clock.advance(4.9)
    assert is_cached(visitor, "/events/")
    assert "Scheduled meeting" not in page(visitor, "/events/")
    clock.advance(0.1)
    assert "Scheduled meeting" in page(visitor, "/events/")
    assert is_cached(visitor, "/events/")


def test_no_entry_outlives_the_next_publication(visitor, monkeypatch):
    clock = Clock(monkeypatch)
    EventFactory(published_at=clock.now + datetime.timedelta(seconds=90))
    timeouts = []
    monkeypatch.setattr(cache.PageCache, "save", lambda self, *_: timeouts.append(self.timeout()))
    page(visitor, "/events/")
    assert timeouts == [90]


def test_the_schedule_is_worked_out_once_per_generation(visitor, monkeypatch):
    EventFactory(published_at=timezone.now() + datetime.timedelta(days=3))
    computed = []
    original = cache.next_publication
    monkeypatch.setattr(
        cache, "next_publication", lambda now: computed.append(now) or original(now)
    )
    for url in ["/events/", "/states/", "/measures/", "/events/?kind=summit"]:
        page(visitor, url)
    assert len(computed) == 1


# 4. Staff and drafts -------------------------------------------------------------------------


def test_staff_are_never_served_from_the_cache_and_never_fill_it(
    visitor, cached_list, editor, kept
):
    staff = Client()
    staff.force_login(editor)
    response, queries = fetch(staff, "/events/")
    assert queries > 0
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    page(visitor, "/events/?kind=summit")
    assert not is_cached(staff, "/events/?kind=summit")
    stored = len(kept)
    fetch(staff, "/events/?kind=forum")
    assert len(kept) == stored


def test_a_draft_seen_by_staff_never_reaches_visitors(visitor, editor):
    draft = EventFactory(title="Secret draft", published_at=None)
    staff = Client()
    staff.force_login(editor)
    assert "Secret draft" in page(staff, draft.get_absolute_url())
    assert visitor.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in page(visitor, "/events/")
    assert fetch(visitor, draft.get_absolute_url())[1] > 0  # a 404 is not kept
    draft.published_at = timezone.now()
    draft.save()
    assert "Secret draft" in page(visitor, draft.get_absolute_url())


@pytest.fixture
def kept(monkeypatch):
    """The responses the page cache keeps."""
    calls, original = [], cache.PageCache.keep
    monkeypatch.setattr(cache.PageCache, "keep", lambda *a: calls.append(a) or original(*a))
    return calls


def test_the_admin_is_never_cached(visitor, kept):
    for _ in range(2):
        assert "ETag" not in visitor.get("/admin/login/")
    assert kept == []


def no_store(request):
    response = HttpResponse("health")
    response["Cache-Control"] = "no-store"
    return response


def private(request):
    response = HttpResponse("mine")
    response["Cache-Control"] = "private"
    return response


def sets_a_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def too_many(request):
    return HttpResponse("slow down", status=429)


def uses_the_session(request):
    request.session["visited"] = True
    return HttpResponse("session")


def plain(request):
    return HttpResponse("plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", no_store),
    path("private", private),
    path("cookie", sets_a_cookie),
    path("busy", too_many),
    path("session", uses_the_session),
    path("plain", plain),
]


@pytest.mark.urls("tests.test_cache")
@pytest.mark.parametrize("url", ["/healthz", "/private", "/cookie", "/busy", "/session"])
def test_responses_that_say_so_are_never_kept(visitor, url, kept):
    for _ in range(2):
        assert "ETag" not in visitor.get(url)
    assert kept == []
    Client().get("/plain")
    assert len(kept) == 1


@pytest.mark.urls("tests.test_cache")
def test_a_visitor_with_a_session_cookie_is_served_uncached(visitor, kept):
    """Only the session tells whether its holder is signed in: hits never read it."""
    visitor.get("/session")
    for _ in range(2):
        assert "ETag" not in visitor.get("/plain")
    assert kept == []


# 5. Conditional GET --------------------------------------------------------------------------


def test_a_matching_etag_is_answered_304_without_a_body(visitor, cached_list):
    response = visitor.get("/events/")
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"].startswith('W/"')
    again, cost = fetch(visitor, "/events/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content, cost) == (304, b"", 0)
    assert again["ETag"] == response["ETag"]
    cached_list.title = "Changed"
    cached_list.save()
    changed = visitor.get("/events/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and "Changed" in changed.content.decode()
    assert changed["ETag"] != response["ETag"]


def test_a_matching_etag_is_answered_304_on_a_cache_miss_without_rendering(visitor, monkeypatch):
    EventFactory()
    monkeypatch.setattr(cache, "MAX_BODY_BYTES", 0)  # nothing is kept: every request misses
    etag = visitor.get("/events/")["ETag"]
    assert not is_cached(visitor, "/events/")
    response, cost = fetch(visitor, "/events/", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, cost) == (304, 0)


def test_if_modified_since_is_answered_from_the_data_change(visitor, monkeypatch):
    clock = Clock(monkeypatch)
    event = EventFactory()
    visitor.get("/events/")
    clock.advance(2)  # Last-Modified is sent once the change is a second old
    last_modified = visitor.get("/events/")["Last-Modified"]
    assert visitor.get("/events/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    clock.advance(1)
    event.title = "Changed"
    event.save()
    response = visitor.get("/events/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200 and "Changed" in response.content.decode()
    clock.advance(2)
    response = visitor.get("/events/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(last_modified)


def test_no_last_modified_within_the_second_of_a_change(visitor, monkeypatch):
    """Two changes in one second would share it: the ETag alone answers then."""
    Clock(monkeypatch)
    EventFactory()
    response = visitor.get("/events/")
    assert "Last-Modified" not in response and "ETag" in response


def test_a_scheduled_publication_changes_the_etag(visitor, monkeypatch):
    clock = Clock(monkeypatch)
    EventFactory(published_at=clock.now + datetime.timedelta(seconds=5))
    etag = visitor.get("/events/")["ETag"]
    clock.advance(5)
    assert visitor.get("/events/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_downloads_answer_their_etag_and_keep_their_own_last_modified(visitor):
    EventFactory(updated_at=timezone.now())
    first, _ = fetch(visitor, "/events/export.csv")
    assert first["Last-Modified"]  # the records' last change, as before
    response, _ = fetch(visitor, "/events/export.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    modified_since = {"HTTP_IF_MODIFIED_SINCE": http_date(timezone.now().timestamp() + 60)}
    assert fetch(visitor, "/events/export.csv", **modified_since)[0].status_code == 200


# 6. Switched off -----------------------------------------------------------------------------


def test_page_cache_setting_off_serves_every_request_afresh(visitor, settings, cached_list):
    settings.PAGE_CACHE = False
    response = visitor.get("/events/")
    assert "ETag" not in response and "Cache-Control" not in response
    assert not is_cached(visitor, "/events/")


@pytest.mark.parametrize(("value", "enabled"), [(None, True), ("1", True), ("0", False)])
def test_django_page_cache_variable(value, enabled, settings):
    env = {"DJANGO_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    if value is not None:
        env["DJANGO_PAGE_CACHE"] = value
    script = "import cica_site.settings as s; print(s.PAGE_CACHE)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(enabled)


def test_a_broken_cache_serves_pages_uncached(visitor, settings, cached_list):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert "Original title" in page(visitor, "/events/")


# 7. What it costs ----------------------------------------------------------------------------


def test_a_miss_costs_the_page_plus_one_query_per_generation_and_a_hit_none(visitor, settings):
    EventFactory()
    settings.PAGE_CACHE = False
    first = {url: fetch(visitor, url)[1] for url in ["/events/", "/states/"]}
    uncached = {url: fetch(visitor, url)[1] for url in ["/events/", "/states/"]}
    assert first["/events/"] > uncached["/events/"] + 1  # the schedule, fragments not yet kept
    settings.PAGE_CACHE = True
    assert fetch(visitor, "/events/")[1] == uncached["/events/"]
    assert fetch(visitor, "/states/")[1] == uncached["/states/"]
    assert fetch(visitor, "/events/")[1] == 0


# 8. Several app servers ----------------------------------------------------------------------


@pytest.fixture
def shared_redis(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}

    def server():
        """Another app server: its own connections to the same Redis, nothing else shared."""
        settings.CACHES = {"default": dict(backend)}  # resets every cache connection

    server()
    caches["default"].clear()
    yield server
    caches["default"].clear()


def test_two_app_servers_sharing_redis_behave_as_one(
    visitor, shared_redis, publisher_client, monkeypatch
):
    """Each switch of server drops every cache connection: what one server knows, the other
    can only learn from Redis (and the database)."""
    clock = Clock(monkeypatch)
    event = EventFactory(title="Original title")
    switch_server = shared_redis

    assert "Original title" in page(visitor, "/events/")  # server A
    switch_server()  # B
    assert is_cached(visitor, "/events/")  # the entry A stored

    event.title = "Edited on B"
    event.save()
    switch_server()  # A
    assert "Edited on B" in page(visitor, "/events/")

    assert event_action(publisher_client, "unpublish", event).status_code == 302  # on A
    switch_server()  # B
    assert "Edited on B" not in page(visitor, "/events/")

    EventFactory(title="Scheduled meeting", published_at=clock.now + datetime.timedelta(seconds=3))
    switch_server()  # A
    assert "Scheduled meeting" not in page(visitor, "/events/")
    clock.advance(3)
    switch_server()  # B
    assert "Scheduled meeting" in page(visitor, "/events/")
    switch_server()  # A
    assert is_cached(visitor, "/events/")  # B's page, under the same generation and schedule


def test_without_redis_worker_processes_share_the_generation_through_a_file(
    visitor, settings, tmp_path
):
    """Each process keeps pages in its own memory; the generation is a file they all read."""

    def process(name):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": name,
            },
            cache.GENERATION_CACHE: {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path),
            },
        }

    event = EventFactory(title="Original title")
    process("worker-1")
    assert "Original title" in page(visitor, "/events/")
    assert is_cached(visitor, "/events/")
    process("worker-2")
    event.title = "Edited in worker 2"
    event.save()
    process("worker-1")
    assert "Edited in worker 2" in page(visitor, "/events/")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranks in a window")
def test_a_searched_list_is_ranked_once_for_all_its_pages_and_again_after_a_save(
    visitor, fragments_only
):
    EventFactory.create_batch(30, title=factory.Sequence(lambda n: f"Meeting {n} in Termez"))

    def ranking_queries(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            page(visitor, url)
        return sum("ts_rank" in query["sql"] for query in queries.captured_queries)

    assert ranking_queries("/events/?q=Termez") == 1
    assert ranking_queries("/events/?q=Termez&page=2") == 0
    EventFactory(title="Talks in Termez")
    assert ranking_queries("/events/?q=Termez&page=2") == 1
    assert "Talks in Termez" in page(visitor, "/events/?q=Termez&page=2")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranks in a window")
def test_a_searched_list_whose_ranking_is_kept_builds_no_rank_window(
    visitor, fragments_only, monkeypatch
):
    from registry import search

    monkeypatch.setattr(search, "RANK_EVERY_MATCH_UP_TO", 0)  # ranked in the window
    EventFactory.create_batch(30, title=factory.Sequence(lambda n: f"Meeting {n} in Termez"))
    built, rank_window = [], search.rank_window
    monkeypatch.setattr(search, "rank_window", lambda *args: built.append(1) or rank_window(*args))
    page(visitor, "/events/?q=Termez")
    assert len(built) == 1
    body = page(visitor, "/events/?q=Termez&page=2")  # its ranking is kept
    assert len(built) == 1 and body.count('<td data-label="Title">') == 5


@pytest.fixture
def kept_order_from_page_2(monkeypatch):
    from registry import views

    monkeypatch.setattr(views, "KEPT_ORDER_FROM", views.PAGE_SIZE)


def titles_on(client, url) -> list[str]:
    return re.findall(r'<td data-label="Title">\s*<a [^>]*>([^<]+)</a>', page(client, url))


def test_deep_pages_read_one_kept_order_and_follow_a_save(
    visitor, fragments_only, kept_order_from_page_2
):
    first = datetime.date(2020, 1, 1)
    for day in range(1, 61):
        EventFactory(title=f"Meeting {day:02d}", start_date=first + datetime.timedelta(days=day))
    listed = [title for n in (1, 2, 3) for title in titles_on(visitor, f"/events/?page={n}")]
    assert listed == [f"Meeting {day:02d}" for day in range(60, 0, -1)]
    with CaptureQueriesContext(connection) as queries:
        page(visitor, "/events/?page=2")
        page(visitor, "/events/?page=3")
    assert len(queries) == 0  # the order, counts, form and rows are all kept
    EventFactory(title="Meeting 99", start_date=datetime.date(2021, 1, 1))
    assert titles_on(visitor, "/events/?page=2")[0] == "Meeting 36"
    assert titles_on(visitor, "/events/?page=2&ordering=date")[0] == "Meeting 26"


def test_a_deep_page_counts_its_list_in_the_pass_that_reads_its_order(
    visitor, fragments_only, kept_order_from_page_2
):
    first = datetime.date(2020, 1, 1)
    for day in range(1, 31):
        EventFactory(title=f"Meeting {day:02d}", start_date=first + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as queries:
        body = page(visitor, "/events/?page=2")
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "registry_event"' in q["sql"]]
    assert not any("COUNT(" in sql and "GROUP BY" not in sql for sql in reads)  # no count pass
    assert "<strong>30</strong> results" in body
    assert titles_on(visitor, "/events/?page=2")[0] == "Meeting 05"
    assert titles_on(visitor, "/events/")[0] == "Meeting 30"  # page 1 reuses that count
