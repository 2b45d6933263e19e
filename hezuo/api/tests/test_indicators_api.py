"""A year's indicators, one indicator's records, and a job's progress through the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.activities.models import ParticipationRole, PersonCategory
from hezuo.activities.services import ParticipationInput, participation_add
from hezuo.jobs.services import job_create
from tests.personas import Personas
from tests.world import World, build_world

BASE = "/api/v1/schools/alpha"


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='指标')[1]}"}


def test_a_years_indicators_come_with_the_records_behind_each(
    personas: Personas, world: World
) -> None:
    viewer = bearer(personas.access(personas.victor))
    listed = Client().get(f"{BASE}/indicators/?year=2021", headers=viewer)
    assert listed.status_code == 200, listed.content
    rows = {row["code"]: row for row in listed.json()}
    code = world.definition.code
    assert rows[code]["name"] == world.definition.name
    assert float(rows[code]["value"]) > 0 and rows[code]["records"] >= 1
    detail = Client().get(f"{BASE}/indicators/{code}/?year=2021", headers=viewer).json()
    assert detail["provenance"]["headings"][0] == "记录编号"
    assert len(detail["provenance"]["rows"]) == rows[code]["records"]
    english = (
        Client()
        .get(f"{BASE}/indicators/{code}/?year=2021", headers={**viewer, "Accept-Language": "en"})
        .json()
    )
    assert english["provenance"]["headings"][0] == "Record ID"
    missing = Client().get(f"{BASE}/indicators/nope/?year=2021", headers=viewer)
    assert missing.status_code == 404


def test_a_job_is_followed_by_its_school_only(personas: Personas, world: World) -> None:
    job = job_create(access=personas.access(personas.alice), kind="report", title="报告", params={})
    mine = Client().get(f"{BASE}/jobs/{job.pk}/", headers=bearer(personas.access(personas.victor)))
    assert mine.status_code == 200 and mine.json()["status"] == "queued"
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    assert Client().get(f"{BASE}/jobs/{job.pk}/", headers=outsider).status_code == 404
    assert Client().get(f"{BASE}/indicators/?year=2021", headers=outsider).status_code == 404


def test_the_records_behind_a_value_come_a_page_at_a_time(personas: Personas, world: World) -> None:
    for headcount in (3, 4):
        participation_add(
            access=world.access,
            activity=world.activity,
            row=ParticipationInput(
                PersonCategory.FULL_TIME_TEACHER,
                ParticipationRole.TRAINEE,
                headcount,
                days=Decimal(1),
            ),
        )
    viewer = bearer(personas.access(personas.victor))
    url = f"{BASE}/indicators/{world.definition.code}/?year=2021&page_size=2"
    first = Client().get(url, headers=viewer).json()["provenance"]
    assert (first["count"], first["page"], first["pages"], len(first["rows"])) == (3, 1, 2, 2)
    second = Client().get(url + "&page=2", headers=viewer).json()["provenance"]
    assert (second["page"], len(second["rows"])) == (2, 1)
    assert Client().get(url + "&page=9", headers=viewer).json()["provenance"]["page"] == 2
    ids = {row[0] for row in first["rows"] + second["rows"]}
    assert ids == set(world.activity.participations.values_list("pk", flat=True))
    refused = Client().get(url.replace("page_size=2", "page_size=0"), headers=viewer)
    assert refused.status_code == 422
