"""The register of kinds, and organisations as a whole public kind.

Every test that is about "each kind" iterates over `registry.kinds.KINDS`, so a new kind is
tested as soon as it is registered.
"""

import json
import re

import pytest

from registry.kinds import KINDS
from registry.models import Organization, Source
from tests import factories
from tests.factories import (
    OrganizationFactory,
)
from tests.helpers import unpublished

pytestmark = pytest.mark.django_db

FACTORIES = factories.BY_KIND
every_kind = pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.prefix)
OBSERVER, PARTNER = Organization.Status.OBSERVER, Organization.Status.PARTNER


def text(response) -> str:
    return response.content.decode()


def test_every_kind_has_a_factory():
    assert set(FACTORIES) == {kind.prefix for kind in KINDS}


@every_kind
def test_each_kind_has_a_list_a_page_per_record_and_a_navigation_link(client, kind):
    record = FACTORIES[kind.prefix]()
    listing = client.get(f"/{kind.prefix}/")
    assert listing.status_code == 200
    assert record.get_absolute_url() in text(listing)
    assert f'href="/{kind.prefix}/" aria-current="page"' in text(listing)
    assert client.get(record.get_absolute_url()).status_code == 200


@every_kind
@pytest.mark.parametrize("when", ["draft", "scheduled"])
def test_an_unpublished_record_of_each_kind_is_not_found(client, kind, when):
    record = FACTORIES[kind.prefix](published_at=unpublished(when))
    assert client.get(record.get_absolute_url()).status_code == 404
    assert record.slug not in text(client.get(f"/{kind.prefix}/"))
    assert client.get(f"/api/{kind.prefix}/{record.slug}/").status_code == 404


@every_kind
def test_the_json_download_and_the_api_carry_the_same_records_field_for_field(client, kind):
    FACTORIES[kind.prefix].create_batch(2)
    api = client.get(f"/api/{kind.prefix}/").json()["results"]
    download = json.loads(b"".join(client.get(f"/{kind.prefix}/export.json").streaming_content))
    assert download["results"] == api
    assert list(api[0]) == kind.representation.Meta.fields


@every_kind
def test_the_csv_download_has_a_column_per_field_of_the_representation(client, kind):
    FACTORIES[kind.prefix]()
    lines = b"".join(client.get(f"/{kind.prefix}/export.csv").streaming_content).decode()
    assert lines.lstrip("\ufeff").splitlines()[0] == ",".join(kind.representation.Meta.fields)


@every_kind
def test_each_kind_is_in_the_sitemap(client, kind):
    record = FACTORIES[kind.prefix]()
    sitemap = text(client.get("/sitemap.xml"))
    assert f"http://testserver{record.get_absolute_url()}</loc>" in sitemap
    assert f"http://testserver/{kind.prefix}/</loc>" in sitemap


@every_kind
def test_each_kind_s_page_has_schema_org_data_when_its_kind_names_a_builder(client, kind):
    record = FACTORIES[kind.prefix]()
    page = text(client.get(record.get_absolute_url()))
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert len(scripts) == (kind.structured_data is not None)
    for script in scripts:
        data = json.loads(script)
        assert data["@context"] == "https://schema.org"
        assert data["url"] == f"http://testserver{record.get_absolute_url()}"


@every_kind
def test_the_site_search_finds_each_kind_under_its_label(client, kind):
    record = FACTORIES[kind.prefix](**{kind.model.snippet_field: "Talks in Termez."})
    [hit] = client.get("/search/", {"q": "Termez"}).context["page_obj"]
    assert (hit.record, hit.kind) == (record, kind.search_label)
    assert "<mark>Termez</mark>" in hit.snippet


# Organisations --------------------------------------------------------------------------------


@pytest.fixture
def organizations():
    return {
        "un": OrganizationFactory(
            name="United Nations", acronym="UN", slug="united-nations", since_year=1999
        ),
        "osce": OrganizationFactory(
            name="Organization for Security and Co-operation in Europe",
            acronym="OSCE",
            slug="osce",
            since_year=1999,
        ),
        "unodc": OrganizationFactory(
            name="United Nations Office on Drugs and Crime",
            acronym="UNODC",
            slug="unodc",
            status=PARTNER,
            since_year=2016,
        ),
    }


def names_listed(response) -> list[str]:
    return [organization.slug for organization in response.context["object_list"]]


def test_the_organisations_list_filters_by_status_and_counts_each_status(client, organizations):
    response = client.get("/organizations/?status=partner")
    assert names_listed(response) == ["unodc"]
    page = text(response)
    assert "Observer organisation (2)" in page
    assert "Partner organisation (1)" in page


def test_the_organisations_list_searches_and_sorts(client, organizations):
    assert names_listed(client.get("/organizations/?q=drugs")) == ["unodc"]
    assert names_listed(client.get("/organizations/?ordering=-since")) == [
        "unodc",
        "osce",
        "united-nations",
    ]
    assert names_listed(client.get("/organizations/?ordering=status")) == [
        "osce",
        "united-nations",
        "unodc",
    ]


def test_a_bad_status_is_answered_with_the_list_and_a_message(client, organizations):
    response = client.get("/organizations/?status=member")
    assert response.status_code == 200
    assert "Status" in text(response) and 'role="alert"' in text(response)
    assert len(names_listed(response)) == 3


def test_the_organisations_list_pages_by_25(client):
    OrganizationFactory.create_batch(26)
    assert len(names_listed(client.get("/organizations/"))) == 25
    assert len(names_listed(client.get("/organizations/?page=2"))) == 1


def test_an_organisation_page_shows_its_facts_sources_and_last_change(client):
    organization = OrganizationFactory(
        name="United Nations",
        acronym="UN",
        slug="united-nations",
        since_year=1999,
        summary="Observer since **1999**.",
        note="The year is that of the first summit it attended.",
    )
    organization.cite(
        [
            Source.objects.create(url="https://example.org/first", title="First source"),
            Source.objects.create(url="https://example.org/second", title="Second source"),
        ]
    )
    page = text(client.get("/organizations/united-nations/"))
    assert "<h1>United Nations</h1>" in page
    assert "UN" in page and "Observer organisation" in page and "1999" in page
    assert "Observer since <strong>1999</strong>." in page
    assert "The year is that of the first summit it attended." in page
    assert re.search(r"<ol>\s*<li>.*First source.*</li>\s*<li>.*Second source", page, re.S)
    assert "Last updated" in page


def test_an_organisation_page_has_schema_org_organization_data(client, organizations):
    page = text(client.get("/organizations/unodc/"))
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    data = json.loads(data)
    assert data["@type"] == "Organization"
    assert (data["name"], data["alternateName"]) == (
        "United Nations Office on Drugs and Crime",
        "UNODC",
    )
    assert data["url"] == "http://testserver/organizations/unodc/"


def test_the_site_search_finds_organisations(client, organizations):
    response = client.get("/search/", {"q": "UNODC"})
    [hit] = [hit for hit in response.context["page_obj"] if hit.record.slug == "unodc"]
    assert hit.kind == "Organisation"
    assert '<p class="hit-kind">Organisation</p>' in text(response)


def test_the_organisations_api_uses_the_list_filters(client, organizations):
    data = client.get("/api/organizations/?status=observer&ordering=name").json()
    assert [row["slug"] for row in data["results"]] == ["osce", "united-nations"]
    detail = client.get("/api/organizations/unodc/").json()
    assert (detail["acronym"], detail["status"], detail["since_year"]) == ("UNODC", "partner", 2016)
    assert detail["url"] == "http://testserver/organizations/unodc/"


# The first page after a write also works out the publication schedule (one query).
QUERY_BUDGET = {"/organizations/": 6, "/organizations/?status=observer&q=Organisation": 5}


@pytest.mark.parametrize("size", [3, 40])
def test_organisation_pages_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, size
):
    organizations = OrganizationFactory.create_batch(size)
    for url, budget in QUERY_BUDGET.items():
        with django_assert_max_num_queries(budget, info=url):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(organizations[0].get_absolute_url()).status_code == 200


def test_the_timeline_shows_organisations_becoming_observers_or_partners(client, organizations):
    OrganizationFactory(
        slug="hidden", name="Hidden Organisation", published_at=None, since_year=1999
    )
    page = text(client.get("/timeline/?kind=membership"))
    assert "2 organisations become observers" in page  # the UN and the OSCE in 1999
    assert "United Nations Office on Drugs and Crime becomes a partner" in page
    assert "Hidden Organisation" not in page
    assert "2 organisations become" in text(client.get("/timeline/?kind=membership&to=1999"))
    assert "Drugs and Crime" not in text(client.get("/timeline/?to=2015"))
