"""English and Russian: URLs, the language of a page, and record texts in both languages."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from registry.models import Event, Revision
from tests.factories import (
    ChairmanshipFactory,
    CoordinatorRoleFactory,
    DimensionFactory,
    EventFactory,
    MeasureFactory,
    OrganizationFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.test_review import admin_url, approve, confirm, edit, form_data, upload

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


def test_the_sites_frame_is_in_each_pages_language(client, kazakhstan):
    """The frame is rendered once per language and kept: each language keeps its own."""
    for _ in range(2):
        english = client.get("/events/").content.decode()
        russian = client.get("/ru/events/").content.decode()
        assert "Skip to main content" in english and "Editors' sign-in" in english
        assert 'class="site-name" href="/"' in english
        assert "Перейти к основному содержанию" in russian and "Вход для редакторов" in russian
        assert 'class="site-name" href="/ru/"' in russian
        assert "Skip to main content" not in russian


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


def test_querysets_share_their_translated_class_and_still_pickle(kazakhstan):
    """modeltranslation's class for a queryset is made once, not once per queryset."""
    import pickle

    from registry.models import State

    first, second = State.objects.published(), State.objects.filter(slug="kazakhstan")
    assert type(first) is type(second)
    assert type(Event.objects.all()) is not type(first)
    with translation.override("ru"):
        loaded = pickle.loads(pickle.dumps(second))
        assert type(loaded) is type(first)
        assert [state.name for state in loaded] == ["Казахстан"]


def test_ids_come_in_the_order_the_page_shows(kazakhstan):
    from registry.models import State

    StateFactory(name="Azerbaijan", name_ru="Азербайджан", slug="azerbaijan", iso_code="AZ")
    StateFactory(name="Mongolia", name_ru="", slug="mongolia", iso_code="MN")
    # A Russian page sorts "Mongolia", shown in English, before the Cyrillic names.
    for language, names in [("en", ["AZ", "KZ", "MN"]), ("ru", ["MN", "AZ", "KZ"])]:
        with translation.override(language):
            states = State.objects.published().order_by("name")
            assert list(states.ids()) == [state.pk for state in states]
            assert [State.objects.get(pk=pk).iso_code for pk in states.ids()] == names


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


# ---------------------------------------------------------------- search in Russian

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text dictionaries are PostgreSQL's"
)


@pytest.fixture
def summits():
    sixth = EventFactory(
        title="Sixth CICA Summit",
        title_ru="Шестой саммит СВМДА",
        slug="sixth-summit",
        summary="Leaders of the member states met in Astana.",
        summary_ru="Лидеры государств-членов встретились в Астане.",
    )
    other = EventFactory(title="Business forum", title_ru="Деловой форум", slug="forum")
    return sixth, other


def hit_titles(client, url) -> str:
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    "query", ["Казахстан", "казахстан", "казахстан".upper(), "Kazakhstan", "kazakhstan"]
)
def test_russian_search_finds_a_state_by_its_name_in_any_case(client, kazakhstan, query):
    html = client.get("/ru/search/", {"q": query}).content.decode()
    assert 'href="/ru/states/kazakhstan/"' in html


def test_a_list_filters_by_russian_words_in_any_case(client, summits):
    html = client.get("/ru/events/", {"q": "САММИТ"}).content.decode()
    assert "/ru/events/sixth-summit/" in html and "/ru/events/forum/" not in html


@postgres_only
@pytest.mark.parametrize(
    "query", ["саммит", "саммита", "саммиты", "Саммитов", "государств-членов", "Астаны"]
)
def test_russian_search_understands_inflected_forms(client, summits, query):
    html = client.get("/ru/search/", {"q": query}).content.decode()
    assert 'href="/ru/events/sixth-summit/"' in html, query
    assert 'href="/ru/events/forum/"' not in html


@postgres_only
def test_english_search_still_uses_the_english_dictionary(client, summits):
    html = client.get("/search/", {"q": "summits leaders"}).content.decode()
    assert 'href="/events/sixth-summit/"' in html


def test_an_exact_title_in_the_pages_language_comes_first(client):
    EventFactory(title="Деловой форум", title_ru="Форум", slug="english-title-is-russian")
    EventFactory(title="Forum of experts", title_ru="Деловой форум", slug="russian-title")
    html = client.get("/ru/search/", {"q": "Деловой форум"}).content.decode()
    assert html.index("/ru/events/russian-title/") < html.index(
        "/ru/events/english-title-is-russian/"
    )
    html = client.get("/search/", {"q": "Деловой форум"}).content.decode()
    assert html.index("/events/english-title-is-russian/") < html.index("/events/russian-title/")


# ---------------------------------------------------------------- English fallback, marked


def test_a_russian_page_marks_the_english_text_it_falls_back_to(client, records):
    StatementFactory(
        title="Almaty Act", slug="almaty-act", summary="Signed in **2002**.", note="Dates vary."
    )
    html = client.get("/ru/statements/almaty-act/").content.decode()
    assert '<h1 lang="en">Almaty Act</h1>' in html
    assert '<div class="prose" lang="en"><p>Signed in <strong>2002</strong>.</p>' in html
    assert '<p lang="en">Dates vary.</p>' in html
    english = client.get("/statements/almaty-act/").content.decode()
    assert 'lang="en">' not in english.split("<body>")[1]


def test_a_russian_text_is_not_marked(client, records):
    html = client.get("/ru/states/kazakhstan/").content.decode()
    assert "<h1>Казахстан</h1>" in html
    assert '<div class="prose"><p>Основатель СВМДА.</p>' in html


def test_lists_and_search_mark_fallbacks_per_record(client, records):
    EventFactory(title="Expert meeting", slug="experts")
    html = client.get("/ru/events/").content.decode()
    assert '<a href="/ru/events/experts/" lang="en">Expert meeting</a>' in html
    assert '<a href="/ru/events/sixth-summit/">Шестой саммит</a>' in html
    html = client.get("/ru/search/", {"q": "meeting"}).content.decode()
    assert '<a href="/ru/events/experts/" lang="en">Expert meeting</a>' in html
    html = client.get("/ru/statements/").content.decode()
    assert '<a href="/ru/statements/astana-statement/">Астанинское заявление</a>' in html
    html = client.get("/ru/measures/").content.decode()
    assert '<a href="/ru/measures/food/" lang="en">Food security</a>' in html


@pytest.fixture
def untranslated(records, kazakhstan):
    """Records without Russian texts beside the Russian ones of `records`, linked every way a
    page names a related record: participants, host, topics, measures, chair, neighbours."""
    freedonia = StateFactory(
        name="Freedonia", slug="freedonia", joined_year=2000, note="Joined late."
    )
    energy = TopicFactory(name="Energy", slug="energy")
    first = EventFactory(
        title="First Summit",
        slug="first-summit",
        kind="summit",
        start_date=datetime.date(2002, 6, 4),
        city="Almaty",
        host=freedonia,
        participants=[freedonia, kazakhstan],
    )
    act = StatementFactory(
        title="Almaty Act",
        title_ru="Алматинский акт",
        short_title="The Act",
        slug="almaty-act",
        event=first,
        state=freedonia,
        speaker="Mr Smith",
        topics=[energy],
        endorsed_by=[freedonia],
        date=datetime.date(2030, 1, 1),  # the latest document
    )
    measure = MeasureFactory(
        title="Energy dialogue",
        slug="energy-dialogue",
        dimension=DimensionFactory(name="Economic", slug="economic"),
        topics=[energy],
        established_by=act,
    )
    CoordinatorRoleFactory(state=freedonia, measure=measure)
    ChairmanshipFactory(state=freedonia, start_date=datetime.date(2024, 1, 1))
    return freedonia


def marked(html: str, text: str) -> bool:
    """Whether `text` is the start of an element's content that is marked English."""
    return re.search(r'lang="en"\s*>\s*' + re.escape(text), html) is not None


FALLBACKS = {
    "/ru/": ["First Summit", "Freedonia"],
    "/ru/events/first-summit/": ["Freedonia", "Almaty"],
    "/ru/events/sixth-summit/": ["First Summit"],  # the previous summit
    "/ru/statements/almaty-act/": [
        "The Act",
        "First Summit",
        "Freedonia",
        "Mr Smith",
        "Energy",
        "Energy dialogue",
        "Economic",
    ],
    "/ru/statements/": ["First Summit"],
    "/ru/measures/energy-dialogue/": ["Economic", "Energy", "Freedonia"],
    "/ru/states/freedonia/": ["Freedonia", "Energy dialogue", "Economic"],
    "/ru/timeline/": ["Freedonia", "Joined late."],
    "/ru/timeline/?state=freedonia": ["Freedonia"],
    "/ru/membership/?year=2000": ["Freedonia", "Joined late."],
    "/ru/participation/": ["Freedonia", "First Summit", "Almaty"],
}


@pytest.mark.parametrize("url", FALLBACKS)
def test_every_english_fallback_on_a_russian_page_is_marked(client, untranslated, url):
    html = client.get(url).content.decode()
    for text in FALLBACKS[url]:
        assert marked(html, text), text
    for russian in ["Казахстан", "Шестой саммит", "Алматинский акт"]:
        assert not marked(html, russian)


def test_the_latest_documents_mark_an_english_title(client, untranslated):
    StatementFactory(title="Tashkent Statement", slug="tashkent", date=datetime.date(2031, 1, 1))
    assert marked(client.get("/ru/").content.decode(), "Tashkent Statement")


def test_a_russian_related_record_is_not_marked(client, untranslated):
    untranslated.name_ru = "Фридония"
    untranslated.note_ru = "Вступила поздно."
    untranslated.save()
    html = client.get("/ru/statements/almaty-act/").content.decode()
    assert "Фридония" in html and not marked(html, "Фридония")
    html = client.get("/ru/timeline/?state=freedonia").content.decode()
    assert "Фридония" in html and not marked(html, "Фридония")
    assert not marked(html, "Вступила поздно.")


# ---------------------------------------------------------------- the API and the downloads


@pytest.mark.parametrize(
    "query, headers",
    [({"lang": "ru"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9,en;q=0.5"})],
)
def test_the_api_gives_russian_texts_when_asked(client, kazakhstan, query, headers):
    response = client.get("/api/states/kazakhstan/", query, **headers)
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    data = response.json()
    assert (data["name"], data["summary"]) == ("Казахстан", "Основатель СВМДА.")
    assert data["url"] == "http://testserver/ru/states/kazakhstan/"


@pytest.mark.parametrize(
    "query, headers",
    [
        ({}, {}),
        ({"lang": "en"}, {"HTTP_ACCEPT_LANGUAGE": "ru"}),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "fr"}),
    ],
)
def test_the_api_gives_english_by_default(client, kazakhstan, query, headers):
    response = client.get("/api/states/", query, **headers)
    assert response["Content-Language"] == "en"
    assert response.json()["results"][0]["name"] == "Kazakhstan"
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_api_language_is_a_clear_400(client, kazakhstan):
    response = client.get("/api/states/", {"lang": "fr"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: en, ru."]}


def test_the_api_schema_documents_the_language(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = schema["paths"]["/api/states/"]["get"]["parameters"]
    lang = next(p for p in parameters if p["name"] == "lang")
    assert lang["in"] == "query" and lang["schema"]["enum"] == ["en", "ru"]
    assert any(p["name"] == "Accept-Language" and p["in"] == "header" for p in parameters)
    detail = schema["paths"]["/api/states/{slug}/"]["get"]["parameters"]
    assert any(p["name"] == "lang" for p in detail)


def test_the_page_cache_keeps_the_apis_languages_apart(client, kazakhstan, settings):
    settings.PAGE_CACHE = True
    for _ in range(2):
        assert client.get("/api/states/").json()["results"][0]["name"] == "Kazakhstan"
        russian = client.get("/api/states/", HTTP_ACCEPT_LANGUAGE="ru").json()
        assert russian["results"][0]["name"] == "Казахстан"


def download(client, url) -> str:
    return b"".join(client.get(url).streaming_content).decode()


@pytest.fixture
def mixed_names(kazakhstan):
    """Two states without a Russian name (the later-made first in the alphabet) beside two
    with one."""
    StateFactory(name="Zanzibar", slug="zanzibar")
    StateFactory(name="Albania", slug="albania")
    StateFactory(name="Mongolia", name_ru="Монголия", slug="mongolia")


# By the names a Russian page shows: an untranslated state sorts by its English name.
SHOWN_ORDER = ["Albania", "Zanzibar", "Казахстан", "Монголия"]


def in_order_of_appearance(text: str, names) -> list[str]:
    return sorted(names, key=text.index)


@pytest.mark.parametrize(
    "query, expected",
    [("", SHOWN_ORDER), ("?ordering=name", SHOWN_ORDER), ("?ordering=-name", SHOWN_ORDER[::-1])],
)
def test_russian_lists_sort_by_the_names_they_show(client, mixed_names, query, expected):
    html = client.get(f"/ru/states/{query}").content.decode()
    html = html[html.index("<tbody") :]
    assert in_order_of_appearance(html, SHOWN_ORDER) == expected
    exported = json.loads(download(client, f"/ru/states/export.json{query}"))
    assert [state["name"] for state in exported["results"]] == expected
    separator = "&" if query else "?"
    api = client.get(f"/api/states/{query}{separator}lang=ru").json()
    assert [state["name"] for state in api["results"]] == expected


def test_english_lists_still_sort_by_the_english_name(client, mixed_names):
    html = client.get("/states/").content.decode()
    html = html[html.index("<tbody") :]
    names = ["Albania", "Kazakhstan", "Mongolia", "Zanzibar"]
    assert in_order_of_appearance(html, names) == names


def test_russian_downloads_agree_with_the_russian_api(client, records):
    for prefix in ["states", "events", "statements", "measures", "organizations"]:
        api = client.get(f"/api/{prefix}/", {"lang": "ru"}).json()["results"]
        assert json.loads(download(client, f"/ru/{prefix}/export.json"))["results"] == api
    assert "Шестой саммит" in download(client, "/ru/events/export.csv")
    assert "Шестой саммит" not in download(client, "/events/export.csv")


def test_russian_feeds_calendars_and_glance_pages_carry_russian_texts(client, records):
    assert "Шестой саммит" in download(client, "/ru/events/calendar.ics")
    feed = client.get("/ru/events/feed.atom").content.decode()
    assert "Шестой саммит" in feed and 'xml:lang="ru"' in feed
    assert "Астанинское заявление" in client.get("/ru/statements/feed.atom").content.decode()
    assert "Шестой саммит" in client.get("/ru/timeline/").content.decode()
    assert "Шестой саммит" in download(client, "/ru/timeline/export.csv")
    assert "Казахстан" in client.get("/ru/participation/").content.decode()


def test_json_ld_names_its_language(client, records):
    def json_ld(url):
        html = client.get(url).content.decode()
        return json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))

    russian = json_ld("/ru/events/sixth-summit/")
    assert (russian["name"], russian["inLanguage"]) == ("Шестой саммит", "ru")
    assert json_ld("/events/sixth-summit/")["inLanguage"] == "en"
    assert json_ld("/ru/statements/astana-statement/")["inLanguage"] == "ru"
    state = json_ld("/ru/states/kazakhstan/")  # a Country has no inLanguage in schema.org
    assert state["name"] == "Казахстан" and "inLanguage" not in state


# ---------------------------------------------------------------- editors keep both languages


def test_the_change_form_holds_both_languages_side_by_side(editor_client, kazakhstan):
    form = editor_client.get(admin_url(kazakhstan)).context["adminform"].form
    for field in ["name", "official_name", "summary", "note"]:
        assert {f"{field}_en", f"{field}_ru"} <= set(form.fields)
        assert field not in form.fields
    assert form["name_ru"].value() == "Казахстан"
    assert type(form.fields["summary_ru"].widget).__name__ == "MarkdownTextarea"


def test_an_editors_russian_change_waits_for_review_and_enters_history(
    client, editor, publisher, kazakhstan
):
    client.force_login(editor)
    assert edit(client, kazakhstan, name_ru="Республика Казахстан").status_code == 302
    kazakhstan.refresh_from_db()
    assert kazakhstan.name_ru == "Казахстан"  # visitors keep the published text

    client.force_login(publisher)
    revision = Revision.objects.get()
    review = client.get(f"/admin/review/{revision.pk}/").content.decode()
    assert "Name [ru]" in review and "Республика Казахстан" in review
    assert approve(client, revision).status_code == 302
    kazakhstan.refresh_from_db()
    assert (kazakhstan.name_en, kazakhstan.name_ru) == ("Kazakhstan", "Республика Казахстан")

    latest, previous = kazakhstan.history.order_by("-history_date")[:2]
    assert (previous.name_ru, latest.name_ru) == ("Казахстан", "Республика Казахстан")
    compare = client.get(
        f"/admin/registry/state/{kazakhstan.pk}/history/compare/",
        {"from": previous.history_id, "to": latest.history_id},
    ).content.decode()
    assert "Name [ru]" in compare and "Республика Казахстан" in compare


def test_a_stale_form_names_the_russian_field_changed_since(client, publisher, django_user_model):
    event = EventFactory(title="Title", published_at=None)
    client.force_login(publisher)
    stale = form_data(client.get(admin_url(event)))
    event.title_ru = "Заголовок"
    event._history_user = django_user_model.objects.create_user("amina")
    event.save()
    stale["title_en"] = "Title from pat"
    page = client.post(admin_url(event), stale).content.decode()
    assert "amina changed title [ru]" in page


def test_a_spreadsheet_carries_the_russian_texts(publisher_client):
    StateFactory(slug="kazakhstan")
    header = "slug,title,title_ru,kind,start_date,date_precision,city,city_ru,host\n"
    preview = upload(
        publisher_client,
        header + "soc-1,SOC meeting,Заседание КСДЛ,senior_officials,2024-03-14,day,Astana,"
        "Астана,kazakhstan\n",
    )
    assert preview.status_code == 200
    confirm(publisher_client, preview)
    event = Event.objects.get(slug="soc-1")
    assert (event.title_en, event.title_ru, event.city_ru) == (
        "SOC meeting",
        "Заседание КСДЛ",
        "Астана",
    )
    export = publisher_client.post(
        "/admin/registry/event/export/",
        {"format": "0", **{f"eventresource_{f}": "on" for f in ("slug", "title", "title_ru")}},
    )
    assert "soc-1,SOC meeting,Заседание КСДЛ" in export.content.decode("utf-8-sig")


def test_a_russian_import_change_updates_the_russian_column(publisher_client):
    StateFactory(slug="kazakhstan")
    EventFactory(slug="soc-1", title="SOC meeting", title_ru="Старое")
    header = "slug,title,title_ru,kind,start_date,date_precision,city,host\n"
    preview = upload(
        publisher_client,
        header
        + "soc-1,SOC meeting renamed,Новое,senior_officials,2024-03-14,day,Astana,kazakhstan\n",
    )
    confirm(publisher_client, preview)
    event = Event.objects.get(slug="soc-1")
    assert (event.title_en, event.title_ru) == ("SOC meeting renamed", "Новое")
    with translation.override("ru"):
        assert event.title == "Новое"


def test_the_data_quality_page_lists_missing_translations(editor_client, kazakhstan):
    EventFactory(title="Expert meeting", slug="experts", summary="Met online.")
    page = editor_client.get("/admin/data-quality/").content.decode()
    assert "Texts without a Russian translation" in page
    assert "Expert meeting" in page and "no Russian title, city, summary" in page
    assert "no Russian name" not in page  # Kazakhstan has its Russian texts


def test_the_russian_timeline_marks_english_titles(client, records):
    EventFactory(title="Expert meeting", slug="experts")
    html = client.get("/ru/timeline/", {"kind": "event"}).content.decode()
    assert '<a href="/ru/events/experts/" lang="en">Expert meeting</a>' in html
    assert '<a href="/ru/events/sixth-summit/">Шестой саммит</a>' in html


# ---------------------------------------------------------------- Russian pages cost the same


@pytest.mark.parametrize("size", [3, 40])
def test_russian_pages_keep_the_english_query_budgets(client, django_assert_max_num_queries, size):
    from tests import test_views

    records = test_views.populate(size)
    with translation.override("ru"):
        pages = {
            (f"/ru{page}" if page.startswith("/") else records[page].get_absolute_url()): budget
            for page, budget in test_views.QUERY_BUDGET.items()
        }
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget, info=url):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [3, 40])
def test_russian_downloads_keep_the_english_query_budgets(
    client, django_assert_max_num_queries, size
):
    from tests import test_exports

    test_exports.populate(size)
    for url, budget in test_exports.QUERY_BUDGET.items():
        if url == "/sitemap.xml":
            continue
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(f"/ru{url}")
            assert response.status_code == 200 and test_exports.body(response)


@pytest.mark.parametrize("size", [3, 40])
def test_russian_glance_pages_keep_the_english_query_budgets(
    client, django_assert_max_num_queries, size
):
    from tests import test_glance

    test_glance.populate(size)
    for url, budget in test_glance.GLANCE_BUDGET.items():
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(f"/ru{url}")
            if response.streaming:
                test_glance.body(response)
        assert response.status_code == 200
