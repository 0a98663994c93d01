"""Complete copies of the database, every table included (history, users, sessions, sign-in
attempts), restored row for row: `pg_dump`/`pg_restore` on PostgreSQL and SQLite's online
backup API on SQLite. Neither goes through the models, so nothing is re-saved or re-dated, and
nothing depends on natural keys (unlike dumpdata/loaddata)."""

import os
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

POSTGRESQL_MAGIC = b"PGDMP"  # pg_dump's custom format
SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(path: Path, using: str = "default") -> None:
    """Write a complete copy of the database to `path` (replaced only once the copy is whole)."""
    connection = connections[using]
    if not path.parent.is_dir():
        raise CommandError(f"No directory {path.parent} to write the backup in.")
    partial = path.with_name(path.name + ".part")
    try:
        if connection.vendor == "postgresql":
            dump = ["pg_dump", "--format=custom", f"--file={partial}", *pg_target(connection)]
            result = subprocess.run(dump, capture_output=True, env=pg_environment(connection))
            if result.returncode:
                raise CommandError(result.stderr.decode(errors="replace").strip())
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with closing(sqlite3.connect(partial)) as copy:
                connection.connection.backup(copy)
        else:
            raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path: Path, *, force: bool = False, using: str = "default") -> None:
    """Replace the database's contents with the copy in `path`.

    A database that already has tables is refused unless `force`: restoring replaces all of
    it. On PostgreSQL the old tables are dropped and the copy loaded in one transaction, so a
    failed restore leaves the database as it was.
    """
    connection = connections[using]
    expected = {"postgresql": POSTGRESQL_MAGIC, "sqlite": SQLITE_MAGIC}.get(connection.vendor)
    if expected is None:
        raise CommandError(f"Restoring {connection.vendor} databases is not supported.")
    if not path.is_file():
        raise CommandError(f"No backup file at {path}.")
    with path.open("rb") as file:
        if file.read(len(expected)) != expected:
            raise CommandError(
                f"{path} is not a {connection.display_name} backup made by `backup`."
            )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise CommandError(
            f"The database is not empty ({len(tables)} tables, e.g. {tables[0]}): restoring would "
            "replace everything in it. Run again with --force to overwrite it."
        )
    if connection.vendor == "postgresql":
        restore_postgresql(connection, path, tables)
    else:
        restore_sqlite(connection, path)


def restore_postgresql(connection, path: Path, tables: list[str]) -> None:
    """pg_restore turns the whole copy into SQL first (a damaged file fails here, with nothing
    touched); psql then drops the current tables and runs it, in one transaction that stops at
    the first error."""
    with tempfile.TemporaryDirectory() as workdir:
        script = Path(workdir) / "restore.sql"
        to_sql = ["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists"]
        converted = subprocess.run([*to_sql, f"--file={script}", path], capture_output=True)
        if converted.returncode:
            raise CommandError(
                f"{path} cannot be read, the database is unchanged: "
                + converted.stderr.decode(errors="replace").strip()
            )
        connection.close()  # hold no lock the drops would wait for
        quote = connection.ops.quote_name
        drop = ["--command", f"DROP TABLE IF EXISTS {', '.join(map(quote, tables))} CASCADE;"]
        psql = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
        command = [*psql, *(drop if tables else []), f"--file={script}", *pg_target(connection)]
        loaded = subprocess.run(command, capture_output=True, env=pg_environment(connection))
    if loaded.returncode:
        message = loaded.stderr.decode(errors="replace").strip()
        raise CommandError(f"Restore failed, the database is unchanged: {message}")


def restore_sqlite(connection, path: Path) -> None:
    """Check the copy's integrity, then copy it page by page over the current database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise CommandError(f"{path} is damaged ({verdict}); the database is unchanged.")
            connection.ensure_connection()
            copy.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise CommandError(
            f"{path} cannot be read ({error}); the database is unchanged."
        ) from error


def pg_target(connection) -> list[str]:
    """Command-line options naming the database, for pg_dump and psql."""
    settings = connection.settings_dict
    options = [
        f"--{flag}={settings[key]}"
        for flag, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
        if settings.get(key)
    ]
    return [*options, f"--dbname={settings['NAME']}"]


def pg_environment(connection) -> dict[str, str]:
    """The environment for PostgreSQL's tools: the password and TLS mode, when set."""
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def row_counts(using: str = "default") -> dict[str, int]:
    """Every table's number of rows, for the operator's report after a restore."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts
