"""Every kind of record through the API, with exactly the web's rules: an outsider finds none
of another school's records, a viewer writes nothing, the office creates, changes and deletes,
and a refusal says why, field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hezuo.accounts.access import Access
from hezuo.accounts.models import Department, Membership
from hezuo.accounts.services import api_token_create
from hezuo.core.kinds import Kind
from hezuo.partners.models import Partner
from hezuo.records.table import KINDS
from tests.personas import Personas
from tests.world import World, build_world

BASE = "/api/v1/schools/alpha"
ALPHAS: dict[str, Callable[[World], int]] = {
    "partners": lambda w: w.partner.pk,
    "agreements": lambda w: w.agreement.pk,
    "programmes": lambda w: w.programme.pk,
    "activities": lambda w: w.activity.pk,
    "assistance": lambda w: w.record.pk,
    "outcomes": lambda w: w.outcome.pk,
    "evidence": lambda w: w.evidence.pk,
    "pairings": lambda w: w.assistance.pk,
    "members": lambda w: Membership.objects.filter(school=w.partner.school).first().pk,  # type: ignore[union-attr]
    "departments": lambda w: Department.objects.filter(school=w.partner.school).first().pk,  # type: ignore[union-attr]
    "projects": lambda w: w.project.pk,
    "tasks": lambda w: w.task.pk,
    "points": lambda w: w.point.pk,
    "indicator-definitions": lambda w: w.definition.pk,
}


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='接口')[1]}"}


def call(method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
    client = Client()
    if body is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def test_every_resource_of_the_web_is_in_the_api() -> None:
    assert set(ALPHAS) == set(KINDS)


@pytest.mark.parametrize("slug", sorted(ALPHAS))
def test_an_outsider_token_finds_none_of_alphas_records(
    personas: Personas, world: World, slug: str
) -> None:
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    pk = ALPHAS[slug](world)
    for method, path, body in (
        ("get", f"{BASE}/{slug}/", None),
        ("get", f"{BASE}/{slug}/{pk}/", None),
        ("patch", f"{BASE}/{slug}/{pk}/", {}),
        ("delete", f"{BASE}/{slug}/{pk}/", None),
        ("get", f"/api/v1/schools/beta/{slug}/{pk}/", None),
        ("patch", f"/api/v1/schools/beta/{slug}/{pk}/", {}),
    ):
        response = call(method, path, outsider, body)
        assert response.status_code == 404, (method, path, response.content)
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("slug", sorted(ALPHAS))
def test_a_viewer_token_reads_but_writes_nothing(
    personas: Personas, world: World, slug: str
) -> None:
    viewer = bearer(personas.access(personas.victor))
    pk = ALPHAS[slug](world)
    read = call("get", f"{BASE}/{slug}/{pk}/", viewer).status_code
    if slug == "members":  # users and roles are the office admin's alone, as on the web
        assert read == 403
    elif slug != "evidence":  # read with its files by the evidence endpoints
        assert read == 200
    for method, path, body in (
        ("post", f"{BASE}/{slug}/", {}),
        ("patch", f"{BASE}/{slug}/{pk}/", {}),
        ("delete", f"{BASE}/{slug}/{pk}/", None),
    ):
        response = call(method, path, viewer, body)
        assert response.status_code == 403, (method, path, response.content)
    model = KINDS[Kind(slug)].model
    assert model.objects.filter(pk=pk).exists()


def test_the_office_creates_changes_and_deletes_a_partner(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    made = call(
        "post",
        f"{BASE}/partners/",
        alice,
        {"name_zh": "新加坡理工学院", "country_code": "SG", "org_type": "vocational_school"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["name_zh"] == "新加坡理工学院" and body["status"] == "active"
    changed = call(
        "patch", f"{BASE}/partners/{body['id']}/", alice, {"website": "https://sp.edu.sg"}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["website"] == "https://sp.edu.sg"
    assert changed.json()["name_zh"] == "新加坡理工学院"  # the fields not sent stay
    assert call("delete", f"{BASE}/partners/{body['id']}/", alice).status_code == 204
    assert not Partner.objects.filter(pk=body["id"]).exists()


def test_an_activity_is_created_with_its_partners(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    made = call(
        "post",
        f"{BASE}/activities/",
        alice,
        {
            "title": "香港职业训练局来访",
            "activity_type": "visit_reception",
            "direction": "inbound",
            "mode": "offline",
            "start_on": "2021-05-12",
            "partners": [world.partner.pk],
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["partners"] == [world.partner.pk]
    listed = call("get", f"{BASE}/activities/?activity_type=visit_reception", alice).json()
    assert made.json()["id"] in {row["id"] for row in listed["items"]}


def test_refusals_name_their_fields_in_the_callers_language(
    personas: Personas, world: World
) -> None:
    alice = bearer(personas.access(personas.alice))
    missing = call("post", f"{BASE}/partners/", alice, {"country_code": "SG"})
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert set(missing.json()["fields"]) >= {"name_zh", "org_type"}
    assert "这个字段是必填项" in " ".join(missing.json()["fields"]["name_zh"])
    english = call(
        "post", f"{BASE}/partners/", {**alice, "Accept-Language": "en"}, {"country_code": "SG"}
    )
    assert "This field is required" in " ".join(english.json()["fields"]["name_zh"])
    unknown = call("patch", f"{BASE}/partners/{world.partner.pk}/", alice, {"secret": 1})
    assert unknown.status_code == 400 and "secret" in unknown.json()["fields"]
    bad_filter = call("get", f"{BASE}/partners/?status=nope", alice)
    assert bad_filter.status_code == 400 and "status" in bad_filter.json()["fields"]
    in_use = call("delete", f"{BASE}/partners/{world.partner.pk}/", alice)
    assert in_use.status_code == 400
    assert Partner.objects.filter(pk=world.partner.pk).exists()


def test_a_list_costs_the_same_queries_for_more_rows(personas: Personas, world: World) -> None:
    alice = bearer(personas.access(personas.alice))
    call("get", f"{BASE}/activities/", alice)
    with CaptureQueriesContext(connection) as before:
        call("get", f"{BASE}/activities/", alice)
    for index in range(3):
        call(
            "post",
            f"{BASE}/activities/",
            alice,
            {
                "title": f"来访{index}",
                "activity_type": "visit_reception",
                "direction": "inbound",
                "mode": "offline",
                "start_on": "2021-05-12",
                "partners": [world.partner.pk],
            },
        )
    with CaptureQueriesContext(connection) as after:
        assert call("get", f"{BASE}/activities/", alice).json()["count"] == 4
    assert len(after) == len(before)
