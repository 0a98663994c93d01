"""The real CICA data (fixtures/cica.json) loads into any database, twice, and keeps its facts."""

import datetime
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.validators import URLValidator
from django.db import transaction

from registry.models import (
    Chairmanship,
    CoordinatorRole,
    DatePrecision,
    Event,
    Measure,
    Organization,
    Source,
    State,
    Statement,
)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "cica.json"

pytestmark = pytest.mark.django_db


def load_cica():
    call_command("loaddata", "cica", verbosity=0)


def registry_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("registry").get_models()
    }


@pytest.fixture(scope="module")
def cica(django_db_setup, django_db_blocker):
    """The fixture loaded once for this module, inside a transaction rolled back at its end.

    Each test still runs in its own savepoint (the django_db mark), so tests cannot affect
    each other, and no data leaks into other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_cica()
        yield
        transaction.set_rollback(True)


def member_isos(queryset):
    return set(queryset.values_list("iso_code", flat=True))


# ---------------------------------------------------------------- the file itself


def test_fixture_uses_natural_keys_only():
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert records
    for record in records:
        assert "pk" not in record
        assert "search_vector" not in record["fields"]
        assert "coordinators" not in record["fields"]


def test_fixture_keeps_non_ascii_as_is():
    text = FIXTURE.read_text(encoding="utf-8")
    assert "Türkiye" in text
    assert "\\u00fc" not in text


# ---------------------------------------------------------------- loading


def test_loading_twice_changes_no_count():
    # Whether or not the module's data is already there, loading again changes nothing.
    load_cica()
    first = registry_counts()
    load_cica()
    assert registry_counts() == first
    assert first["registry.State"] == 40
    assert first["registry.Measure"] == 18


def test_loading_twice_keeps_fixed_timestamps(cica):
    first_published = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    sources_applied = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
    load_cica()
    kuwait = State.objects.get(iso_code="KW")
    assert kuwait.published_at == first_published
    assert kuwait.created_at == first_published
    assert kuwait.updated_at == sources_applied


# ---------------------------------------------------------------- states


def test_member_observer_and_former_observer_counts(cica):
    assert State.objects.filter(status=State.Status.MEMBER).count() == 28
    assert State.objects.filter(status=State.Status.OBSERVER).count() == 10
    assert State.objects.filter(status=State.Status.FORMER_OBSERVER).count() == 2
    assert member_isos(State.objects.filter(status=State.Status.FORMER_OBSERVER)) == {"AU", "LB"}
    assert State.objects.published().count() == 40


def test_no_wrongly_listed_members(cica):
    assert not State.objects.filter(iso_code__in=["AM", "IS", "NO", "KP"]).exists()


def test_every_member_has_a_joining_year(cica):
    assert not State.objects.filter(status=State.Status.MEMBER, joined_year__isnull=True).exists()


def test_membership_growth_matches_the_sources(cica):
    growth = {1999: 15, 2002: 16, 2004: 17, 2006: 18, 2008: 20, 2010: 22, 2011: 24, 2014: 26}
    growth |= {2018: 27, 2022: 28}
    members = State.objects.filter(status=State.Status.MEMBER)
    for year, count in growth.items():
        assert members.filter(joined_year__lte=year).count() == count, year


def test_kuwait_joined_in_2022(cica):
    kuwait = State.objects.get(iso_code="KW")
    assert kuwait.status == State.Status.MEMBER
    assert kuwait.joined_year == 2022
    assert Event.objects.get(slug="sixth-summit-2022").participants.filter(iso_code="KW").exists()
    assert (
        not Event.objects.get(slug="informal-ministerial-2022-09-22")
        .participants.filter(iso_code="KW")
        .exists()
    )


def test_thailand_joined_in_2004(cica):
    thailand = State.objects.get(iso_code="TH")
    assert thailand.joined_year == 2004
    assert thailand.observer_until == 2004
    assert thailand.observer_since == 2001  # on a list of observers of November 2001
    assert "2006" in thailand.note  # the disagreeing source is explained


def test_afghanistan_year_is_marked_uncertain(cica):
    afghanistan = State.objects.get(iso_code="AF")
    assert afghanistan.joined_year == 2001
    assert "uncertain" in afghanistan.note
    assert "not confirmed" in afghanistan.note


def test_saudi_arabia_is_an_observer_since_2023(cica):
    saudi = State.objects.get(iso_code="SA")
    assert saudi.status == State.Status.OBSERVER
    assert saudi.observer_since == 2023
    assert saudi.slug == "saudi-arabia"


def test_former_observers_before_membership(cica):
    assert State.objects.get(iso_code="BD").observer_since == 2010
    assert State.objects.get(iso_code="QA").observer_since == 2008
    assert State.objects.get(iso_code="LK").observer_until == 2018
    korea = State.objects.get(iso_code="KR")
    assert (korea.observer_since, korea.observer_until) == (1999, 2006)  # at the 1st Ministerial


def test_state_names_and_slugs(cica):
    assert State.objects.get(iso_code="TR").slug == "turkiye"
    assert State.objects.get(iso_code="TR").name == "Türkiye"
    assert State.objects.get(iso_code="LA").slug == "lao-pdr"
    assert State.objects.get(iso_code="RU").region == "north_asia"
    assert State.objects.get(iso_code="US").official_name == "United States of America"


# ---------------------------------------------------------------- events


def test_six_published_summits_and_a_draft_seventh(cica):
    summits = Event.objects.published().filter(kind=Event.Kind.SUMMIT)
    assert summits.count() == 6
    assert sorted(summits.values_list("ordinal", flat=True)) == [1, 2, 3, 4, 5, 6]
    seventh = Event.objects.get(slug="seventh-summit-2026")
    assert seventh.published_at is None
    assert not Event.objects.published().filter(slug="seventh-summit-2026").exists()
    assert Event.objects.drafts().filter(slug="seventh-summit-2026").exists()
    assert seventh.date_precision == DatePrecision.YEAR
    assert seventh.host.iso_code == "AZ"
    assert "planned" in seventh.note.lower()


def test_summit_dates_and_hosts(cica):
    third = Event.objects.get(slug="third-summit-2010")
    assert (third.start_date, third.end_date) == (
        datetime.date(2010, 6, 7),
        datetime.date(2010, 6, 9),
    )
    assert third.host.iso_code == "TR"
    sixth = Event.objects.get(slug="sixth-summit-2022")
    assert sixth.end_date == datetime.date(2022, 10, 13)
    assert sixth.participants.count() == 28


def test_first_ministerial_has_the_fifteen_founders(cica):
    first = Event.objects.get(slug="first-ministerial-1999")
    assert first.participants.count() == 15
    assert not first.participants.filter(iso_code="AF").exists()


def test_seventh_ministerial_was_online_hosted_by_azerbaijan(cica):
    seventh = Event.objects.get(slug="seventh-ministerial-2024")
    assert seventh.is_online
    assert seventh.host.iso_code == "AZ"
    assert seventh.date_precision == DatePrecision.DAY


def test_committee_meetings_list_no_participants(cica):
    meetings = Event.objects.filter(
        kind__in=[Event.Kind.SENIOR_OFFICIALS, Event.Kind.WORKING_GROUP, Event.Kind.FORUM]
    )
    assert meetings.count() > 20
    assert not meetings.filter(participants__isnull=False).exists()


# ---------------------------------------------------------------- statements


def test_astana_statement(cica):
    statement = Statement.objects.get(slug="astana-statement-on-cica-transformation")
    assert statement.date == datetime.date(2022, 10, 13)
    assert statement.date_precision == DatePrecision.DAY
    assert statement.event.slug == "sixth-summit-2022"
    assert statement.short_title == "Astana Statement"
    assert statement.topics.filter(slug="transformation").exists()
    assert statement.endorsed_by.count() == 28


def test_almaty_act_adopted_at_the_first_summit_by_sixteen_states(cica):
    act = Statement.objects.get(slug="almaty-act")
    assert act.kind == Statement.Kind.ACT
    assert act.event.slug == "first-summit-2002"
    assert act.endorsed_by.count() == 16
    assert act.endorsed_by.filter(iso_code="AF").exists()


def test_declaration_on_principles_endorsed_by_the_founders(cica):
    declaration = Statement.objects.get(slug="declaration-on-principles")
    assert declaration.date == datetime.date(1999, 9, 14)
    assert declaration.endorsed_by.count() == 15


def test_kazakhstan_unsc_statement(cica):
    speech = Statement.objects.get(slug="kazakhstan-statement-unsc-2023")
    assert speech.kind == Statement.Kind.SPEECH
    assert speech.state.iso_code == "KZ"
    assert "Akan Rakhmetullin" in speech.speaker
    assert speech.event.kind == Event.Kind.EXTERNAL
    assert speech.event.start_date == datetime.date(2023, 10, 20)
    assert speech.endorsed_by.count() == 0


def test_catalogue_of_cbms(cica):
    catalogue = Statement.objects.get(slug="catalogue-of-cbms")
    assert catalogue.kind == Statement.Kind.CATALOGUE
    assert catalogue.date == datetime.date(2004, 10, 22)
    assert catalogue.event.slug == "second-ministerial-2004"
    assert catalogue.endorsed_by.filter(iso_code="TH").exists()
    assert catalogue.established_measures.count() == 18


def test_decisions_outside_meetings(cica):
    saudi = Statement.objects.get(slug="decision-saudi-arabia-observer-2023")
    assert saudi.kind == Statement.Kind.DECISION
    assert saudi.event is None
    assert saudi.date == datetime.date(2023, 12, 26)
    azerbaijan = Statement.objects.get(slug="decision-azerbaijan-chairmanship-2024")
    assert azerbaijan.date == datetime.date(2024, 3, 19)


def test_imprecise_dates_are_explained(cica):
    cooperative = Statement.objects.get(slug="cooperative-approach")
    assert cooperative.date_precision == DatePrecision.MONTH
    for statement in Statement.objects.exclude(date_precision=DatePrecision.DAY):
        assert statement.note, statement.slug
    for event in Event.objects.exclude(date_precision=DatePrecision.DAY):
        assert event.note, event.slug


# ---------------------------------------------------------------- measures and chairs


def test_russia_coordinates_ict_security_with_china(cica):
    ict = Measure.objects.get(slug="ict-security")
    roles = {(role.state.iso_code, role.role) for role in ict.roles.all()}
    assert roles == {("RU", "coordinator"), ("CN", "co_coordinator")}
    assert ict.dimension.slug == "new-challenges-and-threats"
    assert ict.introduced_year == 2021


def test_epidemiological_safety_has_no_coordinator(cica):
    measure = Measure.objects.get(slug="epidemiological-safety")
    assert not measure.roles.filter(role=CoordinatorRole.Role.COORDINATOR).exists()
    co = set(measure.roles.values_list("state__iso_code", flat=True))
    assert co == {"CN", "JO"}
    assert "not confirmed" in measure.note


def test_human_dimension_coordinators(cica):
    measure = Measure.objects.get(slug="human-dimension")
    assert measure.roles.get(role=CoordinatorRole.Role.COORDINATOR).state.iso_code == "UZ"
    co = measure.roles.filter(role=CoordinatorRole.Role.CO_COORDINATOR)
    assert set(co.values_list("state__iso_code", flat=True)) == {"CN", "IN", "KZ", "KG"}


def test_every_measure_is_established_by_the_catalogue(cica):
    assert Measure.objects.count() == 18
    assert not Measure.objects.exclude(established_by__slug="catalogue-of-cbms").exists()


def test_current_chair_is_azerbaijan(cica):
    current = Chairmanship.objects.get(end_date__isnull=True)
    assert current.state.iso_code == "AZ"
    assert current.start_date == datetime.date(2024, 12, 17)


def test_chairmanships_follow_each_other(cica):
    chairs = list(Chairmanship.objects.order_by("start_date"))
    assert len(chairs) == 7
    assert chairs[0].state.iso_code == "KZ"
    assert chairs[0].start_precision == DatePrecision.YEAR
    for previous, following in itertools.pairwise(chairs):
        assert previous.end_date == following.start_date


def test_organizations(cica):
    assert Organization.objects.filter(status="observer").count() == 5
    assert Organization.objects.filter(status="partner").count() == 8
    assert Organization.objects.filter(status="former_observer").count() == 1
    assert Organization.objects.get(slug="shanghai-cooperation-organisation").since_year == 2014


# ---------------------------------------------------------------- sources


# Records whose facts come from a public address given in the facts sheet.
SOURCED = [
    (State, {"iso_code": "KW"}),
    (State, {"iso_code": "SA"}),
    (State, {"iso_code": "AF"}),
    (State, {"iso_code": "US"}),
    (State, {"iso_code": "IQ"}),
    (Event, {"slug": "first-ministerial-1999"}),
    (Event, {"slug": "fourth-summit-2014"}),
    (Event, {"slug": "sixth-summit-2022"}),
    (Event, {"slug": "ministerial-conference-environment-2024"}),
    (Event, {"slug": "secretariat-headquarters-opening-2025"}),
    (Statement, {"slug": "astana-statement-on-cica-transformation"}),
    (Statement, {"slug": "road-map-for-cica-transformation"}),
    (Statement, {"slug": "shanghai-declaration"}),
    (Statement, {"slug": "decision-saudi-arabia-observer-2023"}),
    (Measure, {"slug": "human-dimension"}),
]


def test_records_from_a_public_address_link_to_it(cica):
    for model, lookup in SOURCED:
        record = model.objects.published().get(**lookup)
        assert record.source_url.startswith(("https://", "http://")), record
        assert record.sources.specific().exists(), record


def test_kuwait_cites_the_news_report(cica):
    kuwait = State.objects.get(iso_code="KW")
    urls = [source.url for source in kuwait.sources.all()]
    assert any(url.startswith(KUWAIT_REPORT) for url in urls)
    assert kuwait.source_url == urls[0]


KUWAIT_REPORT = "https://www.inform.kz/en/kuwait-joins-cica-as-28th-member-state_a3990035"


def test_every_source_is_a_web_address_and_no_home_page_is_cited(cica):
    validate = URLValidator(schemes=["http", "https"])
    for source in Source.objects.all():
        validate(source.url)
        assert source.is_specific, source.url  # a home page supports no claim


def test_at_least_95_percent_of_published_records_cite_a_specific_page(cica):
    published = with_specific = 0
    for model in (State, Organization, Event, Statement, Measure):
        records = model.objects.published()
        published += records.count()
        with_specific += records.with_specific_source().count()
    assert with_specific / published >= 0.95, f"{with_specific} of {published}"


def test_a_published_record_without_a_specific_source_says_so(cica):
    for model in (State, Organization, Event, Statement, Measure):
        for record in model.objects.published().without_specific_source():
            assert "No public source" in record.note or "No source found" in record.note, record


def test_sources_have_titles_and_publishers_where_the_research_gave_them(cica):
    source = Source.objects.get(url=TREND_SEVENTH_MINISTERIAL)
    assert source.title
    assert source.publisher == "Trend"
    assert source.accessed == datetime.date(2026, 11, 30)


# ---------------------------------------------------------------- corrections (issue 13)

TREND_SEVENTH_MINISTERIAL = "https://en.trend.az/azerbaijan/politics/3983314.html"


def cites(record, url):
    return record.sources.filter(url=url).exists()


def test_soc_of_19_april_2023_was_a_video_conference(cica):
    soc = Event.objects.get(slug="soc-2023-04-19")
    assert soc.is_online  # s-cica.org press release 1636: "in a video-conference format"
    assert soc.host.iso_code == "KZ"  # chaired from Kazakhstan's foreign ministry
    assert cites(soc, "https://s-cica.org/index.php?id=1636&view=press_releases")


def test_beijing_declaration_is_dated_28_april_2016(cica):
    declaration = Statement.objects.get(slug="ministerial-declaration-2016")
    assert declaration.date == datetime.date(2016, 4, 28)
    assert declaration.date_precision == DatePrecision.DAY
    assert declaration.title.startswith("Declaration of the Fifth Meeting of the Ministers")
    assert declaration.event.slug == "fifth-ministerial-2016"


def test_seventh_ministerial_note_says_27_members_took_part(cica):
    seventh = Event.objects.get(slug="seventh-ministerial-2024")
    assert "27 member countries" in seventh.note
    assert "no source found names the member that was absent" in seventh.note
    assert seventh.source_url == TREND_SEVENTH_MINISTERIAL
    assert seventh.is_online


def test_online_working_group_meetings(cica):
    for slug in ["swg-2022-12-12", "swg-2024-03-12"]:
        meeting = Event.objects.get(slug=slug)
        assert meeting.is_online, slug
        assert (meeting.city, meeting.host.iso_code) == ("Astana", "KZ"), slug


def test_soc_of_december_2019_met_on_18_and_19_december(cica):
    soc = Event.objects.get(slug="soc-2019-12-17")
    assert (soc.start_date, soc.end_date) == (
        datetime.date(2019, 12, 18),
        datetime.date(2019, 12, 19),
    )


def test_meetings_chaired_from_kazakhstan_name_it_as_host(cica):
    for slug in ["swg-2020-12-09", "swg-soc-2021-06-21", "soc-2022-03-30", "soc-2022-12-14"]:
        assert Event.objects.get(slug=slug).host.iso_code == "KZ", slug


def test_official_titles(cica):
    titles = {
        "protocol-on-moving-the-secretariat": (
            "Protocol on Amendments to the Agreement on the CICA Secretariat"
        ),
        "chairmanship-statement-2021": (
            "Statement by the Chairmanship on the Sixth Meeting of the CICA Ministers of Foreign "
            "Affairs"
        ),
        "concept-paper-on-illicit-drugs": (
            "Concept Paper on Cooperation among CICA Member States in Combating Illicit Drug "
            "Production, Trafficking and Precursors"
        ),
        "istanbul-chairmans-conclusions": "Chairman's Conclusion of the Third CICA Summit",
    }
    for slug, title in titles.items():
        assert Statement.objects.get(slug=slug).title == title


def test_observer_years_from_the_earliest_lists(cica):
    for iso in ["LB", "TH", "VN"]:  # on a list of ten observers of November 2001
        assert State.objects.get(iso_code=iso).observer_since == 2001, iso
    turkpa = Organization.objects.get(slug="turkpa")
    assert turkpa.since_year == 2013
    assert "inferred" in turkpa.note


def test_epidemiological_safety_was_introduced_in_2020(cica):
    assert Measure.objects.get(slug="epidemiological-safety").introduced_year == 2020


def test_a_home_page_is_replaced_by_the_page_that_supports_the_record(cica):
    first = Event.objects.get(slug="first-summit-2002")
    assert first.source_url == "https://www.s-cica.org/index.php?view=page&t=first-summit"
    kazakhstan_2020 = Chairmanship.objects.get(state__iso_code="KZ", start_date__year=2020)
    assert "2020-2022" in kazakhstan_2020.note


def test_notes_speak_to_visitors(cica):
    for model in (State, Organization, Event, Statement, Measure, Chairmanship):
        for note in model.objects.exclude(note="").values_list("note", flat=True):
            assert "fixture" not in note
            assert "developer" not in note
            assert "Suggested observers" not in note
            assert "in the note" not in note.lower()


# ---------------------------------------------------------------- added records (issue 13)


def test_convention_on_privileges_and_immunities_signed_at_the_third_summit(cica):
    convention = Statement.objects.get(slug="convention-on-privileges-and-immunities")
    assert convention.title == (
        "Convention on the Privileges and Immunities of the CICA Secretariat, its Personnel and "
        "Representatives of Members"
    )
    assert convention.kind == Statement.Kind.AGREEMENT
    assert convention.date == datetime.date(2010, 6, 8)
    assert convention.event.slug == "third-summit-2010"
    assert convention.is_public


def test_general_guidelines_for_cbm_events_adopted_by_the_soc_in_june_2021(cica):
    guidelines = Statement.objects.get(slug="general-guidelines-for-cbm-events-2021")
    assert guidelines.title.startswith("General Guidelines for Conducting Events on Implementation")
    assert guidelines.date == datetime.date(2021, 6, 23)
    assert guidelines.event.slug == "swg-soc-2021-06-21"


def test_concept_papers_2007_to_2023_with_their_coordinating_states(cica):
    papers = Statement.objects.published().filter(kind=Statement.Kind.CONCEPT_PAPER)
    years = set(papers.values_list("date__year", flat=True))
    assert {2007, 2008, 2009, 2022, 2023} <= years
    assert Statement.objects.get(slug="concept-paper-tourism-2009").state.iso_code == "TJ"
    assert Statement.objects.get(slug="concept-paper-ict-security-2022").state.iso_code == "RU"


def test_meetings_of_2021_to_2025_added(cica):
    baku = Event.objects.get(slug="soc-2025-02-27")
    assert (baku.city, baku.host.iso_code, baku.start_date) == (
        "Baku",
        "AZ",
        datetime.date(2025, 2, 27),
    )
    for slug in ["soc-2021-09-30", "swg-2022-09-28", "soc-2024-12-online", "swg-2025-02-26"]:
        assert Event.objects.published().filter(slug=slug).exists(), slug
    monthly = Event.objects.get(slug="soc-2021-09-30")
    assert monthly.date_precision == DatePrecision.MONTH
    assert monthly.note


def test_turkiye_co_coordinates_small_and_medium_enterprises(cica):
    role = CoordinatorRole.objects.get(
        measure__slug="small-and-medium-enterprises", state__iso_code="TR"
    )
    assert role.role == CoordinatorRole.Role.CO_COORDINATOR


def test_seventh_summit_is_still_only_planned(cica):
    seventh = Event.objects.get(slug="seventh-summit-2026")
    assert seventh.published_at is None
    assert "not held" in seventh.note
    assert seventh.date_precision == DatePrecision.YEAR


def test_applying_the_research_again_changes_nothing():
    script = Path(__file__).resolve().parent.parent / "scripts" / "apply_research.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- Russian texts (issue 14)

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def run_apply_translations(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPTS / "apply_translations.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_applying_the_translations_again_changes_nothing():
    result = run_apply_translations("--check")
    assert result.returncode == 0, result.stdout


def test_every_translated_field_with_english_text_has_russian_in_the_fixture():
    sys.path.insert(0, str(SCRIPTS))
    try:
        from apply_translations import missing
    finally:
        sys.path.remove(str(SCRIPTS))
    assert missing(json.loads(FIXTURE.read_text(encoding="utf-8"))) == []


def test_the_translations_check_fails_when_fixture_and_files_disagree(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "state.json").write_text(
        json.dumps({"kazakhstan": {"name": "Казахстан (изменено)"}}), encoding="utf-8"
    )
    fixture = tmp_path / "cica.json"
    fixture.write_bytes(FIXTURE.read_bytes())
    args = ["--records", str(records), "--fixture", str(fixture)]

    result = run_apply_translations("--check", *args)
    assert result.returncode == 1 and "would change" in result.stdout
    assert fixture.read_bytes() == FIXTURE.read_bytes()

    assert run_apply_translations(*args).returncode == 0
    written = {e["fields"].get("slug"): e["fields"] for e in json.loads(fixture.read_text("utf-8"))}
    assert written["kazakhstan"]["name_ru"] == "Казахстан (изменено)"
    assert "name_ru" not in written["china"]  # the files are the whole truth
    assert run_apply_translations("--check", *args).returncode == 0


def test_the_translations_refuse_an_unknown_record_or_field(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "state.json").write_text(
        json.dumps({"atlantis": {"name": "Атлантида"}, "china": {"region": "Азия"}}),
        encoding="utf-8",
    )
    fixture = tmp_path / "cica.json"
    fixture.write_bytes(FIXTURE.read_bytes())
    result = run_apply_translations("--records", str(records), "--fixture", str(fixture))
    assert result.returncode == 1
    assert "state atlantis: no such record" in result.stdout
    assert "state china: region is not translated" in result.stdout
    assert fixture.read_bytes() == FIXTURE.read_bytes()


def test_the_fixtures_load_in_english_and_russian(cica):
    kazakhstan = State.objects.get(iso_code="KZ")
    assert (kazakhstan.name_en, kazakhstan.name_ru) == ("Kazakhstan", "Казахстан")
    assert kazakhstan.official_name_ru == "Республика Казахстан"
    assert "СВМДА" in kazakhstan.summary_html_ru
    assert "CICA" in kazakhstan.summary_html_en
    for model, field in [
        (State, "name"),
        (Organization, "name"),
        (Event, "title"),
        (Statement, "title"),
        (Measure, "title"),
    ]:
        assert not model.objects.filter(**{f"{field}_ru__isnull": True}).exists(), model
        assert not model.objects.filter(**{f"{field}_ru": ""}).exists(), model
        assert not model.objects.filter(**{f"{field}_en": ""}).exists(), model
