"""An activity's participation rows through the API: read with their person-days, replaced all
at once (change, add, delete) or not at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.activities.models import Participation
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='参与')[1]}"}


def path(world: World, school: str = "alpha") -> str:
    return f"/api/v1/schools/{school}/activities/{world.activity.pk}/participations/"


def put(world: World, headers: dict[str, str], rows: list[dict[str, Any]]) -> Any:
    return Client().put(path(world), rows, content_type="application/json", headers=headers)


def test_rows_are_read_with_their_person_days(personas: Personas, world: World) -> None:
    body = Client().get(path(world), headers=bearer(personas.access(personas.victor))).json()
    stored = list(Participation.objects.filter(activity=world.activity))
    assert [row["id"] for row in body["rows"]] == [row.pk for row in stored]
    assert body["hours_per_day"] == 8
    assert float(body["person_days"]) == sum(float(row["person_days"]) for row in body["rows"])


def test_the_office_replaces_the_rows_in_one_go(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    kept = world.participation.pk
    body = put(
        world,
        alice,
        [
            {
                "id": kept,
                "person_category": "student",
                "role": "trainee",
                "headcount": 60,
                "days": "5",
            },
            {"person_category": "student", "role": "trainee", "headcount": 45, "hours": "48"},
        ],
    ).json()
    assert [row["id"] == kept for row in body["rows"]].count(True) == 1
    # 60 × 5 days (the visit's whole length) + 45 × 48 class-hours ÷ 8
    assert float(body["person_days"]) == 570
    assert Participation.objects.filter(activity=world.activity).count() == 2
    body = put(world, alice, []).json()
    assert body["rows"] == [] and not Participation.objects.filter(activity=world.activity).exists()


def test_a_bad_row_changes_nothing(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    before = list(Participation.objects.filter(activity=world.activity).values())
    both = put(
        world,
        alice,
        [
            {"person_category": "student", "role": "trainee", "headcount": 3, "days": "1"},
            {
                "person_category": "student",
                "role": "trainee",
                "headcount": 3,
                "days": "1",
                "hours": "8",
            },
        ],
    )
    assert both.status_code == 400, both.content
    assert list(Participation.objects.filter(activity=world.activity).values()) == before
    malformed = put(world, alice, [{"person_category": "nobody", "role": "trainee"}])
    assert malformed.status_code == 422
    unknown = put(
        world,
        alice,
        [{"id": 999999, "person_category": "student", "role": "trainee", "days": "1"}],
    )
    assert unknown.status_code == 404


def test_readers_and_outsiders_cannot_change_rows(personas: Personas, world: World) -> None:
    row = [{"person_category": "student", "role": "trainee", "days": "1"}]
    assert put(world, bearer(personas.access(personas.victor)), row).status_code == 403
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    assert put(world, outsider, row).status_code == 404
    assert Client().get(path(world, "beta"), headers=outsider).status_code == 404
