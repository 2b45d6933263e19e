"""A database's migration state as a backup records it (the latest applied migration of each
app), and how it compares with this code's migrations: a restore refuses an archive of a newer
code, and an older one is brought up to date by ``hezuo upgrade`` afterwards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader


def _code_graph() -> MigrationGraph:
    """This code's migrations, read from disk (no database is asked)."""
    graph: MigrationGraph = MigrationLoader(None, ignore_no_migrations=True).graph
    return graph


def latest_migrations(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The latest of each app's applied migrations: the one with the most ancestors in this
    code's graph; one this code does not know is newer than any it knows."""
    graph = _code_graph()
    names: dict[str, list[str]] = defaultdict(list)
    for app, name in applied:
        names[app].append(name)

    def latest(app: str) -> str:
        def position(name: str) -> tuple[int, str]:
            node = (app, name)
            return (len(graph.forwards_plan(node)) if node in graph.nodes else 1_000_000, name)

        return max(names[app], key=position)

    return {app: latest(app) for app in sorted(names)}


@dataclass(frozen=True)
class Comparison:
    unknown: list[str]  # "app.name" this code does not have: the archive is newer
    behind: list[str]  # apps whose latest migration this code has gone beyond


def compare_with_code(migrations: dict[str, str]) -> Comparison:
    graph = _code_graph()
    newer = {app: name for app, name in migrations.items() if (app, name) not in graph.nodes}
    behind = {app for app, leaf in graph.leaf_nodes() if migrations.get(app) != leaf}
    return Comparison(
        unknown=[f"{app}.{name}" for app, name in sorted(newer.items())],
        behind=sorted(behind - set(newer)),
    )
