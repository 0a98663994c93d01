"""English and Russian: URLs, the language of a page, and record texts in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, StateFactory, StatementFactory

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
