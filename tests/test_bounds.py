"""One set of bounds for dates (1990–2100) and head counts (a million), the same through the
web, the API and the Excel import (the models' validators), and in the databases; an upgrade
over records outside them stops and names them (hezuo.core.bounds)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from hezuo.accounts.services import api_token_create
from hezuo.activities.models import Activity, Participation
from hezuo.core.bounds import records_out_of_bounds
from hezuo.imports.importing import run_import
from hezuo.imports.kinds import ActivitiesImport
from hezuo.imports.tests.books import activities_book, activity
from tests.personas import Personas, in_alpha
from tests.world import build_world

BASE = "/api/v1/schools/alpha"
HUGE = 2**63 - 1


def test_the_api_refuses_a_date_and_a_head_count_outside(personas: Personas) -> None:
    world = build_world(personas)
    token = api_token_create(access=personas.access(personas.alice), name="接口")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    made = client.post(
        f"{BASE}/activities/",
        {
            "title": "远期访问",
            "activity_type": "visit_reception",
            "direction": "inbound",
            "mode": "offline",
            "start_on": "9999-12-31",
        },
        content_type="application/json",
    )
    assert made.status_code == 400 and "1990-01-01 至 2100-12-31" in made.json()["detail"]
    assert not Activity.objects.filter(title="远期访问").exists()
    rows = client.put(
        f"{BASE}/activities/{world.activity.pk}/participations/",
        [{"person_category": "student", "role": "trainee", "headcount": HUGE, "days": "1"}],
        content_type="application/json",
    )
    assert rows.status_code == 422, rows.content
    assert not Participation.objects.filter(headcount=HUGE).exists()


def test_the_web_refuses_a_head_count_of_two_to_the_sixty_third(personas: Personas) -> None:
    world = build_world(personas)
    client = Client()
    client.force_login(personas.alice)
    address = f"/s/alpha/activities/{world.activity.pk}/participations/"
    prefix = client.get(address).context["formset"].prefix
    answer = client.post(
        address,
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-person_category": "student",
            f"{prefix}-0-role": "trainee",
            f"{prefix}-0-headcount": str(HUGE),
            f"{prefix}-0-days": "1",
        },
    )
    assert answer.status_code == 200
    assert "人数不能超过 1,000,000" in answer.content.decode()
    assert not Participation.objects.filter(headcount=HUGE).exists()


def test_an_import_refuses_a_date_outside(personas: Personas) -> None:
    rows = [activity("远期交流", 1)]
    rows[0][4] = dt.date(9999, 12, 1)
    rows[0][5] = dt.date(9999, 12, 31)
    rows[0][7] = None  # no partner
    outcome = run_import(
        ActivitiesImport(personas.access(personas.alice)), activities_book(rows), dry_run=False
    )
    assert not outcome.ok
    assert any("1990-01-01 至 2100-12-31" in problem.message for problem in outcome.problems)
    assert in_alpha(Activity).filter(title="远期交流").count() == 0


def test_an_upgrade_over_records_outside_stops_and_names_them(personas: Personas) -> None:
    """As before the upgrade: the constraint not there yet, a record outside is stored."""
    world = build_world(personas)
    check = records_out_of_bounds("activities.Activity", ("start_on", "end_on"))
    check(apps, None)  # nothing outside: nothing said
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:  # undone with the test's transaction
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
            for name in ("activity_end_on_after_start_on", "activity_start_on_in_bounds"):
                cursor.execute(f"ALTER TABLE activities_activity DROP CONSTRAINT {name}")
    try:
        Activity.objects.filter(pk=world.activity.pk).update(start_on=dt.date(9999, 12, 31))
        with pytest.raises(RuntimeError, match=rf"records {world.activity.pk}\b"):
            check(apps, None)
    finally:
        if connection.vendor == "sqlite":
            Activity.objects.filter(pk=world.activity.pk).update(start_on=dt.date(2021, 5, 1))
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
