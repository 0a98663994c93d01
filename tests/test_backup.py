"""`backup` and `restore`: a complete copy comes back row for row, on SQLite and PostgreSQL."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from registry.models import Event, State
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> tuple[dict[str, int], str]:
    """Every table's row count, and one hash over every row of every table."""
    quote = connection.ops.quote_name
    counts, digest = {}, hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            counts[table] = len(rows)
            digest.update(f"{table}:{rows}".encode())
    return counts, digest.hexdigest()


def drop_all_tables() -> None:
    """Leave the database as a fresh one: no tables at all."""
    quote = connection.ops.quote_name
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE {', '.join(quote(t) for t in tables)} CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {quote(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


@pytest.fixture
def registry_data(django_user_model, client):
    """The real CICA data with what broke dumpdata/loaddata copies: versions made by a named
    editor, a deleted event that had participants, a session."""
    call_command("loaddata", "cica", verbosity=0)
    editor = django_user_model.objects.create_user("amina", password="a-long-password-1")
    client.force_login(editor)
    event = Event.objects.filter(participants__isnull=False).first()
    event._history_user = editor
    event.summary = "Changed by an editor."
    event.save()
    Event.objects.filter(participants__isnull=False).exclude(pk=event.pk).first().delete()


@pytest.fixture
def backup_file(tmp_path, registry_data):
    path = tmp_path / "registry.backup"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def test_round_trip_into_an_empty_database_keeps_every_row(backup_file, django_user_model):
    before_counts, before_hash = fingerprint()
    assert before_counts["auth_user"] == 1
    assert before_counts["django_session"] == 1
    assert before_counts["registry_historicalevent"] > 0
    drop_all_tables()

    call_command("restore", backup_file, stdout=io.StringIO())

    assert fingerprint() == (before_counts, before_hash)
    assert django_user_model.objects.get().check_password("a-long-password-1")
    StateFactory()  # new rows still get fresh keys (sequences came back too)


def test_restore_refuses_a_database_with_tables_unless_forced(backup_file):
    original = fingerprint()
    State.objects.filter(slug="kazakhstan").update(name="Renamed after the backup")
    changed = fingerprint()

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", backup_file)
    assert fingerprint() == changed

    call_command("restore", backup_file, force=True, stdout=io.StringIO())
    assert fingerprint() == original
    assert State.objects.get(slug="kazakhstan").name == "Kazakhstan"


def test_restore_refuses_a_file_that_is_not_a_whole_backup(tmp_path, registry_data):
    before = fingerprint()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")

    with pytest.raises(CommandError, match=r"is not a .* backup"):
        call_command("restore", not_a_backup, force=True)
    truncated = tmp_path / "truncated.backup"
    call_command("backup", output=truncated, stdout=io.StringIO())
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    with pytest.raises(CommandError, match="database is unchanged"):
        call_command("restore", truncated, force=True)
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", tmp_path / "missing.backup", force=True)
    assert fingerprint() == before
