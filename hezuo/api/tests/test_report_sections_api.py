"""A report's sections through the API, as on the narratives page: the office admin renames a
section, leaves it out and writes its narrative of a year; the refusals are the page's; a
viewer reads and cannot change; another school finds nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.reports.models import ReportHeading, ReportNarrative
from tests.personas import Personas

ANNUAL = "/api/v1/schools/alpha/report-sections/annual/"


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='接口')[1]}"}


def patch(
    headers: dict[str, str], path: str, body: dict[str, Any], language: str = "zh-hans"
) -> Any:
    return Client().patch(
        path,
        body,
        content_type="application/json",
        headers={**headers, "Accept-Language": language},
    )


def test_the_office_renames_leaves_out_and_narrates_a_section(personas: Personas) -> None:
    alice = bearer(personas.access(personas.alice))
    listed = Client().get(ANNUAL, {"year": 2021}, headers=alice)
    assert listed.status_code == 200
    sections = {section["key"]: section for section in listed.json()}
    assert list(sections) == ["programmes", "exchanges", "bay_area", "assistance", "evidence"]
    assert sections["exchanges"]["title"] == "二、国际交流合作"
    assert sections["evidence"]["optional"] and sections["evidence"]["title"].startswith("附件")

    left_out = patch(alice, ANNUAL + "programmes/", {"included": False})
    assert left_out.status_code == 200, left_out.content
    assert left_out.json()["included"] is False and left_out.json()["title"] == "合作办学"
    renamed = patch(
        alice,
        ANNUAL + "exchanges/",
        {"name": "二、对外交流", "year": 2021, "narrative": " 稳步推进。"},
    )
    assert renamed.json() | {"optional": True} == {
        "key": "exchanges",
        "title": "一、对外交流",  # numbered by its place once the first is left out
        "default": "国际交流合作",
        "name": "对外交流",
        "optional": True,
        "included": True,
        "narrative": "稳步推进。",
    }
    kept = patch(alice, ANNUAL + "exchanges/", {"included": True})
    assert kept.json()["name"] == "对外交流"  # a field not sent keeps its value
    assert ReportNarrative.objects.get(year=2021, section="exchanges").text == "稳步推进。"
    assert set(ReportHeading.objects.values_list("section", "included")) == {
        ("programmes", False),
        ("exchanges", True),
    }


def test_refusals_are_the_pages_and_in_the_callers_language(personas: Personas) -> None:
    alice = bearer(personas.access(personas.alice))
    required = patch(
        alice, "/api/v1/schools/alpha/report-sections/quality/table/", {"included": False}
    )
    assert required.status_code == 400 and "必有的章节" in required.json()["detail"]
    english = patch(
        alice, "/api/v1/schools/alpha/report-sections/quality/table/", {"included": False}, "en"
    )
    assert english.status_code == 400 and "国际" not in english.json()["detail"]
    no_year = patch(alice, ANNUAL + "exchanges/", {"narrative": "x"})
    assert no_year.status_code == 400 and "year" in no_year.json()["detail"]
    assert patch(alice, ANNUAL + "nothing/", {"included": False}).status_code == 404
    completion = Client().get("/api/v1/schools/alpha/report-sections/completion/", headers=alice)
    assert completion.status_code == 400
    assert patch(alice, ANNUAL + "exchanges/", {"name": "长" * 101}).status_code == 400
    # A refused request changes nothing: not the narrative sent with the refused choice either.
    both = {"included": False, "year": 2021, "narrative": "不应保存的叙述"}
    assert (
        patch(alice, "/api/v1/schools/alpha/report-sections/quality/table/", both).status_code
        == 400
    )
    assert not ReportNarrative.objects.filter(text="不应保存的叙述").exists()

    viewer = bearer(personas.access(personas.victor))
    assert Client().get(ANNUAL, headers=viewer).status_code == 200
    assert patch(viewer, ANNUAL + "exchanges/", {"included": False}).status_code == 403
    oscar = bearer(personas.access(personas.oscar, personas.beta))
    assert Client().get(ANNUAL, headers=oscar).status_code == 404
    beta = Client().get("/api/v1/schools/beta/report-sections/annual/", headers=oscar)
    assert "bay_area" not in [section["key"] for section in beta.json()]  # not in Guangdong
    assert not ReportHeading.objects.exists() and not ReportNarrative.objects.exists()
