"""The real CICA data (fixtures/cica.json) loads into any database, twice, and keeps its facts."""

import datetime
import itertools
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from registry.models import (
    Chairmanship,
    CoordinatorRole,
    DatePrecision,
    Event,
    Measure,
    Organization,
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
    stamp = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    load_cica()
    kuwait = State.objects.get(iso_code="KW")
    assert kuwait.published_at == stamp
    assert kuwait.created_at == stamp
    assert kuwait.updated_at == stamp


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
    assert thailand.observer_since is None
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
    assert (korea.observer_since, korea.observer_until) == (None, 2006)


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
        assert record.source_url.startswith("https://"), record


def test_kuwait_source_is_the_news_report(cica):
    assert State.objects.get(iso_code="KW").source_url == (
        "https://www.inform.kz/en/kuwait-joins-cica-as-28th-member-state_a3990035"
    )


def test_every_source_link_is_https(cica):
    for model in (State, Organization, Event, Statement, Measure):
        for url in model.objects.exclude(source_url="").values_list("source_url", flat=True):
            assert url.startswith("https://"), url
