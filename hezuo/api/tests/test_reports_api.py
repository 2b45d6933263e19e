"""Reports through the API: ask, follow, download — with the web's access rules."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.jobs.services import job_run
from hezuo.reports.models import Report
from tests.personas import Personas
from tests.world import World, build_world

BASE = "/api/v1/schools/alpha/reports/"


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='报告')[1]}"}


def test_the_office_asks_for_a_report_follows_it_and_downloads_it(
    personas: Personas, world: World
) -> None:
    headers = bearer(personas.access(personas.alice))
    asked = Client().post(
        BASE, {"kind": "annual", "year": 2021}, content_type="application/json", headers=headers
    )
    assert asked.status_code == 202, asked.content
    body = asked.json()
    assert (body["status"], body["version"], body["format"]) == ("queued", 1, "docx")
    assert Client().get(f"{BASE}{body['id']}/content", headers=headers).status_code == 404

    job_run(job_id=Report.objects.get().job_id or 0)
    made = Client().get(f"{BASE}{body['id']}/", headers=headers).json()
    assert made["status"] == "succeeded" and len(made["fingerprint"]) == 64
    assert any("人日" in label for label in made["figures"])
    content = Client().get(f"{BASE}{body['id']}/content", headers=headers)
    assert content.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(content.streaming_content)))  # type: ignore[attr-defined]
    assert document.paragraphs[0].text == "2021年合作办学情况报告"
    listed = Client().get(BASE, headers=headers).json()
    assert listed["count"] == 1


def test_the_edition_is_asked_for_and_reported(personas: Personas, world: World) -> None:
    headers = bearer(personas.access(personas.alice))
    submitted = Client().post(
        BASE, {"kind": "annual", "year": 2021}, content_type="application/json", headers=headers
    )
    assert submitted.json()["edition"] == "submission"
    checking = Client().post(
        BASE,
        {"kind": "annual", "year": 2021, "edition": "checking"},
        content_type="application/json",
        headers=headers,
    )
    assert checking.status_code == 202 and checking.json()["edition"] == "checking"
    refused = Client().post(
        BASE,
        {"kind": "annual", "year": 2021, "edition": "draft"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code in (400, 422)
    assert list(Report.objects.values_list("edition", flat=True).order_by("pk")) == [
        "submission",
        "checking",
    ]


def test_a_completion_report_names_its_task(personas: Personas, world: World) -> None:
    headers = bearer(personas.access(personas.tom))
    asked = Client().post(
        BASE,
        {"kind": "completion", "task": world.task.pk, "format": "pdf"},
        content_type="application/json",
        headers=headers,
    )
    assert asked.status_code == 202, asked.content
    assert asked.json()["task"] == world.task.pk


def test_readers_cannot_ask_and_outsiders_find_nothing(personas: Personas, world: World) -> None:
    viewer = bearer(personas.access(personas.victor))
    refused = Client().post(
        BASE, {"kind": "annual", "year": 2021}, content_type="application/json", headers=viewer
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    alice = bearer(personas.access(personas.alice))
    report = (
        Client()
        .post(
            BASE,
            {"kind": "quality", "year": 2021, "format": "xlsx"},
            content_type="application/json",
            headers=alice,
        )
        .json()
    )
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    for path in (BASE, f"{BASE}{report['id']}/", f"{BASE}{report['id']}/content"):
        assert Client().get(path, headers=outsider).status_code == 404, path


def test_bad_requests_get_a_translated_message(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    missing_year = Client().post(
        BASE, {"kind": "annual"}, content_type="application/json", headers=alice
    )
    assert missing_year.status_code == 400
    assert missing_year.json()["detail"] == "请选择报告年度。"
    unknown = Client().post(
        BASE,
        {"kind": "memo", "year": 2021},
        content_type="application/json",
        headers={**alice, "Accept-Language": "en"},
    )
    assert unknown.status_code == 422
    assert "kind" in " ".join(unknown.json()["fields"])
    assert not Report.objects.exists()
