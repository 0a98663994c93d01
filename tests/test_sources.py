"""Sources as records: a numbered list per record, shown on its page, in the API, downloads,
the admin (inline, import, export) and the data-quality report; `source_url` follows the first."""

import datetime
import importlib
import json
from datetime import UTC

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import Event, Measure, Organization, Source, State, Statement
from tests.factories import (
    EventFactory,
    MeasureFactory,
    OrganizationFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("registry.migrations.0010_source_url_to_sources")

PRESS_RELEASE = "https://www.s-cica.org/news/press-releases/1636/"
TREND = "https://en.trend.az/azerbaijan/politics/3983314.html"


def two_sources():
    return [
        SourceFactory(
            url=PRESS_RELEASE,
            title="Meeting of the CICA Senior Officials Committee",
            publisher="CICA Secretariat",
            accessed=datetime.date(2026, 11, 30),
        ),
        SourceFactory(
            url=TREND, title="CICA ministers meet online", publisher="Trend", accessed=None
        ),
    ]


# --- The model ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "factory", [StateFactory, OrganizationFactory, EventFactory, StatementFactory, MeasureFactory]
)
def test_every_public_kind_cites_sources_in_order_and_keeps_source_url_first(factory):
    first, second = two_sources()
    record = factory(sources=[second, first])
    assert list(record.sources.all()) == [second, first]
    assert record.source_url == TREND
    record.cite([first, second])
    assert list(record.sources.all()) == [first, second]
    record.refresh_from_db()
    assert record.source_url == PRESS_RELEASE
    record.cite([])
    record.refresh_from_db()
    assert record.source_url == ""


def test_a_change_of_sources_updates_the_record():
    first, second = two_sources()
    event = EventFactory(sources=[first])
    Event.objects.filter(pk=event.pk).update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=UTC))
    event.refresh_from_db()
    event.cite([first, second])
    event.refresh_from_db()
    assert event.updated_at.year > 2020
    assert event.source_url == PRESS_RELEASE


def test_a_source_is_shared_and_keeps_each_records_order():
    first, second = two_sources()
    one = EventFactory(sources=[first, second])
    other = EventFactory(sources=[second, first])
    assert Source.objects.count() == 2
    records = Event.objects.filter(pk__in=[one.pk, other.pk]).prefetch_related("sources")
    orders = {event.pk: [s.url for s in event.sources.all()] for event in records}
    assert orders == {one.pk: [PRESS_RELEASE, TREND], other.pk: [TREND, PRESS_RELEASE]}


def test_deleting_the_first_citation_moves_source_url_to_the_next():
    first, second = two_sources()
    event = EventFactory(sources=[first, second])
    event.citations.get(source=first).delete()
    event.refresh_from_db()
    assert event.source_url == TREND


def test_source_natural_key_is_its_url():
    source = SourceFactory(url=PRESS_RELEASE)
    assert source.natural_key() == (PRESS_RELEASE,)
    assert Source.objects.get_by_natural_key(PRESS_RELEASE) == source


@pytest.mark.parametrize(
    ("url", "specific"),
    [
        ("https://s-cica.org/", False),
        ("https://www.s-cica.org", False),
        ("https://mid.ru/en/", False),
        ("https://www.s-cica.org/index.php", False),
        (PRESS_RELEASE, True),
        ("https://www.s-cica.org/index.php?view=page&t=first-summit", True),
        ("https://en.kremlin.ru/supplement/3712", True),
    ],
)
def test_a_home_page_is_not_a_specific_source(url, specific):
    source = SourceFactory(url=url)
    assert source.is_specific is specific
    assert Source.objects.specific().filter(pk=source.pk).exists() is specific


@pytest.mark.parametrize("model", [State, Organization, Event, Statement, Measure])
def test_records_with_and_without_a_specific_source(model):
    factory = {
        State: StateFactory,
        Organization: OrganizationFactory,
        Event: EventFactory,
        Statement: StatementFactory,
        Measure: MeasureFactory,
    }[model]
    home = SourceFactory(url="https://s-cica.org/")
    cited = factory(sources=[home, SourceFactory(url=PRESS_RELEASE)])
    home_only = factory(sources=[home])
    uncited = factory()
    assert list(model.objects.with_specific_source()) == [cited]
    assert set(model.objects.without_specific_source()) == {home_only, uncited}


# --- Where visitors see them ------------------------------------------------------------------


def test_record_page_shows_a_numbered_list_of_sources(client):
    event = EventFactory(sources=two_sources())
    page = client.get(event.get_absolute_url()).content.decode()
    sources = page.split('<h2 id="sources-heading">Sources</h2>')[1].split("</ol>")[0]
    assert sources.index(PRESS_RELEASE) < sources.index(TREND)
    assert sources.count("<li>") == 2
    assert f'<a href="{PRESS_RELEASE}" rel="external noopener">' in sources
    assert "Meeting of the CICA Senior Officials Committee</a></cite>, CICA Secretariat" in sources
    assert '<time datetime="2026-11-30">30 November 2026</time>' in sources


def test_a_source_without_a_title_shows_its_address(client):
    state = StateFactory(sources=[SourceFactory(url=TREND, title="", publisher="")])
    page = client.get(state.get_absolute_url()).content.decode()
    assert f'<a href="{TREND}" rel="external noopener">{TREND}</a>' in page


def test_a_record_without_sources_shows_no_empty_list(client):
    page = client.get(StatementFactory().get_absolute_url()).content.decode()
    assert "sources-heading" not in page


@pytest.mark.parametrize(
    ("factory", "path"),
    [
        (StateFactory, "states"),
        (EventFactory, "events"),
        (StatementFactory, "statements"),
        (MeasureFactory, "measures"),
    ],
)
def test_api_gives_sources_in_order(client, factory, path):
    record = factory(sources=two_sources())
    data = client.get(f"/api/{path}/{record.slug}/").json()
    assert data["sources"] == [
        {
            "url": PRESS_RELEASE,
            "title": "Meeting of the CICA Senior Officials Committee",
            "publisher": "CICA Secretariat",
            "accessed": "2026-11-30",
        },
        {
            "url": TREND,
            "title": "CICA ministers meet online",
            "publisher": "Trend",
            "accessed": None,
        },
    ]
    assert data["source_url"] == PRESS_RELEASE
    listed = client.get(f"/api/{path}/").json()["results"][0]
    assert [source["url"] for source in listed["sources"]] == [PRESS_RELEASE, TREND]


@pytest.mark.parametrize("path", ["states", "events", "statements", "measures"])
def test_downloads_list_the_source_addresses_in_order(client, path):
    factory = {
        "states": StateFactory,
        "events": EventFactory,
        "statements": StatementFactory,
        "measures": MeasureFactory,
    }[path]
    factory(sources=two_sources())
    text = b"".join(client.get(f"/{path}/export.csv").streaming_content).decode()
    assert f"{PRESS_RELEASE}|{TREND}" in text
    data = client.get(f"/{path}/export.json")
    rows = json.loads(b"".join(data.streaming_content))["results"]
    assert [source["url"] for source in rows[0]["sources"]] == [PRESS_RELEASE, TREND]


# --- The admin ------------------------------------------------------------------------------


def test_editor_adds_sources_inline_and_source_url_follows(editor_client):
    first, second = two_sources()
    event = EventFactory(published_at=None)  # a draft: an Editor's change to it goes live
    data = {
        "title_en": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "start_date": event.start_date.isoformat(),
        "date_precision": event.date_precision,
        "city_en": event.city,
        "source_url": "https://forged.example/",  # read-only: ignored
        "citations-TOTAL_FORMS": "2",
        "citations-INITIAL_FORMS": "0",
        "citations-0-position": "2",
        "citations-0-source": first.pk,
        "citations-1-position": "1",
        "citations-1-source": second.pk,
    }
    response = editor_client.post(f"/admin/registry/event/{event.pk}/change/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert list(event.sources.all()) == [second, first]
    assert event.source_url == TREND
    form = editor_client.get(f"/admin/registry/event/{event.pk}/change/").content.decode()
    assert "Kept for compatibility" in form
    assert 'name="source_url"' not in form


def test_editor_finds_sources_in_their_own_admin(editor_client):
    two_sources()
    page = editor_client.get("/admin/registry/source/?q=Trend").content.decode()
    assert "CICA ministers meet online" in page
    assert "Meeting of the CICA Senior Officials Committee" not in page


HEADER = "slug,title,kind,start_date,date_precision,city,sources\n"


def import_events(client, text):
    upload = SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv")
    return client.post("/admin/registry/event/import/", {"import_file": upload, "format": "0"})


def test_import_sets_sources_in_order_and_creates_new_ones(editor_client):
    known = SourceFactory(url=TREND)
    row = f"soc-1,SOC,senior_officials,2023-04-19,day,,{PRESS_RELEASE}|{TREND}\n"
    preview = import_events(editor_client, HEADER + row)
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert editor_client.post("/admin/registry/event/process_import/", data).status_code == 302
    event = Event.objects.get(slug="soc-1")
    assert [s.url for s in event.sources.all()] == [PRESS_RELEASE, TREND]
    assert event.sources.get(url=TREND) == known
    assert event.source_url == PRESS_RELEASE


def test_import_names_an_invalid_source_address(editor_client):
    row = "soc-1,SOC,senior_officials,2023-04-19,day,,not-a-url|https://ok.example/page\n"
    page = import_events(editor_client, HEADER + row).content.decode()
    assert "Not a web address: not-a-url." in page
    assert not Event.objects.exists()
    assert not Source.objects.exists()


def test_admin_export_gives_sources_as_addresses(editor_client):
    EventFactory(slug="soc-1", sources=two_sources())
    response = editor_client.post(
        "/admin/registry/event/export/",
        {"format": "0", "resource": "0", "eventresource_slug": "on", "eventresource_sources": "on"},
    )
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    assert f"soc-1,{PRESS_RELEASE}|{TREND}" in body.decode()


# --- The migration of source_url --------------------------------------------------------------


def test_migration_moves_source_url_into_sources():
    """The data step of migration 0010, on records that have a source_url and no sources yet.

    It runs against the current models rather than migrating the database back and forth, so
    that later migrations (irreversible ones included) do not get in its way."""
    kazakhstan = StateFactory(iso_code="KZ")
    soc = EventFactory(slug="soc", host=kazakhstan)
    unsourced = EventFactory(slug="unsourced")
    State.objects.filter(pk=kazakhstan.pk).update(source_url=PRESS_RELEASE)
    Event.objects.filter(pk=soc.pk).update(source_url=PRESS_RELEASE)

    MIGRATION.source_urls_to_sources(django_apps, schema_editor=None)
    MIGRATION.source_urls_to_sources(django_apps, schema_editor=None)  # safe to run twice

    assert list(Source.objects.values_list("url", flat=True)) == [PRESS_RELEASE]  # shared
    assert [s.url for s in kazakhstan.sources.all()] == [PRESS_RELEASE]
    assert kazakhstan.citations.get().position == 1
    assert [s.url for s in soc.sources.all()] == [PRESS_RELEASE]
    assert not unsourced.sources.exists()
