"""A year's indicators, one indicator's records, and a job's progress through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
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
