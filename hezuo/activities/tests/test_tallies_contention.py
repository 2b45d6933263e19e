"""Tallies under contention: a read that cannot refresh sums the records itself, and a write
committed from another connection while a refresh counts is never lost (decision 0010)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from hezuo.accounts.access import system_access
from hezuo.accounts.services import school_create
from hezuo.activities import tallies
from hezuo.activities.models import ActivityTally, ParticipationTally, StaleMonth
from hezuo.activities.selectors import activity_counts_by_type_and_month, person_days_by_category
from hezuo.activities.tests.tallied import assert_tallies_match, bare, exchange, students
from hezuo.core.models import School, SchoolStage
from tests.personas import Personas


@pytest.fixture
def school(transactional_db: None) -> School:
    """A school of its own, for the tests whose writes are committed (seen by other
    connections)."""
    return school_create(name="丙学校", slug="gamma", stage=SchoolStage.HIGHER, province="44")


def _sqlite_elsewhere() -> sqlite3.Connection:
    """A second connection to the test database (SQLite) that never waits for a lock."""
    return sqlite3.connect(connection.settings_dict["NAME"], uri=True, timeout=0)


def _postgresql_elsewhere() -> Any:
    """A second, autocommitting connection to the test database (PostgreSQL)."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    )


def test_figures_are_the_records_own_when_the_tallies_cannot_be_refreshed(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = system_access(school=personas.alpha)
    exchange(access, dt.date(2021, 7, 5), students(30, days=10), students(45, hours=48))
    monkeypatch.setattr(tallies, "_locked", lambda school_id: False)  # another refresh runs

    assert person_days_by_category(access=access, year=2021) == {"student": Decimal("570.00")}
    assert activity_counts_by_type_and_month(access=access, year=2021) == [
        ("student_exchange", 7, 1)
    ]
    assert StaleMonth.objects.filter(school=personas.alpha).exists()  # left for later
    assert not ParticipationTally.objects.filter(school=personas.alpha).exists()
    assert not ActivityTally.objects.filter(school=personas.alpha).exists()


@contextmanager
def _lock_held_elsewhere(school: School) -> Iterator[None]:
    """Another connection holds what a refresh needs: on PostgreSQL the school's refresh
    lock, on SQLite the database's write lock."""
    if connection.vendor == "postgresql":
        other = _postgresql_elsewhere()
        try:
            other.execute("SELECT pg_advisory_lock(%s)", [tallies.REFRESH_LOCK + school.pk])
            yield
        finally:
            other.close()
        return
    other_sqlite = _sqlite_elsewhere()
    try:
        other_sqlite.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other_sqlite.rollback()
        other_sqlite.close()


def test_a_read_does_not_wait_for_a_lock_held_elsewhere(school: School) -> None:
    access = system_access(school=school)
    exchange(access, dt.date(2021, 11, 2), students(45, hours=48))
    with _lock_held_elsewhere(school):
        assert person_days_by_category(access=access, year=2021) == {"student": Decimal("270.00")}
        assert StaleMonth.objects.filter(school=school).exists()
    assert person_days_by_category(access=access, year=2021) == {"student": Decimal("270.00")}
    assert not StaleMonth.objects.filter(school=school).exists()
    assert ParticipationTally.objects.filter(school=school).count() == 1


def _write_elsewhere(sql: str) -> str:
    """Run ``sql`` from another connection, committed at once: "written", or "locked" when
    the database made it wait (SQLite, whose writers take turns)."""
    if connection.vendor == "postgresql":
        with _postgresql_elsewhere() as other:
            other.execute(sql)
        return "written"
    other_sqlite = _sqlite_elsewhere()
    try:
        other_sqlite.execute(sql)
        other_sqlite.commit()
    except sqlite3.OperationalError:
        return "locked"
    finally:
        other_sqlite.close()
    return "written"


def test_a_write_committed_while_a_refresh_counts_keeps_its_month_stale(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = system_access(school=school)
    activity = exchange(access, dt.date(2021, 3, 3), students(10, days=1))
    store = tallies._store
    other: list[str] = []

    def store_then_write_elsewhere(school_id: int, months: list[dt.date]) -> None:
        store(school_id, months)  # counted 10 people
        other.append(
            _write_elsewhere(
                "UPDATE activities_participation SET headcount = 11 "
                f"WHERE activity_id = {activity.pk}"
            )
        )

    monkeypatch.setattr(tallies, "_store", store_then_write_elsewhere)
    first = person_days_by_category(access=access, year=2021)
    monkeypatch.undo()

    assert first == {"student": Decimal("10.00")}
    if connection.vendor == "postgresql":
        # The other transaction marked the month itself: the refresh removed only the marks
        # it had read, so the month stays stale and the next read counts the 11.
        assert other == ["written"]
        assert StaleMonth.objects.filter(school=school).exists()
        assert person_days_by_category(access=access, year=2021) == {"student": Decimal("11.00")}
    else:
        assert other == ["locked"]  # SQLite: no one writes while a refresh counts
        assert not StaleMonth.objects.filter(school=school).exists()
        assert person_days_by_category(access=access, year=2021) == first


def _busy_timeout() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_refresh_on_sqlite_waits_only_briefly_for_the_write_lock() -> None:
    usual = _busy_timeout()
    with tallies._brief_wait(connection):
        during = _busy_timeout()
    assert _busy_timeout() == usual
    if connection.vendor == "sqlite":
        assert (usual, during) == (20_000, tallies.SQLITE_WAIT_MS)
    else:  # PostgreSQL never waits: its refresh lock is only tried
        assert during is None


def test_a_refresh_finding_its_months_counted_meanwhile_changes_nothing(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = system_access(school=personas.alpha)
    bare(access)
    assert_tallies_match(personas.alpha)
    before = list(ActivityTally.objects.filter(school=personas.alpha).values_list())
    # Seen stale before the lock; by the time it is held another refresh counted the month.
    monkeypatch.setattr(tallies, "_stale_months", lambda *args: {dt.date(2021, 5, 1)})

    assert tallies.tallies_refresh(
        school_id=personas.alpha.pk, first=dt.date(2021, 1, 1), last=dt.date(2021, 12, 1)
    )
    assert list(ActivityTally.objects.filter(school=personas.alpha).values_list()) == before


@contextmanager
def _read_only() -> Iterator[None]:
    """This connection may only read, as on a replica: PostgreSQL's read-only transactions,
    SQLite's query_only."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        else:
            cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
            else:
                cursor.execute("PRAGMA query_only = OFF")


def test_a_read_on_a_connection_that_may_only_read_sums_the_records(school: School) -> None:
    access = system_access(school=school)
    exchange(access, dt.date(2021, 7, 5), students(30, days=10), students(45, hours=48))
    with _read_only():
        assert person_days_by_category(access=access, year=2021) == {"student": Decimal("570.00")}
        assert activity_counts_by_type_and_month(access=access, year=2021) == [
            ("student_exchange", 7, 1)
        ]
    assert StaleMonth.objects.filter(school=school).exists(), "left for the workers"

    assert tallies.tallies_refresh_all_stale() >= 1  # what a worker does after its beat
    assert not StaleMonth.objects.filter(school=school).exists()
    assert_tallies_match(school)
