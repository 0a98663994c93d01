"""Upgrading a registry that holds records: the migrations since the squash run on real rows
(an empty test database would hide, for instance, PostgreSQL refusing to create an index in the
transaction that updated the table's rows)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.models import Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the refusal it guards against is PostgreSQL's"
    ),
]

SQUASHED = [("registry", "0001_squashed_0015_merge_organizations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_translation_migrations_upgrade_a_registry_with_records():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(SQUASHED)
        state = old.get_model("registry", "State").objects.create(
            name="Kazakhstan", slug="kazakhstan", iso_code="KZ", region="central_asia",
            status="member", joined_year=1999,
        )  # fmt: skip
        old.get_model("registry", "Event").objects.create(
            title="First CICA Summit", slug="first-summit-2002", kind="summit",
            start_date="2002-06-04", city="Almaty", host=state, summary="The first summit.",
        )  # fmt: skip
    finally:
        migrate(latest)
    event = Event.objects.get(slug="first-summit-2002")
    assert (event.title_en, event.city_en, event.summary_en) == (
        "First CICA Summit",
        "Almaty",
        "The first summit.",
    )
    assert (event.title_ru, event.city_ru) == ("", "")
