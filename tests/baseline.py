"""The database every test starts from, built once per test session (once per xdist worker):
the personas of tests/personas.py and the two demo schools, with the demo's stored files in a
folder of their own.

Each test runs inside a transaction that is rolled back, so it sees exactly this baseline. A
test whose writes are committed (``transaction=True``, a live server) starts from an empty
database instead, as Django's TransactionTestCase expects, and empties it when it ends; the
tests after it rebuild what they use inside their own transaction (``personas()``, ``demo()``).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from hezuo.core.models import School
from hezuo.demo.loader import DEMO_SCHOOLS, load_demo
from tests.personas import Personas, build_personas, stored_personas

# While the baseline is built, queued background work goes nowhere: a test that runs the worker
# must find only the work it queued itself (as when the baseline was made inside its test).
NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def build_baseline(media: Path) -> None:
    """The personas and the demo schools, committed; their files under ``media``."""
    with override_settings(MEDIA_ROOT=media, TASKS=NO_WORKER):
        _clear_storages()
        try:
            build_personas()
            load_demo()
        finally:
            _clear_storages()


def personas() -> Personas:
    """The personas as stored, or made now (inside the test's transaction) when a committed
    test emptied the database."""
    return stored_personas() or build_personas()


def demo(media: Path, into: Path) -> list[School]:
    """The two demo schools, with their stored files linked into the test's own folder."""
    schools = list(School.objects.filter(slug__in=[d.slug for d in DEMO_SCHOOLS]).order_by("pk"))
    if len(schools) == len(DEMO_SCHOOLS):
        link_tree(media, into)
        return schools
    return load_demo()


def link_tree(source: Path, target: Path) -> None:
    """Hard links of every file under ``source`` at the same place under ``target``: stored
    blobs are never written in place (a new blob is renamed over its name), so the test's
    folder can share them."""
    for folder, _subfolders, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            if not (destination / name).exists():
                os.link(Path(folder) / name, destination / name)


def empty_database() -> None:
    """What a committed test expects to start from: every table empty, as Django's
    TransactionTestCase leaves them."""
    if not School.objects.exists():
        return
    for alias in connections:
        call_command(
            "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=False
        )


def _clear_storages() -> None:
    from django.core.files.storage import storages

    storages._storages.clear()  # type: ignore[attr-defined]  # cached with the old root
