"""The database every test starts from, built once per test session (once per xdist worker):
the personas of tests/personas.py and the two demo schools (``load_demo``, which stores no
files: the command ``hezuo load_demo`` attaches them).

Each test runs inside a transaction that is rolled back, so it sees exactly this baseline. A
test whose writes are committed (``transaction=True``, a live server) starts from an empty
database instead, as Django's TransactionTestCase expects, and empties it when it ends; the
tests after it rebuild what they use inside their own transaction (``personas()``, ``demo()``),
which is correct but slower. pytest-django runs the committed tests last, and xdist's ``load``
scheduling (``make test``) keeps that order on each worker, so this rarely happens.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections
from django.test import override_settings

from hezuo.core.models import School
from hezuo.demo.loader import DEMO_SCHOOLS, load_demo
from tests.personas import Personas, build_personas, stored_personas

# While the baseline is built, queued background work goes nowhere: a test that runs the worker
# must find only the work it queued itself (as when the baseline was made inside its test).
NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def build_baseline() -> None:
    """The personas and the demo schools, committed."""
    with override_settings(TASKS=NO_WORKER):
        build_personas()
        load_demo()


def personas() -> Personas:
    """The personas as stored, or made now (inside the test's transaction) when a committed
    test emptied the database."""
    return stored_personas() or build_personas()


def demo() -> list[School]:
    """The two demo schools as stored, or loaded now (inside the test's transaction) when a
    committed test emptied the database."""
    schools = list(School.objects.filter(slug__in=[d.slug for d in DEMO_SCHOOLS]).order_by("pk"))
    return schools if len(schools) == len(DEMO_SCHOOLS) else load_demo()


def empty_database() -> None:
    """What a committed test expects to start from: every table empty, as Django's
    TransactionTestCase leaves them."""
    if not School.objects.exists():
        return
    for alias in connections:
        call_command(
            "flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=False
        )
