"""The data keeps its rules: constraints, natural keys, publication, sanitized Markdown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.models import (
    Chairmanship,
    CoordinatorRole,
    Event,
    Measure,
    State,
    Statement,
    Topic,
)
from registry.text import render_markdown
from tests.factories import (
    ChairmanshipFactory,
    CoordinatorRoleFactory,
    EventFactory,
    MeasureFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def refused(save):
    """True when the database refuses the write."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        return True
    return False


def test_database_refuses_an_event_that_ends_before_it_starts():
    event = EventFactory.build(
        start_date=datetime.date(2022, 10, 13), end_date=datetime.date(2022, 10, 12)
    )
    assert refused(event.save)


def test_event_validation_explains_end_before_start():
    event = EventFactory.build(
        start_date=datetime.date(2022, 10, 13), end_date=datetime.date(2022, 10, 12)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "cannot end before it starts" in str(error.value.message_dict["end_date"])


def test_database_refuses_a_chairmanship_that_ends_before_it_starts():
    chair = ChairmanshipFactory.build(
        state=StateFactory(),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2019, 1, 1),
    )
    assert refused(chair.save)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        chair.full_clean()


def test_database_refuses_a_second_role_for_the_same_state_in_a_measure():
    role = CoordinatorRoleFactory()
    twin = CoordinatorRole(measure=role.measure, state=role.state, role="co_coordinator")
    assert refused(twin.save)
    with pytest.raises(ValidationError, match="already has a role"):
        twin.validate_constraints()


def test_database_refuses_a_member_without_accession_year():
    state = StateFactory.build(status=State.Status.MEMBER, joined_year=None)
    assert refused(state.save)
    with pytest.raises(ValidationError) as error:
        state.full_clean()
    assert "needs the year it joined" in str(error.value.message_dict["joined_year"])


def test_an_observer_needs_no_accession_year():
    StateFactory(status=State.Status.OBSERVER, joined_year=None).full_clean()


@pytest.mark.parametrize(
    "factory, field",
    [
        (StateFactory, "slug"),
        (StateFactory, "iso_code"),
        (EventFactory, "slug"),
        (StatementFactory, "slug"),
    ],
)
def test_database_refuses_duplicate_slugs_and_iso_codes(factory, field):
    first = factory()
    twin = factory.build(**{field: getattr(first, field)})
    assert refused(twin.save)


def test_database_refuses_a_malformed_iso_code():
    assert refused(StateFactory.build(iso_code="kz").save)


@pytest.mark.parametrize(
    "model, obj_factory",
    [
        (State, StateFactory),
        (Event, EventFactory),
        (Statement, StatementFactory),
        (Measure, MeasureFactory),
        (Topic, TopicFactory),
        (Chairmanship, ChairmanshipFactory),
        (CoordinatorRole, CoordinatorRoleFactory),
    ],
)
def test_natural_keys_find_the_record(model, obj_factory):
    obj = obj_factory()
    assert model.objects.get_by_natural_key(*obj.natural_key()) == obj


def test_state_natural_key_is_its_iso_code():
    assert StateFactory(iso_code="KZ").natural_key() == ("KZ",)


def test_published_hides_drafts_and_scheduled_records():
    public = EventFactory()
    EventFactory(published_at=None)
    EventFactory(published_at=timezone.now() + datetime.timedelta(days=3))
    assert list(Event.objects.published()) == [public]


def test_publication_status_reads_published_at():
    assert EventFactory(published_at=None).publication_status == "draft"
    assert (
        EventFactory(published_at=timezone.now() + datetime.timedelta(hours=1)).publication_status
        == "scheduled"
    )
    assert EventFactory().publication_status == "published"


def test_saving_moves_updated_at():
    event = EventFactory()
    before = event.updated_at
    event.title = "Renamed"
    event.save()
    assert event.updated_at > before


def test_markdown_is_rendered_and_sanitized():
    html = render_markdown("**Bold** <script>alert('x')</script> [link](javascript:alert(1))")
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert "alert" not in html
    assert "javascript:" not in html


def test_create_editor_makes_a_staff_user_in_the_editors_group(monkeypatch, django_user_model):
    monkeypatch.setenv("CICA_EDITOR_PASSWORD", "correct-horse-battery-staple")
    call_command("create_editor", "amina")
    user = django_user_model.objects.get(username="amina")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()
    assert user.check_password("correct-horse-battery-staple")


def test_create_editor_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("CICA_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor", "weak")
    assert not django_user_model.objects.filter(username="weak").exists()
