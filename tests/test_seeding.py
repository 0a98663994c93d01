"""`make run` seeds the CICA fixtures into an empty database only; editors' work survives."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import State

pytestmark = pytest.mark.django_db


def seed():
    from io import StringIO

    out = StringIO()
    call_command("seed_if_empty", stdout=out)
    return out.getvalue()


def test_seeding_twice_keeps_an_editors_change(editor):
    assert "Loaded the CICA fixtures" in seed()
    kazakhstan = State.objects.get(iso_code="KZ")
    kazakhstan.summary = "Edited by an editor."
    kazakhstan.published_at = None
    kazakhstan._history_user = editor
    kazakhstan.save()

    assert "were not loaded" in seed()
    assert "were not loaded" in seed()
    kazakhstan.refresh_from_db()
    assert kazakhstan.summary == "Edited by an editor."
    assert kazakhstan.published_at is None


def test_loading_the_fixtures_over_edited_data_is_refused(editor):
    seed()
    kazakhstan = State.objects.get(iso_code="KZ")
    kazakhstan.summary = "Edited by an editor."
    kazakhstan._history_user = editor
    kazakhstan.save()
    with pytest.raises(CommandError, match="editors' work"):
        call_command("loaddata", "cica", verbosity=0)
    kazakhstan.refresh_from_db()
    assert kazakhstan.summary == "Edited by an editor."

    call_command("loaddata", "cica", "--force", verbosity=0)
    kazakhstan.refresh_from_db()
    assert kazakhstan.summary != "Edited by an editor."
