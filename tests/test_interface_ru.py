"""The Russian interface: every public page under /ru/ without an English interface word, the
translation file complete and up to date, Russian dates, plurals and numbers."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from registry import glance
from registry.dates import event_dates, precise_date
from registry.models import Event
from tests.factories import (
    ChairmanshipFactory,
    CoordinatorRoleFactory,
    DimensionFactory,
    EventFactory,
    OrganizationFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from tests.helpers import day

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"

# Words and phrases of the English interface. On a Russian page none may appear outside an
# element marked lang="en" (a record's English text shown for want of a Russian one, the link
# to the English page).
ENGLISH_INTERFACE = [
    "Search",
    "Results",
    "result",
    "results",
    "Filter",
    "filters",
    "Apply",
    "Clear",
    "Sort",
    "Next",
    "Previous",
    "Page",
    "Last updated",
    "Sources",
    "accessed",
    "Download",
    "Members",
    "Observers",
    "Member",
    "Observer",
    "States",
    "State",
    "Events",
    "Event",
    "Statements",
    "Documents",
    "Measures",
    "Organisations",
    "Timeline",
    "Membership",
    "Participation",
    "Date",
    "Title",
    "Kind",
    "Place",
    "Status",
    "Region",
    "Joined",
    "Since",
    "Note",
    "Any",
    "Year",
    "Summary",
    "Topics",
    "Dimension",
    "Coordinators",
    "Coordination",
    "Host",
    "Format",
    "Online",
    "hosted by",
    "In person",
    "Participants",
    "Calendar",
    "Skip to main content",
    "sign-in",
    "Editors",
    "Draft",
    "Summit",
    "Summits",
    "Ministerial",
    "Senior Officials",
    "Who took part",
    "took part",
    "Show the states",
    "Page not found",
    "home page",
    "No records",
    "Nothing",
    "was ignored",
    "entries",
    "entry",
    "Registry",
    "Chair",
    "present",
    "Delivered",
    "Adopted",
    "Endorsed",
    "the",
    "and",
    "of",
    "in",
    "to",
    "from",
    "with",
    "is",
    "are",
    "e.g.",
]
ENGLISH = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, ENGLISH_INTERFACE)) + r")(?!\w)")
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "data-label"}


class InterfaceText(HTMLParser):
    """The text a reader meets on a page (text, labels, the meta description), less what is
    marked English and scripts (JSON-LD: data, not interface)."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "path", "line", "rect"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self.stack = []  # (tag, skipped) for open elements

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = attrs.get("lang") == "en" or tag in ("script", "style")
        if not (skipped or self.skipping):
            self.parts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES]
            if tag == "meta" and attrs.get("name") == "description":
                self.parts.append(attrs.get("content", ""))
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    return sorted({match for part in parser.parts for match in ENGLISH.findall(part or "")})


@pytest.fixture
def records(db):
    """A small registry whose record texts all have their Russian version."""
    source = SourceFactory(title="Пресс-релиз", publisher="Секретариат СВМДА")
    kazakhstan = StateFactory(
        name="Kazakhstan",
        name_ru="Казахстан",
        official_name="Republic of Kazakhstan",
        official_name_ru="Республика Казахстан",
        slug="kazakhstan",
        iso_code="KZ",
        summary="Founder of CICA.",
        summary_ru="Основатель СВМДА.",
        sources=[source],
    )
    thailand = StateFactory(
        name="Thailand",
        name_ru="Таиланд",
        slug="thailand",
        joined_year=2004,
        observer_since=2002,
        note="Sources disagree on the year.",
        note_ru="Источники расходятся в годе.",
        summary="A member.",
        summary_ru="Государство-член.",
    )
    StateFactory(
        name="Japan",
        name_ru="Япония",
        slug="japan",
        status="observer",
        joined_year=None,
        observer_since=None,
        summary="An observer.",
        summary_ru="Наблюдатель.",
    )
    ChairmanshipFactory(state=kazakhstan, start_date=day("2020-10-01"))
    summit = EventFactory(
        title="Sixth Summit",
        title_ru="Шестой саммит",
        slug="sixth-summit",
        kind=Event.Kind.SUMMIT,
        start_date=day("2022-10-12"),
        end_date=day("2022-10-13"),
        city="Astana",
        city_ru="Астана",
        host=kazakhstan,
        participants=[kazakhstan, thailand],
        summary="The sixth summit.",
        summary_ru="Шестой саммит.",
        sources=[source],
    )
    EventFactory(
        title="Ministerial Meeting",
        title_ru="Встреча министров",
        slug="ministerial",
        kind=Event.Kind.MINISTERIAL,
        start_date=day("2021-10-12"),
        date_precision="month",
        city="Nur-Sultan",
        city_ru="Нур-Султан",
        participants=[kazakhstan],
    )
    EventFactory(
        title="Senior Officials Committee",
        title_ru="Комитет старших должностных лиц",
        slug="online-soc",
        kind=Event.Kind.SENIOR_OFFICIALS,
        start_date=day("2020-10-12"),
        city="",
        is_online=True,
        host=kazakhstan,
    )
    topic = TopicFactory(name="Security", name_ru="Безопасность", slug="security")
    StatementFactory(
        title="Astana Statement",
        title_ru="Астанинское заявление",
        short_title="Astana Statement on CICA Transformation",
        short_title_ru="Астанинское заявление о трансформации СВМДА",
        slug="astana-statement",
        event=summit,
        state=kazakhstan,
        speaker="The President",
        speaker_ru="Президент",
        endorsed_by=[kazakhstan, thailand],
        topics=[topic],
        summary="On transformation.",
        summary_ru="О трансформации.",
        text="Full text.",
        text_ru="Полный текст.",
        date_precision="month",
        sources=[source],
    )
    dimension = DimensionFactory(
        name="Military-political dimension",
        name_ru="Военно-политическое измерение",
        slug="military-political",
    )
    CoordinatorRoleFactory(
        state=kazakhstan,
        measure__title="Exchange of information",
        measure__title_ru="Обмен информацией",
        measure__slug="exchange",
        measure__dimension=dimension,
        measure__topics=[topic],
        measure__description="Exchanges.",
        measure__description_ru="Обмены.",
        measure__introduced_year=2004,
    )
    OrganizationFactory(
        name="United Nations",
        name_ru="Организация Объединенных Наций",
        acronym="UN",
        acronym_ru="ООН",
        slug="un",
        since_year=2007,
        summary="An observer organisation.",
        summary_ru="Организация-наблюдатель.",
    )


RUSSIAN_PAGES = [
    "/ru/",
    "/ru/states/",
    "/ru/states/?ordering=name",
    "/ru/states/kazakhstan/",
    "/ru/states/thailand/",
    "/ru/organizations/",
    "/ru/organizations/un/",
    "/ru/events/",
    "/ru/events/sixth-summit/",
    "/ru/events/ministerial/",
    "/ru/events/online-soc/",
    "/ru/statements/",
    "/ru/statements/astana-statement/",
    "/ru/measures/",
    "/ru/measures/exchange/",
    "/ru/search/",
    "/ru/search/?q=Казахстан",
    "/ru/search/?q=zzzzzz",
    "/ru/timeline/",
    "/ru/timeline/?state=thailand",
    "/ru/membership/",
    "/ru/membership/?year=2004",
    "/ru/participation/",
    "/ru/participation/?kind=ministerial",
    "/ru/events/?kind=nonsense&year=abc",
    "/ru/statements/?event=no-such-event",
    "/ru/timeline/?from=2010&to=2000",
]


@pytest.mark.parametrize("url", RUSSIAN_PAGES)
def test_russian_pages_have_no_english_interface_word(client, records, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert english_words(html) == []


def test_the_russian_404_page_is_russian(client, records):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert english_words(html) == []


def test_a_bad_filter_value_is_explained_in_russian(client, records):
    html = client.get("/ru/events/?kind=nonsense").content.decode()
    assert "Некоторые фильтры не удалось применить:" in html
    assert "Значение «nonsense» фильтра «Вид» не учтено:" in html


def test_search_counts_and_finds_in_russian(client, records):
    found = client.get("/ru/search/?q=Казахстан").content.decode()
    assert re.search(r"<strong>\d+</strong> результат", found)
    assert (
        "По запросу «zzzzzz» ничего не найдено."
        in client.get("/ru/search/?q=zzzzzz").content.decode()
    )


def test_the_checker_sees_english(client, records):
    """The word list catches English on a page (the English page has plenty)."""
    english = client.get("/states/kazakhstan/").content.decode()
    assert {"Search", "Sources", "Last updated"} <= set(
        english_words(english.replace('<html lang="en">', "<html>"))
    )


def test_russian_dates():
    with translation.override("ru"):
        assert precise_date(day("2022-10-13")) == "13 октября 2022 г."
        assert precise_date(day("2022-10-01"), "month") == "октябрь 2022 г."
        assert precise_date(day("2004-01-01"), "year") == "2004 г."
        assert event_dates(
            EventFactory.build(start_date=day("2022-10-12"), end_date=day("2022-10-13"))
        ) == ("12–13 октября 2022 г.")
        assert event_dates(
            EventFactory.build(start_date=day("2025-05-30"), end_date=day("2025-06-02"))
        ) == ("30 мая – 2 июня 2025 г.")
        assert event_dates(
            EventFactory.build(start_date=day("2024-12-30"), end_date=day("2025-01-02"))
        ) == ("30 декабря 2024 г. – 2 января 2025 г.")


def test_english_dates_are_unchanged():
    with translation.override("en"):
        assert precise_date(day("2022-10-13")) == "13 October 2022"
        assert precise_date(day("2007-03-01"), "month") == "March 2007"
        assert precise_date(day("2004-01-01"), "year") == "2004"
        assert event_dates(
            EventFactory.build(start_date=day("2025-05-30"), end_date=day("2025-06-02"))
        ) == ("30 May – 2 June 2025")


def test_russian_pages_write_dates_the_russian_way(client, records):
    event = client.get("/ru/events/sixth-summit/").content.decode()
    assert "12–13 октября 2022 г." in event
    statement = client.get("/ru/statements/astana-statement/").content.decode()
    assert "октябрь 2022 г." in statement
    assert "(известен только месяц)" in statement
    home = client.get("/ru/").content.decode()
    assert "с 1 октября 2020 г." in home


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1</strong> событие"),
        (3, "3</strong> события"),
        (5, "5</strong> событий"),
        (21, "21</strong> событие"),
    ],
)
def test_the_home_page_counts_in_russian_plurals(client, db, count, words):
    EventFactory.create_batch(count)
    assert words in client.get("/ru/").content.decode()


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 результат"), (3, "3 результата"), (21, "21 результат"), (5, "5 результатов"),
     (11, "11 результатов")],
)  # fmt: skip
def test_russian_plurals(count, words):
    with translation.override("ru"):
        html = render_to_string("registry/_partials/_result_count.html", {"result_count": count})
    assert words in re.sub(r"</?strong>", "", html)


def test_membership_changes_are_summed_up_in_russian_plurals():
    entries = [
        glance.Entry(day("2004-01-01"), "year", "membership", "", "", "", "", change="member")
    ]
    with translation.override("ru"):
        assert glance.Item(entries * 21).summary == "21 государство становится членом"
        assert glance.Item(entries * 3).summary == "3 государства становятся членами"
        assert glance.Item(entries * 5).summary == "5 государств становятся членами"
    with translation.override("en"):
        assert glance.Item(entries * 3).summary == "3 states become members"


def test_russian_numbers_are_grouped_the_russian_way():
    context = {"result_count": 10_000, "result_count_capped": True}
    with translation.override("ru"):
        assert "Результатов больше <strong>10\xa0000</strong>" in render_to_string(
            "registry/_partials/_result_count.html", context
        )
    with translation.override("en"):
        assert "More than <strong>10,000</strong> results" in render_to_string(
            "registry/_partials/_result_count.html", context
        )


def test_downloads_keep_their_column_keys_in_russian(client, records):
    english = client.get("/states/export.csv").getvalue().decode().splitlines()[0]
    russian = client.get("/ru/states/export.csv").getvalue().decode().splitlines()[0]
    assert russian == english
    assert client.get("/ru/states/export.csv")["Content-Disposition"].startswith(
        'attachment; filename="cica-states-'
    )


def test_every_message_has_its_russian_translation():
    po = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty_plurals = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and not all(entry.msgstr_plural.get(i) for i in range(4))
    ]
    assert (untranslated, fuzzy, empty_plurals, po.obsolete_entries()) == ([], [], [], [])
    assert not po.metadata_is_fuzzy


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_the_translation_file_holds_every_message_of_the_code(tmp_path, settings, monkeypatch):
    """makemessages, run afresh on the code and templates, finds no message the committed .po
    lacks (or no longer needs). It runs in a scratch directory that links to the sources, so
    the committed file is left alone."""
    for name in ("cica_site", "registry", "templates"):
        (tmp_path / name).symlink_to(Path(settings.BASE_DIR) / name)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["ru"], symlinks=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PO_FILE))

    def keys(po):
        return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po}

    assert keys(fresh) == keys(committed)
