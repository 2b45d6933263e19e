"""The school's settings through the API: the office admin reads and changes them with the web
page's rules; a viewer is refused, another school's admin finds nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.core.models import School
from tests.personas import Personas

SETTINGS = "/api/v1/schools/alpha/settings/"


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='接口')[1]}"}


def patch(headers: dict[str, str], body: dict[str, Any], language: str = "zh-hans") -> Any:
    return Client().patch(
        SETTINGS,
        body,
        content_type="application/json",
        headers={**headers, "Accept-Language": language},
    )


def test_the_office_admin_reads_and_changes_only_what_is_sent(personas: Personas) -> None:
    alice = bearer(personas.access(personas.alice))
    read = Client().get(SETTINGS, headers=alice)
    assert read.status_code == 200
    assert read.json()["slug"] == "alpha" and read.json()["hours_per_day"] == 8

    changed = patch(alice, {"hours_per_day": 6, "completion_needs_approved_evidence": True})

    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["hours_per_day"] == 6 and body["completion_needs_approved_evidence"] is True
    assert body["name"] == "甲职业技术学院"  # not sent, kept
    school = School.objects.get(slug="alpha")
    assert (school.hours_per_day, school.completion_needs_approved_evidence) == (6, True)


def test_a_refusal_names_its_field_in_the_callers_language(personas: Personas) -> None:
    alice = bearer(personas.access(personas.alice))
    chinese = patch(alice, {"hours_per_day": 0, "province": "广东"})
    assert chinese.status_code == 400
    assert set(chinese.json()["fields"]) == {"hours_per_day", "province"}
    assert "省份代码应为 2 位数字" in " ".join(chinese.json()["fields"]["province"])
    english = patch(alice, {"province": "广东"}, language="en")
    assert "province" in english.json()["fields"]
    assert "省份" not in str(english.json())
    slug = patch(alice, {"slug": "another"})
    assert slug.status_code == 400 and "slug" in slug.json()["fields"]
    school = School.objects.get(slug="alpha")
    assert (school.hours_per_day, school.province) == (8, "44")


def test_a_viewer_may_not_and_an_outsider_finds_nothing(personas: Personas) -> None:
    viewer = bearer(personas.access(personas.victor))
    assert Client().get(SETTINGS, headers=viewer).status_code == 403
    assert patch(viewer, {"hours_per_day": 6}).status_code == 403
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    assert Client().get(SETTINGS, headers=outsider).status_code == 404
    assert patch(outsider, {"hours_per_day": 6}).status_code == 404
    assert School.objects.get(slug="alpha").hours_per_day == 8
