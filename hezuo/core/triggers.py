"""Running a migration's SQL written once per database (triggers and their functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def run_for_database(schema_editor: Any, statements: Mapping[str, Sequence[str]]) -> None:
    """Run the statements written for the migration's database (``sqlite`` or
    ``postgresql``); any other database is refused by name."""
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"hezuo supports SQLite and PostgreSQL, not {vendor}")
    for statement in statements[vendor]:
        schema_editor.execute(statement)


ASIDE = "hezuo_triggers_set_aside"


def set_triggers_aside(apps: Any, schema_editor: Any) -> None:
    """Before a migration step that rebuilds tables on SQLite (adding a constraint copies the
    table): every trigger of the database is kept, as written, in a table of its own and
    dropped — those of other apps too, which SQLite checks when a table they name is renamed.
    ``put_triggers_back`` makes them again. PostgreSQL alters tables in place: nothing to do."""
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"CREATE TABLE {ASIDE} (name TEXT PRIMARY KEY, body TEXT NOT NULL)")
    schema_editor.execute(
        f"INSERT INTO {ASIDE} (name, body) "
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {ASIDE}")
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP TRIGGER "{name}"')


def put_triggers_back(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {ASIDE} ORDER BY name")
        bodies = [body for (body,) in cursor.fetchall()]
    for body in bodies:
        schema_editor.execute(body)
    schema_editor.execute(f"DROP TABLE {ASIDE}")
