"""English and Russian: URLs, the language of a page, and record texts in both languages."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    CoordinatorRoleFactory,
    EventFactory,
    OrganizationFactory,
    StateFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan():
    return StateFactory(
        name="Kazakhstan",
        name_ru="Казахстан",
        slug="kazakhstan",
        iso_code="KZ",
        summary="Founder of CICA.",
        summary_ru="Основатель СВМДА.",
    )


RUSSIAN_PAGES = [
    "/ru/",
    "/ru/states/",
    "/ru/states/kazakhstan/",
    "/ru/events/?kind=summit",
    "/ru/search/?q=Kazakhstan",
    "/ru/timeline/",
    "/ru/membership/",
    "/ru/participation/",
    "/ru/events/export.csv",
    "/ru/states/export.json",
    "/ru/timeline/export.json",
    "/ru/events/feed.atom",
    "/ru/events/calendar.ics",
]


@pytest.mark.parametrize("url", RUSSIAN_PAGES)
def test_russian_pages_live_under_ru_with_the_same_slugs_and_query(client, kazakhstan, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"


@pytest.mark.parametrize("url", [u.removeprefix("/ru") for u in RUSSIAN_PAGES])
def test_english_pages_stay_at_their_unprefixed_urls(client, kazakhstan, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_the_language_comes_from_the_url_only(client, kazakhstan):
    """A Russian browser or cookie gets the English page at an English URL, without redirect."""
    client.cookies["django_language"] = "ru"
    response = client.get("/states/kazakhstan/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert response.status_code == 200
    assert "Kazakhstan" in response.text and "Казахстан</h1>" not in response.text
    assert "accept-language" not in response.get("Vary", "").lower()


def test_reversed_urls_follow_the_active_language(kazakhstan):
    assert reverse("registry:state_detail", args=["kazakhstan"]) == "/states/kazakhstan/"
    assert kazakhstan.get_absolute_url() == "/states/kazakhstan/"
    with translation.override("ru"):
        assert reverse("registry:state_detail", args=["kazakhstan"]) == "/ru/states/kazakhstan/"
        assert kazakhstan.get_absolute_url() == "/ru/states/kazakhstan/"


@pytest.mark.parametrize(
    "url", ["/ru/api/states/", "/ru/admin/", "/ru/healthz", "/ru/sitemap.xml", "/ru/robots.txt"]
)
def test_language_neutral_endpoints_have_no_russian_prefix(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/api/states/", "/healthz", "/sitemap.xml", "/robots.txt"])
def test_language_neutral_endpoints_stay_unprefixed(client, url):
    assert client.get(url).status_code == 200


def test_no_request_leaves_its_language_active(client, kazakhstan):
    client.get("/ru/events/export.csv")
    assert translation.get_language() == "en"
    state = StateFactory(name="Mongolia")
    assert state.name_en == "Mongolia" and not state.name_ru


def test_a_russian_text_is_read_in_russian_and_falls_back_to_english(kazakhstan):
    event = EventFactory(title="Sixth Summit", title_ru="")
    with translation.override("ru"):
        assert kazakhstan.name == "Казахстан"
        assert event.title == "Sixth Summit"
    assert kazakhstan.name == "Kazakhstan"


def test_markdown_html_is_stored_per_language():
    statement = StatementFactory(
        summary="Adopted **unanimously**.", summary_ru="Принят **единогласно**."
    )
    assert statement.summary_html_en == "<p>Adopted <strong>unanimously</strong>.</p>\n"
    assert statement.summary_html_ru == "<p>Принят <strong>единогласно</strong>.</p>\n"
    with translation.override("ru"):
        assert "единогласно" in statement.summary_html


@pytest.fixture
def records(kazakhstan):
    """One record of each kind, in both languages."""
    summit = EventFactory(
        title="Sixth Summit",
        title_ru="Шестой саммит",
        slug="sixth-summit",
        kind="summit",
        host=kazakhstan,
        participants=[kazakhstan],
    )
    StatementFactory(
        title="Astana Statement",
        title_ru="Астанинское заявление",
        slug="astana-statement",
        event=summit,
    )
    CoordinatorRoleFactory(state=kazakhstan, measure__title="Food security", measure__slug="food")
    OrganizationFactory(name="United Nations", name_ru="Организация Объединённых Наций", slug="un")


PAGES = [
    "/",
    "/states/",
    "/states/kazakhstan/",
    "/organizations/un/",
    "/events/?kind=summit&ordering=date",
    "/events/sixth-summit/",
    "/statements/astana-statement/",
    "/measures/?dimension=dimension-1",
    "/measures/food/",
    "/search/?q=summit",
    "/timeline/?kind=event",
    "/membership/?year=2020",
    "/participation/",
    "/no-such-page/",
]


def alternates(html: str) -> dict:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("english", PAGES)
def test_every_page_names_its_language_its_counterpart_and_links_to_it(client, records, english):
    russian = f"/ru{english}"
    for url, language, other in [(english, "en", russian), (russian, "ru", english)]:
        html = client.get(url).content.decode()
        assert f'<html lang="{language}">' in html
        assert alternates(html) == {
            "en": f"http://testserver{english}".replace("&", "&amp;"),
            "ru": f"http://testserver{russian}".replace("&", "&amp;"),
            "x-default": f"http://testserver{english}".replace("&", "&amp;"),
        }
        switch = re.search(r'<a class="language-switch" href="([^"]+)" hreflang="(\w+)"', html)
        assert switch.groups() == (other.replace("&", "&amp;"), "ru" if language == "en" else "en")


def test_the_switch_keeps_the_filters_in_their_canonical_order(client, records):
    html = client.get("/events/?year=&ordering=date&kind=summit").content.decode()
    assert 'class="language-switch" href="/ru/events/?kind=summit&amp;ordering=date"' in html
    assert ">Русский</a>" in html
    assert ">English</a>" in client.get("/ru/events/").content.decode()


def test_the_sitemap_lists_both_languages_with_alternates(client, records):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ["/", "/states/kazakhstan/", "/events/sixth-summit/", "/timeline/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml
        assert f"<loc>http://testserver/ru{path}</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="ru" href="http://testserver/ru/states/kazakhstan/"/>'
        in xml
    )
    assert 'hreflang="x-default" href="http://testserver/states/kazakhstan/"' in xml


def test_the_page_cache_keeps_each_language_apart(records, settings):
    settings.PAGE_CACHE = True
    visitor = Client()
    for _ in range(2):  # a miss, then a hit, for each language in turn
        english = visitor.get("/states/kazakhstan/").content.decode()
        russian = visitor.get("/ru/states/kazakhstan/").content.decode()
        assert '<html lang="en">' in english and "Казахстан" not in english
        assert '<html lang="ru">' in russian and "Казахстан" in russian
    assert (
        visitor.get("/ru/states/kazakhstan/")["ETag"] != visitor.get("/states/kazakhstan/")["ETag"]
    )
