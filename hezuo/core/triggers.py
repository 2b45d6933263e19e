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
